/*
 * The virtual addresses of an instance in the kernel. See vrrp_vip.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp_netlink.h"
#include "vrrp_vip.h"

/* The netlink request for VIP <v> of <in>. */
static struct vrrp_nl_addr_req vip_req(const struct vrrp_instance *in, int v)
{
	const struct vrrp_vip_conf *vc = &in->conf->vips[v];
	struct vrrp_nl_addr_req req = {
		.ifindex = in->vip_ifindex[v], .addr = vc->addr, .prefix = vc->prefix,
		.lease_s = in->lease_s, .brd = vc->brd, .scope = vc->scope,
		.label = vc->label,
	};

	return req;
}

int vrrp_vip_set(struct vrrp_nl *nl, struct vrrp_instance *in, bool add,
                 uint64_t now, char *err, size_t errlen)
{
	char why[VRRP_ERR_MAX];
	int i, ret, first = 0;

	for (i = 0; i < in->conf->nvips; i++) {
		struct vrrp_nl_addr_req req = vip_req(in, i);

		ret = vrrp_nl_addr(nl, add, &req, why, sizeof(why));
		if (ret < 0 && !first) {
			first = ret;
			snprintf(err, errlen, "%s", why);
		}
		/* A kernel that does not answer in time will not answer the
		 * next one sooner: do not add up the waits in HAProxy's loop.
		 */
		if (ret == -ETIMEDOUT)
			break;
	}
	if (first)
		return first;
	in->lease_until = add ? now + (uint64_t)in->lease_s * 1000u : 0;
	return 0;
}

int vrrp_vip_present(struct vrrp_nl *nl, const struct vrrp_instance *in,
                     int *permanent, char *err, size_t errlen)
{
	struct vrrp_nl_ifaddr *addrs;
	int n, i, v, found = 0;

	*permanent = -1;
	/* One dump of every interface: VIPs may have a "dev" of their own. */
	n = vrrp_nl_list_addrs(nl, 0, &addrs, err, errlen);
	if (n < 0)
		return n;
	for (v = 0; v < in->conf->nvips; v++) {
		for (i = 0; i < n; i++) {
			if (addrs[i].ifindex != in->vip_ifindex[v] ||
			    addrs[i].addr != in->conf->vips[v].addr)
				continue;
			found++;
			if (addrs[i].permanent && *permanent < 0)
				*permanent = v;
			break;
		}
	}
	free(addrs);
	return found;
}

bool vrrp_vip_must_step_aside(int err, uint64_t lease_until, uint32_t adver_ms,
                              uint64_t now)
{
	if (!vrrp_nl_error_is_transient(err))
		return true;
	return lease_until <= now || lease_until - now <= 2u * (uint64_t)adver_ms;
}
