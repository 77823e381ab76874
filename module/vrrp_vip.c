/*
 * The virtual addresses of an instance in the kernel. See vrrp_vip.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp_addr.h"
#include "vrrp_netlink.h"
#include "vrrp_vip.h"

int vrrp_vip_inflight_init(struct vrrp_vip_inflight *fl, int nvips)
{
	fl->n = 0;
	fl->cap = 2 * nvips + 8;
	fl->req = calloc((size_t)fl->cap, sizeof(*fl->req));
	return fl->req ? 0 : -ENOMEM;
}

void vrrp_vip_inflight_free(struct vrrp_vip_inflight *fl)
{
	free(fl->req);
	fl->req = NULL;
	fl->n = fl->cap = 0;
}

struct vrrp_nl_addr_req vrrp_vip_req_of(const struct vrrp_vip_conf *vc, int ifindex,
                                        uint32_t lease_s)
{
	struct vrrp_nl_addr_req req = {
		.ifindex = ifindex, .addr = vc->addr, .prefix = vc->prefix,
		.lease_s = lease_s, .brd = vc->brd, .scope = vc->scope,
		.label = vc->label, .flags = vc->flags, .dad = vc->dad,
		.peer = vrrp_addr_is_set(&vc->peer) ? &vc->peer : NULL,
		.has_preferred = vc->has_preferred_lft, .preferred_s = vc->preferred_lft,
	};

	return req;
}

/* The netlink request for VIP <v> of <in>. */
static struct vrrp_nl_addr_req vip_req(const struct vrrp_instance *in, int v)
{
	return vrrp_vip_req_of(&in->conf->vips[v], in->vip_ifindex[v], in->lease_s);
}

static void describe(const struct vrrp_instance *in, int v, bool add, int err,
                     char *buf, size_t len)
{
	char a[VRRP_ADDR_STRLEN];

	vrrp_addr_str(&in->conf->vips[v].addr, a);
	snprintf(buf, len, "%s %s/%u: %s%s", add ? "add" : "delete", a,
	         in->conf->vips[v].prefix, strerror(-err),
	         err == -EPERM ? " (HAProxy needs CAP_NET_ADMIN)" : "");
}

void vrrp_vip_describe(const struct vrrp_instance *in,
                       const struct vrrp_vip_outcome *o, char *buf, size_t len)
{
	describe(in, o->req.vip, o->req.add, o->err, buf, len);
}

int vrrp_vip_send(struct vrrp_nl *nl, struct vrrp_vip_inflight *fl,
                  const struct vrrp_instance *in, int inst, bool add,
                  uint64_t now, char *err, size_t errlen)
{
	int v, ret, first = 0;

	for (v = 0; v < in->conf->nvips; v++) {
		struct vrrp_nl_addr_req req = vip_req(in, v);
		unsigned int seq = 0;

		ret = fl->n < fl->cap ? vrrp_nl_addr_send(nl, add, &req, &seq) : -ENOBUFS;
		if (ret == 0) {
			fl->req[fl->n++] = (struct vrrp_vip_request){
				.seq = seq, .inst = inst, .vip = v, .add = add,
				.epoch = in->vip_epoch, .sent_at = now,
			};
		} else if (!first) {
			first = ret;
			describe(in, v, add, ret, err, errlen);
		}
	}
	return first;
}

struct collect_ctx {
	struct vrrp_vip_inflight *fl;
	struct vrrp_vip_outcome *out;
	int n;
};

/* Moves request <i> of <fl> to the outcomes with result <err>. */
static void settle(struct collect_ctx *c, int i, int err)
{
	struct vrrp_vip_request r = c->fl->req[i];

	/* Gone already, or went with its interface: what we wanted. */
	if (!r.add && (err == -EADDRNOTAVAIL || err == -ENODEV))
		err = 0;
	c->out[c->n].req = r;
	c->out[c->n].err = err;
	c->n++;
	c->fl->req[i] = c->fl->req[--c->fl->n];
}

static void on_ack(unsigned int seq, int err, void *data)
{
	struct collect_ctx *c = data;
	int i;

	for (i = 0; i < c->fl->n; i++) {
		if (c->fl->req[i].seq == seq) {
			settle(c, i, err);
			return;
		}
	}
	/* An answer to a request already given up (timed out): nothing to do. */
}

int vrrp_vip_collect(struct vrrp_nl *nl, struct vrrp_vip_inflight *fl,
                     uint64_t now, struct vrrp_vip_outcome *out)
{
	struct collect_ctx c = { .fl = fl, .out = out };
	int i, ret;

	if (!fl->n)
		return 0;
	ret = vrrp_nl_read_acks(nl, on_ack, &c);
	if (ret == -ENOBUFS) {
		/* Which answers were lost is unknown: every request still in
		 * flight is given up (an add is tried again, a removal left to
		 * the lease).
		 */
		while (fl->n)
			settle(&c, fl->n - 1, -ENOBUFS);
		return c.n;
	}
	for (i = fl->n - 1; i >= 0; i--)
		if (now >= fl->req[i].sent_at + VRRP_NL_TIMEOUT_MS)
			settle(&c, i, -ETIMEDOUT);
	return c.n;
}

uint64_t vrrp_vip_inflight_deadline(const struct vrrp_vip_inflight *fl)
{
	uint64_t d = VRRP_TIME_NEVER;
	int i;

	for (i = 0; i < fl->n; i++)
		if (fl->req[i].sent_at + VRRP_NL_TIMEOUT_MS < d)
			d = fl->req[i].sent_at + VRRP_NL_TIMEOUT_MS;
	return d;
}

int vrrp_vip_count_present(const struct vrrp_instance *in,
                           const struct vrrp_nl_ifaddr *addrs, int n,
                           int *permanent)
{
	int i, v, found = 0;

	*permanent = -1;
	for (v = 0; v < in->conf->nvips; v++) {
		for (i = 0; i < n; i++) {
			if (addrs[i].ifindex != in->vip_ifindex[v] ||
			    !vrrp_addr_eq(&addrs[i].addr, &in->conf->vips[v].addr))
				continue;
			found++;
			if (addrs[i].permanent && *permanent < 0)
				*permanent = v;
			break;
		}
	}
	return found;
}

uint64_t vrrp_vip_renew_due(uint64_t renewed_at, uint32_t lease_s,
                            uint32_t adver_ms)
{
	uint64_t lease = (uint64_t)lease_s * 1000u, third = lease / 3u;
	uint64_t retry_room = 3u * (uint64_t)adver_ms;

	if (lease <= retry_room)
		return renewed_at;          /* every advert */
	if (lease - retry_room < third)
		return renewed_at + (lease - retry_room);
	return renewed_at + third;
}

bool vrrp_vip_must_step_aside(int err, uint64_t lease_until, uint32_t adver_ms,
                              uint64_t now)
{
	if (!vrrp_nl_error_is_transient(err))
		return true;
	return lease_until <= now || lease_until - now <= 2u * (uint64_t)adver_ms;
}
