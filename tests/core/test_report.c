/* test_report.c - the attendance report's figures (core/report.c) on a
 * small roster with known arrivals, and the audit digest: its line round
 * trips, the empty log's digest is SHA-256 of the header alone, a digest
 * up to an id ignores later rows, and changing one row changes it.
 * SQLite, or PostgreSQL under CHECKIN_TEST_PG (pg.core.test_report). */
#include <sodium.h>
#include <string.h>
#include "check.h"
#include "checkin/checkin.h"
#include "checkin/programme.h"
#include "checkin/report.h"
#include "checkin/substitute.h"
#include "fixture.h"

static const char *path;

static void set_district(store *st, int64_t id, const char *district)
{
	struct delegate d;
	ck_err err;
	CHECK(delegate_get(st, id, &d, &err) == 0);
	free(d.district);
	d.district = strdup(district);
	CHECK(delegate_update(st, &d, &err) == 0);
	delegate_release(&d);
}

static void arrive(store *st, int64_t id, const char *station, enum checkin_method m, int64_t at)
{
	struct checkin_outcome out = {0};
	ck_err err;
	CHECK_MSG(fixture_delegate(st, id, station, m, at, &out, &err) == 0 && out.result == CHECKIN_OK, "%s", err.msg);
	checkin_outcome_release(&out);
}

static int has(const struct delegate *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			return 1;
	return 0;
}

static void digest_line(void)
{
	struct report_digest d = {.rows = 12, .last_id = 40}, back;
	char line[192];
	memset(d.sha256, 'a', 64);
	d.sha256[64] = 0;
	report_digest_format(&d, line, sizeof line);
	CHECK(!strcmp(line, "checkin-audit-v1 sha256=" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa rows=12 last_id=40"));
	char text[300];
	snprintf(text, sizeof text, "Keywords: %s\n", line);
	CHECK(report_digest_parse(text, &back) == 0 && !strcmp(back.sha256, d.sha256) && back.rows == 12 &&
	      back.last_id == 40);
	CHECK(report_digest_parse("checkin-audit-v1 sha256=abc rows=1 last_id=1", &back) < 0);
	line[30] = 'G'; /* not lower-case hex */
	CHECK(report_digest_parse(line, &back) < 0);
	CHECK(report_digest_parse(NULL, &back) < 0);
	CHECK(report_digest_parse("checkin-audit-v1 sha256=" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa rows=x", &back) < 0);
}

int main(void)
{
	store *st = fixture_store("GL23", &path);
	struct report r;
	ck_err err;
	const int64_t t0 = 1698366000000; /* 2023-10-27 00:20 UTC, 07:20 in Pleiku: a multiple of 5 minutes */

	digest_line();

	/* the empty roster: nobody arrived, no chart */
	CHECK(report_get(st, t0, &r, &err) == 0);
	CHECK(r.counts.arrived == 0 && r.nbuckets == 0 && r.first_at == 0 && r.nmanual == 0 && r.ncommunes == 0);
	CHECK(r.substitutes_known && r.nsubstitutes == 0);
	CHECK(r.digest.rows >= 1); /* event-init */
	report_release(&r);

	int64_t vip = fixture_add(st, "Lãnh Đạo Một", "Tỉnh ủy", "Cấp tỉnh", ROLE_VIP);
	int64_t vip_pres = fixture_add(st, "Lãnh Đạo Hai", "UBMTTQ", "Cấp tỉnh", ROLE_VIP | ROLE_PRESENTER);
	int64_t pres = fixture_add(st, "Tham Luận", "Sở Xây dựng", "Cấp tỉnh", ROLE_PRESENTER);
	int64_t award = fixture_add(st, "Khen Thưởng", "HTX Ia Băng", "Khen thưởng", ROLE_AWARDEE);
	int64_t x1 = fixture_add(st, "Xã Một", "UBND xã Biển Hồ", "Cấp xã", 0);
	int64_t x2 = fixture_add(st, "Xã Hai", "UBND xã Biển Hồ", "Cấp xã", 0);
	int64_t x3 = fixture_add(st, "Xã Ba", "UBND xã Ia Sao", "cap xa", 0); /* folded alike */
	int64_t h1 = fixture_add(st, "Huyện Một", "UBND huyện Chư Prông", "Cấp huyện", 0);
	set_district(st, x1, "Thành phố Pleiku");
	set_district(st, x2, "Thành phố Pleiku");
	set_district(st, x3, "Thị xã Ayun Pa");
	set_district(st, h1, "Huyện Chư Prông");
	set_district(st, award, "Huyện Chư Prông");

	arrive(st, vip, "cua-chinh", METHOD_CAMERA, t0);
	arrive(st, pres, "cua-chinh", METHOD_SCANNER, t0 + 60000);
	arrive(st, x1, "le-tan", METHOD_MANUAL, t0 + 7 * 60000);
	arrive(st, h1, "cua-chinh", METHOD_CAMERA, t0 + 14 * 60000 + 59999);
	arrive(st, x3, "le-tan", METHOD_MANUAL, t0 + 3 * 60000);
	CHECK(checkin_undo(st, x3, "le-tan", t0 + 4 * 60000, NULL, &err) == 0);

	struct substitute sub = {.name = "Người Đi Thay", .title = "Phó Chánh Văn phòng"};
	CHECK_MSG(substitute_set(st, vip, &sub, "le-tan", t0 - 60000, &err) == 0, "%s", err.msg);

	CHECK(report_get(st, t0 + 3600000, &r, &err) == 0);
	CHECK(r.counts.arrived == 4 && r.counts.registered == 8);
	/* the deputy: named, with the delegate, where and when recorded, the arrival */
	CHECK(r.substitutes_known && r.nsubstitutes == 1);
	if (r.nsubstitutes == 1) {
		const struct report_substitute *s = &r.substitutes[0];
		CHECK(s->delegate_id == vip && !strcmp(s->delegate_name, "Lãnh Đạo Một") && !strcmp(s->name, "Người Đi Thay"));
		CHECK(!strcmp(s->title, "Phó Chánh Văn phòng") && !s->organization && !strcmp(s->station, "le-tan"));
		CHECK(s->recorded_at == t0 - 60000 && s->arrived_at == t0);
	}
	/* the chart: 5-minute buckets from 07:20 to the last arrival's */
	CHECK(r.bucket_ms == 300000 && r.start_ms == t0 && r.first_at == t0 && r.last_at == t0 + 14 * 60000 + 59999);
	CHECK(r.nbuckets == 3 && r.buckets[0] == 2 && r.buckets[1] == 1 && r.buckets[2] == 1);
	/* districts: roster order, those without one last */
	CHECK(r.ndistricts == 4);
	if (r.ndistricts == 4) {
		CHECK(!strcmp(r.districts[0].name, "Huyện Chư Prông") && r.districts[0].registered == 2 &&
		      r.districts[0].arrived == 1);
		CHECK(!strcmp(r.districts[1].name, "Thành phố Pleiku") && r.districts[1].registered == 2 &&
		      r.districts[1].arrived == 1);
		CHECK(!strcmp(r.districts[2].name, "Thị xã Ayun Pa") && r.districts[2].arrived == 0);
		CHECK(!strcmp(r.districts[3].name, "") && r.districts[3].registered == 3 && r.districts[3].arrived == 2);
	}
	/* communes: the organisations of category Cấp xã */
	CHECK(r.ncommunes == 2);
	if (r.ncommunes == 2) {
		CHECK(!strcmp(r.communes[0].name, "UBND xã Biển Hồ") && r.communes[0].registered == 2 &&
		      r.communes[0].arrived == 1 && !strcmp(r.communes[0].district, "Thành phố Pleiku"));
		CHECK(!strcmp(r.communes[1].name, "UBND xã Ia Sao") && r.communes[1].arrived == 0);
	}
	/* absent lists: a vip presenter is in both; others have no role */
	CHECK(r.nleaders == 1 && has(r.leaders, r.nleaders, vip_pres));
	CHECK(r.npresenters == 1 && has(r.presenters, r.npresenters, vip_pres));
	CHECK(r.nawardees == 1 && has(r.awardees, r.nawardees, award));
	CHECK(r.nothers == 2 && has(r.others, r.nothers, x2) && has(r.others, r.nothers, x3));
	/* by hand (live or undone), in time order; undone */
	CHECK(r.nmanual == 2 && r.manual[0].delegate_id == x3 && r.manual[0].undone_at == t0 + 4 * 60000 &&
	      r.manual[1].delegate_id == x1 && !r.manual[1].undone_at && !strcmp(r.manual[1].station, "le-tan"));
	CHECK(r.nundone == 1 && r.undone[0].delegate_id == x3 && !strcmp(r.undone[0].undone_station, "le-tan") &&
	      !strcmp(r.undone[0].method, "manual"));
	CHECK(!r.presenters_from_programme && !r.awardees_from_programme);
	report_release(&r);

	/* with a programme, the presenters of its items of every kind: in its
	 * order, each once, whatever their roles; the present left out */
	char prog[1400];
	snprintf(prog, sizeof prog,
	         "[khai-mac]\ntime = 07:30\nkind = speech\ntitle = Khai mạc\npresenter = %lld\n\n"
	         "[bao-cao]\ntime = 07:45\nkind = report\ntitle = Báo cáo\npresenter = %lld\n\n"
	         "[tham-luan-a]\ntime = 08:00\nkind = presentation\ntitle = A\npresenter = %lld\n\n"
	         "[tham-luan-b]\ntime = 08:10\nkind = presentation\ntitle = B\npresenter = %lld\n\n"
	         "[tham-luan-c]\ntime = 08:20\nkind = presentation\ntitle = C\npresenter = %lld\n\n"
	         "[tham-luan-d]\ntime = 08:30\nkind = presentation\ntitle = D\npresenter = %lld\n\n"
	         "[khen-thuong]\ntime = 08:40\nkind = awards\ntitle = Khen thưởng\n\n"
	         "[khen-thuong/dot-1]\nindividual = %lld\ncollective = HTX Một | %lld | %lld\n\n"
	         "[khen-thuong/dot-2]\ncollective = HTX Hai | %lld\nindividual = %lld\nindividual = %lld\n",
	         (long long)award, (long long)vip, (long long)x2, (long long)pres, (long long)vip_pres, (long long)x2,
	         (long long)x3, (long long)vip, (long long)award, (long long)pres, (long long)award, (long long)x3);
	CHECK_MSG(programme_store(st, "p.ini", prog, strlen(prog), &err) == 0, "%s", err.msg);
	CHECK(report_get(st, t0 + 3600000, &r, &err) == 0);
	CHECK(r.presenters_from_programme && r.npresenters == 3);
	if (r.npresenters == 3)
		CHECK(r.presenters[0].id == award && r.presenters[1].id == x2 && r.presenters[2].id == vip_pres);
	/* and the award recipients of its batches, in calling order, each
	 * once, whatever their roles: not the present (vip, pres), not an
	 * alternate (award, for vip's collective, is listed as a recipient
	 * of its own) */
	CHECK(r.awardees_from_programme && r.nawardees == 2);
	if (r.nawardees == 2)
		CHECK(r.awardees[0].id == x3 && r.awardees[1].id == award);
	struct report_digest whole = r.digest;
	report_release(&r);

	/* a late arrival hours later widens the buckets: at most 72 bars */
	arrive(st, x2, "cua-chinh", METHOD_CAMERA, t0 + 7 * 3600000);
	CHECK(report_get(st, t0 + 8 * 3600000, &r, &err) == 0);
	CHECK(r.bucket_ms == 10 * 60000 && r.nbuckets <= 72 && r.nbuckets > 36);
	int sum = 0;
	for (size_t i = 0; i < r.nbuckets; i++)
		sum += r.buckets[i];
	CHECK(sum == r.counts.arrived && sum == 5);
	CHECK(r.digest.rows > whole.rows && strcmp(r.digest.sha256, whole.sha256) != 0);
	report_release(&r);

	/* the digest up to an id ignores later rows */
	struct report_digest d, none;
	CHECK(report_audit_digest(st, whole.last_id, &d, &err) == 0);
	CHECK(!strcmp(d.sha256, whole.sha256) && d.rows == whole.rows && d.last_id == whole.last_id);
	/* no rows: SHA-256 of the header alone */
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	CHECK(sodium_init() >= 0);
	crypto_hash_sha256(h, (const unsigned char *)"checkin-audit-v1\n", 17);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	CHECK(report_audit_digest(st, 0, &none, &err) == 0 && none.rows == 0 && !strcmp(none.sha256, hex));
	/* one row changed: another digest */
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE audit SET station = 'x\\y' WHERE id = %lld", (long long)whole.last_id);
	CHECK(fixture_sql(path, sql, NULL) == 0);
	CHECK(report_audit_digest(st, whole.last_id, &d, &err) == 0 && strcmp(d.sha256, whole.sha256) != 0);

	store_close(st);
	fixture_cleanup();
	return check_summary("test_report");
}
