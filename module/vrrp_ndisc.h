/*
 * Unsolicited neighbour advertisements (RFC 4861 7.2.6), IPv6's
 * gratuitous ARP: on becoming master, so that neighbours and switches
 * learn at once where a VIP now is. Sent on the AF_PACKET socket the
 * instance has for ARP (vrrp_arp.h), as keepalived does: a frame of our
 * own, whose source is the VIP, since the kernel would not send an NA for
 * an address from user space otherwise.
 */
#ifndef VRRP_NDISC_H
#define VRRP_NDISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_addr-t.h"

/* IPv6 header, NA, and the target link-layer address option. */
#define VRRP_NA_LEN (40 + 24 + 8)

/* Builds the IPv6 packet of an unsolicited NA for <vip> at <mac>: from the
 * VIP to all nodes (ff02::1), hop limit 255, Override set (the address
 * moved), Router as <router> says, and the target link-layer address
 * option; the ICMPv6 checksum filled. Returns VRRP_NA_LEN; <buf> must hold
 * that many bytes. Pure.
 */
size_t vrrp_na_build(uint8_t *buf, const uint8_t mac[6], const struct vrrp_addr *vip,
                     bool router);

/* Sends the NA of vrrp_na_build() on <ifindex> through the AF_PACKET
 * socket <fd> to the all-nodes MAC 33:33:00:00:00:01. Returns 0 or
 * -errno.
 */
int vrrp_na_send(int fd, int ifindex, const uint8_t mac[6],
                 const struct vrrp_addr *vip, bool router);

/* Whether <ifname> forwards IPv6 (/proc/sys/net/ipv6/conf/IF/forwarding),
 * keepalived's reason to set the Router flag: 1 or 0, or -1 when it cannot
 * tell (no /proc after HAProxy's chroot).
 */
int vrrp_ndisc_forwarding(const char *ifname);

#endif
