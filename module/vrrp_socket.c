/*
 * The VRRP raw socket. See vrrp_socket.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "vrrp_packet-t.h"
#include "vrrp_socket.h"

static int sock_fail(int fd, const char *step, char *err, size_t errlen)
{
	int e = errno;

	snprintf(err, errlen, "VRRP socket: %s: %s%s", step, strerror(e),
	         e == EPERM ? " (HAProxy needs CAP_NET_RAW)" : "");
	if (fd >= 0)
		close(fd);
	return -e;
}

int vrrp_sock_open(const char *ifname, int ifindex, uint32_t src, bool unicast,
                   char *err, size_t errlen)
{
	struct ip_mreqn mreq = { 0 };
	int ttl = VRRP_TTL, off = 0, tos = 0xc0; /* precedence: network control */
	int fd;

	fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, VRRP_IPPROTO);
	if (fd < 0)
		return sock_fail(-1, "socket(IPPROTO 112)", err, errlen);
	/* Only this interface's adverts: several instances may share a VRID
	 * on different links.
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
	               (socklen_t)strlen(ifname) + 1) < 0)
		return sock_fail(fd, "SO_BINDTODEVICE", err, errlen);
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0)
		return sock_fail(fd, "TTL 255", err, errlen);
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &off, sizeof(off)) < 0)
		return sock_fail(fd, "IP_MULTICAST_LOOP", err, errlen);
	setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
	/* The kernel takes the multicast source from IP_MULTICAST_IF. */
	mreq.imr_ifindex = ifindex;
	mreq.imr_address.s_addr = src;
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq)) < 0)
		return sock_fail(fd, "IP_MULTICAST_IF", err, errlen);
	if (unicast) {
		struct sockaddr_in sin = { .sin_family = AF_INET };

		sin.sin_addr.s_addr = src;
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
			return sock_fail(fd, "bind to unicast_src_ip", err, errlen);
		return fd;
	}
	mreq.imr_multiaddr.s_addr = htonl(VRRP_MCAST_GROUP_V4);
	mreq.imr_address.s_addr = 0;
	if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) < 0)
		return sock_fail(fd, "join 224.0.0.18", err, errlen);
	return fd;
}

int vrrp_sock_send(int fd, uint32_t dst_addr, const uint8_t *msg, size_t len)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };

	dst.sin_addr.s_addr = dst_addr;
	if (sendto(fd, msg, len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0)
		return -errno;
	return 0;
}

ssize_t vrrp_sock_recv(int fd, uint8_t *buf, size_t cap)
{
	ssize_t n = recv(fd, buf, cap, MSG_DONTWAIT);

	if (n < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
	return n;
}
