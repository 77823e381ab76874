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
#include <time.h>

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
	int ttl = VRRP_TTL, off = 0, one = 1, tos = 0xc0; /* precedence: network control */
	int rcvbuf = 1 << 20;
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
	/* The reader polls this socket between other work, so it needs the
	 * time each advert arrived; and room for every advert on the link
	 * between two reads (255 routers at 10 adverts a second for a few
	 * hundred ms: about a thousand packets).
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) < 0)
		return sock_fail(fd, "SO_TIMESTAMPNS", err, errlen);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
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

int vrrp_sock_recv_batch(int fd, struct vrrp_sock_pkt *pkts, unsigned int n)
{
	struct mmsghdr msgs[VRRP_SOCK_BATCH];
	struct iovec iov[VRRP_SOCK_BATCH];
	char ctl[VRRP_SOCK_BATCH][CMSG_SPACE(sizeof(struct timespec))];
	unsigned int i;
	int got;

	if (n > VRRP_SOCK_BATCH)
		n = VRRP_SOCK_BATCH;
	memset(msgs, 0, sizeof(msgs[0]) * n);
	for (i = 0; i < n; i++) {
		iov[i].iov_base = pkts[i].buf;
		iov[i].iov_len = VRRP_SOCK_PKT_CAP;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_control = ctl[i];
		msgs[i].msg_hdr.msg_controllen = sizeof(ctl[i]);
	}
	got = recvmmsg(fd, msgs, n, MSG_DONTWAIT, NULL);
	if (got < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
	for (i = 0; i < (unsigned int)got; i++) {
		struct cmsghdr *c;

		pkts[i].len = msgs[i].msg_len;
		pkts[i].rx_real_ns = 0;
		for (c = CMSG_FIRSTHDR(&msgs[i].msg_hdr); c;
		     c = CMSG_NXTHDR(&msgs[i].msg_hdr, c)) {
			struct timespec ts;

			if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS)
				continue;
			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			pkts[i].rx_real_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
		}
	}
	return got;
}

uint64_t vrrp_sock_arrival_ms(int64_t rx_real_ns, int64_t real_now_ns, uint64_t now)
{
	int64_t age_ms;

	if (!rx_real_ns || rx_real_ns > real_now_ns)
		return now;
	age_ms = (real_now_ns - rx_real_ns) / 1000000;
	if (age_ms > 60000 || (uint64_t)age_ms > now)
		return now;
	return now - (uint64_t)age_ms;
}
