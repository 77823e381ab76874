/*
 * The node's shared VRRP raw sockets. See vrrp_sockpool.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vrrp_addr.h"
#include "vrrp_socket.h"
#include "vrrp_sockpool.h"

int vrrp_sockpool_init(struct vrrp_sockpool *pool, int ninst)
{
	pool->n = 0;
	pool->cap = ninst > 0 ? ninst : 1;
	pool->sock = calloc((size_t)pool->cap, sizeof(*pool->sock));
	return pool->sock ? 0 : -ENOMEM;
}

int vrrp_sockpool_attach(struct vrrp_sockpool *pool, const char *ifname,
                         int ifindex, const struct vrrp_addr *src, bool unicast, uint8_t vrid,
                         int inst, char *err, size_t errlen)
{
	struct vrrp_link_sock *s;
	int i, fd, slot = -1;

	for (i = 0; i < pool->n; i++) {
		s = &pool->sock[i];
		if (s->fd < 0) {
			if (slot < 0)
				slot = i;
			continue;
		}
		if (s->ifindex != ifindex || !vrrp_addr_eq(&s->src, src) || s->unicast != unicast)
			continue;
		if (s->by_vrid[vrid] != VRRP_NO_INSTANCE && s->by_vrid[vrid] != inst) {
			snprintf(err, errlen, "VRRP socket: VRID %u over %s on %s is "
			         "another instance's already", vrid,
			         vrrp_family_name(src->family), ifname);
			return -1;
		}
		if (s->by_vrid[vrid] == VRRP_NO_INSTANCE)
			s->users++;
		s->by_vrid[vrid] = (int16_t)inst;
		return i;
	}
	if (slot < 0 && pool->n == pool->cap) {
		snprintf(err, errlen, "VRRP socket: more sockets than instances");
		return -1;
	}
	/* Opened before a slot is taken: a failure leaves the pool as it was. */
	fd = vrrp_sock_open(ifname, ifindex, src, unicast, err, errlen);
	if (fd < 0)
		return -1;
	if (slot < 0)
		slot = pool->n++;
	s = &pool->sock[slot];
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->ifindex = ifindex;
	s->src = *src;
	s->unicast = unicast;
	s->users = 1;
	for (i = 0; i < 256; i++)
		s->by_vrid[i] = VRRP_NO_INSTANCE;
	s->by_vrid[vrid] = (int16_t)inst;
	return slot;
}

void vrrp_sockpool_detach(struct vrrp_sockpool *pool, int slot, uint8_t vrid)
{
	struct vrrp_link_sock *s;

	if (slot < 0 || slot >= pool->n || pool->sock[slot].fd < 0)
		return;
	s = &pool->sock[slot];
	if (s->by_vrid[vrid] == VRRP_NO_INSTANCE)
		return;
	s->by_vrid[vrid] = VRRP_NO_INSTANCE;
	if (--s->users > 0)
		return;
	close(s->fd);
	s->fd = -1;
}

void vrrp_sockpool_free(struct vrrp_sockpool *pool)
{
	int i;

	for (i = 0; i < pool->n; i++)
		if (pool->sock[i].fd >= 0)
			close(pool->sock[i].fd);
	free(pool->sock);
	pool->sock = NULL;
	pool->n = pool->cap = 0;
}
