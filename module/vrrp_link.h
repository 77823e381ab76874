/*
 * Link state of an interface, for keepalived's FAULT state: an instance
 * whose interface (or a track_interface) is down stops being a router.
 * The kernel says when links change (rtnetlink's link group); the state
 * itself is then asked with an ioctl.
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

/* Opens a non-blocking, close-on-exec rtnetlink socket that hears of
 * every link change (RTMGRP_LINK: up, down, carrier, created, deleted,
 * renamed). Needs no privilege. Returns the descriptor, or -errno with
 * <err> set.
 */
int vrrp_link_watch_open(char *err, size_t errlen);

/* Reads, without waiting, what the kernel said on <fd> since the last
 * call. Returns 1 when a link changed (or when the kernel dropped news
 * because the queue was full: then anything may have changed), 0 when
 * nothing did, -errno on another failure.
 */
int vrrp_link_watch_read(int fd);

#endif
