/* bench_roster.c - a roster of 100,000 delegates: import and check-in.
 *
 *   bench_roster [--delegates N] [--lookups M] EVENT.INI
 *
 * Writes an N-row CSV (Vietnamese names, five categories, like the sample)
 * into a temporary directory, imports it with roster_import() into a fresh
 * store, then times M check-ins by scanned code (checkin_code) and M by id
 * (checkin_delegate), each one a durable commit, and M repeated scans of
 * codes already checked in (the "already" path). Prints:
 *   ROSTER <delegates> <import s> <code p50 ms> <code p99 ms> <id p50 ms>
 *          <id p99 ms> <already p50 ms> <already p99 ms>
 * and, first, the SQLite shell's plain .import of the same file into a
 * table of text columns (the floor issue 15 compares the import with):
 *   SHELL <seconds>        (or SHELL - when sqlite3 is not installed)
 * Wall-clock times: the commit waits for the disk, which is the point. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "checkin/checkin.h"
#include "checkin/clock.h"
#include "checkin/delegate.h"
#include "checkin/event.h"
#include "checkin/roster.h"
#include "checkin/store.h"

static const char *family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
                               "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Rơ Mah", "Ksor", "Siu", "Rah Lan"};
static const char *middle[] = {"Văn", "Thị", "Công", "Đức", "Minh", "Hữu", "Thanh", "Ngọc", "Quốc", "Xuân"};
static const char *given[] = {"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương",
                              "Khải", "Lan", "Linh", "Long", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Tâm",
                              "Thảo", "Thắng", "Tiến", "Trang", "Tuấn", "Việt", "Yến", "H'Lan", "Blơi", "Nga"};
static const char *category[] = {"Cấp tỉnh", "Cấp huyện", "Cấp xã", "Khen thưởng", "Báo chí"};
static const char *district[] = {"Thành phố Pleiku", "Thị xã An Khê", "Thị xã Ayun Pa", "Huyện Chư Păh",
                                 "Huyện Đak Đoa", "Huyện Ia Grai", "Huyện Mang Yang", "Huyện Kbang"};

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double q)
{
	size_t i = (size_t)(q * (double)n + 0.999999);
	if (n == 0)
		return 0;
	if (i < 1)
		i = 1;
	return v[(i > n ? n : i) - 1];
}

static int write_csv(const char *path, long n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	fputs("\xEF\xBB\xBFid,name,title,organization,category,district,roles,seat,phone,email\r\n", f);
	for (long i = 1; i <= n; i++) {
		/* name from the low digits, organisation from the high ones: every
		 * (name, organisation) pair is distinct, as import requires */
		unsigned long h = (unsigned long)i * 2654435761ul, k = (unsigned long)i / 6000;
		fprintf(f, "%ld,%s %s %s,Đại biểu,\"UBND xã Ia %lu, %s\",%s,%s,%s,Khu %c - Hàng %lu - Ghế %02lu,09%08lu,\r\n",
		        i, family[i % 20], middle[(i / 20) % 10], given[(i / 200) % 30], k + 1, district[k % 8],
		        category[h % 5], district[k % 8], h % 97 == 0 ? "vip" : "", 'A' + (int)(h % 6),
		        (h >> 4) % 40 + 1, (h >> 7) % 30 + 1, (unsigned long)i);
	}
	return fclose(f);
}

int main(int argc, char **argv)
{
	long n = 100000, m = 1000;
	int rc = 1, a = 1;
	char dir[] = "/tmp/bench_roster.XXXXXX", csv[256], db[256];
	store *st = NULL;
	struct event ev = {0};
	struct import_report rep = {0};
	struct delegate *ds = NULL;
	size_t nds = 0;
	double *t_code = NULL, *t_id = NULL, *t_again = NULL;
	ck_err err = {0};

	for (; a < argc && argv[a][0] == '-'; a++) {
		if (!strcmp(argv[a], "--delegates") && a + 1 < argc)
			n = atol(argv[++a]);
		else if (!strcmp(argv[a], "--lookups") && a + 1 < argc)
			m = atol(argv[++a]);
		else
			break;
	}
	if (a != argc - 1 || n < 10 || m < 1 || 2 * m > n) {
		fprintf(stderr, "usage: bench_roster [--delegates N] [--lookups M] EVENT.INI  (2M <= N)\n");
		return 2;
	}
	if (!mkdtemp(dir)) {
		fprintf(stderr, "error: cannot make a temporary directory: %s\n", strerror(errno));
		return 1;
	}
	snprintf(csv, sizeof csv, "%s/roster.csv", dir);
	snprintf(db, sizeof db, "%s/bench.db", dir);
	t_code = calloc((size_t)m, sizeof *t_code);
	t_id = calloc((size_t)m, sizeof *t_id);
	t_again = calloc((size_t)m, sizeof *t_again);
	if (!t_code || !t_id || !t_again) {
		fprintf(stderr, "error: out of memory\n");
		goto out;
	}
	if (write_csv(csv, n) != 0) {
		fprintf(stderr, "error: cannot write '%s': %s\n", csv, strerror(errno));
		goto out;
	}
	{
		char cmd[1200];
		snprintf(cmd, sizeof cmd, "sqlite3 '%s/shell.db' '.mode csv' '.import %s roster' >/dev/null 2>&1", dir, csv);
		double s0 = mono_ms();
		int src = system(cmd);
		double s1 = mono_ms();
		if (src == 0)
			printf("SHELL\t%.2f\n", (s1 - s0) / 1e3);
		else
			printf("SHELL\t-\n");
		snprintf(cmd, sizeof cmd, "%s/shell.db", dir);
		unlink(cmd);
	}
	if (event_load(argv[a], &ev, &err) != 0 || store_open(db, &st, &err) != 0 ||
	    store_event_init(st, &ev, &err) != 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		goto out;
	}

	double t0 = mono_ms();
	if (roster_import(st, csv, 0, &rep, &err) != 0) {
		fprintf(stderr, "error: import failed: %s\n", err.msg);
		goto out;
	}
	double import_s = (mono_ms() - t0) / 1e3;
	if (rep.added != (size_t)n) {
		fprintf(stderr, "error: imported %zu of %ld rows (%zu problems)\n", rep.added, n, rep.nproblems);
		goto out;
	}
	struct delegate_filter all = {0};
	if (delegate_list(st, &all, &ds, &nds, &err) != 0 || nds != (size_t)n) {
		fprintf(stderr, "error: cannot list the delegates: %s\n", err.msg);
		goto out;
	}

	/* Spread the sample over the whole roster. */
	long stride = n / (2 * m);
	for (long i = 0; i < m; i++) {
		const struct delegate *d = &ds[(size_t)(2 * i * stride)];
		struct checkin_outcome o = {0};
		double s = mono_ms();
		if (checkin_code(st, d->code, "bench", METHOD_CAMERA, clock_now_ms(), &o, &err) != 0 ||
		    o.result != CHECKIN_OK) {
			fprintf(stderr, "error: check-in by code of %lld failed: %s\n", (long long)d->id, err.msg);
			goto out;
		}
		t_code[i] = mono_ms() - s;
		checkin_outcome_release(&o);
		d = &ds[(size_t)((2 * i + 1) * stride)];
		s = mono_ms();
		if (checkin_delegate(st, d->id, "bench", METHOD_MANUAL, clock_now_ms(), &o, &err) != 0 ||
		    o.result != CHECKIN_OK) {
			fprintf(stderr, "error: check-in of %lld failed: %s\n", (long long)d->id, err.msg);
			goto out;
		}
		t_id[i] = mono_ms() - s;
		checkin_outcome_release(&o);
	}
	for (long i = 0; i < m; i++) {
		const struct delegate *d = &ds[(size_t)(2 * i * stride)];
		struct checkin_outcome o = {0};
		double s = mono_ms();
		if (checkin_code(st, d->code, "bench", METHOD_CAMERA, clock_now_ms(), &o, &err) != 0 ||
		    o.result != CHECKIN_ALREADY) {
			fprintf(stderr, "error: repeated scan of %lld was not 'already'\n", (long long)d->id);
			goto out;
		}
		t_again[i] = mono_ms() - s;
		checkin_outcome_release(&o);
	}
	qsort(t_code, (size_t)m, sizeof *t_code, cmp_double);
	qsort(t_id, (size_t)m, sizeof *t_id, cmp_double);
	qsort(t_again, (size_t)m, sizeof *t_again, cmp_double);
	printf("ROSTER\t%ld\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n", n, import_s, pct(t_code, (size_t)m, 0.5),
	       pct(t_code, (size_t)m, 0.99), pct(t_id, (size_t)m, 0.5), pct(t_id, (size_t)m, 0.99),
	       pct(t_again, (size_t)m, 0.5), pct(t_again, (size_t)m, 0.99));
	rc = 0;
out:
	delegates_free(ds, nds);
	import_report_release(&rep);
	store_close(st);
	event_release(&ev);
	free(t_code);
	free(t_id);
	free(t_again);
	unlink(csv);
	unlink(db);
	{
		char extra[300];
		snprintf(extra, sizeof extra, "%s-wal", db);
		unlink(extra);
		snprintf(extra, sizeof extra, "%s-shm", db);
		unlink(extra);
	}
	rmdir(dir);
	return rc;
}
