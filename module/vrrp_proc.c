/*
 * Process facts from /proc. See vrrp_proc.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vrrp_proc.h"

/* Reads comm, ppid and start time (clock ticks after boot) of <pid>.
 * Returns 0 or -1.
 */
static int read_stat(pid_t pid, char *comm, size_t commlen, pid_t *ppid,
                     unsigned long long *start)
{
	char path[64], buf[1024], *open_paren, *close_paren, *p;
	size_t n;
	FILE *f;
	int field;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: it ends at the last ')'. */
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren)
		return -1;
	n = (size_t)(close_paren - open_paren - 1);
	if (n >= commlen)
		n = commlen - 1;
	memcpy(comm, open_paren + 1, n);
	comm[n] = '\0';
	/* Fields after comm: 3 state, 4 ppid, ..., 22 starttime. */
	p = close_paren + 2;
	for (field = 3; field < 22 && p; field++) {
		if (field == 4)
			*ppid = (pid_t)strtol(p, NULL, 10);
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p)
		return -1;
	*start = strtoull(p, NULL, 10);
	return 0;
}

int vrrp_proc_younger_siblings(void)
{
	char my_comm[64], comm[64];
	pid_t self = getpid(), parent = getppid(), pp;
	unsigned long long my_start, start;
	struct dirent *de;
	DIR *d;
	int younger = 0;

	if (read_stat(self, my_comm, sizeof(my_comm), &pp, &my_start) < 0)
		return -errno;
	/* Only a master-worker HAProxy: our parent is an HAProxy too. */
	if (read_stat(parent, comm, sizeof(comm), &pp, &start) < 0 ||
	    strcmp(comm, my_comm) != 0)
		return 0;
	d = opendir("/proc");
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		pid_t pid = (pid_t)strtol(de->d_name, NULL, 10);

		if (pid <= 0 || pid == self)
			continue;
		if (read_stat(pid, comm, sizeof(comm), &pp, &start) < 0 ||
		    pp != parent || strcmp(comm, my_comm) != 0)
			continue;
		if (start > my_start || (start == my_start && pid > self))
			younger++;
	}
	closedir(d);
	return younger;
}

bool vrrp_proc_is_reload(void)
{
	const char *v = getenv("HAPROXY_MWORKER_REEXEC");

	return v && *v && strcmp(v, "0") != 0;
}

bool vrrp_proc_master_worker(void)
{
	const char *v = getenv("HAPROXY_MWORKER");

	return v && *v;
}

bool vrrp_proc_replaces_old_pids(void)
{
	char buf[8192];
	size_t n, i;
	bool found = false;
	FILE *f = fopen("/proc/self/cmdline", "re");

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* NUL-separated arguments. */
	for (i = 0; i < n && !found; i += strlen(buf + i) + 1)
		found = strcmp(buf + i, "-sf") == 0 || strcmp(buf + i, "-st") == 0;
	return found;
}

bool vrrp_proc_has_cap(int cap)
{
	char line[256];
	bool has = false;
	FILE *f = fopen("/proc/thread-self/status", "re");

	if (!f)
		f = fopen("/proc/self/status", "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "CapEff:", 7) == 0) {
			unsigned long long mask = strtoull(line + 7, NULL, 16);

			has = (mask >> cap) & 1;
			break;
		}
	}
	fclose(f);
	return has;
}
