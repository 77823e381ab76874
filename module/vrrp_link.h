/*
 * Link state of an interface, for keepalived's FAULT state: an instance
 * whose interface (or a track_interface) is down stops being a router.
 */
#ifndef VRRP_LINK_H
#define VRRP_LINK_H

#include <stdbool.h>

/* Whether <ifname> is up with carrier (IFF_UP and IFF_RUNNING), asked
 * through any socket <fd>. An interface that vanished counts as down.
 */
bool vrrp_link_up(int fd, const char *ifname);

/* The index of <ifname> now, asked through any socket <fd>; 0 if there is
 * no such interface. An interface deleted and created again under the
 * same name gets a new index: sockets bound to the old one hear nothing.
 */
int vrrp_link_index(int fd, const char *ifname);

#endif
