// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: a small JSON writer (objects, arrays, strings, numbers),
 * compact by default, indented with -p.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

#include "igmpsnoopctl.h"

#define JSON_MAX_DEPTH 16

static struct {
	FILE *f;
	int depth;
	int pretty;
	int first[JSON_MAX_DEPTH];
} jw;

void json_init(FILE *f, int pretty)
{
	jw.f = f;
	jw.depth = 0;
	jw.pretty = pretty;
	jw.first[0] = 1;
}

static void newline_indent(void)
{
	int i;

	if (!jw.pretty)
		return;
	fputc('\n', jw.f);
	for (i = 0; i < jw.depth; i++)
		fputs("    ", jw.f);
}

/*
 * @s as a JSON string: the runs of characters that need no escape are
 * written whole (a table's dump writes millions of keys and values).
 */
static void put_string(const char *s)
{
	const char *run = s;

	fputc('"', jw.f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		fwrite(run, 1, s - run, jw.f);
		run = s + 1;
		switch (c) {
		case '"':
			fputs("\\\"", jw.f);
			break;
		case '\\':
			fputs("\\\\", jw.f);
			break;
		case '\n':
			fputs("\\n", jw.f);
			break;
		case '\t':
			fputs("\\t", jw.f);
			break;
		default:
			fprintf(jw.f, "\\u%04x", c);
		}
	}
	fwrite(run, 1, s - run, jw.f);
	fputc('"', jw.f);
}

/* Separator and key before a value at the current depth. */
static void begin_value(const char *key)
{
	if (!jw.first[jw.depth])
		fputc(',', jw.f);
	jw.first[jw.depth] = 0;
	if (jw.depth)
		newline_indent();
	if (key) {
		put_string(key);
		fputs(jw.pretty ? ": " : ":", jw.f);
	}
}

static void open_container(const char *key, char c)
{
	begin_value(key);
	fputc(c, jw.f);
	if (jw.depth < JSON_MAX_DEPTH - 1)
		jw.depth++;
	jw.first[jw.depth] = 1;
}

static void close_container(char c)
{
	int empty = jw.first[jw.depth];

	if (jw.depth)
		jw.depth--;
	if (!empty)
		newline_indent();
	fputc(c, jw.f);
	if (!jw.depth)
		fputc('\n', jw.f);
}

void json_obj_open(const char *key)
{
	open_container(key, '{');
}

void json_obj_close(void)
{
	close_container('}');
}

void json_arr_open(const char *key)
{
	open_container(key, '[');
}

void json_arr_close(void)
{
	close_container(']');
}

void json_str(const char *key, const char *val)
{
	begin_value(key);
	put_string(val);
}

void json_u64(const char *key, uint64_t val)
{
	char text[20];

	begin_value(key);
	fwrite(text, 1, u64_text(val, text), jw.f);
}

/* A number, a boolean or null as the text @val. */
void json_lit(const char *key, const char *val)
{
	begin_value(key);
	fputs(val, jw.f);
}

/* A number, a boolean or null, printed as @fmt says. */
void json_raw(const char *key, const char *fmt, ...)
{
	va_list ap;

	begin_value(key);
	va_start(ap, fmt);
	vfprintf(jw.f, fmt, ap);
	va_end(ap);
}
