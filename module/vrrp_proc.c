/*
 * How this process was started. See vrrp_proc.h.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vrrp_proc.h"

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

ssize_t vrrp_proc_cmdline(char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;
	int err, fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while (len < cap - 1) {
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			close(fd);
			return -err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

int vrrp_proc_old_pids(pid_t *pids, int max)
{
	char buf[16384];
	ssize_t got = vrrp_proc_cmdline(buf, sizeof(buf));
	size_t len, i;
	bool after_sf = false;
	int count = 0;

	if (got < 0)
		return (int)got;
	len = (size_t)got;
	/* NUL-separated arguments: "-sf" (or "-st") then pids, up to the next
	 * option. HAProxy puts them right after argv[0].
	 */
	for (i = 0; i < len; i += strlen(buf + i) + 1) {
		const char *arg = buf + i;
		char *end;
		long pid;

		if (strcmp(arg, "-sf") == 0 || strcmp(arg, "-st") == 0) {
			after_sf = true;
			continue;
		}
		if (!after_sf)
			continue;
		pid = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || pid <= 0) {
			after_sf = false;
			continue;
		}
		/* HAProxy lists the oldest first and the worker that runs now
		 * last: past <max>, the oldest are the ones left out.
		 */
		if (max <= 0)
			continue;
		if (count == max) {
			memmove(pids, pids + 1, (size_t)(max - 1) * sizeof(*pids));
			count--;
		}
		pids[count++] = (pid_t)pid;
	}
	return count;
}

const volatile int *vrrp_proc_stopping_flag(void)
{
	return (const volatile int *)dlsym(RTLD_DEFAULT, "stopping");
}
