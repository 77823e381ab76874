/*
 * vrrp_send: sends one hand-made VRRP message to 224.0.0.18 (or, with -6,
 * to ff02::12), for the integration tests that check how malformed or
 * foreign adverts are counted and dropped. Run it inside a test namespace
 * only.
 *
 * Usage: vrrp_send [-6] [-t TTL] [-n COUNT] [-c 2|3] [-s SRC] [-d DST] IFACE HEX
 *   HEX    the VRRP message (no IP header), e.g. from test/vectors
 *   -6     over IPv6 (-s is then needed: the interface's link-local address)
 *   -t     IP TTL / hop limit (default 255; VRRP requires 255)
 *   -n     how many copies (default 1, at most 1000)
 *   -c V   recompute the checksum as VRRPv2 (or v3 with pseudo-header)
 *   -s     source address (one of the interface's own)
 *   -d     destination (default 224.0.0.18 / ff02::12), e.g. a unicast-mode router
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrrp_addr.h"
#include "vrrp_packet.h"

static int usage(void)
{
	fprintf(stderr, "usage: vrrp_send [-6] [-t TTL] [-n COUNT] [-c 2|3] [-s SRC] [-d DST] IFACE HEX\n");
	return 2;
}

/* Sends <count> copies of <msg> (<len> bytes) on <fd> to <to>, its
 * checksum first recomputed as version <fix> from <src> to <dst> unless
 * <fix> is 0. Closes <fd>; returns main()'s exit status.
 */
static int fix_and_send(int fd, uint8_t *msg, size_t len, int fix,
                        const struct vrrp_addr *src, const struct vrrp_addr *dst,
                        const void *to, socklen_t tolen, int count)
{
	int i;

	if (fix && len >= 8) {
		uint16_t c = vrrp_checksum(msg, len, (uint8_t)fix, src, dst,
		                           VRRP_CSUM_PSEUDO_HEADER);

		msg[6] = (uint8_t)(c >> 8);
		msg[7] = (uint8_t)c;
	}
	for (i = 0; i < count; i++)
		if (sendto(fd, msg, len, 0, (const struct sockaddr *)to, tolen) < 0) {
			perror("vrrp_send: sendto");
			close(fd);
			return 1;
		}
	close(fd);
	return 0;
}

/* The IPv6 variant: the source must be given (it is bound, so it is the
 * one the checksum covers).
 */
static int send6(const char *ifname, const char *srcs, const char *dsts, int hops,
                 int count, int fix, uint8_t *msg, size_t len)
{
	struct sockaddr_in6 src = { .sin6_family = AF_INET6 }, dst = { .sin6_family = AF_INET6 };
	struct vrrp_addr s, d;
	unsigned int ifindex = if_nametoindex(ifname);
	int fd;

	if (!ifindex || !srcs || inet_pton(AF_INET6, srcs, &src.sin6_addr) != 1 ||
	    inet_pton(AF_INET6, dsts ? dsts : VRRP_MCAST_GROUP_V6, &dst.sin6_addr) != 1)
		return usage();
	src.sin6_scope_id = dst.sin6_scope_id = ifindex;
	fd = socket(AF_INET6, SOCK_RAW, VRRP_IPPROTO);
	if (fd < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof(ifindex)) < 0 ||
	    bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0) {
		perror("vrrp_send: IPv6 socket");
		return 1;
	}
	s = vrrp_addr_from(AF_INET6, &src.sin6_addr);
	d = vrrp_addr_from(AF_INET6, &dst.sin6_addr);
	return fix_and_send(fd, msg, len, fix, &s, &d, &dst, sizeof(dst), count);
}

int main(int argc, char **argv)
{
	int ttl = 255, count = 1, fix = 0, v6 = 0, opt, fd, i;
	const char *srcs = NULL, *dsts = NULL;
	uint8_t msg[1024];
	size_t len = 0;
	struct ip_mreqn mreq = { 0 };
	struct sockaddr_in dst = { .sin_family = AF_INET }, src = { 0 };
	struct vrrp_addr s, d;
	const char *hex;

	dst.sin_addr.s_addr = htonl(VRRP_MCAST_GROUP_V4);
	while ((opt = getopt(argc, argv, "6t:n:c:s:d:")) != -1) {
		if (opt == '6')
			v6 = 1;
		else if (opt == 't')
			ttl = atoi(optarg);
		else if (opt == 'n')
			count = atoi(optarg);
		else if (opt == 'c')
			fix = atoi(optarg);
		else if (opt == 'd')
			dsts = optarg;
		else if (opt == 's')
			srcs = optarg;
		else
			return usage();
	}
	if (argc - optind != 2 || count < 1 || count > 1000 || ttl < 1 || ttl > 255)
		return usage();
	hex = argv[optind + 1];
	for (i = 0; hex[i] && hex[i + 1] && len < sizeof(msg); i += 2) {
		unsigned int b;

		if (sscanf(hex + i, "%2x", &b) != 1)
			return usage();
		msg[len++] = (uint8_t)b;
	}
	if (v6)
		return send6(argv[optind], srcs, dsts, ttl, count, fix, msg, len);
	if ((dsts && inet_pton(AF_INET, dsts, &dst.sin_addr) != 1) ||
	    (srcs && inet_pton(AF_INET, srcs, &mreq.imr_address) != 1))
		return usage();
	mreq.imr_ifindex = (int)if_nametoindex(argv[optind]);
	if (!mreq.imr_ifindex) {
		fprintf(stderr, "vrrp_send: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	fd = socket(AF_INET, SOCK_RAW, VRRP_IPPROTO);
	if (fd < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq)) < 0) {
		perror("vrrp_send: socket");
		return 1;
	}
	if (fix && len >= 8) {
		/* v3 needs the source address, which the kernel picks: ask it. */
		socklen_t sl = sizeof(src);
		int probe = socket(AF_INET, SOCK_DGRAM, 0);

		setsockopt(probe, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq));
		dst.sin_port = htons(9);
		connect(probe, (struct sockaddr *)&dst, sizeof(dst));
		getsockname(probe, (struct sockaddr *)&src, &sl);
		close(probe);
		dst.sin_port = 0;
	}
	s = vrrp_addr4(src.sin_addr.s_addr);
	d = vrrp_addr4(dst.sin_addr.s_addr);
	return fix_and_send(fd, msg, len, fix, &s, &d, &dst, sizeof(dst), count);
}
