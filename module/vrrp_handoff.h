/*
 * The reload hand-off between two workers of one HAProxy master: the new
 * worker tells the old ones "I run VRRP now", so that an old worker, when
 * HAProxy asks it to finish, goes quiet instead of handing over with
 * priority 0 as it does when HAProxy really stops.
 *
 * The message goes over UNIX datagram sockets in the abstract namespace
 * (no file, so a chrooted worker reaches them; scoped to the network
 * namespace, which both workers share). Each worker binds
 * "haproxy-vrrp/<its pid>/<tag>", the tag naming its vrrp.conf; the new one
 * sends to the pids its master was told to replace ("-sf <pid>...",
 * vrrp_proc_old_pids). The kernel stamps each message with its sender's
 * credentials: only one from our own uid (or root) counts.
 */
#ifndef VRRP_HANDOFF_H
#define VRRP_HANDOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Binds this worker's hand-off socket for <tag> (non-blocking,
 * close-on-exec). Returns the descriptor, or -1 with <err> saying why.
 */
int vrrp_handoff_open(const char *tag, char *err, size_t errlen);

/* Tells each of the <n> old workers in <pids> (their sockets for <tag>)
 * that this process has taken over. Old workers that are gone are skipped.
 * Returns how many were told.
 */
int vrrp_handoff_announce(const pid_t *pids, int n, const char *tag);

/* Whether a successor has announced itself on <fd> (from
 * vrrp_handoff_open) since the last call; reads what is queued without
 * waiting. Messages from another uid, or that are not a hand-off, are
 * dropped.
 */
bool vrrp_handoff_successor_seen(int fd);

#endif
