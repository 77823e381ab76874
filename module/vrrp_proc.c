/*
 * Process facts from /proc, read through a descriptor. See vrrp_proc.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vrrp_proc.h"

int vrrp_proc_open(void)
{
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* Reads up to <len> - 1 bytes of /proc/<name> into <buf>, NUL-terminated.
 * Returns the length, or -1 (errno set).
 */
static ssize_t read_proc_file(int procfd, const char *name, char *buf, size_t len)
{
	ssize_t n, total = 0;
	int fd = openat(procfd, name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((size_t)total < len - 1) {
		n = read(fd, buf + total, len - 1 - (size_t)total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

/* Reads comm, ppid and start time (clock ticks after boot) of <pid>.
 * Returns 0 or -1.
 */
static int read_stat(int procfd, pid_t pid, char *comm, size_t commlen, pid_t *ppid,
                     unsigned long long *start)
{
	char name[32], buf[1024], *open_paren, *close_paren, *p;
	size_t n;
	int field;

	snprintf(name, sizeof(name), "%d/stat", (int)pid);
	if (read_proc_file(procfd, name, buf, sizeof(buf)) < 0)
		return -1;
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

int vrrp_proc_younger_siblings(int procfd)
{
	char my_comm[64], comm[64];
	pid_t self = getpid(), parent = getppid(), pp;
	unsigned long long my_start, start;
	struct dirent *de;
	DIR *d;
	int younger = 0;

	int dirfd;

	if (procfd < 0)
		return -EBADF;
	if (read_stat(procfd, self, my_comm, sizeof(my_comm), &pp, &my_start) < 0)
		return -errno;
	/* Only a master-worker HAProxy: our parent is an HAProxy too. */
	if (read_stat(procfd, parent, comm, sizeof(comm), &pp, &start) < 0 ||
	    strcmp(comm, my_comm) != 0)
		return 0;
	/* A descriptor of its own: fdopendir takes it, and a dup would share
	 * the read position with <procfd>.
	 */
	dirfd = openat(procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return -errno;
	}
	while ((de = readdir(d))) {
		pid_t pid = (pid_t)strtol(de->d_name, NULL, 10);

		if (pid <= 0 || pid == self)
			continue;
		if (read_stat(procfd, pid, comm, sizeof(comm), &pp, &start) < 0 ||
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

bool vrrp_proc_replaces_old_pids(int procfd)
{
	char buf[8192];
	ssize_t len;
	size_t n, i;
	bool found = false;

	len = read_proc_file(procfd, "self/cmdline", buf, sizeof(buf));
	if (len <= 0)
		return false;
	n = (size_t)len;
	/* NUL-separated arguments. */
	for (i = 0; i < n && !found; i += strlen(buf + i) + 1)
		found = strcmp(buf + i, "-sf") == 0 || strcmp(buf + i, "-st") == 0;
	return found;
}
