/*
 * The VRRP raw socket: IP protocol 112 on one interface, joined to
 * 224.0.0.18 (IPv4) or ff02::12 (IPv6), TTL / hop limit 255, non-blocking
 * and close-on-exec, with the kernel's receive time on every packet (a
 * reader that comes late still knows when an advert arrived).
 * vrrp_sockpool.c shares one per interface and family.
 */
#ifndef VRRP_SOCKET_H
#define VRRP_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "vrrp_addr-t.h"

/* Opens the socket for interface <ifname> (index <ifindex>) sending from
 * <src>, whose family is the socket's. Multicast: joins 224.0.0.18 or
 * ff02::12; an IPv6 socket is bound to <src> (the interface's link-local
 * address), since the checksum covers the source. Unicast (<unicast>):
 * binds to <src>, so adverts leave from it and only those sent to it
 * arrive. Returns the descriptor, or -errno with <err> naming the step
 * and, for EPERM, the capability that is missing.
 */
int vrrp_sock_open(const char *ifname, int ifindex, const struct vrrp_addr *src,
                   bool unicast, char *err, size_t errlen);

/* Fills <ss> with the socket address of <dst> on interface <ifindex> (the
 * scope of an IPv6 link-local or multicast address). Returns its length.
 */
socklen_t vrrp_sock_dest(const struct vrrp_addr *dst, int ifindex,
                         struct sockaddr_storage *ss);

/* Sends the VRRP message <msg> of <len> bytes to <dst> (the multicast
 * group or a unicast peer) on interface <ifindex>, with the TTL (IPv4) or
 * hop limit (IPv6) <ttl>, 1..255, or the socket's 255 when 0. Returns 0
 * or -errno.
 */
int vrrp_sock_send(int fd, const struct vrrp_addr *dst, int ifindex, int ttl,
                   const uint8_t *msg, size_t len);

/* One received packet: where it is and when the kernel took it in. An
 * IPv4 raw socket hands over the IP header with the packet; an IPv6 one
 * the payload alone, so for IPv6 the kernel's word on the header is kept.
 */
struct vrrp_sock_pkt {
	uint8_t *buf;        /* the caller's buffer, VRRP_SOCK_PKT_CAP bytes */
	size_t   len;        /* IPv4: IP header included */
	int64_t  rx_real_ns; /* CLOCK_REALTIME of arrival; 0 if the kernel
	                      * gave none */
	struct vrrp_addr src;/* IPv6: the sender */
	struct vrrp_addr dst;/* IPv6: the destination (IPV6_PKTINFO) */
	int      hoplimit;   /* IPv6: as received, -1 if the kernel gave none */
};
#define VRRP_SOCK_PKT_CAP 2048
#define VRRP_SOCK_BATCH   64    /* packets per vrrp_sock_recv_batch() at most */

/* Reads up to <n> waiting packets into <pkts> in one system call, without
 * waiting. Returns how many (0 when nothing is waiting), or -errno.
 */
int vrrp_sock_recv_batch(int fd, struct vrrp_sock_pkt *pkts, unsigned int n);

/* When, on the caller's monotonic clock where it is <now> (ms), a packet
 * arrived that the kernel stamped <rx_real_ns> (CLOCK_REALTIME, ns) when
 * CLOCK_REALTIME reads <real_now_ns>. <now> itself when there is no stamp
 * or the wall clock was stepped (a stamp in the future, or over a minute
 * old). Pure: no clock read.
 */
uint64_t vrrp_sock_arrival_ms(int64_t rx_real_ns, int64_t real_now_ns, uint64_t now);

#endif
