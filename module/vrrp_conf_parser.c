/*
 * The generic half of the config loader. See vrrp_conf_parser.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp_conf-t.h"
#include "vrrp_conf_parser.h"

struct token {
	char *text;
	int   line;
	bool  quoted;
};

struct parser {
	const char   *path;
	struct token *tok;
	int           ntok;
	int           pos;
	char         *err;
	size_t        errlen;
};

static int fail(struct parser *p, int line, const char *kw, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct parser *p, int line, const char *kw, const char *fmt, ...)
{
	char msg[VRRP_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%d: %s: %s", p->path, line, kw, msg);
	return -1;
}

static bool is_brace(const struct token *t, char c)
{
	return !t->quoted && t->text[0] == c && t->text[1] == '\0';
}

/* Splits <text> into tokens: words, "quoted strings", { and }. '!' and '#'
 * start a comment that runs to the end of the line.
 */
static int tokenize(struct parser *p, const char *text, size_t len)
{
	size_t i = 0, cap = 0;
	int line = 1;

	while (i < len) {
		char c = text[i];
		size_t start, end;
		bool quoted = false;

		if (c == '\n') {
			line++;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		if (c == '!' || c == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		if (c == '{' || c == '}') {
			start = i;
			end = ++i;
		} else if (c == '"') {
			start = ++i;
			while (i < len && text[i] != '"' && text[i] != '\n')
				i++;
			if (i >= len || text[i] != '"')
				return fail(p, line, "\"", "unterminated quoted string");
			end = i++;
			quoted = true;
		} else {
			start = i;
			while (i < len && !strchr(" \t\r\n{}", text[i]))
				i++;
			end = i;
		}
		if (p->ntok == (int)cap) {
			struct token *nt;

			cap = cap ? cap * 2 : 64;
			nt = realloc(p->tok, cap * sizeof(*nt));
			if (!nt)
				return fail(p, line, "config", "out of memory");
			p->tok = nt;
		}
		p->tok[p->ntok].text = strndup(text + start, end - start);
		if (!p->tok[p->ntok].text)
			return fail(p, line, "config", "out of memory");
		p->tok[p->ntok].line = line;
		p->tok[p->ntok].quoted = quoted;
		p->ntok++;
	}
	return 0;
}

static void stmt_free(struct conf_stmt *s)
{
	int i;

	for (i = 0; i < s->nkids; i++)
		stmt_free(&s->kids[i]);
	free(s->kids);
	free(s->args); /* strings belong to the token array */
}

/* Parses statements until the matching '}' (or end of input when
 * <top>), <depth> blocks deep. Fills <out> and returns 0, or -1 with the
 * error set.
 */
static int parse_block(struct parser *p, struct conf_stmt *out, bool top, int open_line,
                       int depth)
{
	while (p->pos < p->ntok) {
		struct token *t = &p->tok[p->pos];
		struct conf_stmt *s, *nk;

		if (is_brace(t, '}')) {
			if (top)
				return fail(p, t->line, "}", "closing brace without an opening one");
			p->pos++;
			return 0;
		}
		if (is_brace(t, '{'))
			return fail(p, t->line, "{", "block without a keyword before it");

		nk = realloc(out->kids, (size_t)(out->nkids + 1) * sizeof(*nk));
		if (!nk)
			return fail(p, t->line, t->text, "out of memory");
		out->kids = nk;
		s = &out->kids[out->nkids++];
		memset(s, 0, sizeof(*s));
		s->kw = t->text;
		s->line = t->line;
		p->pos++;
		while (p->pos < p->ntok && p->tok[p->pos].line == s->line &&
		       !is_brace(&p->tok[p->pos], '{') && !is_brace(&p->tok[p->pos], '}')) {
			char **na = realloc(s->args, (size_t)(s->nargs + 1) * sizeof(*na));

			if (!na)
				return fail(p, s->line, s->kw, "out of memory");
			s->args = na;
			s->args[s->nargs++] = p->tok[p->pos++].text;
		}
		if (p->pos < p->ntok && is_brace(&p->tok[p->pos], '{')) {
			if (depth == CONF_MAX_DEPTH)
				return fail(p, s->line, s->kw, "blocks nested deeper than %d "
				            "levels", CONF_MAX_DEPTH);
			p->pos++;
			s->has_block = true;
			if (parse_block(p, s, false, s->line, depth + 1) < 0)
				return -1;
		}
	}
	if (!top)
		return fail(p, open_line, out->kw, "block is not closed (missing '}')");
	return 0;
}

int conf_tree_parse(const char *path, const char *text, size_t len,
                    struct conf_tree *tree, char *err, size_t errlen)
{
	struct parser p = { .path = path, .err = err, .errlen = errlen };
	int ret, i;

	memset(tree, 0, sizeof(*tree));
	tree->root.kw = "config";
	if (memchr(text, '\0', len))
		ret = fail(&p, 1, "config", "contains a NUL byte (not a text file?)");
	else
		ret = tokenize(&p, text, len);
	if (ret == 0)
		ret = parse_block(&p, &tree->root, true, 0, 0);
	/* The statements point into the words: the tree keeps them. */
	tree->words = malloc((size_t)(p.ntok ? p.ntok : 1) * sizeof(*tree->words));
	if (tree->words) {
		for (i = 0; i < p.ntok; i++)
			tree->words[i] = p.tok[i].text;
		tree->nwords = p.ntok;
	} else {
		for (i = 0; i < p.ntok; i++)
			free(p.tok[i].text);
		if (ret == 0)
			ret = fail(&p, 1, "config", "out of memory");
		stmt_free(&tree->root);
		memset(&tree->root, 0, sizeof(tree->root));
	}
	free(p.tok);
	return ret;
}

void conf_tree_free(struct conf_tree *tree)
{
	int i;

	stmt_free(&tree->root);
	for (i = 0; i < tree->nwords; i++)
		free(tree->words[i]);
	free(tree->words);
	memset(tree, 0, sizeof(*tree));
}
