/* test_sqlfault.c - I/O and memory faults inside SQLite, SQLite's own way
 * (issue 11): the Nth write, truncate, fsync or allocation fails, for
 * N = 1, 2, ... up to the number of such calls a clean run makes, through
 * an import and a check-in.
 *
 * How the faults get in, without a hook in the store:
 *  - a shim VFS ("faulty") wraps the default unix VFS and is registered
 *    as the default (sqlite3_vfs_register(vfs, 1)), so store_open() opens
 *    every file through it. Its xWrite and xTruncate fail with
 *    SQLITE_IOERR_WRITE / _TRUNCATE (or SQLITE_FULL, a full disk), its
 *    xSync with SQLITE_IOERR_FSYNC;
 *  - sqlite3_config(SQLITE_CONFIG_MALLOC) installs a counting allocator
 *    around SQLite's own before SQLite initialises; lookaside is off, so
 *    that every allocation goes through it.
 * Each fault is tried transient (only the Nth call fails, as SQLite's
 * tests call it) and persistent (the Nth and every later call fail until
 * the operation returns).
 *
 * After each run, with faults off: the store passes store_check on the
 * faulted connection and quick_check on a second one; the operation is
 * wholly done or wholly not done (delegates, codes, titles, check-ins and
 * audit rows counted before and after, on the second connection); a
 * check-in reported done is in the store; and the faulted connection
 * itself recovers: the same operation again succeeds, and after it the
 * operation is done once, as a fresh connection sees it.
 *
 * Usage: test_sqlfault [--quick]  (--quick: every 7th N for allocations) */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "checkin/checkin.h"
#include "checkin/roster.h"
#include "fixture.h"

/* ---- the fault plan ---- */

enum fault_class { F_WRITE, F_FULL, F_SYNC, F_MALLOC, F_NCLASSES };
static const char *const class_name[F_NCLASSES] = {"write", "full", "fsync", "malloc"};

static struct {
	int armed;         /* count calls and fail as planned */
	enum fault_class cls;
	long n;            /* fail the nth call (1-based) of cls; 0: never */
	int persistent;    /* and every later one */
	long calls[F_NCLASSES];
	long injected;     /* faults actually injected in this run */
} plan;

/* Whether this call of class c fails. F_FULL and F_WRITE count the same
 * calls (xWrite and xTruncate); the plan says which error they get. */
static int fault_now(enum fault_class c)
{
	if (!plan.armed)
		return 0;
	enum fault_class counted = c == F_FULL ? F_WRITE : c;
	long k = ++plan.calls[counted];
	enum fault_class planned = plan.cls == F_FULL ? F_WRITE : plan.cls;
	if (planned != counted || !plan.n)
		return 0;
	if (k == plan.n || (plan.persistent && k > plan.n)) {
		plan.injected++;
		return 1;
	}
	return 0;
}

/* ---- the shim VFS ---- */

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;

struct faulty_file {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
};

#define REAL(f) (((struct faulty_file *)(f))->real)

static int f_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
	return rc;
}
static int f_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}
static int f_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	if (fault_now(F_WRITE))
		return plan.cls == F_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (fault_now(F_WRITE))
		return plan.cls == F_FULL ? SQLITE_FULL : SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
	if (fault_now(F_SYNC))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size) { return REAL(f)->pMethods->xFileSize(REAL(f), size); }
static int f_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int f_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int f_reserved(sqlite3_file *f, int *out) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out); }
static int f_control(sqlite3_file *f, int op, void *arg) { return REAL(f)->pMethods->xFileControl(REAL(f), op, arg); }
static int f_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int f_devchar(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int f_shmmap(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, pp);
}
static int f_shmlock(sqlite3_file *f, int off, int n, int flags) { return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags); }
static void f_shmbarrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int f_shmunmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}
static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p) { return REAL(f)->pMethods->xUnfetch(REAL(f), off, p); }

static const sqlite3_io_methods faulty_io = {
	3, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock, f_unlock, f_reserved, f_control, f_sector,
	f_devchar, f_shmmap, f_shmlock, f_shmbarrier, f_shmunmap, f_fetch, f_unfetch,
};

static int f_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *outflags)
{
	(void)vfs;
	struct faulty_file *ff = (struct faulty_file *)f;
	ff->real = (sqlite3_file *)(ff + 1);
	ff->base.pMethods = NULL;
	int rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, outflags);
	/* the unix VFS has io methods of version 3 */
	if (ff->real->pMethods)
		ff->base.pMethods = &faulty_io;
	return rc;
}
static int f_delete(sqlite3_vfs *v, const char *n, int sync) { (void)v; return real_vfs->xDelete(real_vfs, n, sync); }
static int f_access(sqlite3_vfs *v, const char *n, int flags, int *out)
{
	(void)v;
	return real_vfs->xAccess(real_vfs, n, flags, out);
}
static int f_fullpath(sqlite3_vfs *v, const char *n, int len, char *out)
{
	(void)v;
	return real_vfs->xFullPathname(real_vfs, n, len, out);
}
static int f_random(sqlite3_vfs *v, int n, char *out) { (void)v; return real_vfs->xRandomness(real_vfs, n, out); }
static int f_sleep(sqlite3_vfs *v, int us) { (void)v; return real_vfs->xSleep(real_vfs, us); }
static int f_time(sqlite3_vfs *v, double *t) { (void)v; return real_vfs->xCurrentTime(real_vfs, t); }
static int f_lasterr(sqlite3_vfs *v, int n, char *s) { (void)v; return real_vfs->xGetLastError(real_vfs, n, s); }
static int f_time64(sqlite3_vfs *v, sqlite3_int64 *t) { (void)v; return real_vfs->xCurrentTimeInt64(real_vfs, t); }

static void vfs_install(void)
{
	real_vfs = sqlite3_vfs_find("unix");
	if (!real_vfs || real_vfs->iVersion < 2) {
		fprintf(stderr, "no unix VFS\n");
		exit(2);
	}
	faulty_vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(struct faulty_file) + real_vfs->szOsFile,
		.mxPathname = real_vfs->mxPathname,
		.zName = "faulty",
		.xOpen = f_open,
		.xDelete = f_delete,
		.xAccess = f_access,
		.xFullPathname = f_fullpath,
		.xDlOpen = NULL,
		.xDlError = NULL,
		.xDlSym = NULL,
		.xDlClose = NULL,
		.xRandomness = f_random,
		.xSleep = f_sleep,
		.xCurrentTime = f_time,
		.xGetLastError = f_lasterr,
		.xCurrentTimeInt64 = f_time64,
	};
	/* the default: store_open() opens with it, no hook needed */
	if (sqlite3_vfs_register(&faulty_vfs, 1) != SQLITE_OK) {
		fprintf(stderr, "cannot register the faulty VFS\n");
		exit(2);
	}
}

/* ---- the counting allocator ---- */

static sqlite3_mem_methods real_mem;

static void *m_malloc(int n) { return fault_now(F_MALLOC) ? NULL : real_mem.xMalloc(n); }
static void *m_realloc(void *p, int n) { return fault_now(F_MALLOC) ? NULL : real_mem.xRealloc(p, n); }

static void mem_install(void)
{
	sqlite3_mem_methods mine;
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK) {
		fprintf(stderr, "SQLITE_CONFIG_GETMALLOC failed\n");
		exit(2);
	}
	mine = real_mem;
	mine.xMalloc = m_malloc;
	mine.xRealloc = m_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mine) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK) {
		fprintf(stderr, "cannot install the counting allocator (SQLite already initialised?)\n");
		exit(2);
	}
}

/* ---- the store as the operations leave it ---- */

struct state {
	long delegates, codes, titled, checkins, audit;
	int ok; /* quick_check said ok */
};

static long count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* Read path through the real unix VFS, on a connection of its own. */
static struct state state_of(const char *path)
{
	struct state x = {-1, -1, -1, -1, -1, 0};
	sqlite3 *db = NULL;
	int armed = plan.armed;
	plan.armed = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, "unix") == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		x.ok = count(db, "SELECT count(*) FROM pragma_quick_check WHERE quick_check = 'ok'") == 1 &&
		       count(db, "SELECT count(*) FROM pragma_quick_check") == 1;
		x.delegates = count(db, "SELECT count(*) FROM delegate WHERE removed_at IS NULL");
		x.codes = count(db, "SELECT count(*) FROM code WHERE revoked_at IS NULL");
		x.titled = count(db, "SELECT count(*) FROM delegate WHERE title = 'Phó Giám đốc'");
		x.checkins = count(db, "SELECT count(*) FROM checkin WHERE undone_at IS NULL");
		x.audit = count(db, "SELECT count(*) FROM audit");
	}
	sqlite3_close(db);
	plan.armed = armed;
	return x;
}

static int same(const struct state *a, const struct state *b)
{
	return a->delegates == b->delegates && a->codes == b->codes && a->titled == b->titled &&
	       a->checkins == b->checkins && a->audit == b->audit;
}

static void print_state(const char *what, const struct state *x)
{
	fprintf(stderr, "  %s: delegates %ld codes %ld titled %ld checkins %ld audit %ld quick_check %s\n", what,
	        x->delegates, x->codes, x->titled, x->checkins, x->audit, x->ok ? "ok" : "FAILED");
}

/* ---- the operations ---- */

#define BASE_ROWS 5
#define NEW_ROWS 15

static char dir[1200], run_dir[1200], template_db[1200], run_db[1400], base_csv[1400], ops_csv[1400];
static char checkin_code_text[CODE_LEN + 1];

enum op { OP_IMPORT, OP_CHECKIN, OP_N };
static const char *const op_name[OP_N] = {"import", "check-in"};

static char last_error[sizeof ((ck_err *)0)->msg];

/* Run op on st; 0 done (reported so), -1 failed (last_error says why). */
static int run_op(enum op op, store *st, int *result)
{
	ck_err err = {0};
	int rc;
	*result = -1;
	if (op == OP_IMPORT) {
		struct import_report rep;
		rc = roster_import(st, ops_csv, 0, &rep, &err);
		import_report_release(&rep);
	} else {
		struct checkin_outcome out = {0};
		rc = checkin_code(st, checkin_code_text, "cua-chinh", METHOD_SCANNER, 1700000000000, &out, &err);
		if (rc == 0)
			*result = (int)out.result;
		checkin_outcome_release(&out);
	}
	snprintf(last_error, sizeof last_error, "%s", rc < 0 ? err.msg : "");
	return rc;
}

static void write_csvs(void)
{
	FILE *a = fopen(base_csv, "w"), *b = fopen(ops_csv, "w");
	if (!a || !b) {
		perror("csv");
		exit(2);
	}
	fputs("name,organization,title\n", a);
	fputs("name,organization,title\n", b);
	for (int i = 1; i <= BASE_ROWS; i++) {
		fprintf(a, "Đại biểu Số %d,Sở Nông nghiệp,Chuyên viên\n", i);
		fprintf(b, "Đại biểu Số %d,Sở Nông nghiệp,Phó Giám đốc\n", i); /* every old row changes */
	}
	for (int i = BASE_ROWS + 1; i <= BASE_ROWS + NEW_ROWS; i++)
		fprintf(b, "Đại biểu Số %d,UBND xã Ia Băng,Phó Giám đốc\n", i);
	fclose(a);
	fclose(b);
}

static void make_template(void)
{
	const char *path;
	ck_err err;
	struct import_report rep;
	struct delegate d;
	store *st = fixture_store("GL23", &path);
	snprintf(dir, sizeof dir, "%s", fixture_dir);
	snprintf(template_db, sizeof template_db, "%s", path);
	/* the runs on a RAM disk when there is one: thousands of fsyncs */
	static char shm[64] = "/dev/shm/checkin-sqlfault-XXXXXX";
	if (access("/dev/shm", W_OK) == 0 && mkdtemp(shm))
		snprintf(run_dir, sizeof run_dir, "%s", shm);
	else
		snprintf(run_dir, sizeof run_dir, "%s", dir);
	snprintf(run_db, sizeof run_db, "%s/run.db", run_dir);
	snprintf(base_csv, sizeof base_csv, "%s/base.csv", dir);
	snprintf(ops_csv, sizeof ops_csv, "%s/ops.csv", dir);
	write_csvs();
	if (roster_import(st, base_csv, 0, &rep, &err) < 0) {
		fprintf(stderr, "template import: %s\n", err.msg);
		exit(2);
	}
	import_report_release(&rep);
	if (delegate_get(st, 3, &d, &err) < 0 || !d.code) {
		fprintf(stderr, "template: no delegate 3\n");
		exit(2);
	}
	snprintf(checkin_code_text, sizeof checkin_code_text, "%s", d.code);
	delegate_release(&d);
	store_close(st); /* the last connection: the WAL is folded in and removed */
}

static void copy_file(const char *from, const char *to)
{
	static char buf[1 << 16];
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	size_t n;
	if (!in || !out) {
		perror("copy");
		exit(2);
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			perror("copy");
			exit(2);
		}
	fclose(in);
	if (fclose(out) != 0) {
		perror("copy");
		exit(2);
	}
}

static void fresh_run_db(void)
{
	char name[1420];
	for (const char *suffix = "-wal"; suffix; suffix = strcmp(suffix, "-wal") ? NULL : "-shm") {
		snprintf(name, sizeof name, "%s%s", run_db, suffix);
		unlink(name);
	}
	copy_file(template_db, run_db);
}

static store *open_run(void)
{
	store *st;
	ck_err err;
	if (store_open(run_db, &st, &err) < 0) {
		fprintf(stderr, "open %s: %s\n", run_db, err.msg);
		exit(2);
	}
	return st;
}

/* A clean run: how many calls of each class the operation makes, and the
 * state before and after. */
static void clean_run(enum op op, long calls[F_NCLASSES], struct state *before, struct state *after)
{
	int result;
	fresh_run_db();
	store *st = open_run();
	*before = state_of(run_db);
	memset(&plan, 0, sizeof plan);
	plan.armed = 1;
	int rc = run_op(op, st, &result);
	plan.armed = 0;
	memcpy(calls, plan.calls, sizeof plan.calls);
	*after = state_of(run_db);
	store_close(st);
	CHECK_MSG(rc == 0 && (op != OP_CHECKIN || result == CHECKIN_OK), "%s: a clean run succeeds", op_name[op]);
	CHECK_MSG(before->ok && after->ok, "%s: a clean run leaves the store intact", op_name[op]);
	CHECK_MSG(!same(before, after), "%s: a clean run changes the store", op_name[op]);
}

static long runs, injected_total, failed_ops, done_anyway;

/* One faulted run; checks the store and the operation's atomicity. */
static void faulted_run(enum op op, enum fault_class cls, long n, int persistent, const struct state *before,
                        const struct state *after)
{
	int result;
	fresh_run_db();
	store *st = open_run();
	memset(&plan, 0, sizeof plan);
	plan.cls = cls;
	plan.n = n;
	plan.persistent = persistent;
	plan.armed = 1;
	int rc = run_op(op, st, &result);
	plan.armed = 0;
	char first_error[sizeof last_error];
	snprintf(first_error, sizeof first_error, "%s", last_error);
	runs++;
	injected_total += plan.injected;
	failed_ops += rc < 0;

	char what[96];
	snprintf(what, sizeof what, "%s, %s fault at call %ld (%s)", op_name[op], class_name[cls], n,
	         persistent ? "persistent" : "transient");
	/* as another connection sees it while the faulted one is still open */
	struct state now = state_of(run_db);
	int whole = same(&now, before) || same(&now, after);
	done_anyway += rc < 0 && same(&now, after);
	CHECK_MSG(now.ok, "%s: the store is intact", what);
	CHECK_MSG(whole, "%s: the operation is wholly done or wholly not done", what);
	if (rc == 0)
		CHECK_MSG(same(&now, after) && (op != OP_CHECKIN || result == CHECKIN_OK),
		          "%s: reported done (result %d), so it is in the store", what, result);
	if (!now.ok || !whole) {
		fprintf(stderr, "  returned %d (result %d) %s\n", rc, result, first_error);
		print_state("before", before);
		print_state("after a clean run", after);
		print_state("now", &now);
	}

	ck_err err;
	CHECK_MSG(store_check(st, &err) == 0, "%s: store_check on the faulted connection: %s", what, err.msg);

	/* the faulted connection recovers: the same operation again */
	int again = run_op(op, st, &result);
	CHECK_MSG(again == 0, "%s: the same connection works again afterwards (first: %s; then: %s)", what,
	          first_error, last_error);
	if (op == OP_CHECKIN)
		CHECK_MSG(result == (rc == 0 || same(&now, after) ? CHECKIN_ALREADY : CHECKIN_OK),
		          "%s: the retry's result %d follows from the first", what, result);
	store_close(st);

	/* and as a fresh process opens it */
	struct state end = state_of(run_db);
	CHECK_MSG(end.ok && end.delegates == after->delegates && end.checkins == after->checkins,
	          "%s: after the retry the operation is done once", what);
}

int main(int argc, char **argv)
{
	int quick = argc > 1 && !strcmp(argv[1], "--quick");
	mem_install(); /* before SQLite initialises */
	vfs_install();
	make_template();

	for (enum op op = 0; op < OP_N; op++) {
		long calls[F_NCLASSES];
		struct state before, after;
		clean_run(op, calls, &before, &after);
		printf("%s: a clean run makes %ld writes/truncates, %ld fsyncs, %ld allocations\n", op_name[op],
		       calls[F_WRITE], calls[F_SYNC], calls[F_MALLOC]);
		CHECK_MSG(calls[F_WRITE] > 0 && calls[F_SYNC] > 0 && calls[F_MALLOC] > 0,
		          "%s: the shim sees the store's calls (else this test proves nothing)", op_name[op]);
		long before_runs = runs, before_injected = injected_total;
		for (enum fault_class cls = 0; cls < F_NCLASSES; cls++) {
			long max = calls[cls == F_FULL ? F_WRITE : cls];
			long step = quick && cls == F_MALLOC ? 7 : 1;
			for (long n = 1; n <= max; n += step)
				for (int persistent = 0; persistent < 2; persistent++)
					faulted_run(op, cls, n, persistent, &before, &after);
		}
		printf("%s: %ld faulted runs, %ld faults injected\n", op_name[op], runs - before_runs,
		       injected_total - before_injected);
	}
	printf("sqlfault: %ld runs, %ld faults injected, %ld operations failed (%ld of them done all the same:"
	       " the commit reached the WAL before the fault), 0 half-done allowed\n",
	       runs, injected_total, failed_ops, done_anyway);
	fresh_run_db(); /* leaves no -wal or -shm behind */
	unlink(run_db);
	if (strcmp(run_dir, dir))
		rmdir(run_dir);
	fixture_cleanup();
	return check_summary("test_sqlfault");
}
