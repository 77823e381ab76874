/*
 * Link state. See vrrp_link.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "vrrp_link.h"

bool vrrp_link_up(int fd, const char *ifname)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return false;
	return (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
}

int vrrp_link_index(int fd, const char *ifname)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		return 0;
	return ifr.ifr_ifindex;
}

int vrrp_link_watch_open(char *err, size_t errlen)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	int fd, e;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		e = errno;
		snprintf(err, errlen, "link watch (rtnetlink): %s", strerror(e));
		if (fd >= 0)
			close(fd);
		return -e;
	}
	return fd;
}

int vrrp_link_watch_read(int fd)
{
	char buf[32768];
	int changed = 0, i;

	/* Bounded: a host that changes links faster than we read must not
	 * keep us here.
	 */
	for (i = 0; i < 64; i++) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		int left = (int)n;

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return changed;
			if (errno == ENOBUFS || errno == EINTR)
				return 1;
			return -errno;
		}
		if (!NLMSG_OK(nlh, left))
			changed = 1;  /* cut short: cannot tell, so assume so */
		for (; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left))
			if (nlh->nlmsg_type == RTM_NEWLINK || nlh->nlmsg_type == RTM_DELLINK)
				changed = 1;
	}
	return 1;
}
