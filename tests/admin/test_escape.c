/* test_escape.c - escape.h: what is escaped for a terminal and what is
 * left alone; the buffer, stream and line forms agree; an escaped JSON
 * text is still JSON with the same strings. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "escape.h"

/* escape_text(in) == want, escape_needed agrees, and escape_put writes
 * the same. */
static void same(const char *in, int flags, const char *want)
{
	char *got = escape_text(in, flags);
	CHECK_MSG(got && !strcmp(got, want), "escape_text(%s): '%s', want '%s'", in ? in : "NULL", got ? got : "NULL",
	          want);
	CHECK_MSG(escape_needed(in, flags) == (strcmp(in ? in : "", want) != 0), "escape_needed(%s)", want);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	escape_put(fp, in, flags);
	fclose(fp);
	CHECK_MSG(!strcmp(buf, want), "escape_put: '%s', want '%s'", buf, want);
	free(buf);
	free(got);
}

static void test_text(void)
{
	/* left alone: Vietnamese, other scripts, emoji and their joiners */
	same("Nguyễn Thị Hồng Nhung", 0, "Nguyễn Thị Hồng Nhung");
	same("Đặng Văn Ơn — Ủy ban, “xã” Ia Phìn", 0, "Đặng Văn Ơn — Ủy ban, “xã” Ia Phìn");
	same("王小明 😀 👩\u200d💻 ❤\ufe0f", 0, "王小明 😀 👩\u200d💻 ❤\ufe0f");
	same("a\\b 'q' \"d\" %s", 0, "a\\b 'q' \"d\" %s");
	same(NULL, 0, "");
	same("", 0, "");
	/* C0 controls, line breaks and tabs */
	same("Trần\x1b[31mĐỏ\x1b[0m", 0, "Trần\\u001b[31mĐỏ\\u001b[0m");
	same("a\x07\x08\x01z", 0, "a\\u0007\\u0008\\u0001z");
	same("dòng 1\ndòng 2\r\n\tx", 0, "dòng 1\\ndòng 2\\r\\n\\tx");
	same("dòng 1\ndòng 2", ESCAPE_KEEP_NEWLINES, "dòng 1\ndòng 2");
	same("x\x1b]0;title\x07", ESCAPE_KEEP_NEWLINES, "x\\u001b]0;title\\u0007");
	/* DEL and C1 (U+009B is a one-character CSI on some terminals) */
	same("a\x7f" "b", 0, "a\\u007fb");
	same("a\xc2\x9b" "31m\xc2\x85\xc2\x80\xc2\x9f", 0, "a\\u009b31m\\u0085\\u0080\\u009f");
	same("\xc2\xa0\xc2\xa9", 0, "\xc2\xa0\xc2\xa9"); /* NBSP and (c) are text */
	/* bidirectional controls that reorder what a line shows */
	same("abc\u202edcba", 0, "abc\\u202edcba");
	same("\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c", 0,
	     "\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c");
	/* bytes that are not UTF-8, each shown as itself */
	same("a\xff" "b", 0, "a\\xffb");
	same("\xc3", 0, "\\xc3");                       /* cut short */
	same("\xc3(", 0, "\\xc3(");                     /* bad continuation */
	same("\xc0\xaf", 0, "\\xc0\\xaf");               /* overlong '/' */
	same("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");       /* a surrogate */
	same("\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80"); /* past U+10FFFF */
	same("\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80");   /* U+1F600 is fine */
}

static void test_line(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	escape_line(fp, "no delegate matches '%s' (%d)", "x\x1b[2Jy", 7);
	fclose(fp);
	CHECK_MSG(!strcmp(buf, "no delegate matches 'x\\u001b[2Jy' (7)\n"), "escape_line: '%s'", buf);
	free(buf);

	/* longer than the line's own buffer */
	char big[5000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	big[2500] = '\x1b';
	buf = NULL;
	fp = open_memstream(&buf, &len);
	escape_line(fp, "[%s]", big);
	fclose(fp);
	CHECK(len == 1 + 2499 + 6 + 2499 + 2);
	CHECK(buf[0] == '[' && !strncmp(buf + 2501, "\\u001b", 6) && !strcmp(buf + len - 2, "]\n"));
	free(buf);
}

/* A JSON text (as jansson writes it) escaped for a terminal is still JSON
 * and holds the same strings. */
static void test_json(void)
{
	const char *name = "Lê\x7f Văn\xc2\x9b Tám\u202e\x1b\n";
	json_t *o = json_pack("{s:s, s:[s, i]}", "name", name, "more", "bình thường", 3);
	char *text = json_dumps(o, JSON_INDENT(1));
	char *esc = escape_text(text, ESCAPE_KEEP_NEWLINES);
	CHECK(esc && strchr(esc, '\n')); /* the indentation keeps its lines */
	CHECK(esc && !strstr(esc, "\x7f") && !strstr(esc, "\xc2\x9b") && !strstr(esc, "\u202e") && !strchr(esc, 0x1b));
	json_error_t jerr;
	json_t *back = esc ? json_loads(esc, 0, &jerr) : NULL;
	CHECK_MSG(back != NULL, "escaped JSON does not parse: %s", back ? "" : jerr.text);
	CHECK(back && json_equal(o, back));
	json_decref(back);
	json_decref(o);
	free(esc);
	free(text);
}

int main(void)
{
	test_text();
	test_line();
	test_json();
	return check_summary("test_escape");
}
