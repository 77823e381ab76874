/*
 * Gratuitous ARP. See vrrp_arp.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "vrrp_arp.h"

size_t vrrp_arp_build(uint8_t *buf, const uint8_t mac[6], uint32_t vip)
{
	buf[0] = 0; buf[1] = 1;            /* hardware: Ethernet */
	buf[2] = 0x08; buf[3] = 0x00;      /* protocol: IPv4 */
	buf[4] = 6; buf[5] = 4;
	buf[6] = 0; buf[7] = 1;            /* request */
	memcpy(buf + 8, mac, 6);
	memcpy(buf + 14, &vip, 4);
	memset(buf + 18, 0xff, 6);         /* target hardware: broadcast */
	memcpy(buf + 24, &vip, 4);
	return VRRP_ARP_LEN;
}

int vrrp_arp_open(const char *ifname, int ifindex, uint8_t mac[6], char *err,
                  size_t errlen)
{
	int fd, e;

	(void)ifindex;
	/* Protocol 0: we only send, and a socket bound to no protocol is
	 * handed no incoming frames to queue.
	 */
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		e = errno;
		snprintf(err, errlen, "ARP socket: %s%s", strerror(e),
		         e == EPERM ? " (HAProxy needs CAP_NET_RAW)" : "");
		return -e;
	}
	e = vrrp_arp_mac(fd, ifname, mac, err, errlen);
	if (e < 0) {
		close(fd);
		return e;
	}
	return fd;
}

int vrrp_arp_mac(int fd, const char *ifname, uint8_t mac[6], char *err,
                 size_t errlen)
{
	struct ifreq ifr;
	int e;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		e = errno;
		snprintf(err, errlen, "%s: reading MAC address: %s", ifname, strerror(e));
		return -e;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

int vrrp_arp_send(int fd, int ifindex, const uint8_t mac[6], uint32_t vip)
{
	uint8_t frame[VRRP_ARP_LEN];
	struct sockaddr_ll sll = { 0 };

	vrrp_arp_build(frame, mac, vip);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = ifindex;
	sll.sll_halen = 6;
	memset(sll.sll_addr, 0xff, 6);
	if (sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&sll,
	           sizeof(sll)) < 0)
		return -errno;
	return 0;
}
