/*
 * vrrp_send: sends one hand-made VRRP message to 224.0.0.18, for the
 * integration tests that check how malformed or foreign adverts are
 * counted and dropped. Run it inside a test namespace only.
 *
 * Usage: vrrp_send [-t TTL] [-n COUNT] [-c 2|3] [-s SRC] [-d DST] IFACE HEX
 *   HEX    the VRRP message (no IP header), e.g. from test/vectors
 *   -t     IP TTL (default 255; VRRP requires 255)
 *   -n     how many copies (default 1, at most 1000)
 *   -c V   recompute the checksum as VRRPv2 (or v3 with pseudo-header)
 *   -s     source address (one of the interface's own)
 *   -d     destination (default 224.0.0.18), e.g. a unicast-mode router
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

#include "vrrp_packet.h"

static int usage(void)
{
	fprintf(stderr, "usage: vrrp_send [-t TTL] [-n COUNT] [-c 2|3] [-s SRC] [-d DST] IFACE HEX\n");
	return 2;
}

int main(int argc, char **argv)
{
	int ttl = 255, count = 1, fix = 0, opt, fd, i;
	uint8_t msg[1024];
	size_t len = 0;
	struct ip_mreqn mreq = { 0 };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	const char *hex;

	dst.sin_addr.s_addr = htonl(VRRP_MCAST_GROUP_V4);
	while ((opt = getopt(argc, argv, "t:n:c:s:d:")) != -1) {
		if (opt == 't')
			ttl = atoi(optarg);
		else if (opt == 'n')
			count = atoi(optarg);
		else if (opt == 'c')
			fix = atoi(optarg);
		else if (opt == 'd') {
			if (inet_pton(AF_INET, optarg, &dst.sin_addr) != 1)
				return usage();
		} else if (opt == 's') {
			if (inet_pton(AF_INET, optarg, &mreq.imr_address) != 1)
				return usage();
		} else
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
		struct sockaddr_in src = { 0 };
		socklen_t sl = sizeof(src);
		int probe = socket(AF_INET, SOCK_DGRAM, 0);
		uint16_t c;

		setsockopt(probe, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq));
		dst.sin_port = htons(9);
		connect(probe, (struct sockaddr *)&dst, sizeof(dst));
		getsockname(probe, (struct sockaddr *)&src, &sl);
		close(probe);
		dst.sin_port = 0;
		c = vrrp_checksum(msg, len, (uint8_t)fix, src.sin_addr.s_addr,
		                  dst.sin_addr.s_addr, VRRP_CSUM_PSEUDO_HEADER);
		msg[6] = (uint8_t)(c >> 8);
		msg[7] = (uint8_t)c;
	}
	for (i = 0; i < count; i++)
		if (sendto(fd, msg, len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0) {
			perror("vrrp_send: sendto");
			return 1;
		}
	close(fd);
	return 0;
}
