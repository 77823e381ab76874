/*
 * The two capabilities the worker needs, CAP_NET_ADMIN (add and remove the
 * virtual addresses) and CAP_NET_RAW (the VRRP socket), and how they are
 * kept when HAProxy drops root ("user haproxy" in the global section, as
 * Debian's stock haproxy.cfg has).
 *
 * Everything here asks the kernel (capget/capset), never /proc, because the
 * worker usually runs inside "chroot /var/lib/haproxy" where /proc is not.
 *
 * Capabilities belong to each thread. HAProxy changes uid in the worker's
 * main thread before it starts the other threads, and the kernel clears all
 * capabilities at that change unless the keep-caps flag is set. So the
 * module sets that flag before the fork, and has HAProxy run a function in
 * every thread as it starts (hap_register_per_thread_init, which HAProxy
 * exports for modules) that keeps CAP_NET_ADMIN and CAP_NET_RAW, effective,
 * and drops every other capability of that thread.
 */
#ifndef VRRP_CAPS_H
#define VRRP_CAPS_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the calling thread holds the effective capability <cap>
 * (CAP_NET_ADMIN, CAP_NET_RAW...). False if the kernel will not say.
 */
bool vrrp_caps_has(int cap);

/* Prepares this process (as root, before HAProxy forks the worker and
 * changes its uid) so that the worker's threads hold CAP_NET_ADMIN and
 * CAP_NET_RAW, and nothing else, once HAProxy runs them as another user.
 * Does nothing when this process is not root (HAProxy will not change uid,
 * or runs as a user with ambient capabilities from systemd). Returns 0, or
 * -1 with <err> saying why the worker will lack them (the HAProxy binary
 * does not export its per-thread hook, or prctl refused).
 */
int vrrp_caps_keep_across_setuid(char *err, size_t errlen);

#endif
