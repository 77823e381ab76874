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

#endif
