/*
 * Reload hand-off over abstract UNIX datagram sockets. See vrrp_handoff.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "vrrp_handoff.h"

#define HANDOFF_MSG "haproxy-vrrp successor"

/* Fills <sun> with the abstract name of <pid>'s socket for <tag>. Returns
 * the address length to pass to bind/sendto.
 */
static socklen_t handoff_addr(struct sockaddr_un *sun, pid_t pid, const char *tag)
{
	int n;

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	/* sun_path[0] = '\0': the abstract namespace. A long tag is cut: the
	 * pid keeps the name unique, the tag only tells two nodes apart.
	 */
	n = snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1, "haproxy-vrrp/%d/%s",
	             (int)pid, tag);
	if (n < 0)
		n = 0;
	if ((size_t)n > sizeof(sun->sun_path) - 2)
		n = (int)sizeof(sun->sun_path) - 2;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
}

int vrrp_handoff_open(const char *tag, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	socklen_t len = handoff_addr(&sun, getpid(), tag);
	int one = 1;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		snprintf(err, errlen, "socket(AF_UNIX): %s", strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sun, len) < 0) {
		snprintf(err, errlen, "abstract socket @%.*s: %s", (int)(len - 1 -
		         offsetof(struct sockaddr_un, sun_path)), sun.sun_path + 1, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int vrrp_handoff_announce(const pid_t *pids, int n, const char *tag)
{
	struct sockaddr_un sun;
	socklen_t len;
	int i, told = 0;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return 0;
	for (i = 0; i < n; i++) {
		len = handoff_addr(&sun, pids[i], tag);
		if (sendto(fd, HANDOFF_MSG, sizeof(HANDOFF_MSG) - 1, 0,
		           (struct sockaddr *)&sun, len) >= 0)
			told++;
	}
	close(fd);
	return told;
}

pid_t vrrp_handoff_successor(int fd)
{
	char buf[64];
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} control;
	pid_t successor = 0;
	int i;

	if (fd < 0)
		return 0;
	/* Bounded: a flood must not keep HAProxy's thread here. */
	for (i = 0; i < 64; i++) {
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = control.buf, .msg_controllen = sizeof(control.buf),
		};
		struct cmsghdr *c;
		const struct ucred *cred = NULL;
		ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS)
				cred = (const struct ucred *)CMSG_DATA(c);
		if (cred && (cred->uid == geteuid() || cred->uid == 0) &&
		    cred->pid != getpid() && cred->pid > 0 &&
		    (size_t)n == sizeof(HANDOFF_MSG) - 1 &&
		    memcmp(buf, HANDOFF_MSG, (size_t)n) == 0)
			successor = cred->pid;
	}
	return successor;
}
