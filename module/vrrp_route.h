/*
 * Routes, rules and static addresses in the kernel: an instance's
 * virtual_routes and virtual_rules go in when it becomes master and out
 * when it stops being master; static_routes, static_rules and
 * static_ipaddress go in when the worker starts VRRP and out when HAProxy
 * stops (not when a reload's new worker carries on). This is the one
 * place where they are added or removed.
 *
 * As with VIPs (vrrp_vip.c), nothing waits inside HAProxy's loop: requests
 * are sent without waiting on their own netlink socket (so that the VIP
 * answers' matching never sees them) and their answers are read on a
 * later poll. An answer that says the kernel is already where we want it
 * (EEXIST on an add; ESRCH, ENOENT, EADDRNOTAVAIL or ENODEV on a removal)
 * counts as done, as keepalived takes it.
 */
#ifndef VRRP_ROUTE_H
#define VRRP_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_conf-t.h"
#include "vrrp_netlink.h"

enum vrrp_route_kind {
	VRRP_ROUTE_KIND_ROUTE = 0,
	VRRP_ROUTE_KIND_RULE,
	VRRP_ROUTE_KIND_ADDR,   /* static_ipaddress */
};

/* One request sent and not answered yet. */
struct vrrp_route_req {
	unsigned int seq;
	int      owner;          /* instance number, or -1: the static set */
	int      idx;            /* in its set's routes, rules or addresses */
	enum vrrp_route_kind kind;
	bool     add;
	uint64_t sent_at;        /* ms */
};

struct vrrp_route_inflight {
	struct vrrp_route_req *req;
	int      n, cap;
};

/* Told of a request that failed with <err> (-errno): <req> says which. */
typedef void (*vrrp_route_fail_fn)(void *arg, const struct vrrp_route_req *req,
                                   int err);

/* Sizes <fl> for <cap> requests in flight at once. Returns 0 or -ENOMEM. */
int vrrp_route_inflight_init(struct vrrp_route_inflight *fl, int cap);

/* Releases <fl>; safe twice. */
void vrrp_route_inflight_free(struct vrrp_route_inflight *fl);

/* Sends, without waiting, the adds (<add>) or removals of every route and
 * rule of <set>, owned by <owner>: routes before rules going in, rules
 * before routes going out (keepalived's order). With <marked_only>, only
 * those that carry keepalived's protocol mark (all but no_track ones):
 * a removal of what a crashed run may have left must not take the
 * system's own route with the same destination. A route whose "dev" does
 * not exist is not sent (-ENODEV to <fail> for an add; a removal has
 * nothing to remove). A send that fails goes to <fail> at once. Each
 * request sent is recorded in <fl> at <now>; when <fl> is full, the oldest
 * is forgotten (its answer is then skipped).
 */
void vrrp_route_send_set(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                         const struct vrrp_route_set *set, int owner, bool add,
                         bool marked_only, uint64_t now, vrrp_route_fail_fn fail,
                         void *arg);

/* The same for the <n> static addresses <addrs> (owner -1), added with no
 * lifetime: they are the system's while HAProxy runs.
 */
void vrrp_route_send_addrs(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                           const struct vrrp_vip_conf *addrs, int n, bool add,
                           uint64_t now, vrrp_route_fail_fn fail, void *arg);

/* Reads the answers queued on <nl> without waiting (also when none is
 * waited for: a late one must not stay queued), and hands every failure
 * to <fail>; a request unanswered VRRP_NL_TIMEOUT_MS after it was sent
 * fails with -ETIMEDOUT, and every request in flight with -ENOBUFS when
 * the kernel dropped answers (which ones is unknown). Returns how many
 * requests it settled.
 */
int vrrp_route_collect(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                       uint64_t now, vrrp_route_fail_fn fail, void *arg);

/* Whether <err> on an add (<add>) or a removal means the kernel is where
 * we want it anyway. Pure.
 */
bool vrrp_route_err_is_done(int err, bool add);

#endif
