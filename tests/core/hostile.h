/* hostile.h - reading tests/hostile-codes.txt (see its header for the
 * format): one line at a time, its code expanded from the template with
 * the test's own codes. Header-only, for the core test; the kiosk's
 * scripts read the same file in Python (tests/kiosk/hostile.py). */
#ifndef CHECKIN_TEST_HOSTILE_H
#define CHECKIN_TEST_HOSTILE_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hostile_var {
	const char *name, *value;
};

struct hostile_line {
	char name[64], expect[64], channels[16];
	char code[4096]; /* expanded; may hold NUL bytes */
	size_t len;
};

/* The result expected on channel ch ('c', 'k', 'f'): "invalid k=already". */
static inline void hostile_expect(const struct hostile_line *l, char ch, char *out, size_t cap)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", l->expect);
	char *word = strtok(buf, " ");
	snprintf(out, cap, "%s", word ? word : "");
	while ((word = strtok(NULL, " ")))
		if (word[0] == ch && word[1] == '=')
			snprintf(out, cap, "%s", word + 2);
}

static inline const char *hostile_var(const struct hostile_var *vars, const char *name)
{
	for (; vars->name; vars++)
		if (!strcmp(vars->name, name))
			return vars->value;
	return NULL;
}

static inline int hostile_put(struct hostile_line *l, const char *p, size_t n)
{
	if (l->len + n >= sizeof l->code)
		return -1;
	memcpy(l->code + l->len, p, n);
	l->len += n;
	return 0;
}

/* "{NAME}", "{NAME:I:J}", "{lower:NAME[:I:J]}", "{fill:N}" at s (after the
 * '{', up to the '}'). */
static inline int hostile_field(struct hostile_line *l, char *s, const struct hostile_var *vars)
{
	char *part[4] = {0};
	int n = 0, lower = 0;
	for (char *t = strtok(s, ":"); t && n < 4; t = strtok(NULL, ":"))
		part[n++] = t;
	if (n == 0)
		return -1;
	if (!strcmp(part[0], "fill")) {
		long count = n == 2 ? strtol(part[1], NULL, 10) : -1;
		if (count < 0)
			return -1;
		for (long i = 0; i < count; i++)
			if (hostile_put(l, "A", 1) < 0)
				return -1;
		return 0;
	}
	if (!strcmp(part[0], "lower")) {
		lower = 1;
		memmove(part, part + 1, 3 * sizeof *part);
		part[3] = NULL;
		n--;
	}
	const char *v = n ? hostile_var(vars, part[0]) : NULL;
	if (!v || (n != 1 && n != 3))
		return -1;
	size_t from = 0, to = strlen(v);
	if (n == 3) {
		from = (size_t)strtoul(part[1], NULL, 10);
		to = (size_t)strtoul(part[2], NULL, 10);
		if (from > to || to > strlen(v))
			return -1;
	}
	size_t start = l->len;
	if (hostile_put(l, v + from, to - from) < 0)
		return -1;
	if (lower)
		for (size_t i = start; i < l->len; i++)
			l->code[i] = (char)tolower((unsigned char)l->code[i]);
	return 0;
}

static inline int hostile_expand(struct hostile_line *l, const char *tpl, const struct hostile_var *vars)
{
	l->len = 0;
	for (const char *p = tpl; *p;) {
		if (*p == '\\') {
			char c = p[1];
			if (c == 'x' && isxdigit((unsigned char)p[2]) && isxdigit((unsigned char)p[3])) {
				char hex[3] = {p[2], p[3], 0}, b = (char)strtol(hex, NULL, 16);
				if (hostile_put(l, &b, 1) < 0)
					return -1;
				p += 4;
				continue;
			}
			char lit = c == 't' ? '\t' : c == 'r' ? '\r' : c == 'n' ? '\n' : c;
			if (!strchr("trn\\{}", c) || hostile_put(l, &lit, 1) < 0)
				return -1;
			p += 2;
		} else if (*p == '{') {
			const char *end = strchr(p, '}');
			char field[128];
			if (!end || (size_t)(end - p) >= sizeof field)
				return -1;
			snprintf(field, sizeof field, "%.*s", (int)(end - p - 1), p + 1);
			if (hostile_field(l, field, vars) < 0)
				return -1;
			p = end + 1;
		} else {
			if (hostile_put(l, p, 1) < 0)
				return -1;
			p++;
		}
	}
	l->code[l->len] = '\0';
	return 0;
}

/* The next line of the table from fp into l, expanded with vars: 1 read,
 * 0 at the end, -1 a malformed line (named on stderr). */
static inline int hostile_next(FILE *fp, struct hostile_line *l, const struct hostile_var *vars)
{
	char raw[2048];
	while (fgets(raw, sizeof raw, fp)) {
		raw[strcspn(raw, "\n")] = '\0';
		if (!raw[0] || raw[0] == '#')
			continue;
		char *name = raw, *expect = strchr(name, '\t'), *channels, *tpl;
		if (!expect || !(channels = strchr(expect + 1, '\t')) || !(tpl = strchr(channels + 1, '\t'))) {
			fprintf(stderr, "hostile-codes: not 4 columns: %s\n", raw);
			return -1;
		}
		*expect++ = *channels++ = *tpl++ = '\0';
		snprintf(l->name, sizeof l->name, "%.63s", name);
		snprintf(l->expect, sizeof l->expect, "%.63s", expect);
		snprintf(l->channels, sizeof l->channels, "%.15s", channels);
		if (hostile_expand(l, tpl, vars) < 0) {
			fprintf(stderr, "hostile-codes: %s: cannot expand '%s'\n", name, tpl);
			return -1;
		}
		return 1;
	}
	return 0;
}

#endif
