/*
 * Entering and leaving a named network namespace. See vrrp_netns.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>

#include "vrrp_netns.h"

#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif

int vrrp_netns_open(const char *name, char *err, size_t errlen)
{
	char path[sizeof(VRRP_NETNS_DIR) + 256];
	struct statfs sf;
	int fd, type;

	snprintf(path, sizeof(path), "%s%s", VRRP_NETNS_DIR, name);
	/* (non-blocking: a FIFO put there must not hang the check) */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;

		snprintf(err, errlen, "cannot open %s: %s%s", path, strerror(e),
		         e == ENOENT ? " (create the namespace first, e.g. \"ip netns add "
		                       "NAME\": like keepalived, haproxy-vrrp neither creates "
		                       "it nor waits for it)" : "");
		return -1;
	}
	/* "ip netns add" bind-mounts the namespace there; until it did, or
	 * after "ip netns delete", the name is a plain file (or nothing).
	 */
	if (fstatfs(fd, &sf) < 0 || sf.f_type != NSFS_MAGIC) {
		snprintf(err, errlen, "%s is not a namespace (a plain file: was \"ip "
		         "netns add\" interrupted, or the namespace deleted?)", path);
		close(fd);
		return -1;
	}
	/* NS_GET_NSTYPE since Linux 4.11; an older kernel cannot tell, and
	 * setns() will refuse another kind.
	 */
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type >= 0 && type != CLONE_NEWNET) {
		snprintf(err, errlen, "%s is a namespace, but not a network one", path);
		close(fd);
		return -1;
	}
	return fd;
}

int vrrp_netns_enter(int nsfd, char *err, size_t errlen)
{
	/* (this thread's: setns moves the calling thread only) */
	int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);

	if (home < 0) {
		snprintf(err, errlen, "cannot open /proc/thread-self/ns/net (HAProxy's own "
		         "network namespace, to come back to): %s", strerror(errno));
		return -1;
	}
	if (setns(nsfd, CLONE_NEWNET) < 0) {
		int e = errno;

		snprintf(err, errlen, "cannot enter the network namespace: setns: %s%s",
		         strerror(e), e == EPERM ? " (it needs CAP_SYS_ADMIN: HAProxy's "
		         "master must start as root)" : "");
		close(home);
		return -1;
	}
	return home;
}

void vrrp_netns_leave(int home)
{
	int ret = setns(home, CLONE_NEWNET);

	if (ret < 0) {
		/* HAProxy would go on in the wrong namespace: its listeners,
		 * a reload's master, everything after. Nothing safe is left
		 * to do but stop here, loudly.
		 */
		fprintf(stderr, "haproxy-vrrp: cannot return to HAProxy's own network "
		        "namespace: setns: %s: aborting\n", strerror(errno));
		abort();
	}
	close(home);
}
