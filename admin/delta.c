/* delta.c - the patch between two pictures (see delta.h).
 *
 * Arrays are compared with Myers' greedy algorithm ("An O(ND) Difference
 * Algorithm and Its Variations", 1986), which costs O((N + M) D) for D
 * edits and gives up after DELTA_MAX_EDITS. The forward pass keeps each
 * round's furthest points on every diagonal (O(D^2) numbers) so that the
 * path can be walked back into an edit script; runs of removals and
 * insertions between kept items become one splice each. */
#include <stdlib.h>
#include <string.h>
#include "delta.h"

enum { KEEP, DEL, INS };

/* The edit script turning a into b: *ops (malloc'd, caller frees) holds
 * *nops entries of KEEP, DEL or INS. 1 with the script, 0 when it needs
 * more than DELTA_MAX_EDITS edits, -1 when out of memory. */
static int edit_script(const json_t *a, const json_t *b, unsigned char **ops, size_t *nops)
{
	long n = (long)json_array_size(a), m = (long)json_array_size(b);
	long dmax = DELTA_MAX_EDITS < n + m ? DELTA_MAX_EDITS : n + m;
	long off = dmax + 1, width = 2 * dmax + 3, found = -1;
	long *v = calloc((size_t)width, sizeof *v);
	long *trace = malloc(sizeof *trace * (size_t)(width * (dmax + 1)));
	unsigned char *out = malloc((size_t)(n + m) + 1);
	int rc = -1;

	*ops = NULL;
	*nops = 0;
	if (!v || !trace || !out)
		goto done;
	for (long d = 0; d <= dmax && found < 0; d++) {
		/* trace[d]: the furthest x on each diagonal k = x - y after d - 1 edits */
		memcpy(trace + d * width, v, sizeof *v * (size_t)width);
		for (long k = -d; k <= d; k += 2) {
			long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
			                                                                    : v[off + k - 1] + 1;
			long y = x - k;
			while (x < n && y < m && json_equal(json_array_get(a, (size_t)x), json_array_get(b, (size_t)y)))
				x++, y++;
			v[off + k] = x;
			if (x >= n && y >= m) {
				found = d;
				break;
			}
		}
	}
	if (found < 0) {
		rc = 0;
		goto done;
	}
	/* Walk back from (n, m), writing the script from its end. */
	size_t pos = (size_t)(n + m);
	long x = n, y = m;
	for (long d = found; d >= 0; d--) {
		const long *vd = trace + d * width;
		long k = x - y;
		long pk = (k == -d || (k != d && vd[off + k - 1] < vd[off + k + 1])) ? k + 1 : k - 1;
		long px = vd[off + pk], py = px - pk;
		while (x > px && y > py) {
			out[--pos] = KEEP;
			x--, y--;
		}
		if (d > 0)
			out[--pos] = x == px ? INS : DEL;
		x = px;
		y = py;
	}
	*nops = (size_t)(n + m) - pos;
	memmove(out, out + pos, *nops);
	*ops = out;
	out = NULL;
	rc = 1;
done:
	free(v);
	free(trace);
	free(out);
	return rc;
}

/* The splices turning array a into b: 1 with *out (new reference), 0 when
 * b should rather be sent whole, -1 when out of memory. */
static int array_delta(const json_t *a, const json_t *b, json_t **out)
{
	unsigned char *ops;
	size_t nops, p = 0, ib = 0, inserted = 0;
	int rc = edit_script(a, b, &ops, &nops);
	json_t *splices = NULL;

	*out = NULL;
	if (rc <= 0)
		return rc;
	rc = -1;
	if (!(splices = json_array()))
		goto done;
	for (size_t i = 0; i < nops;) {
		if (ops[i] == KEEP) {
			p++, ib++, i++;
			continue;
		}
		size_t ndel = 0, nins = 0;
		json_t *sp = json_pack("[II]", (json_int_t)p, (json_int_t)0);
		if (!sp || json_array_append_new(splices, sp) < 0)
			goto done;
		for (; i < nops && ops[i] != KEEP; i++) {
			if (ops[i] == DEL) {
				ndel++;
			} else {
				if (json_array_append(sp, json_array_get(b, ib++)) < 0)
					goto done;
				nins++;
			}
		}
		if (json_array_set_new(sp, 1, json_integer((json_int_t)ndel)) < 0)
			goto done;
		p += nins;
		inserted += nins;
	}
	/* Nothing kept: the array itself is shorter than its splices. */
	if (inserted && inserted == json_array_size(b)) {
		rc = 0;
		goto done;
	}
	*out = splices;
	splices = NULL;
	rc = 1;
done:
	json_decref(splices);
	free(ops);
	return rc;
}

/* p[group][key] = value, making the group; steals value. */
static int put(json_t *p, const char *group, const char *key, json_t *value)
{
	json_t *g = json_object_get(p, group);
	if (!value)
		return -1;
	if (!g && (!(g = json_object()) || json_object_set_new(p, group, g) < 0)) {
		json_decref(value);
		return -1;
	}
	return json_object_set_new(g, key, value);
}

json_t *delta_make(const json_t *from, const json_t *to)
{
	const char *key;
	json_t *tv, *fv, *p;

	if (!json_is_object(from) || !json_is_object(to) || !(p = json_object()))
		return NULL;
	json_object_foreach((json_t *)to, key, tv) {
		fv = json_object_get(from, key);
		if (fv && json_equal(fv, tv))
			continue;
		if (json_is_object(fv) && json_is_object(tv)) {
			if (put(p, "obj", key, delta_make(fv, tv)) < 0)
				goto fail;
		} else if (json_is_array(fv) && json_is_array(tv)) {
			json_t *splices;
			int r = array_delta(fv, tv, &splices);
			if (r < 0 || put(p, r ? "arr" : "set", key, r ? splices : json_incref(tv)) < 0)
				goto fail;
		} else if (put(p, "set", key, json_incref(tv)) < 0) {
			goto fail;
		}
	}
	json_object_foreach((json_t *)from, key, fv) {
		if (json_object_get(to, key))
			continue;
		json_t *del = json_object_get(p, "del");
		if (!del && (!(del = json_array()) || json_object_set_new(p, "del", del) < 0))
			goto fail;
		if (json_array_append_new(del, json_string(key)) < 0)
			goto fail;
	}
	return p;
fail:
	json_decref(p);
	return NULL;
}

int delta_empty(const json_t *p)
{
	return json_object_size(p) == 0;
}

static int apply_splices(json_t *arr, const json_t *splices)
{
	size_t i;
	json_t *sp;

	if (!json_is_array(arr) || !json_is_array(splices))
		return -1;
	json_array_foreach(splices, i, sp) {
		json_t *at = json_array_get(sp, 0), *count = json_array_get(sp, 1);
		if (!json_is_integer(at) || !json_is_integer(count))
			return -1;
		json_int_t s = json_integer_value(at), n = json_integer_value(count);
		if (s < 0 || n < 0 || (size_t)s > json_array_size(arr) || (size_t)n > json_array_size(arr) - (size_t)s)
			return -1;
		for (json_int_t j = 0; j < n; j++)
			if (json_array_remove(arr, (size_t)s) < 0)
				return -1;
		for (size_t j = 2; j < json_array_size(sp); j++)
			if (json_array_insert_new(arr, (size_t)s + j - 2, json_deep_copy(json_array_get(sp, j))) < 0)
				return -1;
	}
	return 0;
}

int delta_apply(json_t *target, const json_t *p)
{
	const char *key;
	json_t *v, *g;
	size_t i;

	if (!json_is_object(target) || !json_is_object(p))
		return -1;
	json_object_foreach((json_t *)p, key, g)
		if (strcmp(key, "set") && strcmp(key, "del") && strcmp(key, "obj") && strcmp(key, "arr"))
			return -1;
	if ((g = json_object_get(p, "set"))) {
		if (!json_is_object(g))
			return -1;
		json_object_foreach(g, key, v)
			if (json_object_set_new(target, key, json_deep_copy(v)) < 0)
				return -1;
	}
	if ((g = json_object_get(p, "del"))) {
		if (!json_is_array(g))
			return -1;
		json_array_foreach(g, i, v)
			if (!json_is_string(v) || json_object_del(target, json_string_value(v)) < 0)
				return -1;
	}
	if ((g = json_object_get(p, "obj"))) {
		if (!json_is_object(g))
			return -1;
		json_object_foreach(g, key, v)
			if (delta_apply(json_object_get(target, key), v) < 0)
				return -1;
	}
	if ((g = json_object_get(p, "arr"))) {
		if (!json_is_object(g))
			return -1;
		json_object_foreach(g, key, v)
			if (apply_splices(json_object_get(target, key), v) < 0)
				return -1;
	}
	return 0;
}
