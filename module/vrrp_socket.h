/*
 * The VRRP raw socket: IP protocol 112 on one interface, joined to
 * 224.0.0.18, TTL 255, non-blocking and close-on-exec.
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

/* Reads one packet (IP header included) into <buf>. Returns its length,
 * 0 when nothing is waiting, or -errno.
 */
ssize_t vrrp_sock_recv(int fd, uint8_t *buf, size_t cap);

#endif
