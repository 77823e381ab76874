/*
 * The generic half of the config loader. See vrrp_conf_parser.h.
 *
 * Two stages. The line stage follows keepalived 2.2.7's lib/parser.c
 * (read_line(), decomment(), check_definition(), find_definition(),
 * replace_param(), check_include()): it turns the files into logical
 * lines, each with its place (loc). The word stage splits each line into
 * tokens, and parse_block() groups them into statements.
 */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "vrrp_conf-t.h"
#include "vrrp_conf_parser.h"

struct token {
	char *text;
	int   loc;
	int   seq;      /* logical line: a multi-line definition's lines all
	                 * have the loc of the line that used it */
	bool  quoted;
};

/* A $NAME=value definition, or one of keepalived's pre-defined ones. */
enum def_kind {
	DEF_TEXT = 0,
	DEF_PWD,        /* ${_PWD}: the current file's directory */
	DEF_INSTANCE,   /* ${_INSTANCE}: the config id */
	DEF_RANDOM,     /* ${_RANDOM [MIN [MAX]]}: not provided */
};

struct def {
	char         *name;
	size_t        nlen;      /* strlen(name) */
	char         *value;     /* lines separated by '\n' when multiline */
	size_t        len;
	bool          multiline;
	enum def_kind kind;
	int           max_params;
};

struct parser {
	struct conf_tree *tree;
	struct token     *tok;
	int               ntok;
	size_t            tokcap;
	int               seq;
	int               pos;
	char             *err;
	size_t            errlen;
	char              config_id[256];
	struct def       *defs;      /* in the order they were first defined */
	int               ndefs;
	/* defs' indexes sorted by name (length first), for a binary search:
	 * a linear one over CONF_MAX_DEFS names for each "$" of the text was
	 * most of the time a hostile file could make a load take.
	 */
	int               by_name[CONF_MAX_DEFS];
	long              refs;        /* "$NAME" looked up, whole parse */
	int               ml;          /* definition being read on several
	                                * lines, or -1 */
	size_t            output;      /* bytes of lines processed, after
	                                * substitution, dropped ones too */
	int               nlines;      /* lines processed, expansions too */
	int               file;        /* index of the file being read */
};

static int fail(struct parser *p, int loc, const char *kw, bool unsupported,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Sets the error "file:line: kw: reason" and the tree's err_* fields.
 * Returns -1.
 */
static int fail(struct parser *p, int loc, const char *kw, bool unsupported,
                const char *fmt, ...)
{
	char msg[VRRP_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%d: %s: %s", conf_loc_file(p->tree, loc),
	         conf_loc_line(loc), kw, msg);
	p->tree->err_loc = loc;
	snprintf(p->tree->err_kw, sizeof(p->tree->err_kw), "%s", kw);
	p->tree->err_unsupported = unsupported;
	return -1;
}

int conf_loc_line(int loc)
{
	return loc & CONF_LINE_MASK;
}

const char *conf_loc_file(const struct conf_tree *tree, int loc)
{
	int f = loc >> CONF_LINE_BITS;

	return f >= 0 && f < tree->nfiles ? tree->files[f] : "?";
}

int conf_default_config_id(char *buf, size_t len)
{
	struct utsname u;

	if (len)
		buf[0] = '\0';
	if (uname(&u) < 0)
		return -1;
	snprintf(buf, len, "%.*s", (int)strcspn(u.nodename, "."), u.nodename);
	return 0;
}

/* Records a note at <loc> for <kw>; <why> NULL means "used". Returns 0 or
 * -1 (out of memory, error set).
 */
static int add_note(struct parser *p, int loc, const char *kw, const char *why)
{
	struct conf_tree *t = p->tree;
	struct conf_note *nn = realloc(t->notes, (size_t)(t->nnotes + 1) * sizeof(*nn));

	if (!nn)
		return fail(p, loc, kw, false, "out of memory");
	t->notes = nn;
	nn[t->nnotes].loc = loc;
	nn[t->nnotes].kw = strdup(kw);
	nn[t->nnotes].why = why ? strdup(why) : NULL;
	if (!nn[t->nnotes].kw || (why && !nn[t->nnotes].why)) {
		free(nn[t->nnotes].kw);
		free(nn[t->nnotes].why);
		return fail(p, loc, kw, false, "out of memory");
	}
	t->nnotes++;
	return 0;
}

/* ---- words --------------------------------------------------------------- */

static bool is_brace(const struct token *t, char c)
{
	return !t->quoted && t->text[0] == c && t->text[1] == '\0';
}

/* Splits the logical line <s> (comments already gone) into tokens: words,
 * "quoted strings", { and }, all at <loc>. Returns 0 or -1.
 */
static int tokenize_line(struct parser *p, const char *s, int loc)
{
	size_t i = 0, len = strlen(s);

	p->seq++;
	while (i < len) {
		char c = s[i];
		size_t start, end;
		bool quoted = false;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			i++;
			continue;
		}
		if (c == '{' || c == '}') {
			start = i;
			end = ++i;
		} else if (c == '"') {
			start = ++i;
			while (i < len && s[i] != '"')
				i++;
			if (i >= len)
				return fail(p, loc, "\"", false, "unterminated quoted string");
			end = i++;
			quoted = true;
		} else {
			start = i;
			while (i < len && !strchr(" \t\r\f\v{}", s[i]))
				i++;
			end = i;
		}
		/* Each word costs a token and its own copy: bounded, so a
		 * few lines of one-letter words multiplied by definitions
		 * cannot take hundreds of MB.
		 */
		if (p->ntok == CONF_MAX_WORDS)
			return fail(p, loc, "config", false, "more than %d words once "
			            "definitions are expanded", CONF_MAX_WORDS);
		if ((size_t)p->ntok == p->tokcap) {
			struct token *nt;
			size_t cap = p->tokcap ? p->tokcap * 2 : 64;

			nt = realloc(p->tok, cap * sizeof(*nt));
			if (!nt)
				return fail(p, loc, "config", false, "out of memory");
			p->tok = nt;
			p->tokcap = cap;
		}
		p->tok[p->ntok].text = strndup(s + start, end - start);
		if (!p->tok[p->ntok].text)
			return fail(p, loc, "config", false, "out of memory");
		p->tok[p->ntok].loc = loc;
		p->tok[p->ntok].seq = p->seq;
		p->tok[p->ntok].quoted = quoted;
		p->ntok++;
	}
	return 0;
}

/* ---- lines: comments ----------------------------------------------------- */

/* Characters after which a comment does not start inside a word. */
#define WORD_END " \t{}\""

/* A comment that starts inside a word (at <cut> in the line <s>, right
 * after a character not in WORD_END) shortens that word: keepalived does
 * so, but haproxy-vrrp's earlier tokenizer started a comment only where a
 * word could start and read "auth_pass Secr3t!x" whole, so two versions
 * would disagree on the password during a rolling upgrade. Records a
 * note at <loc> saying what the value now is. Returns 0, or -1 (out of
 * memory, error set).
 */
static int note_cut_word(struct parser *p, const char *s, const char *cut, int loc)
{
	const char *w = cut;
	char why[VRRP_ERR_MAX], kw[2] = { *cut, '\0' };

	while (w > s && !strchr(WORD_END, w[-1]))
		w--;
	snprintf(why, sizeof(why), "'%.*s' starts a comment here (as in keepalived): the "
	         "value is '%.*s'; quote it (\"...\") to keep the characters",
	         (int)(strcspn(cut, " \t") > 32 ? 32 : strcspn(cut, " \t")), cut,
	         (int)(cut - w > 64 ? 64 : cut - w), w);
	return add_note(p, loc, kw, why);
}

/* keepalived's decomment(), in place on <s>: drops leading blanks, the
 * comment ('!' or '#' outside quotes, wherever it starts) and trailing
 * blanks; "\#" and "\!" outside quotes become the character. A final '\'
 * stays, glued to the text, because it continues a definition. With <p>
 * set, a comment starting inside a word gets a note at <loc>
 * (note_cut_word()). Returns 0, or -1 (error set).
 */
static int decomment(struct parser *p, char *s, int loc)
{
	bool quote = false, cont = false;
	char *skip = NULL, *q = s + strspn(s, " \t");
	size_t n;

	if (q != s)
		memmove(s, q, strlen(q) + 1);
	q = s;
	while ((q = strpbrk(q, "!#\"\\"))) {
		if (*q == '"') {
			if (!skip)
				quote = !quote;
			q++;
			continue;
		}
		if (*q == '\\') {
			if (q[1]) {
				if (!quote && (q[1] == '#' || q[1] == '!')) {
					memmove(q, q + 1, strlen(q + 1) + 1);
					q++;
				} else {
					q += 2;
				}
				continue;
			}
			*q = '\0';
			cont = true;
			break;
		}
		if (!quote && !skip)
			skip = q;
		q++;
	}
	if (skip) {
		if (p && skip > s && !strchr(WORD_END, skip[-1]) &&
		    note_cut_word(p, s, skip, loc) < 0)
			return -1;
		*skip = '\0';
	}
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	if (cont) {
		s[n++] = '\\';
		s[n] = '\0';
	}
	return 0;
}

/* ---- lines: definitions -------------------------------------------------- */

/* Looks the name <name> (<nlen> bytes, not NUL-terminated) up among the
 * definitions. Returns its index in p->defs, or -1 and, in <*pos>, where
 * it would go in p->by_name.
 */
static int def_lookup(const struct parser *p, const char *name, size_t nlen, int *pos)
{
	int lo = 0, hi = p->ndefs;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2, cmp;
		const struct def *d = &p->defs[p->by_name[mid]];

		cmp = d->nlen != nlen ? (d->nlen < nlen ? -1 : 1) : memcmp(d->name, name, nlen);
		if (cmp == 0)
			return p->by_name[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (pos)
		*pos = lo;
	return -1;
}

/* Adds (or, with the same name, replaces) a definition of kind <kind> and
 * value <value> (<len> bytes). Returns its index, or -1 with the error set.
 */
static int set_def(struct parser *p, int loc, const char *name, size_t nlen,
                   const char *value, size_t len, enum def_kind kind)
{
	struct def *d;
	char *v;
	int i, pos = 0;

	if (len > CONF_MAX_DEF_LEN)
		return fail(p, loc, "$", false, "definition longer than %d bytes",
		            CONF_MAX_DEF_LEN);
	i = def_lookup(p, name, nlen, &pos);
	if (i < 0) {
		if (p->ndefs == CONF_MAX_DEFS)
			return fail(p, loc, "$", false, "more than %d definitions", CONF_MAX_DEFS);
		d = realloc(p->defs, (size_t)(p->ndefs + 1) * sizeof(*d));
		if (!d)
			return fail(p, loc, "$", false, "out of memory");
		p->defs = d;
		i = p->ndefs;
		d = &p->defs[i];
		memset(d, 0, sizeof(*d));
		d->name = strndup(name, nlen);
		if (!d->name)
			return fail(p, loc, "$", false, "out of memory");
		d->nlen = nlen;
		memmove(&p->by_name[pos + 1], &p->by_name[pos],
		        (size_t)(p->ndefs - pos) * sizeof(p->by_name[0]));
		p->by_name[pos] = i;
		p->ndefs++;
	}
	d = &p->defs[i];
	v = malloc(len + 2);    /* room for a multi-line first line's '\n' */
	if (!v)
		return fail(p, loc, "$", false, "out of memory");
	memcpy(v, value, len);
	v[len] = '\0';
	free(d->value);
	d->value = v;
	d->len = len;
	d->kind = kind;           /* a user's definition overrides a pre-defined one */
	d->max_params = kind == DEF_RANDOM ? 2 : 0;
	d->multiline = false;
	return i;
}

/* keepalived's pre-defined names (set_std_definitions()). */
static int std_defs(struct parser *p)
{
	static const struct { const char *name, *value; enum def_kind kind; } std[] = {
		{ "_PWD", "", DEF_PWD }, { "_INSTANCE", "", DEF_INSTANCE },
		{ "_RANDOM", "", DEF_RANDOM }, { "_HASH", "#", DEF_TEXT },
		{ "_BANG", "!", DEF_TEXT },
	};
	size_t i;

	for (i = 0; i < sizeof(std) / sizeof(std[0]); i++)
		if (set_def(p, 0, std[i].name, strlen(std[i].name), std[i].value,
		            strlen(std[i].value), std[i].kind) < 0)
			return -1;
	return 0;
}

/* keepalived's check_definition(): <s> (decommented) is "$NAME=value"
 * with only letters, digits and '_' in NAME, not starting with a digit,
 * and no blank before '='. Returns 1 when it was one (stored; p->ml set
 * when it continues on the next lines), 0 when it is not a definition,
 * -1 on error.
 */
static int check_definition(struct parser *p, const char *s, int loc)
{
	const char *e, *v;
	size_t vlen;
	bool multi = false;
	int i;

	if (s[0] != '$' || !(isalpha((unsigned char)s[1]) || s[1] == '_'))
		return 0;
	for (e = s + 2; *e && *e != '='; e++)
		if (!isalnum((unsigned char)*e) && *e != '_')
			return 0;
	if (*e != '=')
		return 0;
	v = e + 1 + strspn(e + 1, " \t");
	vlen = strlen(v);
	if (vlen && v[vlen - 1] == '\\') {
		multi = true;
		vlen--;
		while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
	}
	i = set_def(p, loc, s + 1, (size_t)(e - s - 1), v, vlen, DEF_TEXT);
	if (i < 0)
		return -1;
	if (multi) {
		struct def *d = &p->defs[i];

		/* The first line's '\' becomes the line break, as in keepalived,
		 * unless the first line is empty.
		 */
		if (d->len) {
			d->value[d->len++] = '\n';
			d->value[d->len] = '\0';
		}
		d->multiline = true;
		p->ml = i;
	}
	return 1;
}

/* Adds the decommented line <s> to the definition being read on several
 * lines; a line not ending with '\' is its last. Returns 0 or -1.
 */
static int continue_definition(struct parser *p, char *s, int loc)
{
	struct def *d = &p->defs[p->ml];
	size_t n = strlen(s);
	bool more = n && s[n - 1] == '\\';
	char *v;

	if (more) {
		n--;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		s[n++] = '\n';
	} else {
		p->ml = -1;
		if (!d->len)
			d->multiline = false;   /* keepalived: one line after all */
	}
	if (n < 2 && (!n || more))
		return 0;               /* a line with nothing but '\' */
	if (d->len + n > CONF_MAX_DEF_LEN)
		return fail(p, loc, "$", false, "definition of %s longer than %d bytes",
		            d->name, CONF_MAX_DEF_LEN);
	v = realloc(d->value, d->len + n + 1);
	if (!v)
		return fail(p, loc, "$", false, "out of memory");
	memcpy(v + d->len, s, n);
	d->len += n;
	v[d->len] = '\0';
	d->value = v;
	return 0;
}

/* keepalived's find_definition() for a use: <s> is what follows a '$'.
 * "NAME" must be followed by a blank, ',', ')' or the end of the line;
 * "{NAME}" by anything. A multi-line definition is only used at the end
 * of a line. Sets <*used> to the bytes "$NAME" or "${NAME ...}" takes and
 * <*def> to the definition, or NULL: the text stays as it is. Every name
 * looked up, defined or not, counts against CONF_MAX_REFS, which bounds
 * the work of the whole parse. Returns 0, or -1 (error set, at <loc>)
 * past that bound.
 */
static int find_use(struct parser *p, const char *s, int loc, size_t *used,
                    struct def **def)
{
	bool braces = s[0] == '{';
	const char *name = s + braces, *q, *pstart = NULL, *pend = NULL;
	bool at_end;
	size_t nlen;
	int i;

	*def = NULL;
	if (!isalpha((unsigned char)*name) && *name != '_')
		return 0;
	for (q = name + 1; isalnum((unsigned char)*q) || *q == '_'; q++)
		;
	nlen = (size_t)(q - name);
	if (braces) {
		while (*q == ' ' || isdigit((unsigned char)*q)) {
			if (*q != ' ') {
				if (!pstart)
					pstart = q;
				pend = q;
			}
			q++;
		}
		if ((pstart && pend + 1 != q) || *q != '}')
			return 0;
		*used = (size_t)(q + 1 - s) + 1;
		at_end = q[1] == '\0';
	} else {
		if (*q && !strchr(" \t,)", *q))
			return 0;
		*used = nlen + 1;
		at_end = *q == '\0';
	}
	if (++p->refs > CONF_MAX_REFS)
		return fail(p, loc, "$", false, "more than %d uses of $NAME in all once "
		            "definitions are expanded", CONF_MAX_REFS);
	i = def_lookup(p, name, nlen, NULL);
	if (i >= 0 && (at_end || !p->defs[i].multiline) &&
	    !(pstart && !p->defs[i].max_params))
		*def = &p->defs[i];
	return 0;
}

/* The directory of the file being read, as keepalived's ${_PWD} gives it
 * (keepalived has changed into it): absolute, symbolic links resolved
 * when it exists. Writes it into <buf> (<len> bytes).
 */
static void current_dir(struct parser *p, char *buf, size_t len)
{
	const char *f = p->tree->files[p->file], *slash = strrchr(f, '/');
	char dir[PATH_MAX], real[PATH_MAX];

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == f)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - f), f);
	snprintf(buf, len, "%s", realpath(dir, real) ? real : dir);
}

/* keepalived's replace_param(), on <s> (CONF_MAX_LINE bytes): replaces
 * each defined "$NAME" or "${NAME}", and again in what replaced it, which
 * is why the count is bounded (<*count> so far on this line). A multi-line
 * value puts its first line here and its other lines, copied, on <rests>
 * (<*nrests> of CONF_MAX_NEST), to be read after this line. Returns 1 if
 * anything was replaced, 0 if not, -1 on error.
 */
static int substitute(struct parser *p, char *s, int loc, int *count,
                      char **rests, int *nrests)
{
	char *cur = s, pwd[PATH_MAX];
	bool found = false;

	while ((cur = strchr(cur, '$')) && cur[1]) {
		size_t used, vlen, slen = strlen(s);
		const char *val;
		struct def *d;

		if (find_use(p, cur + 1, loc, &used, &d) < 0)
			return -1;
		if (!d) {
			cur++;
			continue;
		}
		if (++*count > CONF_MAX_SUBST)
			return fail(p, loc, "$", false, "more than %d substitutions in one line "
			            "(does a definition use itself?)", CONF_MAX_SUBST);
		switch (d->kind) {
		case DEF_RANDOM:
			return fail(p, loc, "${_RANDOM}", true, "not supported by "
			            "haproxy-vrrp: a random value differs at each reload");
		case DEF_PWD:
			current_dir(p, pwd, sizeof(pwd));
			val = pwd;
			break;
		case DEF_INSTANCE:
			val = p->config_id;
			break;
		default:
			val = d->value;
		}
		vlen = d->multiline ? strcspn(val, "\n") : strlen(val);
		if (slen - used + vlen >= CONF_MAX_LINE)
			return fail(p, loc, "$", false, "line longer than %d bytes once "
			            "definitions are replaced", CONF_MAX_LINE - 1);
		if (d->multiline && val[vlen] == '\n') {
			if (*nrests == CONF_MAX_NEST)
				return fail(p, loc, "$", false, "multi-line definitions used "
				            "more than %d deep", CONF_MAX_NEST);
			rests[*nrests] = strdup(val + vlen + 1);
			if (!rests[*nrests])
				return fail(p, loc, "$", false, "out of memory");
			(*nrests)++;
		}
		memmove(cur + vlen, cur + used, slen - (size_t)(cur - s) - used + 1);
		memcpy(cur, val, vlen);
		found = true;
		/* keepalived stops at a value starting with '~' (~SEQ text). */
		if (val[strspn(val, " \t")] == '~')
			break;
	}
	return found ? 1 : 0;
}

/* ---- lines: include ------------------------------------------------------ */

static int read_file(struct parser *p, const char *text, size_t len, int nest,
                     int depth);

/* keepalived's is_include(): "include" then a blank, or one of the
 * variants includer/m/w/b/a. Returns 0 (not one), 1 (include) or 2 (a
 * variant).
 */
static int is_include(const char *s)
{
	if (strncmp(s, "include", 7) != 0 || !s[7])
		return 0;
	if (isspace((unsigned char)s[7]))
		return 1;
	if (strchr("rmwba", s[7]) && isspace((unsigned char)s[8]))
		return 2;
	return 0;
}

char *conf_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	if (!f)
		return NULL;
	errno = 0;
	for (;;) {
		size_t n;

		if (*len == cap) {
			char *nb;

			/* The buffer grows to one byte more than the limit:
			 * filling that byte is what tells a file of exactly
			 * CONF_MAX_FILE_SIZE bytes from a larger one.
			 */
			if (cap > CONF_MAX_FILE_SIZE) {
				free(buf);
				fclose(f);
				errno = EFBIG;
				return NULL;
			}
			cap = cap ? cap * 2 : 4096;
			if (cap > CONF_MAX_FILE_SIZE + 1)
				cap = CONF_MAX_FILE_SIZE + 1;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno ? errno : EIO;   /* e.g. EISDIR for a directory */

		free(buf);
		fclose(f);
		errno = e;
		return NULL;
	}
	fclose(f);
	return buf;
}

/* Turns <pattern> into the glob to run: as it is when absolute, else from
 * the directory of the file being read (keepalived changes into it), that
 * directory's glob characters escaped. Writes <out> (<len> bytes); returns
 * 0, or -1 if it does not fit.
 */
static int include_glob(struct parser *p, const char *pattern, char *out, size_t len)
{
	const char *f = p->tree->files[p->file], *slash = strrchr(f, '/');
	size_t o = 0;
	const char *c;

	if (pattern[0] == '/' || !slash)
		return snprintf(out, len, "%s", pattern) < (int)len ? 0 : -1;
	for (c = f; c <= slash; c++) {
		if (strchr("*?[]{}\\", *c)) {
			if (o + 1 >= len)
				return -1;
			out[o++] = '\\';
		}
		if (o + 1 >= len)
			return -1;
		out[o++] = *c;
	}
	return snprintf(out + o, len - o, "%s", pattern) < (int)(len - o) ? 0 : -1;
}

/* A matched name keepalived skips (check_glob_file(), open_conf_file()):
 * a directory, something not a regular file, an executable. Returns the
 * reason, or NULL when the file is to be read.
 */
static const char *skip_reason(const char *path)
{
	struct stat st;
	size_t n = strlen(path);

	if (n && path[n - 1] == '/')
		return "is a directory";
	if (stat(path, &st) < 0)
		return strerror(errno);
	if (!S_ISREG(st.st_mode))
		return "is not a regular file";
	if (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))
		return "is executable (keepalived reads no executable file)";
	return NULL;
}

/* "include PATTERN" at <loc>, <nest> and <depth> as for process_line():
 * reads every file the glob matches, in glob's order, as if its lines
 * stood here. Where keepalived logs and carries on (no match, a file
 * skipped or unreadable), a note says so; a file larger than
 * CONF_MAX_FILE_SIZE, which keepalived would read, is an error.
 * Returns 0 or -1.
 */
static int do_include(struct parser *p, const char *s, int loc, int nest, int depth)
{
#ifdef VRRP_CONF_NO_INCLUDE
	/* The fuzzing builds (test/CMakeLists.txt): what the input names
	 * must not make the harness read the host's files, relative to its
	 * directory or absolute.
	 */
	if (s)
		return add_note(p, loc, "include", "not read: this build reads no "
		                "included file");
#endif
	const char *pattern = s + 7 + strspn(s + 7, " \t");
	char full[PATH_MAX], why[VRRP_ERR_MAX];
	int flags = GLOB_MARK, ret = 0, saved = p->file;
	glob_t g;
	size_t i;

	if (depth >= CONF_MAX_INCLUDE_DEPTH)
		return fail(p, loc, "include", false, "included files nested deeper than "
		            "%d (does a file include itself?)", CONF_MAX_INCLUDE_DEPTH);
	if (include_glob(p, pattern, full, sizeof(full)) < 0)
		return fail(p, loc, "include", false, "path too long");
#ifdef GLOB_BRACE
	flags |= GLOB_BRACE;   /* keepalived's {a,b} alternatives */
#endif
	memset(&g, 0, sizeof(g));
	ret = glob(full, flags, NULL, &g);
	if (ret != 0) {
		snprintf(why, sizeof(why), ret == GLOB_NOMATCH ?
		         "'%s' matches no file: nothing included (keepalived logs it and "
		         "carries on)" : "'%s' cannot be read: nothing included "
		         "(keepalived logs it and carries on)", full);
		globfree(&g);
		return add_note(p, loc, "include", why);
	}
	if (add_note(p, loc, "include", NULL) < 0) {
		globfree(&g);
		return -1;
	}
	for (i = 0; i < g.gl_pathc && ret == 0; i++) {
		const char *path = g.gl_pathv[i], *skip = skip_reason(path);
		char *text = NULL, *name;
		size_t len = 0;

		if (!skip && !(text = conf_read_file(path, &len))) {
			/* keepalived reads a file of any size: skipping one
			 * would load a different configuration, so refuse.
			 */
			if (errno == EFBIG) {
				ret = fail(p, loc, "include", false, "%s is larger than %u "
				           "MiB, haproxy-vrrp's limit for one file", path,
				           CONF_MAX_FILE_SIZE >> 20);
				break;
			}
			skip = strerror(errno);
		}
		if (skip) {
			snprintf(why, sizeof(why), "%s %s: skipped (keepalived logs it and "
			         "carries on)", path, skip);
			ret = add_note(p, loc, "include", why);
			continue;
		}
		if (p->tree->nfiles == CONF_MAX_FILES) {
			free(text);
			ret = fail(p, loc, "include", false, "more than %d files", CONF_MAX_FILES);
			break;
		}
		name = strdup(path);
		if (!name) {
			free(text);
			ret = fail(p, loc, "include", false, "out of memory");
			break;
		}
		p->tree->files[p->tree->nfiles] = name;
		p->file = p->tree->nfiles++;
		ret = read_file(p, text, len, nest, depth + 1);
		p->file = saved;
		free(text);
	}
	globfree(&g);
	return ret;
}

/* ---- lines: one logical line --------------------------------------------- */

/* What keepalived's read_line() does to the decommented line <s>
 * (CONF_MAX_LINE bytes) read at <loc>, <nest> multi-line expansions and
 * <depth> includes deep:
 * the @ID test, a definition, substitution (until nothing changes), then
 * include or the word stage; then the other lines of any multi-line
 * definition used, also when this line turned out to be dropped by its
 * @ID or to be a definition. Returns 0 or -1.
 */
static int process_line(struct parser *p, char *s, int loc, int nest, int depth)
{
	char *rests[CONF_MAX_NEST];
	int nrests = 0, count = 0, ret = 0, i, inc;
	bool recheck;

	/* Each level may hold CONF_MAX_LINE bytes of stack; the count stops
	 * definitions whose lines use each other from multiplying.
	 */
	if (nest >= CONF_MAX_NEST)
		return fail(p, loc, "$", false, "multi-line definitions used more than "
		            "%d deep (does one use itself?)", CONF_MAX_NEST);
	if (++p->nlines > CONF_MAX_LINES)
		return fail(p, loc, "$", false, "more than %d lines once definitions "
		            "are expanded", CONF_MAX_LINES);
	do {
		recheck = false;
		if (s[0] == '@') {
			bool rev = s[1] == '^';
			const char *id = s + 1 + rev;
			char *sp = strpbrk(id, " \t");

			/* keepalived drops "@ID" with nothing after it, and a
			 * bare "@" compares an empty id. Only this line is
			 * dropped: when it is a multi-line value's first line,
			 * the value's other lines are still read (keepalived's
			 * next_ptr), hence "rest".
			 */
			if (!sp)
				goto rest;
			if (((size_t)(sp - id) == strlen(p->config_id) &&
			     !strncmp(id, p->config_id, (size_t)(sp - id))) == rev)
				goto rest;
			sp += strspn(sp, " \t");
			memmove(s, sp, strlen(sp) + 1);
		}
		if (s[0] == '$') {
			ret = check_definition(p, s, loc);
			if (ret < 0)
				goto out;
			if (ret > 0) {
				/* A definition, maybe a value's first line: its
				 * other lines follow (and, if this one ends
				 * with '\', continue the new definition).
				 */
				ret = 0;
				goto rest;
			}
		}
		if (!strncmp(s, "~SEQ", 4) || !strncmp(s, "~LST", 4)) {
			ret = fail(p, loc, s[1] == 'S' ? "~SEQ" : "~LST", true,
			           "not supported by haproxy-vrrp: write the lines out");
			goto out;
		}
		if (s[0] == '~')
			break;
		if (strchr(s, '$')) {
			ret = substitute(p, s, loc, &count, rests, &nrests);
			if (ret < 0)
				goto out;
			if (ret == 0)
				break;
			ret = decomment(p, s, loc);
			if (ret < 0)
				goto out;
			recheck = s[0] == '@' || strchr(s, '$');
		}
	} while (recheck);

	if (!s[0])
		goto rest;
	inc = is_include(s);
	if (inc == 2) {
		char kw[16];

		snprintf(kw, sizeof(kw), "include%c", s[7]);
		ret = fail(p, loc, kw, true, "not supported by haproxy-vrrp: use "
		           "include (and check that the files exist)");
	} else if (inc == 1) {
		ret = do_include(p, s, loc, nest, depth);
	}
	else
		ret = tokenize_line(p, s, loc);
rest:
	/* Every line counts, also one dropped by its @ID or a definition:
	 * the bound is on the work, not only on what reaches the words.
	 */
	if (ret == 0) {
		p->output += strlen(s) + 1;
		if (p->output > CONF_MAX_OUTPUT)
			ret = fail(p, loc, "config", false, "more than %u MiB of lines once "
			           "definitions are expanded", CONF_MAX_OUTPUT >> 20);
	}
	/* The latest multi-line expansion's lines come first, as on
	 * keepalived's multiline stack.
	 */
	for (i = nrests - 1; i >= 0 && ret == 0; i--) {
		char *line = rests[i], *nl;

		do {
			char buf[CONF_MAX_LINE];

			nl = strchr(line, '\n');
			snprintf(buf, sizeof(buf), "%.*s", (int)(nl ? nl - line : (long)strlen(line)), line);
			/* A line of the value may have started a
			 * multi-line definition: the next ones continue
			 * it, as lines of the file would.
			 */
			if (buf[0] && p->ml >= 0)
				ret = continue_definition(p, buf, loc);
			else if (buf[0])
				ret = process_line(p, buf, loc, nest + 1, depth);
			line = nl ? nl + 1 : NULL;
		} while (line && ret == 0);
	}
out:
	for (i = 0; i < nrests; i++)
		free(rests[i]);
	return ret;
}

/* Reads the file p->file, text <text> of <len> bytes, <nest> multi-line
 * expansions and <depth> includes deep, line by line. Returns 0 or -1.
 */
static int read_file(struct parser *p, const char *text, size_t len, int nest,
                     int depth)
{
	size_t i = 0;
	int line = 0;

	if (memchr(text, '\0', len))
		return fail(p, (p->file << CONF_LINE_BITS) | 1, "config", false,
		            "contains a NUL byte (not a text file?)");
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, n = end - i;
		char buf[CONF_MAX_LINE];
		int loc;

		if (++line > CONF_LINE_MASK)
			return fail(p, p->file << CONF_LINE_BITS, "config", false,
			            "more than %d lines", CONF_LINE_MASK);
		loc = (p->file << CONF_LINE_BITS) | line;
		while (n && (text[i + n - 1] == '\r' || text[i + n - 1] == '\n'))
			n--;
		if (n >= CONF_MAX_LINE)
			return fail(p, loc, "config", false, "line longer than %d bytes",
			            CONF_MAX_LINE - 1);
		memcpy(buf, text + i, n);
		buf[n] = '\0';
		i = end + 1;
		if (p->ml >= 0 && n == 0) {
			/* An empty line ends a multi-line definition. */
			if (!p->defs[p->ml].len)
				p->defs[p->ml].multiline = false;
			p->ml = -1;
			continue;
		}
		if (decomment(p, buf, loc) < 0)
			return -1;
		if (!buf[0])
			continue;
		if (p->ml >= 0) {
			if (continue_definition(p, buf, loc) < 0)
				return -1;
			continue;
		}
		if (process_line(p, buf, loc, nest, depth) < 0)
			return -1;
	}
	return 0;
}

/* ---- statements ---------------------------------------------------------- */

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
static int parse_block(struct parser *p, struct conf_stmt *out, bool top, int open_loc,
                       int depth)
{
	while (p->pos < p->ntok) {
		struct token *t = &p->tok[p->pos];
		struct conf_stmt *s, *nk;
		int seq = t->seq;

		if (is_brace(t, '}')) {
			if (top)
				return fail(p, t->loc, "}", false, "closing brace without an "
				            "opening one");
			p->pos++;
			return 0;
		}
		if (is_brace(t, '{'))
			return fail(p, t->loc, "{", false, "block without a keyword before it");

		nk = realloc(out->kids, (size_t)(out->nkids + 1) * sizeof(*nk));
		if (!nk)
			return fail(p, t->loc, t->text, false, "out of memory");
		out->kids = nk;
		s = &out->kids[out->nkids++];
		memset(s, 0, sizeof(*s));
		s->kw = t->text;
		s->line = t->loc;
		p->pos++;
		while (p->pos < p->ntok && p->tok[p->pos].seq == seq &&
		       !is_brace(&p->tok[p->pos], '{') && !is_brace(&p->tok[p->pos], '}')) {
			char **na = realloc(s->args, (size_t)(s->nargs + 1) * sizeof(*na));

			if (!na)
				return fail(p, s->line, s->kw, false, "out of memory");
			s->args = na;
			s->args[s->nargs++] = p->tok[p->pos++].text;
		}
		if (p->pos < p->ntok && is_brace(&p->tok[p->pos], '{')) {
			if (depth == CONF_MAX_DEPTH)
				return fail(p, s->line, s->kw, false, "blocks nested deeper than "
				            "%d levels", CONF_MAX_DEPTH);
			p->pos++;
			s->has_block = true;
			if (parse_block(p, s, false, s->line, depth + 1) < 0)
				return -1;
		}
	}
	if (!top)
		return fail(p, open_loc, out->kw, false, "block is not closed (missing '}')");
	return 0;
}

int conf_tree_parse(const char *path, const char *config_id, const char *text,
                    size_t len, struct conf_tree *tree, char *err, size_t errlen)
{
	struct parser p = { .tree = tree, .err = err, .errlen = errlen, .ml = -1 };
	int ret = 0, i;

	memset(tree, 0, sizeof(*tree));
	tree->root.kw = "config";
	tree->files = calloc(CONF_MAX_FILES, sizeof(*tree->files));
	if (tree->files)
		tree->files[0] = strdup(path);
	if (!tree->files || !tree->files[0]) {
		snprintf(err, errlen, "%s:1: config: out of memory", path);
		return -1;
	}
	tree->nfiles = 1;
	if (config_id)
		snprintf(p.config_id, sizeof(p.config_id), "%s", config_id);
	else
		conf_default_config_id(p.config_id, sizeof(p.config_id));
	ret = std_defs(&p);
	if (ret == 0)
		ret = read_file(&p, text, len, 0, 0);
	if (ret == 0)
		ret = parse_block(&p, &tree->root, true, 0, 0);
	for (i = 0; i < p.ndefs; i++) {
		free(p.defs[i].name);
		free(p.defs[i].value);
	}
	free(p.defs);
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
			ret = fail(&p, 1, "config", false, "out of memory");
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
	for (i = 0; i < tree->nfiles; i++)
		free(tree->files[i]);
	free(tree->files);
	for (i = 0; i < tree->nnotes; i++) {
		free(tree->notes[i].kw);
		free(tree->notes[i].why);
	}
	free(tree->notes);
	memset(tree, 0, sizeof(*tree));
}
