/*
 * Fault injection for the integration tests, preloaded into a real HAProxy
 * (LD_PRELOAD) so that the module under test is the shipped vrrp.so,
 * unchanged. It wraps recv(), recvmsg(), recvmmsg() and sendto() and acts
 * only on rtnetlink sockets and raw IP protocol 112 (VRRP) sockets;
 * everything else passes through untouched.
 *
 * What to inject is read from the file named by VRRP_FAULTS whenever that
 * file changes (the test writes it while HAProxy runs), one command per
 * line; an empty file injects nothing:
 *
 *   nl_drop_acks N      the kernel's next N answers (ACK or error) to
 *                       rtnetlink requests are taken off the socket and
 *                       never seen, as if the kernel had not answered
 *   nl_refuse_newaddr   every RTM_NEWADDR sent asks for prefix length 33,
 *                       which the kernel itself refuses (EINVAL)
 *   raw_recv_error N    the next N reads of the VRRP socket fail with EIO
 *
 * Counts start again each time the file changes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	struct stat seen;       /* the control file as last read */
	long nl_drop_acks;
	bool nl_refuse_newaddr;
	long raw_recv_error;
} faults;

enum sock_kind { OTHER, RTNETLINK, VRRP_RAW };

static enum sock_kind kind_of(int fd)
{
	int domain = 0, proto = 0;
	socklen_t len = sizeof(domain);

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0)
		return OTHER;
	len = sizeof(proto);
	if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) < 0)
		return OTHER;
	if (domain == AF_NETLINK && proto == NETLINK_ROUTE)
		return RTNETLINK;
	if (domain == AF_INET && proto == 112)
		return VRRP_RAW;
	return OTHER;
}

/* Re-reads the control file if it changed. Called with <lock> held. */
static void refresh(void)
{
	const char *path = getenv("VRRP_FAULTS");
	struct stat st;
	char line[128];
	FILE *f;

	if (!path || stat(path, &st) < 0) {
		memset(&faults, 0, sizeof(faults));
		return;
	}
	if (st.st_ino == faults.seen.st_ino && st.st_size == faults.seen.st_size &&
	    st.st_mtim.tv_sec == faults.seen.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == faults.seen.st_mtim.tv_nsec)
		return;
	memset(&faults, 0, sizeof(faults));
	faults.seen = st;
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		long n;

		if (sscanf(line, "nl_drop_acks %ld", &n) == 1)
			faults.nl_drop_acks = n;
		else if (strncmp(line, "nl_refuse_newaddr", 17) == 0)
			faults.nl_refuse_newaddr = true;
		else if (sscanf(line, "raw_recv_error %ld", &n) == 1)
			faults.raw_recv_error = n;
	}
	fclose(f);
}

/* Whether a read on <fd> must fail now, and with which errno. */
static int read_fault(int fd)
{
	enum sock_kind k = kind_of(fd);
	int err = 0;

	if (k == OTHER)
		return 0;
	pthread_mutex_lock(&lock);
	refresh();
	if (k == VRRP_RAW && faults.raw_recv_error > 0) {
		faults.raw_recv_error--;
		err = EIO;
	}
	pthread_mutex_unlock(&lock);
	return err;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	static ssize_t (*real)(int, struct msghdr *, int);
	int err = read_fault(fd);

	if (err) {
		errno = err;
		return -1;
	}
	if (!real)
		real = (ssize_t (*)(int, struct msghdr *, int))dlsym(RTLD_NEXT, "recvmsg");
	return real(fd, msg, flags);
}

/* Whether the rtnetlink answer of <n> bytes in <buf>, just read from <fd>,
 * must vanish (nl_drop_acks).
 */
static bool drop_answer(int fd, const void *buf, ssize_t n)
{
	const struct nlmsghdr *nlh = buf;
	bool drop = false;

	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) ||
	    nlh->nlmsg_type != NLMSG_ERROR || kind_of(fd) != RTNETLINK)
		return false;
	pthread_mutex_lock(&lock);
	refresh();
	if (faults.nl_drop_acks > 0) {
		faults.nl_drop_acks--;
		drop = true;
	}
	pthread_mutex_unlock(&lock);
	return drop;
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	static ssize_t (*real)(int, void *, size_t, int);
	int err = read_fault(fd);
	ssize_t n;

	if (err) {
		errno = err;
		return -1;
	}
	if (!real)
		real = (ssize_t (*)(int, void *, size_t, int))dlsym(RTLD_NEXT, "recv");
	do
		n = real(fd, buf, len, flags);
	while (drop_answer(fd, buf, n));
	return n;
}

int recvmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags,
             struct timespec *timeout)
{
	static int (*real)(int, struct mmsghdr *, unsigned int, int, struct timespec *);
	int err = read_fault(fd);

	if (err) {
		errno = err;
		return -1;
	}
	if (!real)
		real = (int (*)(int, struct mmsghdr *, unsigned int, int,
		                struct timespec *))dlsym(RTLD_NEXT, "recvmmsg");
	return real(fd, msgs, n, flags, timeout);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
               const struct sockaddr *dst, socklen_t dstlen)
{
	static ssize_t (*real)(int, const void *, size_t, int,
	                       const struct sockaddr *, socklen_t);
	char copy[8192];
	bool refuse = false;

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, int,
		                    const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "sendto");
	if (len >= NLMSG_LENGTH(sizeof(struct ifaddrmsg)) && len <= sizeof(copy) &&
	    kind_of(fd) == RTNETLINK) {
		pthread_mutex_lock(&lock);
		refresh();
		refuse = faults.nl_refuse_newaddr;
		pthread_mutex_unlock(&lock);
	}
	if (refuse && ((const struct nlmsghdr *)buf)->nlmsg_type == RTM_NEWADDR) {
		struct ifaddrmsg *ifa;

		memcpy(copy, buf, len);
		ifa = NLMSG_DATA((struct nlmsghdr *)copy);
		ifa->ifa_prefixlen = 33;
		return real(fd, copy, len, flags, dst, dstlen);
	}
	return real(fd, buf, len, flags, dst, dstlen);
}
