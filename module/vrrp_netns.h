/*
 * keepalived's net_namespace: VRRP's sockets live in a named network
 * namespace (/var/run/netns/NAME, as "ip netns add" makes it) while
 * HAProxy stays in its own. A socket keeps the namespace it was made in
 * for life, so the master enters the namespace only while it opens them
 * (vrrp_node_open(): as root, single threaded, before the fork), and
 * comes back; the worker never changes namespace.
 */
#ifndef VRRP_NETNS_H
#define VRRP_NETNS_H

#include <stddef.h>

/* Where "ip netns add", HAProxy's "namespace" and keepalived look. */
#define VRRP_NETNS_DIR "/var/run/netns/"

/* Opens the network namespace <name> (a file in VRRP_NETNS_DIR),
 * close-on-exec, and checks that it is one. Returns the descriptor, or -1
 * with <err> saying what is wrong (no such namespace, not a network
 * namespace).
 */
int vrrp_netns_open(const char *name, char *err, size_t errlen);

/* Moves the calling thread into the namespace <nsfd> (from
 * vrrp_netns_open()). Needs CAP_SYS_ADMIN. Returns a descriptor of the
 * namespace it was in, for vrrp_netns_leave(), or -1 with <err> set; the
 * thread has not moved then.
 */
int vrrp_netns_enter(int nsfd, char *err, size_t errlen);

/* Moves the calling thread back into <home> (from vrrp_netns_enter()) and
 * closes it. Should the kernel refuse, the process aborts with a message
 * on stderr: HAProxy must not go on in the other namespace (its
 * listeners, a reload's master), and no caller could do better.
 */
void vrrp_netns_leave(int home);

#endif
