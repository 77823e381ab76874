/*
 * The VRRP raw socket: IP protocol 112 on one interface, joined to
 * 224.0.0.18, TTL 255, non-blocking and close-on-exec, with the kernel's
 * receive time on every packet (a reader that comes late still knows when
 * an advert arrived). vrrp_sockpool.c shares one per interface.
 */
#ifndef VRRP_SOCKET_H
#define VRRP_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Opens the socket for interface <ifname> (index <ifindex>) sending from
 * <src> (network order). Multicast: joins 224.0.0.18. Unicast
 * (<unicast>): binds to <src>, so adverts leave from it and only those
 * sent to it arrive. Returns the descriptor, or -errno with <err> naming
 * the step and, for EPERM, the capability that is missing.
 */
int vrrp_sock_open(const char *ifname, int ifindex, uint32_t src, bool unicast,
                   char *err, size_t errlen);

/* Sends the VRRP message <msg> of <len> bytes to <dst> (network order:
 * 224.0.0.18 or a unicast peer). Async-signal safe. Returns 0 or -errno.
 */
int vrrp_sock_send(int fd, uint32_t dst, const uint8_t *msg, size_t len);

/* One received packet: where it is and when the kernel took it in. */
struct vrrp_sock_pkt {
	uint8_t *buf;        /* the caller's buffer, VRRP_SOCK_PKT_CAP bytes */
	size_t   len;        /* IP header included */
	int64_t  rx_real_ns; /* CLOCK_REALTIME of arrival; 0 if the kernel
	                      * gave none */
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
