/*
 * The node's VRRP raw sockets: one per interface and source address (the
 * instances that share a link share its socket, as keepalived's socket
 * pool and OpenBSD's carp do), and which instance each VRID on it is.
 *
 * A socket per instance would have the kernel copy every advert on the
 * link to every instance and have each decode them all (N x N); here each
 * advert is read once and goes to the one instance its VRID names.
 */
#ifndef VRRP_SOCKPOOL_H
#define VRRP_SOCKPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_addr-t.h"
#include "vrrp_packet-t.h"

#define VRRP_NO_INSTANCE (-1)

/* One shared socket: an interface, a family and a source address. */
struct vrrp_link_sock {
	int      fd;             /* -1: a free slot */
	int      ifindex;
	struct vrrp_addr src;    /* our source address; its family is the
	                          * socket's (the same VRID over IPv4 and over
	                          * IPv6 are two virtual routers) */
	bool     unicast;        /* bound to <src> for unicast peers */
	int      users;          /* instances attached */
	int16_t  by_vrid[256];   /* instance number, or VRRP_NO_INSTANCE */
	/* Packets that name no instance of ours on this socket (another VRID,
	 * or too short to name one), by reason, and failed reads: counted
	 * here once, shown with every instance on the socket.
	 */
	uint64_t rx_dropped[VRRP_RX_ERROR_COUNT];
	uint64_t rx_errors;
};

struct vrrp_sockpool {
	struct vrrp_link_sock *sock;
	int n;                   /* slots in use or free, up to <cap> */
	int cap;
};

/* Sizes <pool> for at most <ninst> sockets (one per instance at worst).
 * Returns 0 or -ENOMEM.
 */
int vrrp_sockpool_init(struct vrrp_sockpool *pool, int ninst);

/* Attaches instance number <inst> with VRID <vrid> to the socket for
 * (<ifname>/<ifindex>, <src>, <unicast>), opening it when it is the first.
 * Returns the socket's slot, or -1 with <err> set (vrrp_sock_open(), or
 * the VRID is another instance's on that socket); the pool is unchanged
 * then.
 */
int vrrp_sockpool_attach(struct vrrp_sockpool *pool, const char *ifname,
                         int ifindex, const struct vrrp_addr *src, bool unicast, uint8_t vrid,
                         int inst, char *err, size_t errlen);

/* Detaches VRID <vrid> from slot <slot>, closing the socket when no
 * instance uses it any more. Safe with <slot> -1.
 */
void vrrp_sockpool_detach(struct vrrp_sockpool *pool, int slot, uint8_t vrid);

/* Closes every socket and frees the pool; safe twice. */
void vrrp_sockpool_free(struct vrrp_sockpool *pool);

#endif
