/*
 * Routes, rules and static addresses in the kernel. See vrrp_route.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "vrrp_route.h"
#include "vrrp_vip.h"

int vrrp_route_inflight_init(struct vrrp_route_inflight *fl, int cap)
{
	memset(fl, 0, sizeof(*fl));
	if (cap <= 0)
		return 0;
	fl->req = calloc((size_t)cap, sizeof(*fl->req));
	if (!fl->req)
		return -ENOMEM;
	fl->cap = cap;
	return 0;
}

void vrrp_route_inflight_free(struct vrrp_route_inflight *fl)
{
	free(fl->req);
	memset(fl, 0, sizeof(*fl));
}

bool vrrp_route_err_is_done(int err, bool add)
{
	if (add)
		return err == -EEXIST;
	return err == -ESRCH || err == -ENOENT || err == -EADDRNOTAVAIL ||
	       err == -ENODEV;
}

/* Sends the <len> bytes of <buf>, numbered <seq>, and records it. */
static void send_one(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                     const void *buf, size_t len, const struct vrrp_route_req *r,
                     vrrp_route_fail_fn fail, void *arg)
{
	int ret = vrrp_nl_send(nl, buf, len);

	if (ret < 0) {
		fail(arg, r, ret);
		return;
	}
	if (!fl->cap)
		return;
	if (fl->n == fl->cap) {
		memmove(fl->req, fl->req + 1, (size_t)(fl->n - 1) * sizeof(*fl->req));
		fl->n--;
	}
	fl->req[fl->n++] = *r;
}

bool vrrp_route_leased(const struct vrrp_route_conf *r)
{
	return r->family == AF_INET6 && r->nvia <= 1;
}

static void send_routes(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                        const struct vrrp_route_set *set, int owner,
                        enum vrrp_route_op op, uint32_t lease_s, uint64_t now,
                        vrrp_route_fail_fn fail, void *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool add = op == VRRP_ROUTE_PUT || op == VRRP_ROUTE_RENEW;
	int i;

	for (i = 0; i < set->nroutes; i++) {
		struct vrrp_route_conf rc = set->routes[i];
		struct vrrp_route_req r = { .owner = owner, .idx = i, .add = add,
		                            .kind = VRRP_ROUTE_KIND_ROUTE, .sent_at = now };
		uint32_t expires = lease_s && vrrp_route_leased(&rc) ? lease_s : 0;
		int oif = 0;

		if (op == VRRP_ROUTE_TAKE_MARKED && rc.protocol != RTPROT_KEEPALIVED)
			continue;
		if (op == VRRP_ROUTE_RENEW) {
			if (!expires)
				continue;
			rc.how = VRRP_ROUTE_PREPEND;  /* EXCL would leave the lifetime */
		}
		if (rc.dev[0] && !(oif = vrrp_nl_ifindex(nl, rc.dev))) {
			if (add)
				fail(arg, &r, -ENODEV);
			continue;
		}
		r.seq = vrrp_nl_next_seq(nl);
		send_one(nl, fl, buf, vrrp_nl_build_route(buf, add, true, r.seq, &rc, oif,
		                                          expires), &r, fail, arg);
	}
}

static void send_rules(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                       const struct vrrp_route_set *set, int owner,
                       enum vrrp_route_op op, uint64_t now, vrrp_route_fail_fn fail,
                       void *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool add = op == VRRP_ROUTE_PUT;
	int i;

	if (op == VRRP_ROUTE_RENEW)
		return;  /* rules have no lifetime */
	for (i = 0; i < set->nrules; i++) {
		struct vrrp_route_req r = { .owner = owner, .idx = i, .add = add,
		                            .kind = VRRP_ROUTE_KIND_RULE, .sent_at = now };

		if (op == VRRP_ROUTE_TAKE_MARKED && set->rules[i].protocol != RTPROT_KEEPALIVED)
			continue;
		r.seq = vrrp_nl_next_seq(nl);
		send_one(nl, fl, buf, vrrp_nl_build_rule(buf, add, true, r.seq,
		                                         &set->rules[i]), &r, fail, arg);
	}
}

void vrrp_route_send_set(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                         const struct vrrp_route_set *set, int owner,
                         enum vrrp_route_op op, uint32_t lease_s, uint64_t now,
                         vrrp_route_fail_fn fail, void *arg)
{
	/* A route may need an address (its "src"), a rule a route's table:
	 * in they go in that order, out the other way.
	 */
	if (op == VRRP_ROUTE_PUT || op == VRRP_ROUTE_RENEW) {
		send_routes(nl, fl, set, owner, op, lease_s, now, fail, arg);
		send_rules(nl, fl, set, owner, op, now, fail, arg);
	} else {
		send_rules(nl, fl, set, owner, op, now, fail, arg);
		send_routes(nl, fl, set, owner, op, lease_s, now, fail, arg);
	}
}

void vrrp_route_send_addrs(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                           const struct vrrp_vip_conf *addrs, int n, int owner,
                           bool add, uint64_t now, vrrp_route_fail_fn fail,
                           void *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int i;

	for (i = 0; i < n; i++) {
		const struct vrrp_vip_conf *a = &addrs[i];
		struct vrrp_nl_addr_req req = vrrp_vip_req_of(a, vrrp_nl_ifindex(nl, a->dev), 0);
		struct vrrp_route_req r = { .owner = owner, .idx = i, .add = add,
		                            .kind = VRRP_ROUTE_KIND_ADDR, .sent_at = now };

		if (!req.ifindex) {
			if (add)
				fail(arg, &r, -ENODEV);
			continue;
		}
		r.seq = vrrp_nl_next_seq(nl);
		send_one(nl, fl, buf, vrrp_nl_build_addr(buf, add, true, r.seq, &req), &r,
		         fail, arg);
	}
}

struct collect_ctx {
	struct vrrp_route_inflight *fl;
	vrrp_route_fail_fn fail;
	void *arg;
	int settled;
};

/* One answer: settles its request, if it is one of ours still waited for. */
static void on_ack(unsigned int seq, int err, void *data)
{
	struct collect_ctx *cc = data;
	struct vrrp_route_inflight *fl = cc->fl;
	int i;

	for (i = 0; i < fl->n; i++) {
		struct vrrp_route_req r = fl->req[i];

		if (r.seq != seq)
			continue;
		/* (kept in sending order: the oldest is first to forget) */
		memmove(&fl->req[i], &fl->req[i + 1], (size_t)(fl->n - i - 1) * sizeof(r));
		fl->n--;
		cc->settled++;
		if (err && !vrrp_route_err_is_done(err, r.add))
			cc->fail(cc->arg, &r, err);
		return;
	}
}

int vrrp_route_collect(struct vrrp_nl *nl, struct vrrp_route_inflight *fl,
                       uint64_t now, vrrp_route_fail_fn fail, void *arg)
{
	struct collect_ctx cc = { .fl = fl, .fail = fail, .arg = arg };
	int i, ret;

	if (!nl->sock)
		return 0;
	ret = vrrp_nl_read_acks(nl, on_ack, &cc);
	for (i = 0; i < fl->n; i++) {
		struct vrrp_route_req r = fl->req[i];

		/* The kernel dropped answers: which ones is unknown. */
		if (ret == -ENOBUFS || now - r.sent_at >= VRRP_NL_TIMEOUT_MS) {
			memmove(&fl->req[i], &fl->req[i + 1],
			        (size_t)(fl->n - i - 1) * sizeof(r));
			fl->n--;
			i--;
			cc.settled++;
			fail(arg, &r, ret == -ENOBUFS ? -ENOBUFS : -ETIMEDOUT);
		}
	}
	return cc.settled;
}
