/*
 * The VRRP speaker of one HAProxy process. See vrrp_node.h.
 *
 * Where things happen: adverts are parsed in rx_packet(), state changes
 * are decided by vrrp_fsm_handle() and carried out in run_actions(), VIPs
 * are added and removed through claim_vips() / release_vips() (the kernel
 * side is vrrp_vip.c), FAULT is entered and left in enter_fault() /
 * leave_fault(), links are watched in check_links().
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <libmnl/libmnl.h>

#include <linux/capability.h>

#include "vrrp_addr.h"
#include "vrrp_arp.h"
#include "vrrp_caps.h"
#include "vrrp_conf.h"
#include "vrrp_fsm.h"
#include "vrrp_fifo.h"
#include "vrrp_handoff.h"
#include "vrrp_haproxy_cfg.h"
#include "vrrp_lastgasp.h"
#include "vrrp_link.h"
#include "vrrp_ndisc.h"
#include "vrrp_netns.h"
#include "vrrp_node.h"
#include "vrrp_notify.h"
#include "vrrp_packet.h"
#include "vrrp_proc.h"
#include "vrrp_route_conf.h"
#include "vrrp_routestate.h"
#include "vrrp_socket.h"
#include "vrrp_sockpool.h"
#include "vrrp_track.h"
#include "vrrp_vip.h"
#include "vrrp_vmac.h"


#define RX_BATCHES 8  /* batches of VRRP_SOCK_BATCH read per socket per poll */
#define LINK_FAULT_POLL_MS 100 /* how often an instance in FAULT for a link
                                * looks for news of it */

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

/* How many routes, rules and static addresses <conf> has in all. */
static int route_items(const struct vrrp_conf *conf)
{
	int i, n = conf->statics.nroutes + conf->statics.nrules + conf->nstatic_addrs;

	for (i = 0; i < conf->ninst; i++)
		n += conf->inst[i].routes.nroutes + conf->inst[i].routes.nrules;
	return n;
}

int vrrp_node_load(struct vrrp_node *node, const char *path, const char *config_id,
                   char *err, size_t errlen)
{
	int i, nvips = 0;

	memset(node, 0, sizeof(*node));
	node->handoff_fd = -1;
	node->successor_fd = -1;
	node->link_watch_fd = -1;
	node->fifo_fd[VRRP_FIFO_ANY] = node->fifo_fd[VRRP_FIFO_VRRP] = -1;
	node->tfiles.inotify_fd = -1;
	node->notify_fd = -1;
	if (vrrp_conf_load(path, config_id, &node->conf, err, errlen) < 0) {
		vrrp_conf_free(&node->conf);
		return -1;
	}
	/* A namespace that is not there fails the check, as HAProxy's own
	 * "namespace" on a bind line does; opened again, and entered, only by
	 * vrrp_node_open().
	 */
	if (node->conf.net_namespace[0]) {
		char at[VRRP_ERR_MAX / 2], why[VRRP_ERR_MAX];
		int fd = vrrp_netns_open(node->conf.net_namespace, why, sizeof(why));

		if (fd < 0) {
			snprintf(err, errlen, "%s: net_namespace %s (%s): %s", path,
			         node->conf.net_namespace,
			         vrrp_conf_at(&node->conf, node->conf.net_namespace_line, at,
			                      sizeof(at)), why);
			vrrp_conf_free(&node->conf);
			return -1;
		}
		close(fd);
	}
	snprintf(node->handoff_tag, sizeof(node->handoff_tag), "%s", node->conf.path);
	node->ninst = node->conf.ninst;
	for (i = 0; i < node->ninst; i++)
		nvips += node->conf.inst[i].nvips;
	/* Routes: each may have an add and a removal in flight at once. */
	if (vrrp_route_inflight_init(&node->route_inflight,
	                             2 * route_items(&node->conf)) < 0) {
		snprintf(err, errlen, "%s: out of memory", path);
		vrrp_node_free(node);
		return -1;
	}
	node->inst = calloc((size_t)node->ninst, sizeof(*node->inst));
	if (!node->inst || vrrp_sockpool_init(&node->pool, node->ninst) < 0 ||
	    vrrp_vip_inflight_init(&node->inflight, nvips) < 0 ||
	    !(node->rxbuf = malloc((size_t)VRRP_SOCK_BATCH * VRRP_SOCK_PKT_CAP)) ||
	    !(node->outcomes = calloc((size_t)node->inflight.cap,
	                              sizeof(*node->outcomes))) ||
	    !(node->group_state = calloc((size_t)node->conf.ngroups + 1,
	                                 sizeof(*node->group_state))) ||
	    !(node->group_settled = calloc((size_t)node->conf.ngroups + 1,
	                                   sizeof(*node->group_settled)))) {
		snprintf(err, errlen, "%s: out of memory", path);
		vrrp_node_free(node);
		return -1;
	}
	for (i = 0; i < node->ninst; i++) {
		node->inst[i].conf = &node->conf.inst[i];
		node->inst[i].sock_slot = -1;
		node->inst[i].arp_fd = -1;
		node->inst[i].route_said = calloc((size_t)node->conf.inst[i].routes.nroutes + 1,
		                                  sizeof(bool));
		if (!node->inst[i].route_said) {
			snprintf(err, errlen, "%s: out of memory", path);
			vrrp_node_free(node);
			return -1;
		}
	}
	for (i = 0; i < node->conf.nnotes; i++)
		vrrp_node_log(node, VRRP_LOG_INFO, "%s", node->conf.notes[i]);
	node->haproxy_stopping = vrrp_proc_stopping_flag();
	return 0;
}

int vrrp_node_haproxy_stopping(const struct vrrp_node *node)
{
	if (!node->haproxy_stopping)
		return -1;
	return *node->haproxy_stopping != 0;
}

/* The instance number of <in>, as the socket pool and requests know it. */
static int inst_no(const struct vrrp_node *node, const struct vrrp_instance *in)
{
	return (int)(in - node->inst);
}

/* The raw socket <in> sends on (its slot in the pool's), or -1. */
static int inst_fd(const struct vrrp_node *node, const struct vrrp_instance *in)
{
	return in->sock_slot < 0 ? -1 : node->pool.sock[in->sock_slot].fd;
}

static void close_instance(struct vrrp_node *node, struct vrrp_instance *in)
{
	vrrp_sockpool_detach(&node->pool, in->sock_slot, in->conf->vrid);
	if (in->arp_fd >= 0)
		close(in->arp_fd);
	in->sock_slot = in->arp_fd = -1;
}

static void close_sockets(struct vrrp_node *node)
{
	int i;

	for (i = 0; i < node->ninst; i++)
		close_instance(node, &node->inst[i]);
	vrrp_nl_close(&node->nl);
	node->inflight.n = 0;
	vrrp_nl_close(&node->route_nl);
	node->route_inflight.n = 0;
	if (node->link_watch_fd >= 0)
		close(node->link_watch_fd);
	node->link_watch_fd = -1;
	if (node->handoff_fd >= 0)
		close(node->handoff_fd);
	node->handoff_fd = -1;
	if (node->successor_fd >= 0)
		close(node->successor_fd);
	node->successor_fd = -1;
	for (i = 0; i < VRRP_FIFO_COUNT; i++) {
		if (node->fifo_fd[i] >= 0)
			close(node->fifo_fd[i]);
		node->fifo_fd[i] = -1;
	}
	vrrp_trackfile_close(&node->tfiles);
	if (node->notify_fd >= 0 && vrrp_notify_fd_ours(node->notify_fd))
		close(node->notify_fd);
	node->notify_fd = -1;
	node->successor = 0;
	node->opened = false;
}

/* The interface <c>'s VIPs without a "dev" of their own go on: its vmac
 * with use_vmac, else its interface.
 */
static const char *vip_dev(const struct vrrp_instance_conf *c)
{
	return c->use_vmac ? c->vmac_name : c->ifname;
}

/* Whether <addr> is one of <in>'s virtual addresses. */
static bool is_vip(const struct vrrp_instance *in, const struct vrrp_addr *addr)
{
	int i;

	for (i = 0; i < in->conf->nvips; i++)
		if (vrrp_addr_eq(&in->conf->vips[i].addr, addr))
			return true;
	return false;
}

/* Whether <a>, an address of <in>'s interface, can be its source. IPv4:
 * the first primary address that is not one of our VIPs (a /32 VIP is a
 * primary address of its own). IPv6: the link-local address (RFC 9568
 * 5.1.2.1), once duplicate address detection has let it be used.
 */
static bool usable_source(const struct vrrp_instance *in, const struct vrrp_nl_ifaddr *a)
{
	const struct vrrp_instance_conf *c = in->conf;

	if (a->addr.family != c->family || a->tentative)
		return false;
	if (vrrp_addr_is_set(&c->unicast_src))
		return vrrp_addr_eq(&a->addr, &c->unicast_src);
	if (c->family == AF_INET6)
		return vrrp_addr_is_linklocal(&a->addr) && !is_vip(in, &a->addr);
	return !a->secondary && !is_vip(in, &a->addr);
}

/* How long the start waits for duplicate address detection on the
 * source address (RFC 4862: up to 1 s of random delay, then 1 s per probe):
 * HAProxy started with the network, right after the link came up.
 */
#define DAD_WAIT_MS     5000
#define DAD_RECHECK_MS  100

/* Finds our source address (usable_source()) into in->primary. At start
 * (<wait_dad>: in the master, before the fork, where a short wait blocks
 * nothing but the start itself) an address still in duplicate address
 * detection is waited for, DAD_WAIT_MS at most for all instances together
 * (node->dad_waited_ms). Returns 0 or -errno with <why> set.
 */
static int primary_address(struct vrrp_node *node, struct vrrp_instance *in,
                           bool wait_dad, char *why, size_t whylen)
{
	const struct vrrp_instance_conf *c = in->conf;
	struct vrrp_nl_ifaddr *addrs;
	char a[VRRP_ADDR_STRLEN];
	int n, i, ret;
	bool tentative, dad_failed;

	for (;;) {
		ret = -ENOENT;
		tentative = dad_failed = false;
		n = vrrp_nl_list_addrs(&node->nl, in->ifindex, &addrs, why, whylen);
		if (n < 0)
			return n;
		for (i = 0; i < n && ret < 0; i++) {
			if (usable_source(in, &addrs[i])) {
				in->primary = addrs[i].addr;
				ret = 0;
			}
			/* The one we would take, once detection is done. */
			if (addrs[i].tentative) {
				struct vrrp_nl_ifaddr done = addrs[i];

				done.tentative = false;
				if (usable_source(in, &done)) {
					tentative |= !addrs[i].dad_failed;
					dad_failed |= addrs[i].dad_failed;
				}
			}
		}
		free(addrs);
		if (ret == 0)
			return 0;
		if (!tentative || !wait_dad || node->dad_waited_ms >= DAD_WAIT_MS)
			break;
		usleep(DAD_RECHECK_MS * 1000);
		node->dad_waited_ms += DAD_RECHECK_MS;
	}
	if (vrrp_addr_is_set(&c->unicast_src)) {
		snprintf(why, whylen, "%s %s is not a usable address of the "
		         "interface%s", c->npeers ? "unicast_src_ip" : "mcast_src_ip",
		         vrrp_addr_str(&c->unicast_src, a),
		         dad_failed ? " (duplicate address detection failed: another "
		                      "node on the link has it)" :
		         tentative ? " (duplicate address detection is not done)" : "");
		return -EADDRNOTAVAIL;
	}
	snprintf(why, whylen, "has no %s to send adverts from%s",
	         c->family == AF_INET6 ? "IPv6 link-local address" : "IPv4 address",
	         dad_failed ? " (duplicate address detection failed: another node "
	                      "on the link has it)" :
	         tentative && wait_dad ? " (duplicate address detection is not "
	                                 "done after 5 s)" :
	         tentative ? " (duplicate address detection is not done yet)" : "");
	return -ENOENT;
}

/* Resolves the interfaces an instance refers to besides its own: each
 * VIP's "dev" (and its MAC, for gratuitous ARP) and track_interface, in
 * the namespace of the node's sockets (net_namespace). Returns 0, or -1
 * with <why> naming the line and interface.
 */
static int resolve_interfaces(struct vrrp_node *node, struct vrrp_instance *in,
                              char *why, size_t whylen)
{
	const struct vrrp_conf *conf = &node->conf;
	char at[VRRP_ERR_MAX / 2];
	const struct vrrp_instance_conf *c = in->conf;
	int i;

	for (i = 0; i < c->nvips; i++) {
		const char *dev = c->vips[i].dev[0] ? c->vips[i].dev : vip_dev(c);

		in->vip_ifindex[i] = vrrp_nl_ifindex(&node->nl, dev);
		if (!in->vip_ifindex[i]) {
			snprintf(why, whylen, "virtual_ipaddress %s: dev %s: %s",
			         vrrp_conf_at(conf, c->vips[i].line, at, sizeof(at)), dev,
			         strerror(errno));
			return -1;
		}
		if (vrrp_arp_mac(in->arp_fd, dev, in->vip_mac[i], why, whylen) < 0)
			return -1;
		/* /proc can be read at start only: after HAProxy's chroot (a
		 * recreated interface is resolved again) it is not there, and
		 * the flag seen at start is kept.
		 */
		if (c->vips[i].addr.family == AF_INET6) {
			int fwd = c->na_router >= 0 ? c->na_router : vrrp_ndisc_forwarding(dev);

			if (fwd >= 0)
				in->vip_na_router[i] = fwd == 1;
		}
	}
	for (i = 0; i < c->ntrack_if; i++) {
		if (!vrrp_nl_ifindex(&node->nl, c->track_if[i])) {
			snprintf(why, whylen, "track_interface %s: %s", c->track_if[i],
			         strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Finds <in>'s interfaces and source address and opens its sockets: at
 * start (<at_start>: waiting for duplicate address detection on the
 * source, primary_address()), and again when its interface was deleted
 * and created anew.
 * Returns 0, or -1 with <why> saying what failed; nothing stays open then.
 */
static int open_instance_sockets(struct vrrp_node *node, struct vrrp_instance *in,
                                 bool at_start, char *why, size_t whylen)
{
	const struct vrrp_instance_conf *c = in->conf;
	int ret;

	in->ifindex = vrrp_nl_ifindex(&node->nl, c->ifname);
	if (!in->ifindex) {
		snprintf(why, whylen, "interface %s: %s", c->ifname, strerror(errno));
		return -1;
	}
	if (primary_address(node, in, at_start, why, whylen) < 0)
		return -1;
	/* The vmac before the sockets: they are bound to it. Created (or a
	 * reload's or a crashed run's reused) before the fork; in the worker
	 * again only when it went with a base interface created anew.
	 */
	in->vmac_ifindex = 0;
	in->tx_ifindex = in->ifindex;
	if (c->use_vmac) {
		char msg[VRRP_ERR_MAX], at[VRRP_ERR_MAX / 2];

		/* IPv6: the socket on the vmac is bound to the link-local
		 * source, which must be there too (keepalived's
		 * set_link_local_address()).
		 */
		bool ll = c->family == AF_INET6 && !c->vmac_xmit_base &&
		          vrrp_addr_is_linklocal(&in->primary);

		ret = vrrp_vmac_ensure(c->vmac_name, in->ifindex, c->family, c->vrid,
		                       ll ? &in->primary : NULL, &in->vmac_created, msg,
		                       sizeof(msg));
		if (ret < 0) {
			snprintf(why, whylen, "%.300s (%.180s)", msg,
			         vrrp_conf_at(&node->conf, c->vmac_line, at, sizeof(at)));
			return -1;
		}
		in->vmac_ifindex = ret;
		if (!c->vmac_xmit_base)
			in->tx_ifindex = ret;
	}
	/* Adverts from the base interface's address (keepalived's too), out
	 * of the vmac with the virtual MAC: a peer's adverts with the same
	 * source MAC reach this node's vmac alone (macvlan's private mode),
	 * so that is where they are read.
	 */
	ret = vrrp_sockpool_attach(&node->pool,
	                           in->tx_ifindex == in->ifindex ? c->ifname : c->vmac_name,
	                           in->tx_ifindex, &in->primary, c->npeers > 0, c->vrid,
	                           inst_no(node, in), why, whylen);
	if (ret < 0)
		return -1;
	in->sock_slot = ret;
	ret = vrrp_arp_open(c->ifname, in->ifindex, in->mac, why, whylen);
	if (ret < 0 || (in->arp_fd = ret, resolve_interfaces(node, in, why, whylen) < 0)) {
		close_instance(node, in);
		return -1;
	}
	return 0;
}

/* Refuses a VIP that the system already has as a permanent address: we
 * would turn it into a lease and remove it whenever we are not master,
 * taking away an address someone configured on purpose.
 */
static int refuse_permanent_vip(const struct vrrp_conf *conf,
                                const struct vrrp_instance *in,
                                const struct vrrp_nl_ifaddr *addrs, int naddrs,
                                char *why, size_t whylen)
{
	char at[VRRP_ERR_MAX / 2];
	const struct vrrp_instance_conf *c = in->conf;
	char a[VRRP_ADDR_STRLEN];
	int permanent;

	vrrp_vip_count_present(in, addrs, naddrs, &permanent);
	if (permanent < 0)
		return 0;
	snprintf(why, whylen, "virtual_ipaddress %s (%s) is already configured "
	         "on %s as a permanent address; haproxy-vrrp adds its VIPs with a "
	         "lifetime and removes them when not master, so it will not take "
	         "over one configured by the system: remove it from the system's "
	         "network configuration (ip addr del %s/%u dev %s)",
	         vrrp_addr_str(&c->vips[permanent].addr, a),
	         vrrp_conf_at(conf, c->vips[permanent].line, at, sizeof(at)),
	         c->vips[permanent].dev[0] ? c->vips[permanent].dev : vip_dev(c),
	         a, c->vips[permanent].prefix,
	         c->vips[permanent].dev[0] ? c->vips[permanent].dev : vip_dev(c));
	return -1;
}

static int open_notify(struct vrrp_node *node, char *why, size_t whylen);

/* Opens <in> (open_instance_sockets()) and checks its VIPs against the
 * system's addresses <addrs> (<naddrs> of them, every interface's: VIPs
 * may have a "dev" of their own). Returns 0, or -1 with <err> naming the
 * instance and what failed.
 */
static int open_instance(struct vrrp_node *node, struct vrrp_instance *in,
                         const struct vrrp_nl_ifaddr *addrs, int naddrs,
                         char *err, size_t errlen)
{
	char at[VRRP_ERR_MAX / 2];
	const struct vrrp_instance_conf *c = in->conf;
	char why[VRRP_ERR_MAX];

	if (open_instance_sockets(node, in, true, why, sizeof(why)) < 0 ||
	    refuse_permanent_vip(&node->conf, in, addrs, naddrs, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "vrrp_instance %s (%s, %s) on %s: %s", c->name,
		         node->conf.path, vrrp_conf_at(&node->conf, c->line, at, sizeof(at)),
		         c->ifname, why);
		return -1;
	}
	/* Longer than Master_Down_Interval, so a VIP renewed every third of
	 * it never expires on a live master but is gone soon after the backup
	 * has taken over from a dead or hung one.
	 */
	in->lease_s = (vrrp_master_down_ms(c->version, c->priority, c->adver_int_cs,
	                                   c->down_timer_adverts ? c->down_timer_adverts : 3)
	               + 999) / 1000 + 1;
	return 0;
}

/* A failed open: removes the vmacs it made (not those a reload's running
 * worker, or a crashed run, left: the former uses them). The master is
 * not running VRRP: the requests are simply sent.
 */
static void drop_new_vmacs(struct vrrp_node *node)
{
	char nlbuf[MNL_SOCKET_BUFFER_SIZE];
	int i;

	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];

		if (in->vmac_created && in->vmac_ifindex)
			vrrp_nl_send(&node->nl, nlbuf, vrrp_vmac_build_del(nlbuf,
			             vrrp_nl_next_seq(&node->nl), in->vmac_ifindex));
		in->vmac_created = false;
		in->vmac_ifindex = 0;
	}
}

/* Finds the file that keeps this file's routes between runs
 * (vrrp_routestate.h), in HAPROXY_VRRP_STATE_DIR if that is an absolute
 * path, into node->routestate_path ("" when the name does not fit).
 */
static void find_routestate_path(struct vrrp_node *node)
{
	const char *dir = secure_getenv("HAPROXY_VRRP_STATE_DIR");

	if (dir && dir[0] != '/') {
		if (dir[0])
			vrrp_node_log(node, VRRP_LOG_WARNING, "HAPROXY_VRRP_STATE_DIR=%s is "
			              "not an absolute path: using %s", dir, VRRP_ROUTESTATE_DIR);
		dir = NULL;
	}
	if (!vrrp_routestate_path(dir ? dir : VRRP_ROUTESTATE_DIR, node->handoff_tag,
	                          node->routestate_path, sizeof(node->routestate_path))) {
		node->routestate_path[0] = '\0';
		vrrp_node_log(node, VRRP_LOG_WARNING, "the routes' state file's name is too "
		              "long: what a changed file no longer has stays in the kernel");
	}
}

/* Keeps in node->gone what the previous run of this file had (routes,
 * rules, static addresses) and this file has not, for remove_gone(), and
 * makes room for their requests. A state file that cannot be read only
 * costs that, said. Returns 0, or a negative value when out of memory.
 */
static int find_gone_routes(struct vrrp_node *node)
{
	struct vrrp_routestate prev, cur;
	char why[VRRP_ERR_MAX];
	int ret = 0;

	vrrp_routestate_free(&node->gone);
	find_routestate_path(node);
	if (!node->routestate_path[0])
		return 0;
	ret = vrrp_routestate_read(node->routestate_path, node->handoff_tag, &prev, why,
	                           sizeof(why));
	if (ret < 0) {
		/* A user that cannot reach the directory (HAProxy started as
		 * one without the drop-in) with a file of no routes: nothing
		 * to keep, nothing worth a warning at every start.
		 */
		if (ret == -EACCES && !route_items(&node->conf))
			return 0;
		vrrp_node_log(node, VRRP_LOG_WARNING, "%s: routes, rules and static "
		              "addresses the previous run's file had and this one has not "
		              "stay in the kernel", why);
		return 0;
	}
	if (vrrp_routestate_count(&prev)) {
		if (vrrp_routestate_of(&node->conf, &cur) < 0)
			ret = -1;
		else if (vrrp_routestate_diff(&prev, &cur, &node->gone) < 0)
			ret = -1;
		vrrp_routestate_free(&cur);
	}
	vrrp_routestate_free(&prev);
	/* Room for the removals beside this file's own requests. */
	if (ret == 0 && vrrp_routestate_count(&node->gone)) {
		vrrp_route_inflight_free(&node->route_inflight);
		ret = vrrp_route_inflight_init(&node->route_inflight,
		                               2 * route_items(&node->conf) +
		                               vrrp_routestate_count(&node->gone));
	}
	return ret;
}

/* Writes this file's routes, rules and static addresses where the next
 * run of it (a reload's, or a start after a stop or crash) will look
 * (find_gone_routes()). Only once the node opened: a reload that fails
 * here leaves the running worker's pool in the file (one that HAProxy
 * fails after this, binding say, does not: see README).
 */
static void remember_routes(struct vrrp_node *node)
{
	const char *path = node->routestate_path;
	struct vrrp_routestate cur;
	char why[VRRP_ERR_MAX];

	if (!path[0])
		return;  /* (said by find_routestate_path()) */
	if (vrrp_routestate_of(&node->conf, &cur) < 0)
		snprintf(why, sizeof(why), "%s: out of memory", path);
	else if (vrrp_routestate_write(path, node->handoff_tag, &cur, why, sizeof(why)) == 0)
		why[0] = '\0';
	if (why[0])
		vrrp_node_log(node, VRRP_LOG_WARNING, "%s: a later run of a changed file "
		              "cannot remove the routes, rules and static addresses of "
		              "this one", why);
	vrrp_routestate_free(&cur);
}

/* vrrp_node_open() in the namespace the sockets are to live in (the
 * calling thread's). Returns 0, or -1 with <err> set and nothing open.
 */
static int open_node(struct vrrp_node *node, char *err, size_t errlen)
{
	struct vrrp_nl_ifaddr *addrs;
	char why[VRRP_ERR_MAX];
	int i, naddrs;

	node->dad_waited_ms = 0;
	/* Before HAProxy chroots: the workers a reload replaces, to be told
	 * by the new one (vrrp_handoff.h).
	 */
	node->n_old_pids = vrrp_proc_old_pids(node->old_pids, VRRP_MAX_OLD_PIDS);
	if (node->n_old_pids < 0) {
		vrrp_node_log(node, VRRP_LOG_WARNING, "cannot read this process's command "
		              "line (%s): after a reload the old worker will hand over as if "
		              "HAProxy stopped", strerror(-node->n_old_pids));
		node->n_old_pids = 0;
	}
	if (!vrrp_proc_master_worker() && node->n_old_pids > 0) {
		close_sockets(node);
		snprintf(err, errlen, "reloading with -sf/-st outside master-worker mode "
		         "is not supported: this new process would take the VIPs from "
		         "the running one, which would then hand over with priority 0 "
		         "(two failovers). Run HAProxy in master-worker mode (-W, or -Ws "
		         "as the systemd unit does) and reload with SIGUSR2 to the master "
		         "(systemctl reload haproxy)");
		return -1;
	}
	if (!vrrp_caps_has(CAP_NET_ADMIN)) {
		close_sockets(node);
		snprintf(err, errlen, "HAProxy lacks CAP_NET_ADMIN, needed to add and "
		         "remove the virtual addresses (see README: the systemd drop-in)");
		return -1;
	}
	/* For "user haproxy" in the global section. Not fatal here: without
	 * "user" nothing is lost; with it, the worker reports what it lacks.
	 */
	if (vrrp_caps_keep_across_setuid(why, sizeof(why)) < 0)
		vrrp_node_log(node, VRRP_LOG_WARNING, "%s", why);
	if (find_gone_routes(node) < 0) {
		close_sockets(node);
		snprintf(err, errlen, "%s: out of memory", node->conf.path);
		return -1;
	}
	if (vrrp_nl_open(&node->nl, why, sizeof(why)) < 0 ||
	    ((route_items(&node->conf) || vrrp_routestate_count(&node->gone)) &&
	     vrrp_nl_open(&node->route_nl, why, sizeof(why)) < 0)) {
		close_sockets(node);
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	/* Link changes, from the kernel: opened here rather than in the
	 * worker, which could not make it in the namespace (net_namespace).
	 * Without it, the links are asked at every poll.
	 */
	node->link_watch_fd = vrrp_link_watch_open(why, sizeof(why));
	if (node->link_watch_fd < 0)
		vrrp_node_log(node, VRRP_LOG_WARNING, "%s: link state is asked at every "
		              "poll instead", why);
	/* keepalived's notify FIFOs, while still root and outside a chroot. */
	for (i = 0; i < VRRP_FIFO_COUNT; i++) {
		const struct vrrp_fifo_conf *f = &node->conf.notify_fifo[i];

		if (!f->path[0])
			continue;
		node->fifo_fd[i] = vrrp_fifo_open(f->path, f->user[0] ? f->user : NULL,
		                                  f->group[0] ? f->group : NULL, why,
		                                  sizeof(why));
		if (node->fifo_fd[i] < 0) {
			close_sockets(node);
			snprintf(err, errlen, "%s: %s: %s", node->conf.path,
			         vrrp_fifo_keyword(i, false), why);
			return -1;
		}
	}
	/* The notify scripts' helper, while root, outside a chroot and
	 * before HAProxy's threads (vrrp_notify.h).
	 */
	if (open_notify(node, why, sizeof(why)) < 0) {
		close_sockets(node);
		snprintf(err, errlen, "%s: %s", node->conf.path, why);
		return -1;
	}
	/* The tracked files' directories, while outside a chroot. */
	if (vrrp_trackfile_open(&node->tfiles, node->conf.track_files,
	                        node->conf.ntrack_files,
	                        vrrp_proc_is_reload() || node->n_old_pids > 0,
	                        why, sizeof(why)) < 0) {
		close_sockets(node);
		snprintf(err, errlen, "%s: %s", node->conf.path, why);
		return -1;
	}
	/* Before any vmac is made (vrrp_vmac.h); while outside a chroot. As
	 * keepalived, for an IPv4 instance's vmac only.
	 */
	for (i = 0; i < node->ninst && !(node->inst[i].conf->use_vmac &&
	                                 node->inst[i].conf->family == AF_INET); i++)
		;
	if (i < node->ninst) {
		int ret = vrrp_vmac_clear_rp_filter(why, sizeof(why));

		if (ret < 0) {
			close_sockets(node);
			snprintf(err, errlen, "%s: %s", node->conf.path, why);
			return -1;
		}
		if (ret > 0)
			vrrp_node_log(node, VRRP_LOG_WARNING, "%s", why);
	}
	/* The system's addresses, once for every instance. */
	naddrs = vrrp_nl_list_addrs(&node->nl, 0, &addrs, why, sizeof(why));
	if (naddrs < 0) {
		close_sockets(node);
		snprintf(err, errlen, "%s: %s", node->conf.path, why);
		return -1;
	}
	for (i = 0; i < node->ninst; i++) {
		if (open_instance(node, &node->inst[i], addrs, naddrs, err, errlen) < 0) {
			free(addrs);
			drop_new_vmacs(node);
			close_sockets(node);
			return -1;
		}
	}
	free(addrs);
	node->opened = true;
	/* HAProxy 3.1+ clears HAPROXY_MWORKER_REEXEC before the worker loads
	 * the config; the -sf list says "reload" all the same.
	 */
	node->from_reload = vrrp_proc_is_reload() ||
	                    (vrrp_proc_master_worker() && node->n_old_pids > 0);
	remember_routes(node);
	return 0;
}

int vrrp_node_open(struct vrrp_node *node, char *err, size_t errlen)
{
	const char *ns = node->conf.net_namespace;
	char why[VRRP_ERR_MAX];
	int nsfd, home, ret;
	struct stat st;

	if (node->opened)
		return 0;
	if (!ns[0])
		return open_node(node, err, errlen);
	/* net_namespace: every socket the node uses is made in there (a
	 * socket keeps its namespace for life), and the notify helper forked
	 * in there runs the scripts there, as keepalived does. HAProxy's
	 * master calls this from register_init, single threaded and before it
	 * forks, binds or chroots: only this thread moves, and it comes back
	 * before HAProxy goes on.
	 */
	nsfd = vrrp_netns_open(ns, why, sizeof(why));
	if (nsfd < 0) {
		snprintf(err, errlen, "%s: net_namespace %s: %s", node->conf.path, ns, why);
		return -1;
	}
	/* The hand-off's tag says which namespace (not which name: "ip netns
	 * delete" and "add" make another under the same): a reload's new
	 * worker in another one finds no VIPs to carry on with, so the old
	 * worker, which then hears no word, must let go of them in its own
	 * (priority 0, VIPs removed) as at a stop. With the same namespace the
	 * word is heard and the old worker keeps quiet.
	 */
	if (fstat(nsfd, &st) == 0)
		snprintf(node->handoff_tag, sizeof(node->handoff_tag), "netns %llx:%llu %s",
		         (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
		         node->conf.path);
	home = vrrp_netns_enter(nsfd, why, sizeof(why));
	close(nsfd);
	if (home < 0) {
		snprintf(err, errlen, "%s: net_namespace %s: %s", node->conf.path, ns, why);
		return -1;
	}
	ret = open_node(node, err, errlen);
	vrrp_netns_leave(home);
	if (ret == 0)
		vrrp_node_log(node, VRRP_LOG_INFO, "VRRP runs in network namespace %s "
		              "(net_namespace), HAProxy in its own", ns);
	return ret;
}

/* Where <in>'s adverts go: the unicast peers, or the multicast group of
 * its family. Returns how many addresses it put in <dst>.
 */
static int destinations(const struct vrrp_instance *in, struct vrrp_addr *dst)
{
	int i;

	if (!in->conf->npeers) {
		if (in->conf->family == AF_INET6) {
			dst[0].family = AF_INET6;
			inet_pton(AF_INET6, VRRP_MCAST_GROUP_V6, &dst[0].v6);
		} else {
			dst[0] = vrrp_addr4(htonl(VRRP_MCAST_GROUP_V4));
		}
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
                           const struct vrrp_addr *dst, uint8_t *buf, size_t cap)
{
	const struct vrrp_instance_conf *c = in->conf;
	struct vrrp_advert adv = { 0 };
	int i;

	adv.family = c->family;
	adv.version = c->version;
	adv.vrid = c->vrid;
	adv.priority = priority;
	adv.naddr = (uint8_t)c->nvips_adv;
	adv.auth_type = c->auth_type;
	adv.interval_cs = c->adver_int_cs;
	memcpy(adv.auth_data, c->auth_pass, sizeof(adv.auth_data));
	for (i = 0; i < c->nvips_adv; i++)
		adv.addrs[i] = c->vips[i].addr;
	return vrrp_advert_encode(&adv, &in->primary, dst, c->csum_mode, buf, cap);
}

static void send_advert(struct vrrp_node *node, struct vrrp_instance *in,
                        uint8_t priority)
{
	struct vrrp_addr dst[VRRP_MAX_PEERS];
	uint8_t buf[VRRP_MAX_MSG_LEN];
	int i, n = destinations(in, dst);

	for (i = 0; i < n; i++) {
		size_t len = build_advert(in, priority, &dst[i], buf, sizeof(buf));
		int ret = len ? vrrp_sock_send(inst_fd(node, in), &dst[i], in->tx_ifindex,
		                               in->conf->unicast_ttl, buf, len) : -EINVAL;
		char a[VRRP_ADDR_STRLEN];

		if (ret < 0) {
			if (in->cnt.tx_errors++ == 0)
				vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) sending advert to "
				              "%s: %s", in->conf->name, vrrp_addr_str(&dst[i], a),
				              strerror(-ret));
			continue;
		}
		if (priority == VRRP_PRIO_STOP)
			in->cnt.tx_stop++;
		else
			in->cnt.tx_adverts++;
	}
}

/* Name of <in>'s state as "show vrrp", the stats page and the log say it:
 * keepalived's FAULT while the node or the instance cannot take part.
 */
static const char *state_name(const struct vrrp_node *node,
                              const struct vrrp_instance *in)
{
	if (node->fault[0] || in->fault != VRRP_FAULT_NONE)
		return "FAULT";
	return vrrp_state_name(in->fsm.state);
}

const char *vrrp_node_fault_word(const struct vrrp_node *node, int i)
{
	if (node->fault[0])
		return "node";
	return node->inst[i].fault != VRRP_FAULT_NONE ? node->inst[i].fault_word : NULL;
}

const char *vrrp_node_state_name(const struct vrrp_node *node, int i)
{
	return state_name(node, &node->inst[i]);
}

/* A master's add or renewal of its VIPs failed with <err> (<what> says
 * which address and why) at <now>. Returns true when the instance may go
 * on: a transient failure while the lease leaves time to try again with
 * the next advert. Otherwise <reason> says why it must step aside.
 */
static bool vip_add_failed(struct vrrp_node *node, struct vrrp_instance *in,
                           int err, const char *what, uint64_t now,
                           char *reason, size_t reasonlen)
{
	in->cnt.vip_errors++;
	if (!vrrp_vip_must_step_aside(err, in->lease_until, in->conf->adver_int_cs * 10u,
	                              now)) {
		if (!in->vip_error_logged)
			vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) %s: %s; the lease "
			              "runs %llu ms more, trying again with the next advert",
			              in->conf->name, vip_dev(in->conf), what,
			              (unsigned long long)(in->lease_until - now));
		in->vip_error_logged = true;
		in->renew_at = now;
		return true;
	}
	snprintf(reason, reasonlen, "cannot %s the virtual addresses on %s: %s",
	         in->lease_until > now ? "renew" : "add", vip_dev(in->conf), what);
	in->vip_error_logged = true;
	return false;
}

/* Writes static address <v> as the log names it ("192.0.2.240/32 dev
 * eth0") into <buf> of <len> bytes, and returns <buf>.
 */
static const char *static_addr_str(const struct vrrp_vip_conf *v, char *buf, size_t len)
{
	char a[VRRP_ADDR_STRLEN];

	snprintf(buf, len, "%s/%u dev %s", vrrp_addr_str(&v->addr, a), v->prefix, v->dev);
	return buf;
}

/* A route, rule or static address request failed with <err>: counted
 * (an instance's) and said, naming it as the file does.
 */
static void route_failed(void *arg, const struct vrrp_route_req *r, int err)
{
	char at[VRRP_ERR_MAX / 2];
	struct vrrp_node *node = arg;
	struct vrrp_instance *in = r->owner >= 0 ? &node->inst[r->owner] : NULL;
	bool gone = r->owner == VRRP_ROUTE_OWNER_GONE;
	const struct vrrp_route_set *set = in ? &in->conf->routes :
	                                   gone ? &node->gone.set : &node->conf.statics;
	const struct vrrp_vip_conf *addrs = gone ? node->gone.addrs : node->conf.static_addrs;
	char what[VRRP_ERR_MAX];
	const char *kind;
	int line;

	if (r->kind == VRRP_ROUTE_KIND_ROUTE) {
		vrrp_route_str(&set->routes[r->idx], what, sizeof(what));
		kind = "route";
		line = set->routes[r->idx].line;
	} else if (r->kind == VRRP_ROUTE_KIND_RULE) {
		vrrp_rule_str(&set->rules[r->idx], what, sizeof(what));
		kind = "rule";
		line = set->rules[r->idx].line;
	} else {
		static_addr_str(&addrs[r->idx], what, sizeof(what));
		kind = "address";
		line = addrs[r->idx].line;
	}
	if (in)
		in->cnt.route_errors++;
	/* A route's renewals fail as its add did: counted, said once per
	 * mastership (move_routes() clears the marks).
	 */
	if (in && r->add && r->kind == VRRP_ROUTE_KIND_ROUTE) {
		if (in->route_said[r->idx])
			return;
		in->route_said[r->idx] = true;
	}
	/* (A former one's line is the old file's: not named.) */
	vrrp_node_log(node, VRRP_LOG_WARNING, "%s%s%scannot %s %s %s %s (%s): %s",
	              in ? "(" : "", in ? in->conf->name : "", in ? ") " : "",
	              r->add ? "add" : "remove", in ? "virtual" : gone ? "former" : "static",
	              kind, what, gone ? "no longer in the file" :
	              vrrp_conf_at(&node->conf, line, at, sizeof(at)), strerror(-err));
}

/* Does <op> with <in>'s virtual routes and rules (vrrp_route_send_set()):
 * those the kernel can expire go in with the VIPs' lease and are renewed
 * with them: a hung master's (SIGSTOP) lapse with its VIPs.
 */
static void move_routes(struct vrrp_node *node, struct vrrp_instance *in,
                        enum vrrp_route_op op, uint64_t now)
{
	if (op == VRRP_ROUTE_PUT)  /* failures are news again */
		memset(in->route_said, 0, (size_t)in->conf->routes.nroutes);
	if (node->route_nl.sock)
		vrrp_route_send_set(&node->route_nl, &node->route_inflight,
		                    &in->conf->routes, inst_no(node, in), op, in->lease_s,
		                    now, route_failed, node);
}

/* Puts the static addresses, routes and rules in (<add>) or takes them
 * out, addresses first going in and last going out.
 */
static void move_statics(struct vrrp_node *node, bool add, uint64_t now)
{
	const struct vrrp_conf *c = &node->conf;

	if (!node->route_nl.sock)
		return;
	if (add)
		vrrp_route_send_addrs(&node->route_nl, &node->route_inflight,
		                      c->static_addrs, c->nstatic_addrs,
		                      VRRP_ROUTE_OWNER_STATIC, true, now, route_failed, node);
	vrrp_route_send_set(&node->route_nl, &node->route_inflight, &c->statics,
	                    VRRP_ROUTE_OWNER_STATIC, add ? VRRP_ROUTE_PUT : VRRP_ROUTE_TAKE,
	                    0, now, route_failed, node);
	if (!add)
		vrrp_route_send_addrs(&node->route_nl, &node->route_inflight,
		                      c->static_addrs, c->nstatic_addrs,
		                      VRRP_ROUTE_OWNER_STATIC, false, now, route_failed, node);
}

/* One former route, rule or static address in the log: <removed>, or
 * left and <why_left>.
 */
static void say_gone_one(struct vrrp_node *node, const char *kind, const char *what,
                         bool removed, const char *why_left)
{
	vrrp_node_log(node, VRRP_LOG_INFO, "%s %s %s: no longer in the file%s%s%s",
	              removed ? "removing" : "leaving", kind, what, removed ? "" : " (",
	              removed ? "" : why_left, removed ? "" : ")");
}

/* Says what remove_gone() takes out and what it leaves, the first
 * VRRP_GONE_SAID by name: the log queue must keep room for the
 * instances' own lines.
 */
static void say_gone(struct vrrp_node *node)
{
	static const char no_track[] = "no_track: it cannot be told from the system's own";
	const struct vrrp_routestate *g = &node->gone;
	char what[VRRP_ERR_MAX];
	int i, said = 0;

	for (i = 0; i < g->set.nroutes && said < VRRP_GONE_SAID; i++, said++)
		say_gone_one(node, "route", vrrp_route_str(&g->set.routes[i], what, sizeof(what)),
		             g->set.routes[i].protocol == RTPROT_KEEPALIVED, no_track);
	for (i = 0; i < g->set.nrules && said < VRRP_GONE_SAID; i++, said++)
		say_gone_one(node, "rule", vrrp_rule_str(&g->set.rules[i], what, sizeof(what)),
		             g->set.rules[i].protocol == RTPROT_KEEPALIVED, no_track);
	for (i = 0; i < g->naddrs && said < VRRP_GONE_SAID; i++, said++)
		say_gone_one(node, "static address",
		             static_addr_str(&g->addrs[i], what, sizeof(what)), node->from_reload,
		             "not a reload: after a stop or a crash, one there now cannot be "
		             "told from the system's own");
	if (vrrp_routestate_count(g) > said)
		vrrp_node_log(node, VRRP_LOG_INFO, "... and %d more routes, rules and static "
		              "addresses no longer in the file", vrrp_routestate_count(g) - said);
}

/* Takes out what the previous run of this file had and this one has not
 * (node->gone, found by find_gone_routes()), before anything of this file
 * goes in: a route changed in a way the kernel's removal does not look at
 * (its "onlink") is put back by this file's add. Only what carries
 * keepalived's mark, as at a crashed run's clean-up; static addresses
 * only after a reload (the previous worker had them in, and a stop takes
 * them out: an address that is there after a stop may be the system's
 * own now). Said once, at the start: a reload's repeat (<routes_only>)
 * is quiet.
 */
static void remove_gone(struct vrrp_node *node, bool routes_only, uint64_t now)
{
	const struct vrrp_routestate *g = &node->gone;
	struct vrrp_route_set routes = g->set;

	if (!vrrp_routestate_count(g) || !node->route_nl.sock)
		return;
	if (!node->gone_said)
		say_gone(node);
	node->gone_said = true;
	if (routes_only)
		routes.nrules = 0;
	vrrp_route_send_set(&node->route_nl, &node->route_inflight, &routes,
	                    VRRP_ROUTE_OWNER_GONE, VRRP_ROUTE_TAKE_MARKED, 0, now,
	                    route_failed, node);
	if (node->from_reload && !routes_only)
		vrrp_route_send_addrs(&node->route_nl, &node->route_inflight, g->addrs,
		                      g->naddrs, VRRP_ROUTE_OWNER_GONE, false, now,
		                      route_failed, node);
}

/* Reads the kernel's answers to route requests (failures are said). */
static void handle_route_outcomes(struct vrrp_node *node, uint64_t now)
{
	vrrp_route_collect(&node->route_nl, &node->route_inflight, now, route_failed,
	                   node);
}

/* Sends the adds (a new claim, <fresh>, which also puts the virtual
 * routes and rules in) or renewals of <in>'s VIPs; the
 * kernel's answers come back through handle_vip_outcomes(). Returns false
 * when the requests could not even be sent and the instance must step
 * aside: then <reason> says why.
 */
static bool claim_vips(struct vrrp_node *node, struct vrrp_instance *in,
                       bool fresh, uint64_t now, char *reason, size_t reasonlen)
{
	char err[VRRP_ERR_MAX];
	bool lapsed = !fresh && in->lease_until && now >= in->lease_until;
	int ret;

	if (fresh)
		in->vip_epoch++;  /* answers to an earlier release are stale now */
	in->renew_at = vrrp_vip_renew_due(now, in->lease_s, in->conf->adver_int_cs * 10u);
	ret = vrrp_vip_send(&node->nl, &node->inflight, in, inst_no(node, in), true,
	                    now, err, sizeof(err));
	if (ret < 0 && !vip_add_failed(node, in, ret, err, now, reason, reasonlen))
		return false;
	/* After the VIPs: a route may name one as its source. A master whose
	 * lease lapsed (it hung) lost its VIPs, and with them the IPv4
	 * routes of "src VIP": all of them go in again.
	 */
	move_routes(node, in, fresh || lapsed ? VRRP_ROUTE_PUT : VRRP_ROUTE_RENEW, now);
	return true;
}

/* A removal of <in>'s VIPs failed (<what> says which and why): counted
 * and said; the lease removes the address soon.
 */
static void vip_release_failed(struct vrrp_node *node, struct vrrp_instance *in,
                               const char *what)
{
	in->cnt.vip_errors++;
	vrrp_node_log(node, VRRP_LOG_ALERT, "(%s) %s: %s; it lapses with its lease "
	              "within %u s", in->conf->name, vip_dev(in->conf), what,
	              in->lease_s);
}

/* Sends the removal of <in>'s virtual routes and rules, then of its
 * VIPs; a failure is logged (the lease removes the VIPs soon).
 */
static void release_vips(struct vrrp_node *node, struct vrrp_instance *in,
                         uint64_t now)
{
	char err[VRRP_ERR_MAX];
	int ret;

	move_routes(node, in, VRRP_ROUTE_TAKE, now);  /* before the VIPs they may use */
	in->vip_epoch++;  /* what earlier adds come back with is of no concern */
	in->lease_until = 0;
	memset(in->vip_lease_until, 0, sizeof(in->vip_lease_until));
	ret = vrrp_vip_send(&node->nl, &node->inflight, in, inst_no(node, in), false,
	                    now, err, sizeof(err));
	if (ret < 0)
		vip_release_failed(node, in, err);
}

/* The kernel confirmed VIP <v> of <in>, asked for at <sent_at>. */
static void vip_add_confirmed(struct vrrp_node *node, struct vrrp_instance *in,
                              int v, uint64_t sent_at, uint64_t now)
{
	uint64_t until = VRRP_TIME_NEVER;
	int i;

	in->vip_lease_until[v] = sent_at + (uint64_t)in->lease_s * 1000u;
	for (i = 0; i < in->conf->nvips; i++)
		if (in->vip_lease_until[i] < until)
			until = in->vip_lease_until[i];
	in->lease_until = until;
	if (!until)
		return;  /* not all of them yet */
	if (in->vip_error_logged)
		vrrp_node_log(node, VRRP_LOG_INFO, "(%s) virtual addresses renewed "
		              "again", in->conf->name);
	in->vip_error_logged = false;
	/* The hold starts over only once the VIPs have stayed ours for a
	 * while: a failure that comes and goes must still back off.
	 */
	if (!in->claimed_since)
		in->claimed_since = now;
	else if (now - in->claimed_since >= 60000)
		in->fault_hold_ms = 0;
}

static void enter_fault(struct vrrp_node *node, struct vrrp_instance *in,
                        enum vrrp_fault fault, const char *word,
                        const char *reason, enum vrrp_state announced,
                        uint64_t now);

/* Reads the kernel's answers to the VIP requests in flight (and gives up
 * on those unanswered for too long) and acts on them: a master whose
 * claim failed for good steps aside; a failed removal is logged.
 */
static void handle_vip_outcomes(struct vrrp_node *node, uint64_t now)
{
	int n = vrrp_vip_collect(&node->nl, &node->inflight, now, node->outcomes);
	int k;

	for (k = 0; k < n; k++) {
		const struct vrrp_vip_outcome *o = &node->outcomes[k];
		struct vrrp_instance *in = &node->inst[o->req.inst];
		char what[VRRP_ERR_MAX], reason[VRRP_LOG_LEN];

		if (o->err)
			vrrp_vip_describe(in, o, what, sizeof(what));
		if (!o->req.add) {
			if (o->err)
				vip_release_failed(node, in, what);
			continue;
		}
		/* Let go of since, or no longer master: not ours to hold. */
		if (o->req.epoch != in->vip_epoch || in->fsm.state != VRRP_STATE_MASTER ||
		    in->fault != VRRP_FAULT_NONE)
			continue;
		if (!o->err) {
			vip_add_confirmed(node, in, o->req.vip, o->req.sent_at, now);
		} else if (o->err == -ENOBUFS && !in->lease_until) {
			/* The kernel dropped answers, not necessarily our
			 * request: a new claim asks again with its next advert
			 * rather than give up an address it may well hold.
			 */
			in->cnt.vip_errors++;
			in->renew_at = now;
		} else if (!vip_add_failed(node, in, o->err, what, now, reason,
		                           sizeof(reason))) {
			enter_fault(node, in, VRRP_FAULT_VIP, "vip", reason, in->fsm.state, now);
		}
	}
}

/* One burst of <repeat> announcements per VIP, each on its interface:
 * gratuitous ARP for IPv4, an unsolicited neighbour advertisement for
 * IPv6.
 */
static void send_garps(struct vrrp_node *node, struct vrrp_instance *in,
                       uint32_t repeat)
{
	const struct vrrp_instance_conf *c = in->conf;
	char a[VRRP_ADDR_STRLEN];
	uint32_t r;
	int i, n4 = 0, n6 = 0;

	for (i = 0; i < c->nvips; i++) {
		const struct vrrp_addr *vip = &c->vips[i].addr;
		bool v6 = vip->family == AF_INET6;

		for (r = 0; r < repeat; r++) {
			int ret = v6 ? vrrp_na_send(in->arp_fd, in->vip_ifindex[i],
			                            in->vip_mac[i], vip, in->vip_na_router[i])
			             : vrrp_arp_send(in->arp_fd, in->vip_ifindex[i],
			                             in->vip_mac[i], vip->v4);

			if (ret < 0) {
				in->cnt.tx_errors++;
				vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) %s for %s: %s",
				              c->name, v6 ? "neighbour advertisement" :
				              "gratuitous ARP", vrrp_addr_str(vip, a),
				              strerror(-ret));
				break;
			}
			if (v6)
				in->cnt.na_sent++;
			else
				in->cnt.garp_sent++;
		}
		if (v6)
			n6++;
		else
			n4++;
	}
	if (n4)
		vrrp_node_log(node, VRRP_LOG_INFO, "(%s) Sending gratuitous ARP on %s "
		              "for %d address(es), %u each", c->name, vip_dev(c), n4, repeat);
	if (n6)
		vrrp_node_log(node, VRRP_LOG_INFO, "(%s) Sending unsolicited neighbour "
		              "advertisements on %s for %d address(es), %u each", c->name,
		              vip_dev(c), n6, repeat);
}

/* Adds one datagram to the SIGTERM set; a datagram that does not fit is
 * said, never dropped in silence (the set is sized from the config, so
 * this means a bug, but then the VIP only lapses with its lease).
 */
static void lastgasp_add(struct vrrp_node *node, const struct vrrp_instance *in,
                         int fd, const void *buf, size_t len, const void *dst,
                         size_t dstlen)
{
	int ret = vrrp_lastgasp_add(fd, buf, len, dst, dstlen);

	if (ret < 0)
		vrrp_node_log(node, VRRP_LOG_ALERT, "(%s) SIGTERM hand-over: %s; a stop "
		              "will not send all of it", in ? in->conf->name : "static",
		              strerror(-ret));
}

/* Rebuilds what the SIGTERM handler sends: for every instance that is
 * master, its priority-0 advert and the deletion of its VIPs.
 */
/* Adds to the SIGTERM set the removals of <set>'s rules and routes (an
 * instance's, <in>, or the static ones), as move_routes() would send them.
 */
static void lastgasp_routes(struct vrrp_node *node, const struct vrrp_instance *in,
                            const struct vrrp_route_set *set)
{
	char nlbuf[MNL_SOCKET_BUFFER_SIZE];
	int fd = vrrp_nl_fd(&node->route_nl), k;

	if (fd < 0)
		return;
	for (k = 0; k < set->nrules; k++)
		lastgasp_add(node, in, fd, nlbuf,
		             vrrp_nl_build_rule(nlbuf, false, false, 0, &set->rules[k]),
		             NULL, 0);
	for (k = 0; k < set->nroutes; k++) {
		const struct vrrp_route_conf *r = &set->routes[k];
		int oif = r->dev[0] ? vrrp_nl_ifindex(&node->nl, r->dev) : 0;

		if (r->dev[0] && !oif)
			continue;  /* gone with its interface */
		lastgasp_add(node, in, fd, nlbuf,
		             vrrp_nl_build_route(nlbuf, false, false, 0, r, oif, 0), NULL, 0);
	}
}

/* Adds the static rules, routes and addresses' removals to the SIGTERM
 * set: a stop takes them out, whatever the instances' states.
 */
static void lastgasp_statics(struct vrrp_node *node)
{
	char nlbuf[MNL_SOCKET_BUFFER_SIZE];
	int fd = vrrp_nl_fd(&node->route_nl), k;

	lastgasp_routes(node, NULL, &node->conf.statics);
	for (k = 0; fd >= 0 && k < node->conf.nstatic_addrs; k++) {
		const struct vrrp_vip_conf *v = &node->conf.static_addrs[k];
		struct vrrp_nl_addr_req req = vrrp_vip_req_of(v, vrrp_nl_ifindex(&node->nl, v->dev), 0);

		if (req.ifindex)
			lastgasp_add(node, NULL, fd, nlbuf,
			             vrrp_nl_build_addr(nlbuf, false, false, 0, &req), NULL, 0);
	}
}

static void arm_lastgasp(struct vrrp_node *node)
{
	char nlbuf[MNL_SOCKET_BUFFER_SIZE];
	int i, v, d;

	vrrp_lastgasp_begin();
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];
		struct vrrp_addr dsts[VRRP_MAX_PEERS];
		int ndst = destinations(in, dsts);
		uint8_t buf[VRRP_MAX_MSG_LEN];
		size_t len;

		if (in->fsm.state != VRRP_STATE_MASTER)
			continue;
		for (d = 0; d < ndst; d++) {
			struct sockaddr_storage dst;
			socklen_t dstlen = vrrp_sock_dest(&dsts[d], in->tx_ifindex, &dst);

			len = build_advert(in, VRRP_PRIO_STOP, &dsts[d], buf, sizeof(buf));
			if (len)
				lastgasp_add(node, in, inst_fd(node, in), buf, len, &dst,
				             dstlen);
		}
		for (v = 0; v < in->conf->nvips; v++) {
			struct vrrp_nl_addr_req req =
				vrrp_vip_req_of(&in->conf->vips[v], in->vip_ifindex[v], 0);

			/* seq 0 and no ACK: nothing to read back, and the
			 * request-matching in vrrp_netlink.c skips an error
			 * reply should the process outlive the signal.
			 */
			len = vrrp_nl_build_addr(nlbuf, false, false, 0, &req);
			lastgasp_add(node, in, mnl_socket_get_fd(node->nl.sock), nlbuf, len,
			             NULL, 0);
		}
		lastgasp_routes(node, in, &in->conf->routes);
	}
	/* A stop removes every vmac whatever the state (the VIPs on it go
	 * with it): after all the priority-0 adverts, which leave through
	 * the vmacs.
	 */
	for (i = 0; i < node->ninst; i++) {
		const struct vrrp_instance *in = &node->inst[i];

		if (in->vmac_ifindex)
			lastgasp_add(node, in, mnl_socket_get_fd(node->nl.sock), nlbuf,
			             vrrp_vmac_build_del(nlbuf, 0, in->vmac_ifindex), NULL, 0);
	}
	lastgasp_statics(node);
	vrrp_lastgasp_commit();
}

/* What the SIGTERM set must hold when every instance is master at once. */
static size_t lastgasp_capacity(const struct vrrp_node *node)
{
	size_t n = 0;
	int i;

	for (i = 0; i < node->ninst; i++) {
		const struct vrrp_instance_conf *c = node->inst[i].conf;

		n += (size_t)(c->npeers ? c->npeers : 1) + (size_t)c->nvips +
		     (c->use_vmac ? 1 : 0);
	}
	return n + (size_t)route_items(&node->conf);
}

static void notify_fifo(struct vrrp_node *node, bool group, const char *name,
                        const char *state, unsigned priority);
static void send_notify(struct vrrp_node *node, int target, const char *what,
                        const char *state, unsigned priority);

/* <in>, master, heard a lower priority (a split link healed; after one,
 * a cloud's address may have moved to the other router): keepalived's
 * MASTER_RX_LOWER_PRI line on the FIFO, and notify_master_rx_lower_pri,
 * for every such advert.
 */
static void heard_lower(struct vrrp_node *node, struct vrrp_instance *in)
{
	const struct vrrp_instance_conf *c = in->conf;

	notify_fifo(node, false, c->name, "MASTER_RX_LOWER_PRI", in->fsm.priority);
	if (c->notify[VRRP_NOTIFY_RX_LOWER][0] && node->notify_fd >= 0)
		send_notify(node, inst_no(node, in), c->name, "MASTER_RX_LOWER_PRI",
		            in->fsm.priority);
}

/* Carries out the actions <act> for <in>, in the order the state machine
 * documents. Returns false when the VIP requests could not be sent and
 * the instance must step aside: then nothing was advertised and <reason>
 * says why. (The kernel's answer comes later, handle_vip_outcomes(): a
 * master whose claim is refused steps aside a moment after its advert.)
 */
static bool run_actions(struct vrrp_node *node, struct vrrp_instance *in,
                        unsigned int act, uint64_t now, char *reason,
                        size_t reasonlen)
{
	if (act & VRRP_ACT_DEL_VIPS)
		release_vips(node, in, now);
	if (act & VRRP_ACT_SEND_STOP)
		send_advert(node, in, VRRP_PRIO_STOP);
	/* A new master claims its VIPs; a master renews their lease with its
	 * first advert after a third of the lease has passed.
	 */
	if ((act & VRRP_ACT_ADD_VIPS) ||
	    (in->fsm.state == VRRP_STATE_MASTER &&
	     (act & (VRRP_ACT_SEND_ADVERT | VRRP_ACT_SEND_STOP)) && now >= in->renew_at)) {
		if (!claim_vips(node, in, (act & VRRP_ACT_ADD_VIPS) != 0, now, reason,
		                reasonlen))
			return false;
	}
	if (act & VRRP_ACT_SEND_ADVERT)
		send_advert(node, in, in->fsm.priority);
	if (act & VRRP_ACT_SEND_GARP)
		send_garps(node, in, in->conf->garp_repeat);
	if (act & VRRP_ACT_GARP_REFRESH)
		send_garps(node, in, in->conf->garp_refresh_repeat);
	if (act & VRRP_ACT_GARP_LOWER)
		send_garps(node, in, in->conf->garp_lower_prio_repeat);
	if (act & VRRP_ACT_HEARD_LOWER)
		heard_lower(node, in);
	return true;
}

/* Tells keepalived's notify FIFO, if any, the <state> of instance or
 * sync group (<group>) <name> (INIT, the way out of a stop, is
 * keepalived's STOP). A full pipe drops the line: counted, and said once
 * per thousand.
 */
static void notify_fifo(struct vrrp_node *node, bool group, const char *name,
                        const char *state, unsigned priority)
{
	char line[VRRP_NAME_MAX + 64];
	int i, ret;

	vrrp_fifo_line(line, sizeof(line), group, name,
	               strcmp(state, "INIT") == 0 ? "STOP" : state, priority);
	for (i = 0; i < VRRP_FIFO_COUNT; i++) {
		if (node->fifo_fd[i] < 0)
			continue;
		ret = vrrp_fifo_write(node->fifo_fd[i], line);
		if (ret < 0 && node->fifo_dropped++ % 1000 == 0)
			vrrp_node_log(node, VRRP_LOG_WARNING, "notify_fifo %s: %s; line "
			              "dropped (%llu so far): is anything reading it?",
			              node->conf.notify_fifo[i].path, strerror(-ret),
			              (unsigned long long)node->fifo_dropped);
	}
}

/* Asks the helper to run target <target>'s scripts (an instance, or
 * after them a sync group: open_notify()) for <state>.
 */
static void send_notify(struct vrrp_node *node, int target, const char *what,
                        const char *state, unsigned priority)
{
	int ret = vrrp_notify_send(node->notify_fd, target, state, priority);

	if (ret < 0 && node->notify_dropped++ % 1000 == 0)
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) notify scripts for %s not run: "
		              "%s (%llu so far)", what, state, strerror(-ret),
		              (unsigned long long)node->notify_dropped);
}

/* The state of sync group <g> as its scripts see it: FAULT when a member
 * is, MASTER when all are, STOP when none runs, else BACKUP.
 */
static const char *group_state_now(const struct vrrp_node *node, int g)
{
	int i, n = 0, masters = 0, stopped = 0;

	for (i = 0; i < node->ninst; i++) {
		const struct vrrp_instance *m = &node->inst[i];

		if (m->conf->sync_group != g)
			continue;
		n++;
		if (m->fault != VRRP_FAULT_NONE)
			return "FAULT";
		masters += m->fsm.state == VRRP_STATE_MASTER;
		stopped += m->fsm.state == VRRP_STATE_INIT;
	}
	return masters == n ? "MASTER" : stopped == n ? "STOP" : "BACKUP";
}

/* What <in>'s sync group <g> says after <in> changed: its state now,
 * and whether that is news for its scripts (<*scripts>: a change) and for
 * the notify FIFO (<*fifo>: a change, or the state a reload's new worker
 * settles in, as the FIFO reader is told the current states after a
 * reload). After a reload the group's state settles once every member
 * has its first; until then it is news to neither.
 */
static const char *group_news(struct vrrp_node *node, int g, bool *scripts,
                              bool *fifo)
{
	const char *gs = group_state_now(node, g);
	bool settling = false;
	int i;

	*scripts = *fifo = false;
	if (node->from_reload && !node->group_settled[g]) {
		for (i = 0; i < node->ninst; i++)
			settling |= node->inst[i].conf->sync_group == g &&
			            !node->inst[i].notified;
		node->group_state[g] = gs;
		node->group_settled[g] = !settling;
		*fifo = !settling;
		return gs;
	}
	if (gs != node->group_state[g]) {
		node->group_state[g] = gs;
		*scripts = *fifo = true;
	}
	return gs;
}

/* Tells the notify FIFO and hands the helper the scripts of <in>'s state
 * now, and of its sync group's when the group's state changed with it
 * (GROUP NAME STATE). After a reload, the state the new worker starts in
 * carries on the previous worker's: the FIFO is told, no script runs.
 */
static void notify_change(struct vrrp_node *node, struct vrrp_instance *in)
{
	const struct vrrp_instance_conf *c = in->conf;
	const char *state = state_name(node, in);
	/* After a reload, the first state carries the previous worker's on
	 * when it is the one a reload starts in: MASTER after a takeover,
	 * else BACKUP. Another (FAULT, say) is news.
	 */
	bool carried = node->from_reload && !in->notified &&
	               strcmp(state, in->took_over ? "MASTER" : "BACKUP") == 0;
	bool scripts, fifo;
	int g = c->sync_group;

	in->notified = true;
	if (strcmp(state, "INIT") == 0)
		state = "STOP";
	notify_fifo(node, false, c->name, state, in->fsm.priority);
	if (!carried && node->notify_fd >= 0)
		send_notify(node, inst_no(node, in), c->name, state, in->fsm.priority);
	if (g < 0)
		return;
	state = group_news(node, g, &scripts, &fifo);
	if (fifo)
		notify_fifo(node, true, node->conf.groups[g].name, state, 0);
	if (scripts && node->notify_fd >= 0)
		send_notify(node, node->ninst + g, node->conf.groups[g].name, state, 0);
}

static int check_script(struct vrrp_node *node, const char *what, const char *cmd,
                        int line, uid_t uid, bool *off, char *why, size_t whylen);

/* Finds <user> and <group> ("": the user's own) into <*uid> and <*gid>.
 * Returns NULL, or which of the two has no such name ("user", "group").
 */
static const char *find_cred(const char *user, const char *group, uid_t *uid, gid_t *gid)
{
	struct passwd *pw = getpwnam(user);
	struct group *gr = group[0] ? getgrnam(group) : NULL;

	if (!pw)
		return "user";
	if (group[0] && !gr)
		return "group";
	*uid = pw->pw_uid;
	*gid = gr ? gr->gr_gid : pw->pw_gid;
	return NULL;
}

/* Finds whom each of <c>'s notify scripts (those of <what>, an instance's
 * or a group's) runs as, into <cr>: its own "USER [GROUP]" (keepalived's
 * notify_* SCRIPT USER [GROUP]; the group defaults to the user's), else
 * <uid>/<gid> (script_user), and checks each script for that user
 * (check_script(), which may set <off>). Returns 0, or -1 with <why>.
 */
static int target_creds(struct vrrp_node *node, const char *what,
                        const struct vrrp_instance_conf *c, uid_t uid, gid_t gid,
                        struct vrrp_notify_cred *cr, bool *off, char *why, size_t whylen)
{
	char at[VRRP_ERR_MAX / 2];
	int k;

	for (k = 0; k < VRRP_NOTIFY_COUNT; k++) {
		cr->uid[k] = uid;
		cr->gid[k] = gid;
		if (c->notify[k][0] && c->notify_user[k][0]) {
			const char *missing = find_cred(c->notify_user[k], c->notify_group[k],
			                                &cr->uid[k], &cr->gid[k]);

			if (missing) {
				/* keepalived leaves that script out and carries on */
				vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) %s: notify script "
				              "%s: user %s%s%s: no such %s: it will not run "
				              "(keepalived disables it too)", what,
				              vrrp_conf_at(&node->conf, c->notify_line[k], at,
				                           sizeof(at)), c->notify[k],
				              c->notify_user[k], c->notify_group[k][0] ? " group " : "",
				              c->notify_group[k], missing);
				off[k] = true;
				continue;
			}
		}
		if (check_script(node, what, c->notify[k], c->notify_line[k], cr->uid[k],
		                 &off[k], why, whylen) < 0)
			return -1;
	}
	return 0;
}

/* Checks the script <cmd> (line <line> of <what>) at start: its words
 * must split, with enable_script_security it must be safe, and one that
 * cannot be run is left out (<*off>) with a warning, as keepalived does.
 * Returns 0, or -1 with <why>.
 */
static int check_script(struct vrrp_node *node, const char *what, const char *cmd,
                        int line, uid_t uid, bool *off, char *why, size_t whylen)
{
	char at[VRRP_ERR_MAX / 2];
	char buf[VRRP_NOTIFY_MAX + 16], *argv[VRRP_NOTIFY_ARGV_MAX + 1], safe[VRRP_LOG_LEN];

	*off = false;
	if (!cmd[0])
		return 0;
	static const char *const extra[4] = { "INSTANCE", "", "", "" };

	if (vrrp_notify_split(cmd, argv, VRRP_NOTIFY_ARGV_MAX + 1, buf, sizeof(buf),
	                      extra, 4) < 1) {
		snprintf(why, whylen, "%s: %s: '%.300s': unbalanced quotes or too many "
		         "words", what, vrrp_conf_at(&node->conf, line, at, sizeof(at)), cmd);
		return -1;
	}
	if (node->conf.script_security && !vrrp_notify_path_safe(argv[0], uid, safe,
	                                                         sizeof(safe))) {
		snprintf(why, whylen, "%s: %s: %.400s", what,
		         vrrp_conf_at(&node->conf, line, at, sizeof(at)), safe);
		return -1;
	}
	if (access(argv[0], X_OK) < 0) {
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) %s: notify script %s: %s: "
		              "it will not run (keepalived disables it too)", what,
		              vrrp_conf_at(&node->conf, line, at, sizeof(at)),
		              argv[0], strerror(errno));
		*off = true;
	}
	return 0;
}

/* Fills <r> with the notify FIFOs' readers (notify_fifo_script) that can
 * run, <*n> of them: each as its own "USER [GROUP]", else <uid>/<gid>
 * (script_user), checked as a notify script is (check_script()); one
 * that cannot run is left out with a warning, as keepalived does.
 * Returns 0, or -1 with <why>.
 */
static int fifo_readers(struct vrrp_node *node, uid_t uid, gid_t gid,
                        struct vrrp_notify_reader *r, int *n, char *why, size_t whylen)
{
	char at[VRRP_ERR_MAX / 2];
	int i;

	*n = 0;
	for (i = 0; i < VRRP_FIFO_COUNT; i++) {
		const struct vrrp_fifo_conf *f = &node->conf.notify_fifo[i];
		uid_t u = uid;
		gid_t g = gid;
		bool off;

		if (!f->script[0])
			continue;
		if (f->script_user[0]) {
			const char *missing = find_cred(f->script_user, f->script_group, &u, &g);

			if (missing) {
				vrrp_node_log(node, VRRP_LOG_WARNING, "%s %s (%s): user %s%s%s: "
				              "no such %s: it will not run (keepalived leaves "
				              "it out too)", vrrp_fifo_keyword(i, true), f->script,
				              vrrp_conf_at(&node->conf, f->script_line, at, sizeof(at)),
				              f->script_user, f->script_group[0] ? " group " : "",
				              f->script_group, missing);
				continue;
			}
		}
		if (check_script(node, vrrp_fifo_keyword(i, true), f->script, f->script_line,
		                 u, &off, why, whylen) < 0)
			return -1;
		if (off)
			continue;
		r[(*n)++] = (struct vrrp_notify_reader){ .cmd = f->script, .fifo = f->path,
		                                         .uid = u, .gid = g };
	}
	return 0;
}

/* Starts the notify scripts' helper when an instance or sync group has a
 * script, or a notify FIFO a reader (fifo_readers()), as script_user (root by default), after checking each script
 * (check_script()). Returns 0, or -1 with <why> set.
 */
static int open_notify(struct vrrp_node *node, char *why, size_t whylen)
{
	const struct vrrp_conf *conf = &node->conf;
	char at[VRRP_ERR_MAX / 2];
	struct vrrp_notify_target *targets;
	struct vrrp_notify_reader readers[VRRP_FIFO_COUNT];
	char what[VRRP_NAME_MAX + 32];
	uid_t uid = 0;
	gid_t gid = 0;
	int i, k, n = 0, nreaders = 0;

	for (i = 0; i < node->ninst; i++)
		for (k = 0; k < VRRP_NOTIFY_COUNT; k++)
			n += node->inst[i].conf->notify[k][0] != '\0';
	for (i = 0; i < conf->ngroups; i++)
		for (k = 0; k < VRRP_NOTIFY_COUNT; k++)
			n += conf->groups[i].shared.notify[k][0] != '\0';
	for (i = 0; i < VRRP_FIFO_COUNT; i++)
		n += conf->notify_fifo[i].script[0] != '\0';
	if (n == 0)
		return 0;
	if (conf->script_user[0]) {
		const char *missing = find_cred(conf->script_user, conf->script_group, &uid, &gid);

		if (missing) {
			snprintf(why, whylen, "script_user %s%s%s (%s): no such %s",
			         conf->script_user, conf->script_group[0] ? " " : "",
			         conf->script_group,
			         vrrp_conf_at(conf, conf->script_user_line, at, sizeof(at)),
			         missing);
			return -1;
		}
	}
	free(node->group_notify_off);
	free(node->notify_creds);
	node->group_notify_off = calloc((size_t)conf->ngroups + 1,
	                                sizeof(*node->group_notify_off));
	node->notify_creds = calloc((size_t)(node->ninst + conf->ngroups),
	                            sizeof(*node->notify_creds));
	targets = calloc((size_t)(node->ninst + conf->ngroups), sizeof(*targets));
	if (!node->group_notify_off || !node->notify_creds || !targets) {
		free(targets);
		snprintf(why, whylen, "notify scripts: out of memory");
		return -1;
	}
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];
		const struct vrrp_instance_conf *c = in->conf;

		snprintf(what, sizeof(what), "vrrp_instance %s", c->name);
		targets[i] = (struct vrrp_notify_target){ .name = c->name, .cmd = c->notify,
		                                          .off = in->notify_off,
		                                          .uid = node->notify_creds[i].uid,
		                                          .gid = node->notify_creds[i].gid };
		if (target_creds(node, what, c, uid, gid, &node->notify_creds[i],
		                 in->notify_off, why, whylen) < 0) {
			free(targets);
			return -1;
		}
	}
	for (i = 0; i < conf->ngroups; i++) {
		const struct vrrp_instance_conf *c = &conf->groups[i].shared;

		snprintf(what, sizeof(what), "vrrp_sync_group %s", conf->groups[i].name);
		targets[node->ninst + i] = (struct vrrp_notify_target){
			.name = conf->groups[i].name, .group = true, .cmd = c->notify,
			.off = node->group_notify_off[i],
			.uid = node->notify_creds[node->ninst + i].uid,
			.gid = node->notify_creds[node->ninst + i].gid };
		if (target_creds(node, what, c, uid, gid, &node->notify_creds[node->ninst + i],
		                 node->group_notify_off[i], why, whylen) < 0) {
			free(targets);
			return -1;
		}
	}
	if (fifo_readers(node, uid, gid, readers, &nreaders, why, whylen) < 0) {
		free(targets);
		return -1;
	}
	if (uid == 0 && !conf->script_security)
		vrrp_node_log(node, VRRP_LOG_WARNING, "notify scripts run as root without "
		              "enable_script_security (keepalived warns the same)");
	/* The helper keeps its own copy of <targets> and <readers> (and of
	 * the commands they point to): the fork copies them.
	 */
	node->notify_fd = vrrp_notify_start(targets, node->ninst + conf->ngroups, readers,
	                                    nreaders, uid, gid, why, whylen);
	free(targets);
	return node->notify_fd < 0 ? -1 : 0;
}

/* Records that <in> went from <before> to its current state, or into
 * FAULT (<fault_entry>): logged as keepalived words it, counted, and the
 * SIGTERM set re-armed when mastership changed.
 */
static void record_change(struct vrrp_node *node, struct vrrp_instance *in,
                          enum vrrp_state before, uint64_t now, const char *why,
                          bool fault_entry)
{
	enum vrrp_state after = in->fsm.state;

	if (after == before && !fault_entry)
		return;
	in->state_since = now;
	if (after == VRRP_STATE_MASTER && before != VRRP_STATE_MASTER)
		in->cnt.became_master++;
	if (before == VRRP_STATE_MASTER && after != VRRP_STATE_MASTER)
		in->cnt.left_master++;
	vrrp_node_log(node, in->fault != VRRP_FAULT_NONE ? VRRP_LOG_ALERT :
	              after == VRRP_STATE_INIT ? VRRP_LOG_WARNING : VRRP_LOG_INFO,
	              "(%s) Entering %s STATE (%s)", in->conf->name,
	              state_name(node, in), why);
	notify_change(node, in);
	if (before == VRRP_STATE_MASTER || after == VRRP_STATE_MASTER)
		arm_lastgasp(node);
}

/* ---- sync groups (keepalived's vrrp_sync_group) -------------------------
 * The members of a group are MASTER together or not at all: one that
 * becomes master takes the others along (group_follow()), one that leaves
 * master for another router takes the others out, one in FAULT for a
 * cause of its own puts the others in FAULT until no member has one
 * (enter_fault(), leave_fault()), and a Backup whose Master_Down_Timer
 * fires waits while another member still hears a master (tick()).
 */

/* Whether <m> is another member of <in>'s sync group. */
static bool same_group(const struct vrrp_instance *in, const struct vrrp_instance *m)
{
	return m != in && in->conf->sync_group >= 0 &&
	       m->conf->sync_group == in->conf->sync_group;
}

static const char *group_name(const struct vrrp_node *node,
                              const struct vrrp_instance *in)
{
	return node->conf.groups[in->conf->sync_group].name;
}

/* Whether another member of <in>'s group hears a master at <now>. */
static bool group_hears_master(const struct vrrp_node *node,
                               const struct vrrp_instance *in, uint64_t now)
{
	int i;

	for (i = 0; i < node->ninst; i++)
		if (same_group(in, &node->inst[i]) && node->inst[i].fault == VRRP_FAULT_NONE &&
		    vrrp_fsm_hears_master(&node->inst[i].fsm, now))
			return true;
	return false;
}

/* Another member of <in>'s group in FAULT for a cause of its own, or NULL. */
static const struct vrrp_instance *group_own_fault(const struct vrrp_node *node,
                                                   const struct vrrp_instance *in)
{
	int i;

	for (i = 0; i < node->ninst; i++)
		if (same_group(in, &node->inst[i]) && node->inst[i].fault != VRRP_FAULT_NONE &&
		    node->inst[i].fault != VRRP_FAULT_SYNC)
			return &node->inst[i];
	return NULL;
}

static void feed(struct vrrp_node *node, struct vrrp_instance *in,
                 const struct vrrp_event *ev, uint64_t now, const char *why);

/* <in> went from <before> to its current state: its group's other
 * running members follow into MASTER, or out of it.
 */
static void group_follow(struct vrrp_node *node, struct vrrp_instance *in,
                         enum vrrp_state before, uint64_t now)
{
	enum vrrp_state after = in->fsm.state, from;
	struct vrrp_event ev = { .type = VRRP_EV_SYNC_MASTER };
	char why[VRRP_LOG_LEN];
	int i;

	if (in->conf->sync_group < 0 || node->group_syncing)
		return;
	if (after == VRRP_STATE_MASTER && before != VRRP_STATE_MASTER) {
		from = VRRP_STATE_BACKUP;
	} else if (before == VRRP_STATE_MASTER && after == VRRP_STATE_BACKUP) {
		ev.type = VRRP_EV_SYNC_BACKUP;
		from = VRRP_STATE_MASTER;
	} else {
		return;
	}
	snprintf(why, sizeof(why), "sync group %s: %s %s", group_name(node, in),
	         in->conf->name, after == VRRP_STATE_MASTER ? "became master" : "left master");
	node->group_syncing = true;
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *m = &node->inst[i];

		if (same_group(in, m) && m->fault == VRRP_FAULT_NONE && m->fsm.state == from)
			feed(node, m, &ev, now, why);
	}
	node->group_syncing = false;
}

/* Once <in>'s group (re)started: if a member is master (an owner, a
 * reload's takeover), the others still in BACKUP join it now rather
 * than after their Master_Down_Interval.
 */
static void group_align(struct vrrp_node *node, struct vrrp_instance *in,
                        uint64_t now)
{
	int i;

	if (in->conf->sync_group < 0)
		return;
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *m = &node->inst[i];

		if ((m == in || same_group(in, m)) && m->fault == VRRP_FAULT_NONE &&
		    m->fsm.state == VRRP_STATE_MASTER) {
			group_follow(node, m, VRRP_STATE_BACKUP, now);
			return;
		}
	}
}

/* Hands <ev> to <in>'s state machine and carries out what it asks for;
 * a master that cannot hold its VIPs steps aside into FAULT instead, and
 * the state it never announced is not recorded. Its sync group follows.
 */
static void feed(struct vrrp_node *node, struct vrrp_instance *in,
                 const struct vrrp_event *ev, uint64_t now, const char *why)
{
	enum vrrp_state before = in->fsm.state;
	unsigned int act = vrrp_fsm_handle(&in->fsm, ev, now);
	char reason[VRRP_LOG_LEN];

	if (run_actions(node, in, act, now, reason, sizeof(reason))) {
		record_change(node, in, before, now, why, false);
		group_follow(node, in, before, now);
	} else {
		enter_fault(node, in, VRRP_FAULT_VIP, "vip", reason, before, now);
	}
}

/* Time has passed for <in>: its due timers fire at <now>. A Backup of a
 * sync group whose Master_Down_Timer fires while another member still
 * hears a master waits on (becoming master alone would split the group).
 */
static void tick(struct vrrp_node *node, struct vrrp_instance *in, uint64_t now)
{
	struct vrrp_event ev = { .type = VRRP_EV_TIMER };

	if (in->conf->sync_group >= 0 && in->fsm.state == VRRP_STATE_BACKUP &&
	    now >= in->fsm.master_down_due && group_hears_master(node, in, now))
		ev.type = VRRP_EV_SYNC_HOLD;
	feed(node, in, &ev, now, in->fsm.state == VRRP_STATE_BACKUP ?
	     "no advert within Master_Down_Interval" : "timer");
}

/* keepalived's FAULT: the instance stops taking part (a master sends
 * priority 0 if it still can and lets its VIPs go) until leave_fault().
 * <word> is what "show vrrp" prints as fault=, <reason> the whole story,
 * <announced> the state the peers last heard of. A VIP fault is tried
 * again after a hold that doubles each time (5 s up to a minute), so that
 * a lasting failure does not flap the VIP.
 */
static void enter_fault(struct vrrp_node *node, struct vrrp_instance *in,
                        enum vrrp_fault fault, const char *word,
                        const char *reason, enum vrrp_state announced,
                        uint64_t now)
{
	struct vrrp_event ev = { .type = VRRP_EV_SHUTDOWN };
	char why[VRRP_LOG_LEN], unused[VRRP_LOG_LEN];
	int i;

	in->fault = fault;
	in->claimed_since = 0;
	snprintf(in->fault_word, sizeof(in->fault_word), "%s", word);
	snprintf(in->fault_reason, sizeof(in->fault_reason), "%s", reason);
	snprintf(why, sizeof(why), "%s", reason);
	if (fault == VRRP_FAULT_VIP) {
		in->fault_hold_ms = in->fault_hold_ms ? in->fault_hold_ms * 2 : 5000;
		if (in->fault_hold_ms > 60000)
			in->fault_hold_ms = 60000;
		in->fault_retry_at = now + in->fault_hold_ms;
		snprintf(why, sizeof(why), "%s; trying again in %u s", reason,
		         in->fault_hold_ms / 1000);
	}
	/* Master: priority 0 and the VIPs removed; Backup: just stops. */
	run_actions(node, in, vrrp_fsm_handle(&in->fsm, &ev, now), now, unused,
	            sizeof(unused));
	record_change(node, in, announced, now, why, true);
	if (fault == VRRP_FAULT_SYNC || in->conf->sync_group < 0)
		return;
	snprintf(why, sizeof(why), "sync group %s: %s is in FAULT (%s)",
	         group_name(node, in), in->conf->name, reason);
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *m = &node->inst[i];

		if (same_group(in, m) && m->fault == VRRP_FAULT_NONE)
			enter_fault(node, m, VRRP_FAULT_SYNC, group_name(node, in), why,
			            m->fsm.state, now);
	}
}

static struct vrrp_track_verdict judge(const struct vrrp_node *node,
                                       const struct vrrp_instance *in);
static enum vrrp_fault tracking_fault(const struct vrrp_track_verdict *v,
                                      const char **word, char *why, size_t whylen);
static void own_fault_cause(struct vrrp_instance *in, enum vrrp_fault fault,
                            const char *word, const char *reason);

/* Ends <in>'s FAULT: it starts again as Backup, like at startup. */
static void leave_fault(struct vrrp_node *node, struct vrrp_instance *in,
                        uint64_t now, const char *why)
{
	struct vrrp_event ev = { .type = VRRP_EV_STARTUP };
	const struct vrrp_instance *other;
	bool own = in->fault != VRRP_FAULT_SYNC;
	bool tracked = in->fault == VRRP_FAULT_BACKEND || in->fault == VRRP_FAULT_FILE;
	struct vrrp_track_verdict v;
	char reason[VRRP_LOG_LEN];
	const char *word;
	enum vrrp_fault want;
	int i;

	/* A link or VIP fault (or the group's) is over, but a tracked backend
	 * or file still says FAULT: it stays, for that cause, rather than
	 * start and be taken out again at once.
	 */
	v = judge(node, in);
	want = tracking_fault(&v, &word, reason, sizeof(reason));
	if (!tracked && want != VRRP_FAULT_NONE) {
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) %s, still in FAULT: %s",
		              in->conf->name, why, reason);
		own_fault_cause(in, want, word, reason);
		return;
	}

	/* Freed by its group while another member still has a cause. */
	if (!own && group_own_fault(node, in))
		return;
	/* Its own cause is gone, but its group is still in FAULT. */
	if (own && in->conf->sync_group >= 0 && (other = group_own_fault(node, in))) {
		in->fault = VRRP_FAULT_SYNC;
		snprintf(in->fault_word, sizeof(in->fault_word), "%s", group_name(node, in));
		snprintf(in->fault_reason, sizeof(in->fault_reason), "sync group %s: %s is "
		         "in FAULT (%.300s)", group_name(node, in), other->conf->name,
		         other->fault_reason);
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) %s, still in FAULT: %s",
		              in->conf->name, why, in->fault_reason);
		return;
	}
	vrrp_node_log(node, VRRP_LOG_INFO, "(%s) leaving FAULT STATE: %s",
	              in->conf->name, why);
	in->fault = VRRP_FAULT_NONE;
	in->fault_word[0] = in->fault_reason[0] = '\0';
	feed(node, in, &ev, now, why);
	/* A tracked backend may still be down. */
	node->tracking_changed = true;
	/* The last member with a cause of its own frees the others (unless
	 * it, or one of them, failed again on the way).
	 */
	if (!own || in->conf->sync_group < 0 || in->fault != VRRP_FAULT_NONE)
		return;
	for (i = 0; i < node->ninst && !group_own_fault(node, in); i++) {
		struct vrrp_instance *m = &node->inst[i];

		if (same_group(in, m) && m->fault == VRRP_FAULT_SYNC)
			leave_fault(node, m, now, "no member of its sync group is in FAULT");
	}
	group_align(node, in, now);
}

/* <in>, in FAULT for its group, has a cause of its own now (<fault>, a
 * tracked object named <word>): it is already out of the election, so only
 * the cause changes (its group then waits for it too).
 */
static void own_fault_cause(struct vrrp_instance *in, enum vrrp_fault fault,
                            const char *word, const char *reason)
{
	in->fault = fault;
	snprintf(in->fault_word, sizeof(in->fault_word), "%s", word);
	snprintf(in->fault_reason, sizeof(in->fault_reason), "%s", reason);
}

/* What each of <in>'s tracked files holds, into <val> (room for
 * VRRP_MAX_TRACK_FILE).
 */
static void file_values(const struct vrrp_node *node, const struct vrrp_instance *in,
                        long *val)
{
	int i;

	for (i = 0; i < in->conf->ntrack_file; i++) {
		int f = in->conf->track_file[i].file;

		val[i] = f >= 0 && f < node->tfiles.n ? node->tfiles.f[f].value : 0;
	}
}

/* What tracking says of <in> now (vrrp_track.h). */
static struct vrrp_track_verdict judge(const struct vrrp_node *node,
                                       const struct vrrp_instance *in)
{
	long val[VRRP_MAX_TRACK_FILE];

	file_values(node, in, val);
	return vrrp_track_judge(in->conf, in->track_be_down, in->track_if_down, val);
}

/* The FAULT verdict <v> asks for: its kind (VRRP_FAULT_NONE: none), the
 * tracked object's name into <*word> and the story into <why>.
 */
static enum vrrp_fault tracking_fault(const struct vrrp_track_verdict *v,
                                      const char **word, char *why, size_t whylen)
{
	if (v->fault) {
		*word = v->fault;
		snprintf(why, whylen, "backend %s has no usable server", v->fault);
		return VRRP_FAULT_BACKEND;
	}
	if (v->fault_file) {
		*word = v->fault_file;
		snprintf(why, whylen, "track_file %s holds %ld", v->fault_file, v->file_value);
		return VRRP_FAULT_FILE;
	}
	*word = NULL;
	return VRRP_FAULT_NONE;
}

/* Acts on what <in>'s tracked backends and files say (vrrp_track.h):
 * FAULT while an unweighted backend has no usable server or a file says
 * so (entered only from a running instance: a link or VIP fault is waited
 * out first, then this is checked again), and the priority the weights
 * give.
 */
static void apply_tracking(struct vrrp_node *node, struct vrrp_instance *in,
                           uint64_t now)
{
	struct vrrp_track_verdict v = judge(node, in);
	struct vrrp_event ev = { .type = VRRP_EV_PRIORITY };
	char why[VRRP_LOG_LEN];
	const char *word;
	enum vrrp_fault want = tracking_fault(&v, &word, why, sizeof(why));
	bool tracked_fault = in->fault == VRRP_FAULT_BACKEND || in->fault == VRRP_FAULT_FILE;

	if (v.priority != in->fsm.conf.priority) {
		vrrp_node_log(node, VRRP_LOG_INFO, "(%s) Changing effective priority "
		              "from %u to %u (tracked objects)", in->conf->name,
		              in->fsm.conf.priority, v.priority);
		ev.adv_priority = (uint8_t)v.priority;
		feed(node, in, &ev, now, "priority changed");
		/* keepalived's notify_priority_changes: the FIFO only */
		if (in->conf->notify_priority_changes > 0)
			notify_fifo(node, false, in->conf->name,
			            in->fsm.state == VRRP_STATE_MASTER ? "MASTER_PRIORITY"
			                                               : "BACKUP_PRIORITY",
			            v.priority);
	}
	if (want != VRRP_FAULT_NONE && in->fault == VRRP_FAULT_NONE) {
		enter_fault(node, in, want, word, why, in->fsm.state, now);
	} else if (want != VRRP_FAULT_NONE && in->fault == VRRP_FAULT_SYNC) {
		own_fault_cause(in, want, word, why);
	} else if (want != VRRP_FAULT_NONE && tracked_fault &&
	           (want != in->fault || strcmp(word, in->fault_word) != 0 ||
	            strcmp(why, in->fault_reason) != 0)) {
		own_fault_cause(in, want, word, why);
	} else if (want == VRRP_FAULT_NONE && tracked_fault) {
		snprintf(why, sizeof(why), "%s %s %s", in->fault == VRRP_FAULT_FILE ?
		         "track_file" : "backend", in->fault_word,
		         in->fault == VRRP_FAULT_FILE ? "no longer says FAULT" :
		                                        "has a usable server again");
		leave_fault(node, in, now, why);
	}
}

/* Reads what the kernel said of the tracked files (vrrp_trackfile.h); a
 * change is applied with the other tracking.
 */
static void watch_files(struct vrrp_node *node)
{
	struct vrrp_track_files *tf = &node->tfiles;
	int i, ret;

	if (tf->inotify_fd < 0)
		return;
	ret = vrrp_trackfile_poll(tf);
	if (ret < 0 && tf->poll_errors++ % 1000 == 0)
		vrrp_node_log(node, VRRP_LOG_WARNING, "tracked files: %s (%lu so far)",
		              strerror(-ret), tf->poll_errors);
	for (i = 0; i < tf->n; i++) {
		struct vrrp_tracked_file *f = &tf->f[i];

		if (f->lost && !f->lost_said) {
			f->lost_said = true;
			vrrp_node_log(node, VRRP_LOG_ALERT, "track_file %s: the directory of %s "
			              "was removed or replaced: its changes are not seen any "
			              "more (it keeps %ld) until HAProxy is reloaded",
			              node->conf.track_files[i].name,
			              node->conf.track_files[i].path, f->value);
		}
		if (!f->changed)
			continue;
		if (f->read_errno)
			vrrp_node_log(node, VRRP_LOG_WARNING, "track_file %s: %s: %s: it "
			              "keeps %ld", node->conf.track_files[i].name,
			              node->conf.track_files[i].path, strerror(f->read_errno),
			              f->value);
		else
			vrrp_node_log(node, VRRP_LOG_INFO, "track_file %s: %s holds %ld%s",
			              node->conf.track_files[i].name,
			              node->conf.track_files[i].path, f->value,
			              f->readable ? "" : " (missing, or no number: 0)");
		node->tracking_changed = true;
	}
}

int vrrp_node_track_backend(struct vrrp_node *node, const char *name, bool usable)
{
	int i, k, n = 0;

	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];

		for (k = 0; k < in->conf->ntrack_be; k++) {
			if (strcmp(in->conf->track_be[k].name, name) != 0)
				continue;
			n++;
			if (in->track_be_down[k] == !usable)
				continue;
			in->track_be_down[k] = !usable;
			node->tracking_changed = true;
			vrrp_node_log(node, usable ? VRRP_LOG_INFO : VRRP_LOG_WARNING,
			              "(%s) tracked backend %s %s", in->conf->name, name,
			              usable ? "has a usable server again" :
			                       "has no usable server");
		}
	}
	return n;
}

int vrrp_node_tracked_backends(const struct vrrp_node *node, const char **names,
                               int max)
{
	int i, k, j, n = 0;

	for (i = 0; i < node->conf.ninst; i++) {
		const struct vrrp_instance_conf *c = &node->conf.inst[i];

		for (k = 0; k < c->ntrack_be; k++) {
			for (j = 0; j < n && strcmp(names[j], c->track_be[k].name) != 0; j++)
				;
			if (j == n && n < max)
				names[n++] = c->track_be[k].name;
		}
	}
	return n;
}

int vrrp_node_check_tracked(const struct vrrp_node *node, char *err, size_t errlen)
{
	char cmdline[16384];
	ssize_t len = vrrp_proc_cmdline(cmdline, sizeof(cmdline));

	/* Unreadable, or cut short (a file name could be cut): nothing sure
	 * to check against; the start checks.
	 */
	if (len < 0 || (size_t)len >= sizeof(cmdline) - 1)
		return 0;
	return vrrp_haproxy_cfg_check_tracked(&node->conf, cmdline, (size_t)len, err,
	                                      errlen);
}

/* Starts <in>: as a reload's new worker, carries on as master when the
 * previous worker holds the VIPs (their lease proves it was alive a few
 * seconds ago at most); otherwise starts as the RFC says, after removing
 * VIPs a crashed predecessor left behind. <addrs> (<naddrs>, -1 when the
 * dump failed) is the system's addresses as start_instances() found them.
 */
static void start_instance(struct vrrp_node *node, struct vrrp_instance *in,
                           bool reload, uint64_t now,
                           const struct vrrp_nl_ifaddr *addrs, int naddrs)
{
	const struct vrrp_instance_conf *c = in->conf;
	struct vrrp_event ev = { .type = VRRP_EV_STARTUP };
	int permanent, present = -1, i;
	bool takeover;

	if (naddrs >= 0)
		present = vrrp_vip_count_present(in, addrs, naddrs, &permanent);
	/* The previous worker was master: of this instance when it held all
	 * its VIPs; of a sync group when it held all of one member's (the
	 * takeover adds every VIP, a member new in this config included).
	 */
	takeover = reload && present == c->nvips;
	for (i = 0; reload && c->sync_group >= 0 && i < node->ninst; i++)
		if (same_group(in, &node->inst[i]) &&
		    vrrp_vip_count_present(&node->inst[i], addrs, naddrs, &permanent) ==
		    node->inst[i].conf->nvips)
			takeover = true;
	/* Virtual routes and rules a crashed predecessor left (keepalived
	 * removes them at start too): what is not there is no error.
	 */
	if (!takeover && (!reload || c->sync_group >= 0))
		move_routes(node, in, VRRP_ROUTE_TAKE_MARKED, now);
	if (in->fault != VRRP_FAULT_NONE) {
		/* In FAULT from the start (its tracked backend, or its group):
		 * it holds nothing. If the previous worker was its master, say
		 * priority 0 so that the peer serves after its Skew_Time.
		 */
		if (present > 0)
			release_vips(node, in, now);
		if (reload && present == c->nvips)
			send_advert(node, in, VRRP_PRIO_STOP);
		return;
	}
	if (takeover) {
		vrrp_node_log(node, VRRP_LOG_INFO, "(%s) reload: the previous worker is "
		              "master, carrying on as master", c->name);
		ev.type = VRRP_EV_TAKEOVER;
		in->took_over = true;
		feed(node, in, &ev, now, "reload");
		return;
	}
	/* Left by a crashed predecessor (or, in a group the previous worker
	 * was not master of, by that worker): nobody announces them.
	 */
	if (present > 0 && (!reload || c->sync_group >= 0)) {
		release_vips(node, in, now);
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) removing %d virtual address(es) "
		              "left on %s by a previous run", c->name, present, vip_dev(c));
	}
	feed(node, in, &ev, now, "startup");
}

static void start_instances(struct vrrp_node *node, uint64_t now)
{
	bool reload = node->from_reload, has_admin;
	struct vrrp_nl_ifaddr *addrs = NULL;
	char why[VRRP_ERR_MAX];
	int i, ret, naddrs;

	node->running = true;
	node->run_pid = getpid();
	/* The reload hand-off: ours to hear from a successor (the word to
	 * the workers this reload replaces goes out once the instances run).
	 */
	if (node->handoff_fd >= 0)
		close(node->handoff_fd);
	node->handoff_fd = vrrp_handoff_open(node->handoff_tag, why, sizeof(why));
	if (node->handoff_fd < 0)
		vrrp_node_log(node, VRRP_LOG_ALERT, "reload hand-off: %s: after a reload "
		              "this worker will hand over as if HAProxy stopped", why);
	/* Link changes: the socket vrrp_node_open() made (in the namespace of
	 * the others); the links are asked once now anyway.
	 */
	node->links_changed = true;
	/* The worker may have lost what the master had (e.g. "user" in the
	 * global section drops capabilities): refuse to pretend.
	 */
	has_admin = vrrp_caps_has(CAP_NET_ADMIN);
	if (!has_admin || !vrrp_caps_has(CAP_NET_RAW)) {
		snprintf(node->fault, sizeof(node->fault), "the HAProxy worker lacks %s: "
		         "it cannot %s, so it stays silent and lets the other router be "
		         "master (see README: privileges)",
		         !has_admin ? "CAP_NET_ADMIN" : "CAP_NET_RAW",
		         !has_admin ? "add the virtual addresses" : "send adverts");
		vrrp_node_log(node, VRRP_LOG_ALERT, "%s", node->fault);
		return;
	}
	/* The system's addresses, once for every instance, before any request
	 * is sent: a dump reads the netlink socket, where it would skip the
	 * answers to requests sent without waiting.
	 */
	naddrs = vrrp_nl_list_addrs(&node->nl, 0, &addrs, why, sizeof(why));
	if (naddrs < 0)
		vrrp_node_log(node, VRRP_LOG_WARNING, "%s: residual VIPs of a previous run "
		              "are not looked for", why);
	ret = vrrp_lastgasp_reserve(lastgasp_capacity(node));
	if (ret == 0)
		ret = vrrp_lastgasp_install();
	if (ret < 0)
		vrrp_node_log(node, VRRP_LOG_ALERT, "SIGTERM handler: %s; a stop will not "
		              "hand over at once (the VIPs lapse with their lease)",
		              strerror(-ret));
	/* The static addresses, routes and rules, before any instance's
	 * virtual routes may need them (a reload's new worker adds them
	 * again: the kernel says they are there).
	 */
	remove_gone(node, false, now);
	move_statics(node, true, now);
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];
		const struct vrrp_instance_conf *c = in->conf;
		struct vrrp_fsm_conf fc = {
			.version = c->version,
			.priority = c->priority,
			.adver_int_cs = c->adver_int_cs,
			.preempt = c->preempt,
			.preempt_delay_ms = c->preempt_delay_ms,
			.primary_addr = in->primary,
			.garp_delay_ms = c->garp_delay_ms,
			.garp_refresh_ms = c->garp_refresh_ms,
			.down_adverts = c->down_timer_adverts,
			.lower_prio_no_advert = c->lower_prio_no_advert,
			.lower_garp = c->garp_lower_prio_repeat > 0,
			.lower_garp_delay_ms = c->garp_lower_prio_delay_ms,
			.higher_prio_no_advert = !c->higher_prio_send_advert,
		};

		vrrp_fsm_init(&in->fsm, &fc);
		in->state_since = now;
	}
	/* Every state machine exists before any starts: a member of a sync
	 * group that starts may act on the others.
	 */
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];
		const struct vrrp_instance_conf *c = in->conf;
		struct vrrp_track_verdict v = judge(node, in);
		char a[VRRP_ADDR_STRLEN], reason[VRRP_LOG_LEN];
		const char *word;
		enum vrrp_fault want = tracking_fault(&v, &word, reason, sizeof(reason));

		vrrp_node_log(node, VRRP_LOG_INFO, "(%s) starting: VRRPv%u vrid %u "
		              "priority %u on %s from %s%s%s%s", c->name, c->version, c->vrid,
		              c->priority, c->ifname, vrrp_addr_str(&in->primary, a),
		              c->use_vmac ? ", VIPs on vmac " : "",
		              c->use_vmac ? c->vmac_name : "",
		              !c->use_vmac ? "" : c->vmac_xmit_base ?
		              " (adverts out of the base interface)" : " (adverts out of it)");
		/* What the tracked backends say already counts: no owner takes
		 * its VIPs for a poll while its backend is down, no first advert
		 * carries the priority before its backends' weights (the links'
		 * are read at the first poll).
		 */
		in->fsm.conf.priority = in->fsm.priority = (uint8_t)v.priority;
		if (want != VRRP_FAULT_NONE) {
			if (in->fault == VRRP_FAULT_NONE)
				enter_fault(node, in, want, word, reason, in->fsm.state, now);
			else
				own_fault_cause(in, want, word, reason);
		}
		start_instance(node, in, reload, now, addrs, naddrs);
	}
	for (i = 0; i < node->ninst; i++)
		group_align(node, &node->inst[i], now);
	free(addrs);
	node->tracking_changed = true;
	/* Running now: the workers this reload replaces may go quiet. Said
	 * again for a while (handoff_poll), as a datagram can be lost.
	 */
	if (reload && node->n_old_pids > 0) {
		vrrp_node_log(node, VRRP_LOG_INFO, "reload: told %d of %d previous worker(s) "
		              "that this one runs VRRP now",
		              vrrp_handoff_announce(node->old_pids, node->n_old_pids,
		                                    node->handoff_tag), node->n_old_pids);
		node->announce_until = now + 2 * VRRP_RETIRE_WAIT_MS;
		node->next_announce = now + 100;
	}
}

/* The reload hand-off, every poll: notes a successor that announced
 * itself (draining the socket, so that junk cannot pile up), and, as a
 * reload's new worker, repeats the word every 100 ms for a while.
 */
static void handoff_poll(struct vrrp_node *node, uint64_t now)
{
	pid_t successor = vrrp_handoff_successor(node->handoff_fd);
	int i;

	/* A worker this one replaced is no successor, whatever it says. */
	for (i = 0; successor && i < node->n_old_pids; i++)
		if (node->old_pids[i] == successor)
			successor = 0;
	if (successor && successor != node->successor) {
		if (node->successor_fd >= 0)
			close(node->successor_fd);
		node->successor = successor;
		node->successor_fd = (int)syscall(SYS_pidfd_open, successor, 0);
	}
	if (node->announce_until && now < node->announce_until && now >= node->next_announce) {
		vrrp_handoff_announce(node->old_pids, node->n_old_pids, node->handoff_tag);
		node->next_announce = now + 100;
	}
	if (node->announce_until && now >= node->announce_until) {
		/* A previous worker that did not hear us in time stopped as if
		 * HAProxy did, taking out the statics and its masters' routes
		 * the new worker carried on with: put them back (what is there
		 * answers EEXIST). VIPs come back with the next renewal. One
		 * that did hear us may still have renewed, before it did, a
		 * leased route the new file has not: the former routes out
		 * again (what is not there answers ESRCH; a former static
		 * address may be a VIP now, and rules are not renewed).
		 */
		node->announce_until = 0;
		remove_gone(node, true, now);
		move_statics(node, true, now);
		for (i = 0; i < node->ninst; i++)
			if (node->inst[i].fsm.state == VRRP_STATE_MASTER &&
			    node->inst[i].fault == VRRP_FAULT_NONE)
				move_routes(node, &node->inst[i], VRRP_ROUTE_PUT, now);
	}
}

/* Whether the successor that announced itself still runs (a worker that
 * died since does not keep us quiet).
 */
static bool successor_alive(const struct vrrp_node *node)
{
	struct pollfd p = { .fd = node->successor_fd, .events = POLLIN };

	if (node->successor <= 0)
		return false;
	/* A pidfd turns readable when its process exits. Without one
	 * (kernels before 5.3), the pid, which could be reused.
	 */
	if (node->successor_fd >= 0)
		return poll(&p, 1, 0) == 0;
	return kill(node->successor, 0) == 0 || errno == EPERM;
}

/* Whether the advert lists exactly our VIPs (RFC: log a mismatch). */
static bool same_addresses(const struct vrrp_instance_conf *c,
                           const struct vrrp_advert *adv)
{
	int i, j;

	if (adv->naddr != c->nvips_adv)
		return false;
	for (i = 0; i < c->nvips_adv; i++) {
		for (j = 0; j < adv->naddr; j++)
			if (vrrp_addr_eq(&adv->addrs[j], &c->vips[i].addr))
				break;
		if (j == adv->naddr)
			return false;
	}
	return true;
}

static void count_drop(struct vrrp_node *node, struct vrrp_instance *in,
                       enum vrrp_rx_error err, const struct vrrp_addr *src)
{
	uint64_t n = ++in->cnt.rx_dropped[err];
	char a[VRRP_ADDR_STRLEN];

	/* Log the first of each kind, then every 1000th: a noisy link must
	 * not flood HAProxy's log. Other VRIDs on the link are normal.
	 */
	if (err != VRRP_RX_OTHER_VRID && (n == 1 || n % 1000 == 0))
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) dropped packet from %s: %s "
		              "(%llu so far)", in->conf->name, vrrp_addr_str(src, a),
		              vrrp_rx_error_name(err), (unsigned long long)n);
}

/* Hands <in> the packet whose IP header dispatch() parsed into <ip>
 * with the verdict <err>, and which arrived at <now> (the kernel's time,
 * converted to our clock: earlier than the poll that reads it).
 */
static void rx_packet(struct vrrp_node *node, struct vrrp_instance *in,
                      const struct vrrp_ip_info *ip, enum vrrp_rx_error err,
                      uint64_t now)
{
	const struct vrrp_instance_conf *c = in->conf;
	struct vrrp_expect exp = {
		.family = c->family, .version = c->version, .vrid = c->vrid, .auth_type = c->auth_type,
		.interval_cs = c->adver_int_cs, .csum_mode = c->csum_mode,
	};
	struct vrrp_advert adv;
	struct vrrp_event ev = { .type = VRRP_EV_ADVERT };
	char a[VRRP_ADDR_STRLEN];

	/* keepalived checks the TTL (hop limit) of multicast adverts only: a
	 * unicast peer may be routers away (unicast_ttl).
	 */
	if (err == VRRP_RX_BAD_TTL && c->npeers && !vrrp_addr_is_multicast(&ip->dst))
		err = VRRP_RX_OK;
	if (err == VRRP_RX_OK && vrrp_addr_eq(&ip->src, &in->primary))
		return; /* our own, looped back */
	if (err == VRRP_RX_OK && c->npeers) {
		int k;

		for (k = 0; k < c->npeers && !vrrp_addr_eq(&c->peers[k], &ip->src); k++)
			;
		if (k == c->npeers)
			err = VRRP_RX_NOT_PEER;
	}
	if (err == VRRP_RX_OK) {
		memcpy(exp.auth_data, c->auth_pass, sizeof(exp.auth_data));
		err = vrrp_advert_decode(ip->payload, ip->payload_len, &ip->src, &ip->dst,
		                         &exp, &adv);
	}
	if (err != VRRP_RX_OK) {
		count_drop(node, in, err, &ip->src);
		return;
	}
	in->cnt.rx_adverts++;
	if (adv.priority == VRRP_PRIO_STOP)
		in->cnt.rx_stop++;
	if (!same_addresses(c, &adv) && in->cnt.rx_addr_mismatch++ == 0)
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) advert from %s lists other "
		              "virtual addresses than ours: check virtual_ipaddress on "
		              "both nodes", c->name, vrrp_addr_str(&ip->src, a));
	ev.adv_priority = adv.priority;
	ev.adv_interval_cs = adv.interval_cs;
	ev.adv_src = ip->src;
	/* Read late, handled in order: a timer that was due before the
	 * advert arrived fires first.
	 */
	tick(node, in, now);
	if (in->fault != VRRP_FAULT_NONE)
		return;
	if (adv.priority == VRRP_PRIO_STOP)
		feed(node, in, &ev, now, "master sent priority 0");
	else if (in->fsm.state == VRRP_STATE_MASTER)
		feed(node, in, &ev, now, "received higher priority advert");
	else
		feed(node, in, &ev, now, "advert");
}

/* Whether one of the interfaces <in> uses (its own, a VIP's "dev") has
 * another index than when its sockets were opened: deleted and created
 * again under the same name.
 */
static bool interfaces_recreated(const struct vrrp_instance *in)
{
	const struct vrrp_instance_conf *c = in->conf;
	int i, idx;

	idx = vrrp_link_index(in->arp_fd, c->ifname);
	if (idx && idx != in->ifindex)
		return true;
	for (i = 0; i < c->nvips; i++) {
		idx = vrrp_link_index(in->arp_fd, c->vips[i].dev[0] ? c->vips[i].dev
		                                                     : vip_dev(c));
		if (idx && idx != in->vip_ifindex[i])
			return true;
	}
	/* The vmac goes with its base interface, or was deleted: made again
	 * by reopening.
	 */
	if (c->use_vmac && vrrp_link_index(in->arp_fd, c->vmac_name) != in->vmac_ifindex)
		return true;
	return false;
}

/* Opens <in>'s sockets again on interfaces that were created anew (a
 * socket bound to the old index hears nothing). Returns 0, or -1 with
 * <why> set; the instance then stays without sockets until a later try.
 */
static int reopen_instance(struct vrrp_node *node, struct vrrp_instance *in,
                           uint64_t now, char *why, size_t whylen)
{
	char msg[VRRP_ERR_MAX];

	if (node->conf.net_namespace[0]) {
		/* The raw and packet sockets would be made in HAProxy's own
		 * namespace: the worker cannot enter another (no CAP_SYS_ADMIN,
		 * and HAProxy's threads must stay where they are).
		 */
		snprintf(why, whylen, "an interface of the instance was created anew "
		         "in net_namespace %s: only HAProxy's master can open sockets "
		         "there, at start; reload HAProxy to reopen them",
		         node->conf.net_namespace);
		return -1;
	}
	close_instance(node, in);
	/* The address dump below reads the netlink socket: take the answers
	 * to our requests off it first.
	 */
	handle_vip_outcomes(node, now);
	if (open_instance_sockets(node, in, false, msg, sizeof(msg)) < 0) {
		snprintf(why, whylen, "an interface of the instance was created anew; "
		         "reopening: %s", msg);
		return -1;
	}
	in->fsm.conf.primary_addr = in->primary;
	/* (A first try may have failed half-way, e.g. before the new
	 * interface had its address: so no "was index N" here.)
	 */
	vrrp_node_log(node, VRRP_LOG_INFO, "(%s) sockets reopened on %s (index %d): "
	              "an interface of the instance was created anew%s%s%s",
	              in->conf->name, in->conf->ifname, in->ifindex,
	              in->vmac_ifindex ? " (vmac " : "",
	              in->vmac_ifindex ? in->conf->vmac_name : "",
	              !in->vmac_ifindex ? "" : in->vmac_created ? " made again)" : " found)");
	arm_lastgasp(node);
	return 0;
}

/* keepalived's FAULT for links: while the instance's interface or one it
 * tracks is down or gone, the instance does not take part; it starts again
 * when all are back. An interface deleted and created again is reopened
 * first. Checked when the kernel says a link changed, and every second
 * while the sockets could not be reopened.
 */
static void check_links(struct vrrp_node *node, struct vrrp_instance *in,
                        uint64_t now)
{
	const struct vrrp_instance_conf *c = in->conf;
	char why[VRRP_LOG_LEN];
	const char *down = NULL;
	int i;

	why[0] = '\0';
	if (in->sock_slot < 0 || interfaces_recreated(in)) {
		if (in->sock_slot >= 0 && in->fault != VRRP_FAULT_LINK)
			enter_fault(node, in, VRRP_FAULT_LINK, c->ifname, "interface "
			            "deleted and created again", in->fsm.state, now);
		if (reopen_instance(node, in, now, why, sizeof(why)) < 0) {
			down = c->ifname;
			in->link_retry_at = now + 1000;
		}
	}
	if (!down && !vrrp_link_up(in->arp_fd, c->ifname)) {
		down = c->ifname;
		snprintf(why, sizeof(why), "%s is %s", c->ifname,
		         vrrp_link_index(in->arp_fd, c->ifname) ? "down" : "gone");
	}
	if (!down && c->use_vmac && !vrrp_link_up(in->arp_fd, c->vmac_name)) {
		down = c->vmac_name;
		snprintf(why, sizeof(why), "vmac %s is down", c->vmac_name);
	}
	for (i = 0; in->sock_slot >= 0 && i < c->ntrack_if; i++) {
		bool up = vrrp_link_up(in->arp_fd, c->track_if[i]);

		if (c->track_if_weight[i]) {
			/* Weighted: it moves the priority (apply_tracking()). */
			if (in->track_if_down[i] == up) {
				in->track_if_down[i] = !up;
				node->tracking_changed = true;
				vrrp_node_log(node, up ? VRRP_LOG_INFO : VRRP_LOG_WARNING,
				              "(%s) tracked interface %s is %s (weight %+d)",
				              c->name, c->track_if[i], up ? "up" : "down",
				              c->track_if_weight[i]);
			}
		} else if (!down && !up) {
			down = c->track_if[i];
			snprintf(why, sizeof(why), "tracked interface %s is down", down);
		}
	}
	if (down && in->fault != VRRP_FAULT_LINK) {
		/* Also from a VIP fault: the link is the cause to wait for now,
		 * not a timer.
		 */
		enter_fault(node, in, VRRP_FAULT_LINK, down, why, in->fsm.state, now);
	} else if (down && strcmp(why, in->fault_reason) != 0) {
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) still in FAULT: %s",
		              c->name, why);
		snprintf(in->fault_word, sizeof(in->fault_word), "%s", down);
		snprintf(in->fault_reason, sizeof(in->fault_reason), "%s", why);
	} else if (!down && in->fault == VRRP_FAULT_LINK) {
		snprintf(why, sizeof(why), "%s is up again", in->fault_word);
		leave_fault(node, in, now, why);
	}
}

/* Counts a failed read on socket <ls> (shown with its instances). */
static void count_rx_error(struct vrrp_node *node, struct vrrp_link_sock *ls,
                           int err)
{
	uint64_t e = ++ls->rx_errors;
	char a[VRRP_ADDR_STRLEN];

	if (e == 1 || e % 1000 == 0)
		vrrp_node_log(node, VRRP_LOG_WARNING, "VRRP socket of index %d from %s: "
		              "receive: %s (%llu so far)", ls->ifindex, vrrp_addr_str(&ls->src, a),
		              strerror(-err), (unsigned long long)e);
}

/* Hands packet <p> read from socket <ls> to the instance its VRID names;
 * one that names none of ours (another router, or too short to say) is
 * counted on the socket.
 */
static void dispatch(struct vrrp_node *node, struct vrrp_link_sock *ls,
                     const struct vrrp_sock_pkt *p, uint64_t at)
{
	struct vrrp_ip_info ip = { 0 };
	enum vrrp_rx_error err = ls->src.family == AF_INET6
		? vrrp_ipv6_info(p->buf, p->len, &p->src, &p->dst, p->hoplimit, &ip)
		: vrrp_ipv4_parse(p->buf, p->len, &ip);
	int inst = VRRP_NO_INSTANCE;

	if (ip.payload && ip.payload_len >= 2)
		inst = ls->by_vrid[ip.payload[1]];
	if (inst == VRRP_NO_INSTANCE) {
		ls->rx_dropped[err == VRRP_RX_OK ? VRRP_RX_OTHER_VRID : err]++;
		return;
	}
	if (node->inst[inst].fault == VRRP_FAULT_NONE)
		rx_packet(node, &node->inst[inst], &ip, err, at);
}

/* Reads what waits on every socket of the pool (RX_BATCHES batches per
 * socket at most) and dispatches it; <real_ns> is CLOCK_REALTIME read
 * with <now>, to date the kernel's stamps. Returns true when a socket may
 * still hold more.
 */
static bool receive(struct vrrp_node *node, uint64_t now, int64_t real_ns)
{
	struct vrrp_sock_pkt pkts[VRRP_SOCK_BATCH];
	bool more = false;
	int i, k, b, got;

	for (k = 0; k < VRRP_SOCK_BATCH; k++)
		pkts[k].buf = node->rxbuf + (size_t)k * VRRP_SOCK_PKT_CAP;
	for (i = 0; i < node->pool.n; i++) {
		struct vrrp_link_sock *ls = &node->pool.sock[i];

		for (b = 0; b < RX_BATCHES && ls->fd >= 0; b++) {
			got = vrrp_sock_recv_batch(ls->fd, pkts, VRRP_SOCK_BATCH);
			if (got < 0)
				count_rx_error(node, ls, got);
			for (k = 0; k < got; k++) {
				uint64_t at = vrrp_sock_arrival_ms(pkts[k].rx_real_ns,
				                                   real_ns, now);

				/* Never before what the last poll handled: a wall
				 * clock stepped forward must not date an advert
				 * into timers that have fired already.
				 */
				dispatch(node, ls, &pkts[k], at > node->last_poll ? at
				                                                 : node->last_poll);
			}
			if (got < VRRP_SOCK_BATCH)
				break;
		}
		if (b == RX_BATCHES)
			more = true;
	}
	return more;
}

/* The SIGTERM handler has said goodbye for every master (priority 0,
 * VIPs removed) but the process lives on (the handler it chained to did
 * not stop it). Going on would take the VIPs back at the next advert: the
 * instances record that they stopped, and the node stays quiet.
 */
static void quiet_after_sigterm(struct vrrp_node *node, uint64_t now)
{
	struct vrrp_event ev = { .type = VRRP_EV_SHUTDOWN };
	int i;

	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];
		enum vrrp_state before = in->fsm.state;

		/* What SHUTDOWN asks for was sent by the handler already. */
		vrrp_fsm_handle(&in->fsm, &ev, now);
		in->lease_until = 0;
		record_change(node, in, before, now, "SIGTERM: the signal handler sent "
		              "priority 0 and removed the VIPs", false);
	}
	vrrp_node_log(node, VRRP_LOG_WARNING, "SIGTERM did not stop this process: "
	              "staying quiet from now on");
	vrrp_lastgasp_uninstall();
	node->retired = true;
}

/* The links: what the kernel said changed since the last poll, checked
 * for every instance; and the instances whose sockets could not be
 * reopened, tried again.
 */
static void watch_links(struct vrrp_node *node, uint64_t now)
{
	int i, ret;

	if (node->link_watch_fd >= 0) {
		ret = vrrp_link_watch_read(node->link_watch_fd);
		if (ret != 0)
			node->links_changed = true;
		if (ret < 0 && (node->link_watch_errors++ % 1000) == 0)
			vrrp_node_log(node, VRRP_LOG_WARNING, "link watch: %s (%llu so "
			              "far); links are asked meanwhile", strerror(-ret),
			              (unsigned long long)node->link_watch_errors);
	} else {
		node->links_changed = true;  /* no news from the kernel: ask */
	}
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];

		if (node->links_changed || (in->sock_slot < 0 && now >= in->link_retry_at))
			check_links(node, in, now);
	}
	node->links_changed = false;
}

/* When <in> needs the next poll: its timers, its FAULT's retry, and while
 * it is Backup the latest moment to read the socket (the state machine
 * says why: vrrp_fsm_read_by()).
 */
static uint64_t instance_wake(const struct vrrp_instance *in, uint64_t now)
{
	uint64_t d, r;

	switch (in->fault) {
	case VRRP_FAULT_LINK:
		/* The news that it is back is read at the next poll. */
		return in->sock_slot < 0 ? in->link_retry_at : now + LINK_FAULT_POLL_MS;
	case VRRP_FAULT_VIP:
		return in->fault_retry_at;
	default:
		d = vrrp_fsm_next_deadline(&in->fsm);
		r = vrrp_fsm_read_by(&in->fsm, now);
		return r < d ? r : d;
	}
}

uint64_t vrrp_node_poll(struct vrrp_node *node, uint64_t now)
{
	uint64_t next = VRRP_TIME_NEVER, d;
	struct timespec real;
	int64_t real_ns;
	bool more;
	int i;

	clock_gettime(CLOCK_REALTIME, &real);
	real_ns = (int64_t)real.tv_sec * 1000000000 + real.tv_nsec;

	if (!node->opened || node->retired)
		return next;
	if (!node->running || node->run_pid != getpid()) {
		/* keepalived's vrrp_startup_delay: at HAProxy's start only */
		if (node->conf.startup_delay_ms && !node->from_reload) {
			if (!node->start_at) {
				node->start_at = now + node->conf.startup_delay_ms;
				vrrp_node_log(node, VRRP_LOG_INFO, "vrrp_startup_delay: "
				              "VRRP starts in %u.%03u s",
				              node->conf.startup_delay_ms / 1000,
				              node->conf.startup_delay_ms % 1000);
			}
			if (now < node->start_at)
				return node->start_at;
		}
		start_instances(node, now);
	}
	handoff_poll(node, now);
	if (node->announce_until && now < node->announce_until)
		next = node->next_announce;
	if (node->fault[0])
		return next;
	if (vrrp_lastgasp_fired()) {
		quiet_after_sigterm(node, now);
		return VRRP_TIME_NEVER;
	}
	watch_links(node, now);
	watch_files(node);
	handle_vip_outcomes(node, now);
	handle_route_outcomes(node, now);
	more = receive(node, now, real_ns);
	if (node->tracking_changed) {
		node->tracking_changed = false;
		for (i = 0; i < node->ninst; i++)
			apply_tracking(node, &node->inst[i], now);
	}
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];

		if (in->fault == VRRP_FAULT_VIP && now >= in->fault_retry_at)
			leave_fault(node, in, now, "trying the virtual addresses again");
		if (in->fault == VRRP_FAULT_NONE)
			tick(node, in, now);
	}
	/* The kernel answers while it handles a request: what this poll
	 * sent is answered already.
	 */
	handle_vip_outcomes(node, now);
	handle_route_outcomes(node, now);
	for (i = 0; i < node->ninst; i++) {
		d = instance_wake(&node->inst[i], now);
		if (d < next)
			next = d;
	}
	d = vrrp_vip_inflight_deadline(&node->inflight);
	if (d < next)
		next = d;
	node->last_poll = now;
	return more ? now : next;
}

bool vrrp_node_retire(struct vrrp_node *node, uint64_t now, bool final)
{
	int i;

	if (!node->running || node->retired || node->run_pid != getpid())
		return true;
	if (!node->retire_until)
		node->retire_until = now + VRRP_RETIRE_WAIT_MS;
	for (;;) {
		handoff_poll(node, now);
		if (successor_alive(node))
			break;
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
	/* Nothing is read any more: what the link sends would only pile up
	 * in their buffers while this worker finishes its connections.
	 */
	close_sockets(node);
	return true;
}

int vrrp_node_handover(struct vrrp_node *node, const char *name, bool resign,
                       uint64_t now)
{
	struct vrrp_event ev = { .type = resign ? VRRP_EV_RESIGN : VRRP_EV_RESUME };
	int i, n = 0;

	int group = -1;

	/* A member of a sync group hands over with its whole group: alone,
	 * the other routers' members could not take over (they wait for the
	 * group), and it would wait for them forever.
	 */
	for (i = 0; name && i < node->ninst; i++)
		if (strcmp(name, node->inst[i].conf->name) == 0)
			group = node->inst[i].conf->sync_group;
	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];

		if (name && strcmp(name, in->conf->name) != 0 &&
		    (group < 0 || in->conf->sync_group != group))
			continue;
		if (!name || strcmp(name, in->conf->name) == 0)
			n++;
		if (in->resigned == resign)
			continue;
		in->resigned = resign;
		if (!node->running || node->fault[0])
			continue;
		vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) operator: %s", in->conf->name,
		              resign ? "resign (hand mastership to another router)"
		                     : "resume (back to the configured priority)");
		feed(node, in, &ev, now, resign ? "resigned" : "resumed");
	}
	return n;
}

/* Waits, at most VRRP_NL_TIMEOUT_MS, for the kernel's answers to the VIP
 * and route requests in flight, so that a stop reports what failed before the
 * process goes. For the stop only: it blocks.
 */
static void settle_vip_requests(struct vrrp_node *node, uint64_t now)
{
	struct pollfd p[2] = { { .fd = vrrp_nl_fd(&node->nl), .events = POLLIN },
	                       { .fd = vrrp_nl_fd(&node->route_nl), .events = POLLIN } };
	uint64_t until = now + VRRP_NL_TIMEOUT_MS;

	handle_vip_outcomes(node, now);
	handle_route_outcomes(node, now);
	while ((node->inflight.n || node->route_inflight.n) && p[0].fd >= 0 &&
	       now < until) {
		poll(p, 2, 10);
		now += 10;
		handle_vip_outcomes(node, node->inflight.n ? now : until);
		handle_route_outcomes(node, node->route_inflight.n ? now : until);
	}
}

/* At a final stop (not a reload's: the new worker holds the vmacs then),
 * removes every instance's vmac, after its VIPs' removal was answered.
 * One request each, sent without waiting (the kernel handles it while it
 * is sent); a failure is logged.
 */
static void remove_vmacs(struct vrrp_node *node)
{
	char nlbuf[MNL_SOCKET_BUFFER_SIZE];
	int i, ret;

	for (i = 0; i < node->ninst; i++) {
		struct vrrp_instance *in = &node->inst[i];

		if (!in->vmac_ifindex)
			continue;
		ret = vrrp_nl_send(&node->nl, nlbuf,
		                   vrrp_vmac_build_del(nlbuf, vrrp_nl_next_seq(&node->nl),
		                                       in->vmac_ifindex));
		if (ret < 0)
			vrrp_node_log(node, VRRP_LOG_WARNING, "(%s) removing vmac %s: %s",
			              in->conf->name, in->conf->vmac_name, strerror(-ret));
		else
			vrrp_node_log(node, VRRP_LOG_INFO, "(%s) removing vmac %s",
			              in->conf->name, in->conf->vmac_name);
		in->vmac_ifindex = 0;
	}
}

void vrrp_node_stop(struct vrrp_node *node, uint64_t now)
{
	struct vrrp_event ev = { .type = VRRP_EV_SHUTDOWN };
	int i;

	if (node->running && node->run_pid == getpid()) {
		for (i = 0; i < node->ninst; i++)
			feed(node, &node->inst[i], &ev, now, "shutdown");
		move_statics(node, false, now);
		settle_vip_requests(node, now);
		remove_vmacs(node);
		vrrp_lastgasp_uninstall();
	}
	node->running = false;
	if (node->opened)
		close_sockets(node);
}

void vrrp_node_free(struct vrrp_node *node)
{
	int i;

	if (node->opened)
		close_sockets(node);
	vrrp_sockpool_free(&node->pool);
	vrrp_vip_inflight_free(&node->inflight);
	vrrp_route_inflight_free(&node->route_inflight);
	vrrp_routestate_free(&node->gone);
	free(node->outcomes);
	free(node->rxbuf);
	free(node->group_state);
	free(node->group_notify_off);
	free(node->notify_creds);
	free(node->group_settled);
	for (i = 0; node->inst && i < node->ninst; i++)
		free(node->inst[i].route_said);
	free(node->inst);
	vrrp_conf_free(&node->conf);
	memset(node, 0, sizeof(*node));
	node->handoff_fd = -1;
	node->successor_fd = -1;
	node->link_watch_fd = -1;
	node->fifo_fd[VRRP_FIFO_ANY] = node->fifo_fd[VRRP_FIFO_VRRP] = -1;
	node->tfiles.inotify_fd = -1;
	node->notify_fd = -1;
}
