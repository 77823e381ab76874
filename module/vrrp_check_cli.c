/*
 * haproxy-vrrp-check: reads an existing keepalived.conf (or vrrp.conf) and
 * lists, line by line, what haproxy-vrrp will use, what HAProxy replaces,
 * what has no effect and what it does not support, so a keepalived user
 * knows before migrating.
 *
 * Usage: haproxy-vrrp-check [-i CONFIG_ID] FILE, -i before or after FILE
 * (-i as keepalived's: which "@ID" lines apply; default the node name up
 * to its first '.')
 * Exit: 0 the file loads as it is, 1 it does not (unsupported or invalid
 * lines), 2 usage or unreadable file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp_conf.h"
#include "vrrp_conf_parser.h"

struct row {
	int  file;      /* order in which the file first reported */
	char fname[256];
	int  line;
	char kw[48];
	enum vrrp_kw_class cls;
	char why[VRRP_ERR_MAX];
};

struct rows {
	struct row *r;
	int n, cap;
	int count[VRRP_KW_INVALID + 1];
	const char *main;   /* the file named on the command line */
	int nfiles;
};

/* vrrp_conf_report_fn: keeps one row per statement in <arg>, a struct
 * rows; exits 2 when out of memory.
 */
static void collect(void *arg, const char *file, int line, const char *kw,
                    enum vrrp_kw_class cls, const char *why)
{
	struct rows *rs = arg;
	struct row *r;
	int i, forder = -1;

	if (rs->n == rs->cap) {
		struct row *nr;

		rs->cap = rs->cap ? rs->cap * 2 : 64;
		nr = realloc(rs->r, (size_t)rs->cap * sizeof(*nr));
		if (!nr) {
			fprintf(stderr, "haproxy-vrrp-check: out of memory\n");
			exit(2);
		}
		rs->r = nr;
	}
	/* A statement reported again: the later verdict replaces the first. */
	for (i = 0; i < rs->n; i++) {
		r = &rs->r[i];
		if (r->line == line && strcmp(r->kw, kw) == 0 && strcmp(r->fname, file) == 0) {
			rs->count[r->cls]--;
			rs->count[cls]++;
			r->cls = cls;
			snprintf(r->why, sizeof(r->why), "%s", why ? why : "");
			return;
		}
	}
	/* Rows are listed file by file, in the order included files show up. */
	for (i = 0; i < rs->n && forder < 0; i++)
		if (strcmp(rs->r[i].fname, file) == 0)
			forder = rs->r[i].file;
	if (forder < 0)
		forder = strcmp(file, rs->main) == 0 ? 0 : ++rs->nfiles;
	r = &rs->r[rs->n++];
	r->file = forder;
	snprintf(r->fname, sizeof(r->fname), "%s", file);
	r->line = line;
	snprintf(r->kw, sizeof(r->kw), "%s", kw);
	r->cls = cls;
	snprintf(r->why, sizeof(r->why), "%s", why ? why : "");
	rs->count[cls]++;
}

/* qsort() order: by file (the main one first), then line. */
static int by_line(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->file != y->file)
		return x->file - y->file;
	return x->line != y->line ? x->line - y->line : 0;
}

int main(int argc, char **argv)
{
	struct rows rs = { 0 };
	const char *config_id = NULL, *path;
	size_t len;
	char *text;
	int i, problems;

	/* "-i ID" before or after the file, as keepalived's options may
	 * come in any order; "--" ends the options (a file named "-x").
	 */
	path = NULL;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-i") == 0 && i + 1 < argc && !config_id) {
			config_id = argv[++i];
		} else if (strcmp(argv[i], "--") == 0 && i + 2 == argc && !path) {
			path = argv[++i];
		} else if (argv[i][0] != '-' && !path) {
			path = argv[i];
		} else {
			path = NULL;
			break;
		}
	}
	if (!path) {
		fprintf(stderr, "usage: haproxy-vrrp-check [-i CONFIG_ID] "
		        "/etc/keepalived/keepalived.conf\n");
		return 2;
	}
	rs.main = path;
	/* The loader's own reader, so that a file too large to load is
	 * said so here too.
	 */
	text = conf_read_file(path, &len);
	if (!text) {
		if (errno == EFBIG)
			fprintf(stderr, "haproxy-vrrp-check: %s: larger than %u MiB, "
			        "haproxy-vrrp's limit for one file\n", path,
			        CONF_MAX_FILE_SIZE >> 20);
		else
			fprintf(stderr, "haproxy-vrrp-check: %s: %s\n", path, strerror(errno));
		return 2;
	}
	problems = vrrp_conf_check(path, config_id, text, len, collect, &rs);
	free(text);
	qsort(rs.r, (size_t)rs.n, sizeof(*rs.r), by_line);

	printf("%s, as haproxy-vrrp reads it:\n\n", path);
	printf("%5s  %-28s %-12s %s\n", "line", "keyword", "verdict", "why");
	for (i = 0; i < rs.n; i++) {
		if (i == 0 ? rs.r[i].file != 0 : rs.r[i].file != rs.r[i - 1].file)
			printf("\n%s (included):\n", rs.r[i].fname);
		printf("%5d  %-28s %-12s %s\n", rs.r[i].line, rs.r[i].kw,
		       vrrp_kw_class_name(rs.r[i].cls), rs.r[i].why);
	}
	printf("\n%d used, %d replaced by HAProxy's liveness, %d without effect, "
	       "%d unsupported, %d invalid\n", rs.count[VRRP_KW_USED],
	       rs.count[VRRP_KW_REPLACED], rs.count[VRRP_KW_NO_EFFECT],
	       rs.count[VRRP_KW_UNSUPPORTED], rs.count[VRRP_KW_INVALID]);
	printf("%s\n", problems == 0 ? "=> loads as it is" :
	       "=> does not load as it is: fix or remove the unsupported and invalid lines");
	free(rs.r);
	return problems == 0 ? 0 : 1;
}
