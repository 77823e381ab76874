/*
 * The VRRP speaker of one HAProxy process. See vrrp_node.h.
 *
 * Where things happen: adverts are parsed in rx_packet(), state changes
 * are decided by vrrp_fsm_handle() and carried out in run_actions(), VIPs
 * are added and removed in set_vips().
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libmnl/libmnl.h>

#include "vrrp_arp.h"
#include "vrrp_conf.h"
#include "vrrp_fsm.h"
#include "vrrp_lastgasp.h"
#include "vrrp_link.h"
#include "vrrp_node.h"
#include "vrrp_packet.h"
#include "vrrp_proc.h"
#include "vrrp_socket.h"

#ifndef CAP_NET_ADMIN
#define CAP_NET_ADMIN 12   /* linux/capability.h */
#define CAP_NET_RAW   13
#endif

#define RX_BURST 64   /* packets read per instance per poll */

void vrrp_node_log(struct vrrp_node *node, enum vrrp_log_level level,
                   const char *fmt, ...)
{
	va_list ap;

	if (node->nlog == VRRP_LOG_QUEUE) {
		node->log_dropped++;
		return;
	}
	node->log[node->nlog].level = level;
	va_start(ap, fmt);
	vsnprintf(node->log[node->nlog].msg, VRRP_LOG_LEN, fmt, ap);
	va_end(ap);
	node->nlog++;
}

static const char *ip4(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

int vrrp_node_load(struct vrrp_node *node, const char *path, char *err,
                   size_t errlen)
{
	int i;

	memset(node, 0, sizeof(*node));
	if (vrrp_conf_load(path, &node->conf, err, errlen) < 0) {
		vrrp_conf_free(&node->conf);
		return -1;
	}
	node->inst = calloc((size_t)node->conf.ninst, sizeof(*node->inst));
	if (!node->inst) {
		snprintf(err, errlen, "%s: out of memory", path);
		vrrp_conf_free(&node->conf);
		return -1;
	}
	node->ninst = node->conf.ninst;
	for (i = 0; i < node->ninst; i++) {
		node->inst[i].conf = &node->conf.inst[i];
		node->inst[i].sock_fd = -1;
		node->inst[i].arp_fd = -1;
	}
	for (i = 0; i < node->conf.nnotes; i++)
		vrrp_node_log(node, VRRP_LOG_INFO, "%s", node->conf.notes[i]);
	return 0;
}

static void close_sockets(struct vrrp_node *node)
{
	int i;

	for (i = 0; i < node->ninst; i++) {
		if (node->inst[i].sock_fd >= 0)
			close(node->inst[i].sock_fd);
		if (node->inst[i].arp_fd >= 0)
			close(node->inst[i].arp_fd);
		node->inst[i].sock_fd = node->inst[i].arp_fd = -1;
	}
	vrrp_nl_close(&node->nl);
	node->opened = false;
}

/* Whether <addr> is one of <in>'s virtual addresses. */
static bool is_vip(const struct vrrp_instance *in, uint32_t addr)
{
	int i;

	for (i = 0; i < in->conf->nvips; i++)
		if (in->conf->vips[i].addr == addr)
			return true;
	return false;
}

/* Our source address: the interface's first primary IPv4 address that is
 * not one of our VIPs (a /32 VIP is a primary address of its own).
 */
static int primary_address(struct vrrp_node *node, struct vrrp_instance *in,
                           char *why, size_t whylen)
{
	struct vrrp_nl_ifaddr addrs[64];
	int n, i;

	n = vrrp_nl_list_addrs(&node->nl, in->ifindex, addrs, 64, why, whylen);
	if (n < 0)
		return n;
	if (in->conf->unicast_src) {
		char a[INET_ADDRSTRLEN];

		for (i = 0; i < n; i++) {
			if (addrs[i].addr == in->conf->unicast_src) {
				in->primary = addrs[i].addr;
				return 0;
			}
		}
		snprintf(why, whylen, "unicast_src_ip %s is not an address of the "
		         "interface", ip4(in->conf->unicast_src, a));
		return -EADDRNOTAVAIL;
	}
	for (i = 0; i < n; i++) {
		if (!addrs[i].secondary && !is_vip(in, addrs[i].addr)) {
			in->primary = addrs[i].addr;
			return 0;
		}
	}
	snprintf(why, whylen, "has no IPv4 address to send adverts from");
	return -ENOENT;
}

/* How many of <in>'s VIPs are on their interfaces now; -1 if unknown. */
static int vips_present(struct vrrp_node *node, struct vrrp_instance *in)
{
	struct vrrp_nl_ifaddr addrs[64];
	char why[VRRP_ERR_MAX];
	int n, i, v, found = 0;

	for (v = 0; v < in->conf->nvips; v++) {
		n = vrrp_nl_list_addrs(&node->nl, in->vip_ifindex[v], addrs, 64, why,
		                       sizeof(why));
		if (n < 0) {
			vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) %s", in->conf->name, why);
			return -1;
		}
		for (i = 0; i < n; i++)
			if (addrs[i].addr == in->conf->vips[v].addr)
				found++;
	}
	return found;
}

/* Resolves the interfaces an instance refers to besides its own: each
 * VIP's "dev" (and its MAC, for gratuitous ARP) and track_interface.
 */
static int resolve_interfaces(struct vrrp_instance *in, char *why, size_t whylen)
{
	const struct vrrp_instance_conf *c = in->conf;
	int i;

	for (i = 0; i < c->nvips; i++) {
		const char *dev = c->vips[i].dev[0] ? c->vips[i].dev : c->ifname;

		in->vip_ifindex[i] = (int)if_nametoindex(dev);
		if (!in->vip_ifindex[i]) {
			snprintf(why, whylen, "virtual_ipaddress line %d: dev %s: %s",
			         c->vips[i].line, dev, strerror(errno));
			return -1;
		}
		if (vrrp_arp_mac(in->arp_fd, dev, in->vip_mac[i], why, whylen) < 0)
			return -1;
	}
	for (i = 0; i < c->ntrack_if; i++) {
		in->track_ifindex[i] = (int)if_nametoindex(c->track_if[i]);
		if (!in->track_ifindex[i]) {
			snprintf(why, whylen, "track_interface %s: %s", c->track_if[i],
			         strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int open_instance(struct vrrp_node *node, struct vrrp_instance *in,
                         char *err, size_t errlen)
{
	const struct vrrp_instance_conf *c = in->conf;
	char why[VRRP_ERR_MAX];
	int ret;

	in->ifindex = (int)if_nametoindex(c->ifname);
	if (!in->ifindex) {
		snprintf(err, errlen, "%s:%d: vrrp_instance %s: interface %s: %s",
		         node->conf.path, c->line, c->name, c->ifname, strerror(errno));
		return -1;
	}
	ret = primary_address(node, in, why, sizeof(why));
	if (ret < 0)
		goto fail;
	/* Longer than Master_Down_Interval, so a VIP renewed with every
	 * advert never expires on a live master but is gone soon after the
	 * backup has taken over from a dead or hung one.
	 */
	in->lease_s = (vrrp_master_down_ms(c->version, c->priority, c->adver_int_cs)
	               + 999) / 1000 + 1;
	ret = vrrp_sock_open(c->ifname, in->ifindex, in->primary, c->npeers > 0,
	                     why, sizeof(why));
	if (ret < 0)
		goto fail;
	in->sock_fd = ret;
	ret = vrrp_arp_open(c->ifname, in->ifindex, in->mac, why, sizeof(why));
	if (ret < 0)
		goto fail;
	in->arp_fd = ret;
	if (resolve_interfaces(in, why, sizeof(why)) < 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "vrrp_instance %s (%s line %d) on %s: %s", c->name,
	         node->conf.path, c->line, c->ifname, why);
	return -1;
}

int vrrp_node_open(struct vrrp_node *node, char *err, size_t errlen)
{
	char why[VRRP_ERR_MAX];
	int i;

	if (node->opened)
		return 0;
	if (!vrrp_proc_has_cap(CAP_NET_ADMIN)) {
		snprintf(err, errlen, "HAProxy lacks CAP_NET_ADMIN, needed to add and "
		         "remove the virtual addresses (see README: the systemd drop-in)");
		return -1;
	}
	if (vrrp_nl_open(&node->nl, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	for (i = 0; i < node->ninst; i++) {
		if (open_instance(node, &node->inst[i], err, errlen) < 0) {
			close_sockets(node);
			return -1;
		}
	}
	node->opened = true;
	node->from_reload = vrrp_proc_is_reload();
	return 0;
}

/* Where <in>'s adverts go: the unicast peers, or 224.0.0.18. Returns how
 * many addresses it put in <dst> (network order).
 */
static int destinations(const struct vrrp_instance *in, uint32_t *dst)
{
	int i;

	if (!in->conf->npeers) {
		dst[0] = htonl(VRRP_MCAST_GROUP_V4);
		return 1;
	}
	for (i = 0; i < in->conf->npeers; i++)
		dst[i] = in->conf->peers[i];
	return in->conf->npeers;
}

/* Fills what an advert from <in> to <dst> carries, at <priority> (the
 * destination matters to the v3 checksum).
 */
static size_t build_advert(const struct vrrp_instance *in, uint8_t priority,
                           uint32_t dst, uint8_t *buf, size_t cap)
{
	const struct vrrp_instance_conf *c = in->conf;
	struct vrrp_advert adv = { 0 };
	int i;

	adv.version = c->version;
	adv.vrid = c->vrid;
	adv.priority = priority;
	adv.naddr = (uint8_t)c->nvips;
	adv.auth_type = c->auth_type;
	adv.interval_cs = c->adver_int_cs;
	memcpy(adv.auth_data, c->auth_pass, sizeof(adv.auth_data));
	for (i = 0; i < c->nvips; i++)
		adv.addrs[i] = c->vips[i].addr;
	return vrrp_advert_encode(&adv, in->primary, dst, c->csum_mode, buf, cap);
}

static void send_advert(struct vrrp_node *node, struct vrrp_instance *in,
                        uint8_t priority)
{
	uint32_t dst[VRRP_MAX_PEERS];
	uint8_t buf[VRRP_MAX_MSG_LEN];
	int i, n = destinations(in, dst);

	for (i = 0; i < n; i++) {
		size_t len = build_advert(in, priority, dst[i], buf, sizeof(buf));
		int ret = len ? vrrp_sock_send(in->sock_fd, dst[i], buf, len) : -EINVAL;
		char a[INET_ADDRSTRLEN];

		if (ret < 0) {
			if (in->cnt.tx_errors++ == 0)
				vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) sending advert to "
				              "%s: %s", in->conf->name, ip4(dst[i], a),
				              strerror(-ret));
			continue;
		}
		if (priority == VRRP_PRIO_STOP)
			in->cnt.tx_stop++;
		else
			in->cnt.tx_adverts++;
	}
}

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

/* Adds (with a fresh lease) or removes <in>'s VIPs. A failure is logged
 * once until the next success: renewals run every advert interval.
 */
static void set_vips(struct vrrp_node *node, struct vrrp_instance *in, bool add)
{
	const struct vrrp_instance_conf *c = in->conf;
	char err[VRRP_ERR_MAX];
	bool failed = false;
	int i;

	for (i = 0; i < c->nvips; i++) {
		struct vrrp_nl_addr_req req = vip_req(in, i);

		if (vrrp_nl_addr(&node->nl, add, &req, err, sizeof(err)) < 0) {
			in->cnt.vip_errors++;
			failed = true;
			if (!in->vip_error_logged)
				vrrp_node_log(node, VRRP_LOG_ALERT, "(%s) %s: %s", c->name,
				              c->ifname, err);
		}
	}
	in->vip_error_logged = failed;
}

/* One burst of <repeat> gratuitous ARPs per VIP, each on its interface. */
static void send_garps(struct vrrp_node *node, struct vrrp_instance *in,
                       uint32_t repeat)
{
	const struct vrrp_instance_conf *c = in->conf;
	char a[INET_ADDRSTRLEN];
	uint32_t r;
	int i;

	for (i = 0; i < c->nvips; i++) {
		for (r = 0; r < repeat; r++) {
			int ret = vrrp_arp_send(in->arp_fd, in->vip_ifindex[i],
			                        in->vip_mac[i], c->vips[i].addr);

			if (ret < 0) {
				in->cnt.tx_errors++;
				vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) gratuitous ARP "
				              "for %s: %s", c->name, ip4(c->vips[i].addr, a),
				              strerror(-ret));
				break;
			}
			in->cnt.garp_sent++;
		}
	}
	vrrp_node_log(node, VRRP_LOG_INFO, "(%s) Sending gratuitous ARP on %s for "
	              "%d address(es), %u each", c->name, c->ifname, c->nvips,
	              repeat);
}

/* Rebuilds what the SIGTERM handler sends: for every instance that is
 * master, its priority-0 advert and the deletion of its VIPs.
 */
static void arm_lastgasp(struct vrrp_node *node)
{
	char nlbuf[MNL_SOCKET_BUFFER_SIZE];
	int i, v, d;

	vrrp_lastgasp_begin();
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];
		uint32_t dsts[VRRP_MAX_PEERS];
		int ndst = destinations(in, dsts);
		uint8_t buf[VRRP_MAX_MSG_LEN];
		size_t len;

		if (in->fsm.state != VRRP_STATE_MASTER)
			continue;
		for (d = 0; d < ndst; d++) {
			struct sockaddr_in dst = { .sin_family = AF_INET };

			dst.sin_addr.s_addr = dsts[d];
			len = build_advert(in, VRRP_PRIO_STOP, dsts[d], buf, sizeof(buf));
			if (len)
				vrrp_lastgasp_add(in->sock_fd, buf, len, &dst, sizeof(dst));
		}
		for (v = 0; v < in->conf->nvips; v++) {
			struct vrrp_nl_addr_req req = vip_req(in, v);

			len = vrrp_nl_build_addr(nlbuf, false, 0, &req);
			vrrp_lastgasp_add(mnl_socket_get_fd(node->nl.sock), nlbuf, len,
			                  NULL, 0);
		}
	}
	vrrp_lastgasp_commit();
}

/* Carries out the actions <act> for <in>, in the order the state machine
 * documents, and records a state change from <before>.
 */
static void run_actions(struct vrrp_node *node, struct vrrp_instance *in,
                        unsigned int act, enum vrrp_state before, uint64_t now,
                        const char *why)
{
	enum vrrp_state after = in->fsm.state;

	if (act & VRRP_ACT_DEL_VIPS)
		set_vips(node, in, false);
	if (act & VRRP_ACT_SEND_STOP)
		send_advert(node, in, VRRP_PRIO_STOP);
	/* Every advert a master sends renews its VIPs' lease. */
	if ((act & VRRP_ACT_ADD_VIPS) ||
	    (after == VRRP_STATE_MASTER && (act & (VRRP_ACT_SEND_ADVERT | VRRP_ACT_SEND_STOP))))
		set_vips(node, in, true);
	if (act & VRRP_ACT_SEND_ADVERT)
		send_advert(node, in, in->fsm.priority);
	if (act & VRRP_ACT_SEND_GARP)
		send_garps(node, in, in->conf->garp_repeat);
	if (act & VRRP_ACT_GARP_REFRESH)
		send_garps(node, in, in->conf->garp_refresh_repeat);
	if (after == before)
		return;
	in->state_since = now;
	if (after == VRRP_STATE_MASTER)
		in->cnt.became_master++;
	if (before == VRRP_STATE_MASTER)
		in->cnt.left_master++;
	vrrp_node_log(node, after == VRRP_STATE_INIT ? VRRP_LOG_WARNING : VRRP_LOG_INFO,
	              "(%s) Entering %s STATE (%s)", in->conf->name,
	              vrrp_state_name(after), why);
	if (before == VRRP_STATE_MASTER || after == VRRP_STATE_MASTER)
		arm_lastgasp(node);
}

static void feed(struct vrrp_node *node, struct vrrp_instance *in,
                 const struct vrrp_event *ev, uint64_t now, const char *why)
{
	enum vrrp_state before = in->fsm.state;
	unsigned int act = vrrp_fsm_handle(&in->fsm, ev, now);

	run_actions(node, in, act, before, now, why);
}

/* Starts <in>: as a reload's new worker, carries on as master when the
 * previous worker holds the VIPs (their lease proves it was alive a few
 * seconds ago at most); otherwise starts as the RFC says, after removing
 * VIPs a crashed predecessor left behind (unless we own them).
 */
static void start_instance(struct vrrp_node *node, struct vrrp_instance *in,
                           bool reload, uint64_t now)
{
	const struct vrrp_instance_conf *c = in->conf;
	struct vrrp_event ev = { .type = VRRP_EV_STARTUP };
	int present = vips_present(node, in);
	char a[INET_ADDRSTRLEN];

	if (reload && present == c->nvips) {
		vrrp_node_log(node, VRRP_LOG_INFO, "(%s) reload: the previous worker is "
		              "master, carrying on as master", c->name);
		ev.type = VRRP_EV_TAKEOVER;
		feed(node, in, &ev, now, "reload");
		return;
	}
	if (present > 0 && !reload && c->priority != VRRP_PRIO_OWNER) {
		set_vips(node, in, false);
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) removed %d virtual address(es) "
		              "left on %s by a previous run (e.g. %s)", c->name, present,
		              c->ifname, ip4(c->vips[0].addr, a));
	}
	feed(node, in, &ev, now, "startup");
}

static void start_instances(struct vrrp_node *node, uint64_t now)
{
	bool reload = node->from_reload;
	int i, ret;

	node->running = true;
	node->run_pid = getpid();
	/* The worker may have lost what the master had (e.g. "user" in the
	 * global section drops capabilities): refuse to pretend.
	 */
	if (!vrrp_proc_has_cap(CAP_NET_ADMIN) || !vrrp_proc_has_cap(CAP_NET_RAW)) {
		snprintf(node->fault, sizeof(node->fault), "the HAProxy worker lacks %s: "
		         "it cannot %s, so it stays silent and lets the other router be "
		         "master (see README: privileges)",
		         !vrrp_proc_has_cap(CAP_NET_ADMIN) ? "CAP_NET_ADMIN" : "CAP_NET_RAW",
		         !vrrp_proc_has_cap(CAP_NET_ADMIN) ? "add the virtual addresses"
		                                           : "send adverts");
		vrrp_node_log(node, VRRP_LOG_ALERT, "%s", node->fault);
		return;
	}
	ret = vrrp_lastgasp_install();
	if (ret < 0)
		vrrp_node_log(node, VRRP_LOG_WARNING, "SIGTERM handler: %s; a hard "
		              "stop will not hand over at once", strerror(-ret));
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];
		const struct vrrp_instance_conf *c = in->conf;
		struct vrrp_fsm_conf fc = {
			.version = c->version,
			.priority = c->priority,
			.adver_int_cs = c->adver_int_cs,
			.preempt = c->preempt,
			.preempt_delay_ms = c->preempt_delay_ms,
			.primary_addr = ntohl(in->primary),
			.garp_delay_ms = c->garp_delay_ms,
			.garp_refresh_ms = c->garp_refresh_ms,
		};
		char a[INET_ADDRSTRLEN];

		vrrp_fsm_init(&in->fsm, &fc);
		in->state_since = now;
		vrrp_node_log(node, VRRP_LOG_INFO, "(%s) starting: VRRPv%u vrid %u "
		              "priority %u on %s from %s", c->name, c->version, c->vrid,
		              c->priority, c->ifname, ip4(in->primary, a));
		start_instance(node, in, reload, now);
	}
}

/* Whether the advert lists exactly our VIPs (RFC: log a mismatch). */
static bool same_addresses(const struct vrrp_instance_conf *c,
                           const struct vrrp_advert *adv)
{
	int i, j;

	if (adv->naddr != c->nvips)
		return false;
	for (i = 0; i < c->nvips; i++) {
		for (j = 0; j < adv->naddr; j++)
			if (adv->addrs[j] == c->vips[i].addr)
				break;
		if (j == adv->naddr)
			return false;
	}
	return true;
}

static void count_drop(struct vrrp_node *node, struct vrrp_instance *in,
                       enum vrrp_rx_error err, uint32_t src)
{
	uint64_t n = ++in->cnt.rx_dropped[err];
	char a[INET_ADDRSTRLEN];

	/* Log the first of each kind, then every 1000th: a noisy link must
	 * not flood HAProxy's log. Other VRIDs on the link are normal.
	 */
	if (err != VRRP_RX_OTHER_VRID && (n == 1 || n % 1000 == 0))
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) dropped packet from %s: %s "
		              "(%llu so far)", in->conf->name, ip4(src, a),
		              vrrp_rx_error_name(err), (unsigned long long)n);
}

static void rx_packet(struct vrrp_node *node, struct vrrp_instance *in,
                      const uint8_t *buf, size_t len, uint64_t now)
{
	const struct vrrp_instance_conf *c = in->conf;
	struct vrrp_ipv4_info ip = { 0 };
	struct vrrp_expect exp = {
		.version = c->version, .vrid = c->vrid, .auth_type = c->auth_type,
		.interval_cs = c->adver_int_cs, .csum_mode = c->csum_mode,
	};
	struct vrrp_advert adv;
	struct vrrp_event ev = { .type = VRRP_EV_ADVERT };
	enum vrrp_rx_error err;
	char a[INET_ADDRSTRLEN];

	err = vrrp_ipv4_parse(buf, len, &ip);
	if (err == VRRP_RX_OK && ip.src == in->primary)
		return; /* our own, looped back */
	if (err == VRRP_RX_OK && c->npeers) {
		int k;

		for (k = 0; k < c->npeers && c->peers[k] != ip.src; k++)
			;
		if (k == c->npeers)
			err = VRRP_RX_NOT_PEER;
	}
	if (err == VRRP_RX_OK) {
		memcpy(exp.auth_data, c->auth_pass, sizeof(exp.auth_data));
		err = vrrp_advert_decode(ip.payload, ip.payload_len, ip.src, ip.dst,
		                         &exp, &adv);
	}
	if (err != VRRP_RX_OK) {
		count_drop(node, in, err, ip.src);
		return;
	}
	in->cnt.rx_adverts++;
	if (adv.priority == VRRP_PRIO_STOP)
		in->cnt.rx_stop++;
	if (!same_addresses(c, &adv) && in->cnt.rx_addr_mismatch++ == 0)
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) advert from %s lists other "
		              "virtual addresses than ours: check virtual_ipaddress on "
		              "both nodes", c->name, ip4(ip.src, a));
	ev.adv_priority = adv.priority;
	ev.adv_interval_cs = adv.interval_cs;
	ev.adv_src = ntohl(ip.src);
	if (adv.priority == VRRP_PRIO_STOP)
		feed(node, in, &ev, now, "master sent priority 0");
	else if (in->fsm.state == VRRP_STATE_MASTER)
		feed(node, in, &ev, now, "received higher priority advert");
	else
		feed(node, in, &ev, now, "advert");
}

/* keepalived's FAULT: while the instance's interface or one it tracks is
 * down, the instance is shut down (a master sends priority 0 if it still
 * can, and lets its VIPs go); it starts again when all are back. Checked
 * every 100 ms.
 */
static void check_links(struct vrrp_node *node, struct vrrp_instance *in,
                        uint64_t now)
{
	const struct vrrp_instance_conf *c = in->conf;
	const char *down = NULL;
	int i;

	if (now < in->next_link_check)
		return;
	in->next_link_check = now + 100;
	if (!vrrp_link_up(in->arp_fd, c->ifname))
		down = c->ifname;
	for (i = 0; !down && i < c->ntrack_if; i++)
		if (!vrrp_link_up(in->arp_fd, c->track_if[i]))
			down = c->track_if[i];
	if (down && !in->link_fault[0]) {
		struct vrrp_event ev = { .type = VRRP_EV_SHUTDOWN };

		vrrp_node_log(node, VRRP_LOG_ALERT, "(%s) %s is down: Entering FAULT "
		              "STATE", c->name, down);
		feed(node, in, &ev, now, "interface down");
		snprintf(in->link_fault, sizeof(in->link_fault), "%s", down);
	} else if (!down && in->link_fault[0]) {
		struct vrrp_event ev = { .type = VRRP_EV_STARTUP };

		vrrp_node_log(node, VRRP_LOG_INFO, "(%s) %s is up again: leaving FAULT "
		              "STATE", c->name, in->link_fault);
		in->link_fault[0] = '\0';
		feed(node, in, &ev, now, "interface up");
	}
}

uint64_t vrrp_node_poll(struct vrrp_node *node, uint64_t now)
{
	struct vrrp_event tick = { .type = VRRP_EV_TIMER };
	uint64_t next = VRRP_TIME_NEVER;
	int i;

	if (!node->opened || node->retired)
		return next;
	if (!node->running || node->run_pid != getpid())
		start_instances(node, now);
	if (node->fault[0])
		return next;
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];
		uint8_t buf[2048];
		uint64_t d;
		int k;

		check_links(node, in, now);
		for (k = 0; k < RX_BURST; k++) {
			ssize_t n = vrrp_sock_recv(in->sock_fd, buf, sizeof(buf));

			if (n == 0)
				break;
			if (n < 0) {
				if (in->cnt.tx_errors++ == 0)
					vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) receive: %s",
					              in->conf->name, strerror((int)-n));
				break;
			}
			if (!in->link_fault[0])
				rx_packet(node, in, buf, (size_t)n, now);
		}
		if (in->link_fault[0]) {
			if (in->next_link_check < next)
				next = in->next_link_check;
			continue;
		}
		feed(node, in, &tick, now, in->fsm.state == VRRP_STATE_BACKUP ?
		     "no advert within Master_Down_Interval" : "timer");
		d = vrrp_fsm_next_deadline(&in->fsm);
		if (d < next)
			next = d;
	}
	return next;
}

bool vrrp_node_retire(struct vrrp_node *node, uint64_t now, bool final)
{
	int i;

	if (!node->running || node->retired || node->run_pid != getpid())
		return true;
	if (!node->retire_until)
		node->retire_until = now + VRRP_RETIRE_WAIT_MS;
	while (vrrp_proc_younger_siblings() <= 0) {
		if (now >= node->retire_until) {
			vrrp_node_log(node, VRRP_LOG_INFO, "stopping, and no new worker "
			              "took over: handing over to the other routers");
			vrrp_node_stop(node, now);
			return true;
		}
		if (!final)
			return false;
		usleep(10000);
		now += 10;
	}
	/* A reload: the new worker runs the instances. Nothing to send,
	 * nothing to remove; and no last gasp on a later SIGTERM.
	 */
	vrrp_lastgasp_uninstall();
	node->retired = true;
	node->running = false;
	for (i = 0; i < node->ninst; i++)
		vrrp_node_log(node, VRRP_LOG_INFO, "(%s) reload: left to the new worker "
		              "(was %s)", node->inst[i].conf->name,
		              vrrp_state_name(node->inst[i].fsm.state));
	return true;
}

int vrrp_node_handover(struct vrrp_node *node, const char *name, bool resign,
                       uint64_t now)
{
	struct vrrp_event ev = { .type = resign ? VRRP_EV_RESIGN : VRRP_EV_RESUME };
	int i, n = 0;

	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];

		if (name && strcmp(name, in->conf->name) != 0)
			continue;
		n++;
		if (!node->running || node->fault[0])
			continue;
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) operator: %s", in->conf->name,
		              resign ? "resign (hand mastership to another router)"
		                     : "resume (back to the configured priority)");
		feed(node, in, &ev, now, resign ? "resigned" : "resumed");
	}
	return n;
}

void vrrp_node_stop(struct vrrp_node *node, uint64_t now)
{
	struct vrrp_event ev = { .type = VRRP_EV_SHUTDOWN };
	int i;

	if (node->running && node->run_pid == getpid()) {
		for (i = 0; i < node->ninst; i++)
			feed(node, &node->inst[i], &ev, now, "shutdown");
		vrrp_lastgasp_uninstall();
	}
	node->running = false;
	if (node->opened)
		close_sockets(node);
}

void vrrp_node_free(struct vrrp_node *node)
{
	if (node->opened)
		close_sockets(node);
	free(node->inst);
	vrrp_conf_free(&node->conf);
	memset(node, 0, sizeof(*node));
}

size_t vrrp_node_show(const struct vrrp_node *node, uint64_t now, char *buf,
                      size_t cap)
{
	size_t len = 0;
	int i, v, e;

#define OUT(...) do { \
		int w_ = snprintf(buf + len, len < cap ? cap - len : 0, __VA_ARGS__); \
		if (w_ > 0) len += (size_t)w_; \
	} while (0)

	OUT("# name state priority effective_priority master vips interface vrid "
	    "version since_s fault mode counters\n");
	if (node->fault[0])
		OUT("# fault: %s\n", node->fault);
	for (i = 0; i < node->ninst; i++) {
		const struct vrrp_instance *in = &node->inst[i];
		const struct vrrp_instance_conf *c = in->conf;
		const struct vrrp_counters *k = &in->cnt;
		char a[INET_ADDRSTRLEN];
		uint32_t master = 0;
		unsigned eff = node->running && !node->fault[0] ? in->fsm.priority : 0;
		const char *state = node->fault[0] || in->link_fault[0] ? "FAULT"
		                    : vrrp_state_name(in->fsm.state);

		if (in->fsm.state == VRRP_STATE_MASTER)
			master = in->primary;
		else if (in->fsm.state == VRRP_STATE_BACKUP && in->fsm.master_addr)
			master = htonl(in->fsm.master_addr);
		OUT("%s state=%s priority=%u effective_priority=%u master=%s vips=",
		    c->name, state, c->priority, eff,
		    master ? ip4(master, a) : "none");
		for (v = 0; v < c->nvips; v++)
			OUT("%s%s/%u", v ? "," : "", ip4(c->vips[v].addr, a),
			    c->vips[v].prefix);
		OUT(" interface=%s vrid=%u version=%u since_s=%llu", c->ifname, c->vrid,
		    c->version, (unsigned long long)(node->running && now > in->state_since ?
		                                     (now - in->state_since) / 1000 : 0));
		OUT(" fault=%s mode=%s", in->link_fault[0] ? in->link_fault : "none",
		    c->npeers ? "unicast:" : "multicast");
		for (v = 0; v < c->npeers; v++)
			OUT("%s%s", v ? "," : "", ip4(c->peers[v], a));
		OUT(" rx_adverts=%llu rx_stop=%llu tx_adverts=%llu tx_stop=%llu "
		    "became_master=%llu left_master=%llu garp_sent=%llu tx_errors=%llu "
		    "vip_errors=%llu rx_addr_mismatch=%llu",
		    (unsigned long long)k->rx_adverts, (unsigned long long)k->rx_stop,
		    (unsigned long long)k->tx_adverts, (unsigned long long)k->tx_stop,
		    (unsigned long long)k->became_master, (unsigned long long)k->left_master,
		    (unsigned long long)k->garp_sent, (unsigned long long)k->tx_errors,
		    (unsigned long long)k->vip_errors,
		    (unsigned long long)k->rx_addr_mismatch);
		for (e = 1; e < VRRP_RX_ERROR_COUNT; e++)
			OUT(" rx_%s=%llu", vrrp_rx_error_name((enum vrrp_rx_error)e),
			    (unsigned long long)k->rx_dropped[e]);
		OUT("\n");
	}
#undef OUT
	return len < cap ? len : (cap ? cap - 1 : 0);
}
