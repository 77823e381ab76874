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

/* Whose a request is, when no instance's: the file's static set, or
 * what the previous run's file had and this one has not.
 */
#define VRRP_ROUTE_OWNER_STATIC (-1)
#define VRRP_ROUTE_OWNER_GONE   (-2)

/* One request sent and not answered yet. */
struct vrrp_route_req {
	unsigned int seq;
	int      owner;          /* instance number, or VRRP_ROUTE_OWNER_* */
	int      idx;            /* in its set's routes, rules or addresses */
	enum vrrp_route_kind kind;
	bool     add;
	uint64_t sent_at;        /* ms */
};

struct vrrp_route_inflight {
	struct vrrp_route_req *req;
	int      n, cap;
};

/* What vrrp_route_send_set() does with a set's routes and rules. */
enum vrrp_route_op {
	VRRP_ROUTE_PUT = 0,      /* add them */
	VRRP_ROUTE_TAKE,         /* remove them */
	VRRP_ROUTE_TAKE_MARKED,  /* remove those that carry keepalived's mark */
	VRRP_ROUTE_RENEW,        /* add the leased ones again (their lifetime
	                          * starts over; one that is gone comes back) */
};

/* Told of a request that failed with <err> (-errno): <req> says which. */
typedef void (*vrrp_route_fail_fn)(void *arg, const struct vrrp_route_req *req,
                                   int err);

/* Sizes <fl> for <cap> requests in flight at once. Returns 0 or -ENOMEM. */
int vrrp_route_inflight_init(struct vrrp_route_inflight *fl, int cap);

/* Releases <fl>; safe twice. */
void vrrp_route_inflight_free(struct vrrp_route_inflight *fl);

/* Sends, without waiting, what <op> says for every route and rule of
 * <set>, owned by <owner>: routes before rules going in, rules before
 * routes going out (keepalived's order). VRRP_ROUTE_TAKE_MARKED removes
 * only those that carry keepalived's protocol mark (all but no_track
 * ones): a removal of what a crashed run may have left must not take the
 * system's own route with the same destination. With <lease_s> (s, 0:
 * none), the routes the kernel can expire (vrrp_route_leased()) go in
 * with that lifetime, and VRRP_ROUTE_RENEW sends them again (and nothing
 * else), without NLM_F_EXCL so that an equal route's lifetime starts
 * over. A route whose "dev" does not exist is not sent (-ENODEV to
 * <fail> for an add; a removal has nothing to remove). A send that fails
 * goes to <fail> at once. Each request sent is recorded in <fl> at <now>;
 * when <fl> is full, the oldest is forgotten (its answer is then
 * skipped).
 */
void vrrp_route_send_set(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                         const struct vrrp_route_set *set, int owner,
                         enum vrrp_route_op op, uint32_t lease_s, uint64_t now,
                         vrrp_route_fail_fn fail, void *arg);

/* Whether the kernel can give route <r> a lifetime: an IPv6 route of one
 * next hop (an IPv6 multipath add that meets an equal route stops at its
 * first next hop, so the others' lifetimes could not be pushed on). Pure.
 */
bool vrrp_route_leased(const struct vrrp_route_conf *r);

/* The same for the <n> static addresses <addrs> of <owner>, added with
 * no lifetime: they are the system's while HAProxy runs.
 */
void vrrp_route_send_addrs(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                           const struct vrrp_vip_conf *addrs, int n, int owner,
                           bool add, uint64_t now, vrrp_route_fail_fn fail,
                           void *arg);

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
