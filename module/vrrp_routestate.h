/*
 * The routes, rules and static addresses of a file, remembered between
 * HAProxy's runs of it, so that what a changed file no longer has is taken
 * out of the kernel: keepalived compares its old and new file at a reload
 * in one process; HAProxy's new worker never saw the old file, and a
 * route, unlike a VIP, has no lifetime to lapse.
 *
 * vrrp_node_open() (as root, before the chroot) reads what the previous
 * run of the same file (its tag: the path, and the namespace) wrote,
 * keeps the difference for the worker to remove, and writes the current
 * pool in its place. The file is binary and tied to this build's layout:
 * another build's is not read (and nothing is removed for it).
 */
#ifndef VRRP_ROUTESTATE_H
#define VRRP_ROUTESTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "vrrp_routestate-t.h"

/* Where the files are kept when HAPROXY_VRRP_STATE_DIR does not say:
 * tmpfs, so that a boot forgets them with the routes themselves.
 */
#define VRRP_ROUTESTATE_DIR "/run/haproxy-vrrp"

/* Whose a route or rule is, as the pool keeps it: 0 for the static
 * blocks, else a hash of the instance's name (a route that moved from one
 * to another is gone from the first). Pure.
 */
uint32_t vrrp_routestate_owner(const char *instance);

/* Copies into <rs> every route, rule and static address of <conf>.
 * Returns 0 or -ENOMEM (<rs> then empty).
 */
int vrrp_routestate_of(const struct vrrp_conf *conf, struct vrrp_routestate *rs);

/* Puts into <gone> what <prev> has and <cur> has not: routes and rules
 * compared by their owner and all that goes to the kernel
 * (vrrp_route_same(), vrrp_rule_same()), addresses by what the kernel
 * knows them by (address, prefix, interface, peer). Returns 0 or -ENOMEM
 * (<gone> then empty).
 */
int vrrp_routestate_diff(const struct vrrp_routestate *prev,
                         const struct vrrp_routestate *cur,
                         struct vrrp_routestate *gone);

/* How many routes, rules and addresses <rs> holds. Pure. */
int vrrp_routestate_count(const struct vrrp_routestate *rs);

/* Writes into <buf> (<len> bytes) the file that keeps <tag>'s pool in the
 * directory <dir>: a hash of the tag names it. Returns <buf>, or NULL
 * when it does not fit.
 */
const char *vrrp_routestate_path(const char *dir, const char *tag, char *buf,
                                 size_t len);

/* Reads into <rs> the pool <path> keeps for <tag>. A missing file is an
 * empty pool. Returns 0, or -EACCES (the directory is not this user's to
 * read) or -1 with <err> saying why (unreadable, cut short, damaged,
 * another build's layout or another tag's file): <rs> then empty.
 */
int vrrp_routestate_read(const char *path, const char *tag,
                         struct vrrp_routestate *rs, char *err, size_t errlen);

/* Replaces <path> with <rs>, kept for <tag> (written aside and renamed,
 * so that a crash leaves the old file or the new one; the directory is
 * made, mode 0700, if missing, and must be this user's alone). An empty
 * pool removes the file instead (none to remove in a directory this user
 * cannot reach is no error). Returns 0, or -1 with <err> saying why.
 */
int vrrp_routestate_write(const char *path, const char *tag,
                          const struct vrrp_routestate *rs, char *err,
                          size_t errlen);

/* Releases <rs>'s arrays; safe twice. */
void vrrp_routestate_free(struct vrrp_routestate *rs);

#endif
