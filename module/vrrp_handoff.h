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
 * credentials: only one from our own uid (or root), from a process still
 * alive, counts.
 *
 * What it does not stop: abstract names carry no permissions, so a local
 * user in the same network namespace can fill an old worker's queue or
 * bind the name a future worker will want. Queues are drained on every
 * poll and the new worker repeats its word for a while, so junk has to be
 * sent without pause to get through; if it does, or the name was taken
 * (logged), the reload looks like a stop: the old worker hands over with
 * priority 0, about a second of failover, and nothing worse.
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

/* Reads what is queued on <fd> (from vrrp_handoff_open) without waiting,
 * at most a bounded number of messages per call. Returns the pid of a
 * successor that announced itself in them, or 0. Messages from another
 * uid, or that are not a hand-off, are dropped.
 */
pid_t vrrp_handoff_successor(int fd);

#endif
