/*
 * rtnetlink through libmnl: virtual addresses in and out, and the
 * interface's own primary address (the VRRP source address).
 */
#ifndef VRRP_NETLINK_H
#define VRRP_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mnl_socket;

struct vrrp_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
};

/* Opens a NETLINK_ROUTE socket, close-on-exec, with a receive timeout so
 * a lost ACK cannot stall HAProxy. Returns 0, or -errno with <err> set.
 */
int vrrp_nl_open(struct vrrp_nl *nl, char *err, size_t errlen);

/* Closes the socket; safe on a closed or zeroed <nl>. */
void vrrp_nl_close(struct vrrp_nl *nl);

/* Adds (<add>) or removes the IPv4 address <addr>/<prefix> (network
 * order) on <ifindex> and waits for the kernel's ACK. Adding an address
 * that is there (EEXIST) or removing one that is not (EADDRNOTAVAIL)
 * counts as done, as in keepalived. Returns 0 or -errno with <err> set.
 */
int vrrp_nl_addr(struct vrrp_nl *nl, bool add, int ifindex, uint32_t addr,
                 uint8_t prefix, char *err, size_t errlen);

/* Finds the first primary IPv4 address on <ifindex> that is not in
 * <skip> (<nskip> addresses, network order: our own VIPs). Returns 0 with
 * <*addr> set, -ENOENT if there is none, or -errno with <err> set.
 */
int vrrp_nl_primary_addr(struct vrrp_nl *nl, int ifindex, const uint32_t *skip,
                         int nskip, uint32_t *addr, char *err, size_t errlen);

/* Builds the RTM_NEWADDR / RTM_DELADDR request for vrrp_nl_addr() into
 * <buf> (at least MNL_SOCKET_BUFFER_SIZE bytes) and returns its length.
 * Kept separate so a signal handler can send a prebuilt request.
 */
size_t vrrp_nl_build_addr(void *buf, bool add, unsigned int seq, int ifindex,
                          uint32_t addr, uint8_t prefix);

#endif
