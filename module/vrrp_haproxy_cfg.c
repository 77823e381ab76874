/*
 * A look at HAProxy's configuration files. See vrrp_haproxy_cfg.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vrrp_conf.h"
#include "vrrp_conf_parser.h"
#include "vrrp_haproxy_cfg.h"

/* Copies the next word of <p> (spaces and tabs apart, double or single
 * quotes around it removed) into <out> of <cap>; returns what follows.
 */
static const char *next_word(const char *p, char *out, size_t cap)
{
	size_t n = 0;
	char quote = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '"' || *p == '\'')
		quote = *p++;
	while (*p && *p != '\n' && *p != '\r' &&
	       (quote ? *p != quote : (*p != ' ' && *p != '\t' && *p != '#'))) {
		if (n + 1 < cap)
			out[n++] = *p;
		p++;
	}
	if (quote && *p == quote)
		p++;
	out[n] = '\0';
	return p;
}

static int file_has_backend(const char *path, const char *name)
{
	char word[256], *line = NULL;
	size_t cap = 0;
	int found = 0;
	FILE *f = fopen(path, "re");
	const char *p;

	if (!f)
		return -errno;
	while (!found && getline(&line, &cap, f) >= 0) {
		p = next_word(line, word, sizeof(word));
		if (strcmp(word, "backend") != 0 && strcmp(word, "listen") != 0)
			continue;
		next_word(p, word, sizeof(word));
		found = strcmp(word, name) == 0;
	}
	free(line);
	fclose(f);
	return found;
}

/* The files HAProxy reads in a directory: *.cfg, not hidden ones. */
static int cfg_suffix(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 4 && strcmp(d->d_name + n - 4, ".cfg") == 0;
}

int vrrp_haproxy_cfg_has_backend(const char *path, const char *name)
{
	struct dirent **ents;
	struct stat st;
	char sub[4096];
	int n, i, ret = 0;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return file_has_backend(path, name);
	n = scandir(path, &ents, cfg_suffix, alphasort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		if (ret == 0) {
			snprintf(sub, sizeof(sub), "%s/%s", path, ents[i]->d_name);
			ret = file_has_backend(sub, name);
		}
		free(ents[i]);
	}
	free(ents);
	return ret;
}

int vrrp_haproxy_cfg_files(const char *cmdline, size_t len, const char **files,
                           int max)
{
	bool next_is_file = false, rest_are_files = false;
	int n = 0;
	size_t i;

	/* Skip argv[0]. */
	for (i = strnlen(cmdline, len) + 1; i < len && n < max;
	     i += strnlen(cmdline + i, len - i) + 1) {
		const char *arg = cmdline + i;

		if (next_is_file || rest_are_files) {
			files[n++] = arg;
			next_is_file = false;
		} else if (strcmp(arg, "--") == 0) {
			rest_are_files = true;
		} else if (strcmp(arg, "-f") == 0) {
			next_is_file = true;
		} else if (strncmp(arg, "-f", 2) == 0) {
			files[n++] = arg + 2;
		}
	}
	return n;
}

int vrrp_haproxy_cfg_check_tracked(const struct vrrp_conf *conf, const char *cmdline,
                                   size_t len, char *err, size_t errlen)
{
	const char *files[64];
	char names[1024];
	int nfiles = vrrp_haproxy_cfg_files(cmdline, len, files, 64);
	int i, k, f, ret;

	/* No file, or more than this reads: nothing sure to check against
	 * (the start checks HAProxy's own list of backends).
	 */
	if (!nfiles || nfiles == 64)
		return 0;
	for (i = 0; i < conf->ninst; i++) {
		const struct vrrp_instance_conf *in = &conf->inst[i];

		for (k = 0; k < in->ntrack_be; k++) {
			const struct vrrp_track_backend_conf *t = &in->track_be[k];
			size_t used = 0;

			for (ret = 0, f = 0; ret != 1 && f < nfiles; f++) {
				ret = vrrp_haproxy_cfg_has_backend(files[f], t->name);
				if (ret < 0) {
					snprintf(err, errlen, "%s:%d: %s: cannot read %s to check "
					         "that it is a backend: %s",
					         vrrp_conf_file(conf, t->line), conf_loc_line(t->line),
					         t->name, files[f], strerror(-ret));
					return -1;
				}
			}
			if (ret == 1)
				continue;
			names[0] = '\0';
			for (f = 0; f < nfiles && used < sizeof(names); f++)
				used += (size_t)snprintf(names + used, sizeof(names) - used,
				                         "%s%s", f ? ", " : "", files[f]);
			snprintf(err, errlen, "%s:%d: %s: not a backend in %s (track_backend "
			         "needs a \"backend\" or \"listen\" section of that name)",
			         vrrp_conf_file(conf, t->line), conf_loc_line(t->line), t->name,
			         names);
			return -1;
		}
	}
	return 0;
}
