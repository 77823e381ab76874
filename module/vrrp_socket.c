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

#include "vrrp_addr.h"
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

/* A raw IP protocol 112 socket of <family> on <ifname>, with the options
 * every VRRP socket needs whatever its family. Returns the descriptor, or
 * -errno with <err> set.
 */
static int raw_socket(int family, const char *ifname, char *err, size_t errlen)
{
	int one = 1, rcvbuf = 1 << 20;
	int fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, VRRP_IPPROTO);

	if (fd < 0)
		return sock_fail(-1, family == AF_INET6 ? "socket(AF_INET6, IPPROTO 112)" :
		                                           "socket(IPPROTO 112)", err, errlen);

	/* Only this interface's adverts: several instances may share a VRID
	 * on different links.
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
	               (socklen_t)strlen(ifname) + 1) < 0)
		return sock_fail(fd, "SO_BINDTODEVICE", err, errlen);
	/* The reader polls this socket between other work, so it needs the
	 * time each advert arrived; and room for every advert on the link
	 * between two reads (255 routers at 10 adverts a second for a few
	 * hundred ms: about a thousand packets).
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) < 0)
		return sock_fail(fd, "SO_TIMESTAMPNS", err, errlen);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	return fd;
}

static int sock_open4(const char *ifname, int ifindex, uint32_t src, bool unicast,
                      char *err, size_t errlen)
{
	struct ip_mreqn mreq = { 0 };
	int ttl = VRRP_TTL, off = 0, tos = 0xc0; /* precedence: network control */
	int fd = raw_socket(AF_INET, ifname, err, errlen);

	if (fd < 0)
		return fd;
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

static int sock_open6(const char *ifname, int ifindex, const struct vrrp_addr *src,
                      bool unicast, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	struct ipv6_mreq mreq = { .ipv6mr_interface = (unsigned int)ifindex };
	int hops = VRRP_TTL, off = 0, one = 1, tclass = 0xc0;
	unsigned int oif = (unsigned int)ifindex;
	socklen_t sslen;
	int fd = raw_socket(AF_INET6, ifname, err, errlen);

	if (fd < 0)
		return fd;
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)) < 0)
		return sock_fail(fd, "hop limit 255", err, errlen);
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof(off)) < 0)
		return sock_fail(fd, "IPV6_MULTICAST_LOOP", err, errlen);
	setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tclass, sizeof(tclass));
	/* The header is the kernel's, so it must tell us what the checks
	 * need: the hop limit, and the destination the checksum covers. The
	 * checksum itself is ours (no IPV6_CHECKSUM): the kernel would drop
	 * a bad one unseen, and "show vrrp" counts them.
	 */
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) < 0)
		return sock_fail(fd, "IPV6_RECVHOPLIMIT/IPV6_RECVPKTINFO", err, errlen);
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &oif, sizeof(oif)) < 0)
		return sock_fail(fd, "IPV6_MULTICAST_IF", err, errlen);
	/* Bound to the source the checksum is computed with; a bound raw
	 * socket still gets the multicast groups it joined.
	 */
	sslen = vrrp_sock_dest(src, ifindex, &ss);
	if (bind(fd, (struct sockaddr *)&ss, sslen) < 0)
		return sock_fail(fd, unicast ? "bind to unicast_src_ip"
		                             : "bind to the link-local address", err, errlen);
	if (unicast)
		return fd;
	inet_pton(AF_INET6, VRRP_MCAST_GROUP_V6, &mreq.ipv6mr_multiaddr);
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) < 0)
		return sock_fail(fd, "join ff02::12", err, errlen);
	return fd;
}

int vrrp_sock_open(const char *ifname, int ifindex, const struct vrrp_addr *src,
                   bool unicast, char *err, size_t errlen)
{
	if (src->family == AF_INET6)
		return sock_open6(ifname, ifindex, src, unicast, err, errlen);
	return sock_open4(ifname, ifindex, src->v4, unicast, err, errlen);
}

socklen_t vrrp_sock_dest(const struct vrrp_addr *dst, int ifindex,
                         struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (dst->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = dst->v6;
		if (IN6_IS_ADDR_LINKLOCAL(&dst->v6) || IN6_IS_ADDR_MULTICAST(&dst->v6))
			sin6->sin6_scope_id = (uint32_t)ifindex;
		return sizeof(*sin6);
	}
	((struct sockaddr_in *)ss)->sin_family = AF_INET;
	((struct sockaddr_in *)ss)->sin_addr.s_addr = dst->v4;
	return sizeof(struct sockaddr_in);
}

int vrrp_sock_send(int fd, const struct vrrp_addr *dst, int ifindex, int ttl,
                   const uint8_t *msg, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sslen = vrrp_sock_dest(dst, ifindex, &ss);
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct msghdr mh = { .msg_name = &ss, .msg_namelen = sslen, .msg_iov = &iov,
	                     .msg_iovlen = 1 };
	struct cmsghdr *cm;

	/* One instance's TTL, on a socket its link shares with others: per
	 * message, not per socket.
	 */
	if (ttl > 0 && ttl != VRRP_TTL) {
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = dst->family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
		cm->cmsg_type = dst->family == AF_INET6 ? IPV6_HOPLIMIT : IP_TTL;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &ttl, sizeof(int));
	}
	if (sendmsg(fd, &mh, 0) < 0)
		return -errno;
	return 0;
}

int vrrp_sock_recv_batch(int fd, struct vrrp_sock_pkt *pkts, unsigned int n)
{
	struct mmsghdr msgs[VRRP_SOCK_BATCH];
	struct iovec iov[VRRP_SOCK_BATCH];
	struct sockaddr_storage from[VRRP_SOCK_BATCH];
	/* Room for what we asked for, and to spare: a control message cut
	 * off for lack of room would lose the hop limit.
	 */
	char ctl[VRRP_SOCK_BATCH][CMSG_SPACE(sizeof(struct timespec)) +
	                          CMSG_SPACE(sizeof(struct in6_pktinfo)) +
	                          CMSG_SPACE(sizeof(int)) + 64];
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
		msgs[i].msg_hdr.msg_name = &from[i];
		msgs[i].msg_hdr.msg_namelen = sizeof(from[i]);
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
		pkts[i].hoplimit = -1;
		memset(&pkts[i].src, 0, sizeof(pkts[i].src));
		memset(&pkts[i].dst, 0, sizeof(pkts[i].dst));
		if (from[i].ss_family == AF_INET6)
			pkts[i].src = vrrp_addr_from(AF_INET6,
			                             &((struct sockaddr_in6 *)&from[i])->sin6_addr);
		for (c = CMSG_FIRSTHDR(&msgs[i].msg_hdr); c;
		     c = CMSG_NXTHDR(&msgs[i].msg_hdr, c)) {
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
				struct timespec ts;

				memcpy(&ts, CMSG_DATA(c), sizeof(ts));
				pkts[i].rx_real_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
			} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT) {
				memcpy(&pkts[i].hoplimit, CMSG_DATA(c), sizeof(int));
			} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
				struct in6_pktinfo pi;

				memcpy(&pi, CMSG_DATA(c), sizeof(pi));
				pkts[i].dst = vrrp_addr_from(AF_INET6, &pi.ipi6_addr);
			}
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
