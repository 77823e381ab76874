/*
 * Unsolicited neighbour advertisements. See vrrp_ndisc.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "vrrp_ndisc.h"
#include "vrrp_packet.h"

#define ICMPV6_NA           136
#define NA_FLAG_ROUTER      0x80
#define NA_FLAG_OVERRIDE    0x20
#define ND_OPT_TARGET_LL    2

size_t vrrp_na_build(uint8_t *buf, const uint8_t mac[6], const struct vrrp_addr *vip,
                     bool router)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 0x01 };
	uint8_t *icmp = buf + 40, ph[40] = { 0 };
	const size_t icmp_len = VRRP_NA_LEN - 40;
	uint32_t sum;
	uint16_t csum;

	memset(buf, 0, VRRP_NA_LEN);
	buf[0] = 0x60;                         /* version 6 */
	buf[4] = 0;
	buf[5] = (uint8_t)icmp_len;            /* payload length */
	buf[6] = IPPROTO_ICMPV6;
	buf[7] = 255;                          /* RFC 4861 7.1.2 */
	memcpy(buf + 8, vip->b, 16);
	memcpy(buf + 24, all_nodes, 16);

	icmp[0] = ICMPV6_NA;
	icmp[4] = NA_FLAG_OVERRIDE | (router ? NA_FLAG_ROUTER : 0);
	memcpy(icmp + 8, vip->b, 16);          /* target */
	icmp[24] = ND_OPT_TARGET_LL;
	icmp[25] = 1;                          /* 8 bytes */
	memcpy(icmp + 26, mac, 6);

	memcpy(ph, vip->b, 16);
	memcpy(ph + 16, all_nodes, 16);
	ph[35] = (uint8_t)icmp_len;
	ph[39] = IPPROTO_ICMPV6;
	sum = vrrp_csum_add(0, ph, sizeof(ph));
	sum = vrrp_csum_add(sum, icmp, icmp_len);
	csum = vrrp_csum_fold(sum);
	icmp[2] = (uint8_t)(csum >> 8);
	icmp[3] = (uint8_t)csum;
	return VRRP_NA_LEN;
}

int vrrp_na_send(int fd, int ifindex, const uint8_t mac[6],
                 const struct vrrp_addr *vip, bool router)
{
	static const uint8_t all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	uint8_t pkt[VRRP_NA_LEN];
	struct sockaddr_ll sll = { 0 };

	vrrp_na_build(pkt, mac, vip, router);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IPV6);
	sll.sll_ifindex = ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, all_nodes_mac, 6);
	if (sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -errno;
	return 0;
}

int vrrp_ndisc_forwarding(const char *ifname)
{
	char path[128];
	FILE *f;
	int c;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding", ifname);
	f = fopen(path, "re");
	if (!f)
		return -1;
	c = fgetc(f);
	fclose(f);
	return c == EOF ? -1 : c == '1';
}
