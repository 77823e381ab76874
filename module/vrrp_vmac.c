/*
 * keepalived's use_vmac. See vrrp_vmac.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "vrrp_addr.h"
#include "vrrp_netlink.h"
#include "vrrp_vmac.h"

void vrrp_vmac_mac(int family, uint8_t vrid, uint8_t mac[6])
{
	static const uint8_t prefix[4] = { 0x00, 0x00, 0x5e, 0x00 };

	memcpy(mac, prefix, sizeof(prefix));
	mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

/* What RTM_GETLINK says of an interface: enough to tell our vmac. */
struct link_info {
	int      ifindex;
	int      link;          /* IFLA_LINK: the lower interface, 0 if none */
	bool     macvlan;       /* IFLA_INFO_KIND "macvlan" */
	uint32_t mode;          /* IFLA_MACVLAN_MODE */
	uint8_t  mac[6];
	bool     has_mac;
};

/* mnl_attr_parse_nested() callbacks: each stores the attribute <attr> in
 * the table <data> by type (types above <max> are skipped) and returns
 * MNL_CB_OK.
 */
static int store_attr(const struct nlattr *attr, void *data, int max)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type <= max)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int link_attr(const struct nlattr *attr, void *data)
{
	return store_attr(attr, data, IFLA_MAX);
}

static int info_attr(const struct nlattr *attr, void *data)
{
	return store_attr(attr, data, IFLA_INFO_MAX);
}

static int macvlan_attr(const struct nlattr *attr, void *data)
{
	return store_attr(attr, data, IFLA_MACVLAN_MAX);
}

/* vrrp_nl_data_cb for RTM_GETLINK's answer: fills the link_info <data>. */
static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	const struct nlattr *info[IFLA_INFO_MAX + 1] = { 0 };
	const struct nlattr *mv[IFLA_MACVLAN_MAX + 1] = { 0 };
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct link_info *li = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	li->ifindex = ifi->ifi_index;
	if (mnl_attr_parse(nlh, sizeof(*ifi), link_attr, tb) < 0)
		return MNL_CB_ERROR;
	if (tb[IFLA_LINK] && mnl_attr_get_payload_len(tb[IFLA_LINK]) >= 4)
		li->link = (int)mnl_attr_get_u32(tb[IFLA_LINK]);
	if (tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == 6) {
		memcpy(li->mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]), 6);
		li->has_mac = true;
	}
	if (tb[IFLA_LINKINFO] &&
	    mnl_attr_parse_nested(tb[IFLA_LINKINFO], info_attr, info) >= 0 &&
	    info[IFLA_INFO_KIND] &&
	    strcmp(mnl_attr_get_str(info[IFLA_INFO_KIND]), "macvlan") == 0) {
		li->macvlan = true;
		if (info[IFLA_INFO_DATA] &&
		    mnl_attr_parse_nested(info[IFLA_INFO_DATA], macvlan_attr, mv) >= 0 &&
		    mv[IFLA_MACVLAN_MODE])
			li->mode = mnl_attr_get_u32(mv[IFLA_MACVLAN_MODE]);
	}
	return MNL_CB_OK;
}

/* Sends the request <nlh> (an ACK asked) on <nl> and reads until its
 * answer, handing data messages to <cb>. Returns 0 or -errno
 * (-ETIMEDOUT after the socket's receive timeout).
 */
static int talk(struct vrrp_nl *nl, struct nlmsghdr *nlh, vrrp_nl_data_cb cb,
                void *data)
{
	char rbuf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;
	int ret;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = vrrp_nl_next_seq(nl);
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl->sock, rbuf, sizeof(rbuf));
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? -ETIMEDOUT : -errno;
		ret = vrrp_nl_parse_replies(rbuf, (size_t)n, nlh->nlmsg_seq, nl->portid,
		                            cb, data, &nl->stale);
	} while (ret > 0);
	return ret;
}

/* Puts a link message of <type> (RTM_NEWLINK, RTM_GETLINK, RTM_DELLINK)
 * for <ifindex> (0: by name, or a new one) into <buf>; returns it, with
 * <*ifi> pointing at its ifinfomsg for the caller's flags.
 */
static struct nlmsghdr *link_msg(char *buf, uint16_t type, int ifindex,
                                 struct ifinfomsg **ifi)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	*ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(**ifi));
	(*ifi)->ifi_family = AF_UNSPEC;
	(*ifi)->ifi_index = ifindex;
	return nlh;
}

/* Looks interface <name> up into <li>. Returns 0, -ENODEV when there is
 * none, or -errno.
 */
static int get_link(struct vrrp_nl *nl, const char *name, struct link_info *li)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh = link_msg(buf, RTM_GETLINK, 0, &ifi);

	memset(li, 0, sizeof(*li));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return talk(nl, nlh, link_cb, li);
}

/* Creates the macvlan <name> on <base> with <mac>, mode private (frames
 * from another macvlan of the same lower interface are not delivered to
 * it; one from the wire with its own MAC as source, a peer's advert, goes
 * to it alone). Returns 0 or -errno.
 */
static int create_vmac(struct vrrp_nl *nl, const char *name, int base,
                       const uint8_t mac[6])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, 0, &ifi);
	struct nlattr *linkinfo, *data;

	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)base);
	mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "macvlan");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u32(nlh, IFLA_MACVLAN_MODE, MACVLAN_MODE_PRIVATE);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return talk(nl, nlh, NULL, NULL);
}

/* One IPv4 per-interface setting (IPV4_DEVCONF_*) and its value. */
struct devconf {
	int      id;
	uint32_t value;
};

/* Sets the IPv4 settings <dc> (<n> of them) of <ifindex> as the sysctls
 * net.ipv4.conf.IF.* would, through rtnetlink (IFLA_INET_CONF: no /proc
 * needed, which a chrooted worker does not have). Returns 0 or -errno.
 */
static int set_devconf(struct vrrp_nl *nl, int ifindex, const struct devconf *dc,
                       int n)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, ifindex, &ifi);
	struct nlattr *spec, *inet, *conf;
	int i;

	spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
	inet = mnl_attr_nest_start(nlh, AF_INET);
	conf = mnl_attr_nest_start(nlh, IFLA_INET_CONF);
	for (i = 0; i < n; i++)
		mnl_attr_put_u32(nlh, (uint16_t)dc[i].id, dc[i].value);
	mnl_attr_nest_end(nlh, conf);
	mnl_attr_nest_end(nlh, inet);
	mnl_attr_nest_end(nlh, spec);
	return talk(nl, nlh, NULL, NULL);
}

/* No IPv6 link-local address on the vmac (RFC 5798 7.4: it would be
 * derived from the shared virtual MAC, the same on every router), as
 * keepalived asks with IN6_ADDR_GEN_MODE_NONE. Returns 0 or -errno
 * (-EAFNOSUPPORT without IPv6: then there is no address either).
 */
static int no_link_local(struct vrrp_nl *nl, int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, ifindex, &ifi);
	struct nlattr *spec, *inet6;

	spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
	inet6 = mnl_attr_nest_start(nlh, AF_INET6);
	mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE);
	mnl_attr_nest_end(nlh, inet6);
	mnl_attr_nest_end(nlh, spec);
	return talk(nl, nlh, NULL, NULL);
}

/* Adds the link-local <addr>/64 to <ifindex>, for good and without
 * duplicate address detection (the base interface holds it already).
 * Returns 0 (also when it is there) or -errno.
 */
static int add_link_local(struct vrrp_nl *nl, int ifindex, const struct vrrp_addr *addr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct vrrp_nl_addr_req req = { .ifindex = ifindex, .addr = *addr, .prefix = 64 };
	int ret;

	vrrp_nl_build_addr(buf, true, true, 0, &req);
	ret = talk(nl, (struct nlmsghdr *)(void *)buf, NULL, NULL);
	return ret == -EEXIST ? 0 : ret;
}

/* Brings <ifindex> up. Returns 0 or -errno. */
static int link_up(struct vrrp_nl *nl, int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, ifindex, &ifi);

	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return talk(nl, nlh, NULL, NULL);
}

/* Writes into <out> (<len> bytes) what <li> is, for the error that
 * refuses to take it over.
 */
static void describe(const struct link_info *li, char *out, size_t len)
{
	if (!li->macvlan)
		snprintf(out, len, "not a macvlan");
	else if (li->mode != MACVLAN_MODE_PRIVATE)
		snprintf(out, len, "a macvlan in mode %s, not private",
		         li->mode == MACVLAN_MODE_VEPA ? "vepa" :
		         li->mode == MACVLAN_MODE_BRIDGE ? "bridge" :
		         li->mode == MACVLAN_MODE_PASSTHRU ? "passthru" :
		         li->mode == MACVLAN_MODE_SOURCE ? "source" : "unknown");
	else
		snprintf(out, len, "a private macvlan with MAC "
		         "%02x:%02x:%02x:%02x:%02x:%02x",
		         li->mac[0], li->mac[1], li->mac[2], li->mac[3], li->mac[4],
		         li->mac[5]);
}

/* Removes interface <ifindex>, waiting for the answer (a failed start's
 * own vmac). Returns 0 or -errno.
 */
static int del_link(struct vrrp_nl *nl, int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	vrrp_vmac_build_del(buf, 0, ifindex);
	return talk(nl, (struct nlmsghdr *)(void *)buf, NULL, NULL);
}

int vrrp_vmac_ensure(const char *name, int base_ifindex, int family,
                     uint8_t vrid, const struct vrrp_addr *link_local,
                     bool *created, char *err, size_t errlen)
{
	/* keepalived's vmac settings (vrrp_if_config.c): the vmac answers
	 * ARP only for its own addresses (the VIPs), hears a peer's advert
	 * though it has no address of that subnet and no route back, and
	 * keeps the other VIPs when one is removed.
	 */
	static const struct devconf vmac_conf[] = {
		{ IPV4_DEVCONF_ARP_IGNORE, 1 }, { IPV4_DEVCONF_ACCEPT_LOCAL, 1 },
		{ IPV4_DEVCONF_RP_FILTER, 0 }, { IPV4_DEVCONF_PROMOTE_SECONDARIES, 1 },
	};
	/* ... and the base interface answers ARP only for its own addresses
	 * (by default Linux answers for any of the host's, so the VIP would
	 * be answered with the base MAC too).
	 */
	static const struct devconf base_conf[] = {
		{ IPV4_DEVCONF_ARP_IGNORE, 1 }, { IPV4_DEVCONF_ARPFILTER, 1 },
	};
	char what[96], basename[IF_NAMESIZE];
	struct vrrp_nl nl;
	struct link_info li, base;
	uint8_t mac[6];
	const char *step;
	int ret, lower;

	*created = false;
	li.ifindex = 0;
	vrrp_vmac_mac(family, vrid, mac);
	if (!if_indextoname((unsigned int)base_ifindex, basename))
		snprintf(basename, sizeof(basename), "#%d", base_ifindex);
	ret = vrrp_nl_open(&nl, err, errlen);
	if (ret < 0)
		return ret;
	/* A macvlan on a macvlan is made on the lower one's own lower device
	 * by the kernel: that is where ours hangs then.
	 */
	lower = base_ifindex;
	if (get_link(&nl, basename, &base) == 0 && base.macvlan && base.link > 0)
		lower = base.link;
	step = "looking it up";
	ret = get_link(&nl, name, &li);
	if (ret == -ENODEV) {
		step = "creating it";
		ret = create_vmac(&nl, name, base_ifindex, mac);
		if (ret == 0) {
			*created = true;
			step = "looking it up";
			ret = get_link(&nl, name, &li);
		}
	}
	if (ret < 0)
		goto fail;
	if (!li.macvlan || li.mode != MACVLAN_MODE_PRIVATE || !li.has_mac ||
	    memcmp(li.mac, mac, 6) != 0 || li.link != lower) {
		describe(&li, what, sizeof(what));
		snprintf(err, errlen, "use_vmac: interface %s %s and is not this "
		         "instance's vmac (a private macvlan of %s with MAC "
		         "00:00:5e:00:%02x:%02x): it is %s%s; %s", name,
		         *created ? "was made" : "exists", basename, mac[4], vrid,
		         what, li.macvlan && li.link != lower ? " on another interface" : "",
		         *created ? "removed again" : "it is left alone: remove it or "
		         "name another vmac (use_vmac NAME)");
		/* Never leave what this call made behind. */
		if (*created && del_link(&nl, li.ifindex) == 0)
			*created = false;
		vrrp_nl_close(&nl);
		return -EEXIST;
	}
	/* keepalived sets them for an IPv4 instance only: ARP and reverse
	 * path filtering are IPv4's.
	 */
	step = "setting its arp_ignore, accept_local, rp_filter";
	ret = family != AF_INET ? 0 : set_devconf(&nl, li.ifindex, vmac_conf,
	                  (int)(sizeof(vmac_conf) / sizeof(vmac_conf[0])));
	if (ret < 0)
		goto fail;
	step = "turning off its IPv6 link-local address";
	ret = no_link_local(&nl, li.ifindex);
	if (ret < 0 && ret != -EAFNOSUPPORT)
		goto fail;
	step = "bringing it up";
	ret = link_up(&nl, li.ifindex);
	if (ret < 0)
		goto fail;
	if (link_local) {
		step = "adding the link-local source address";
		ret = add_link_local(&nl, li.ifindex, link_local);
		if (ret < 0)
			goto fail;
	}
	ret = family != AF_INET ? 0 : set_devconf(&nl, base_ifindex, base_conf,
	                  (int)(sizeof(base_conf) / sizeof(base_conf[0])));
	if (ret < 0) {
		snprintf(err, errlen, "use_vmac: setting arp_ignore and arp_filter on "
		         "%s: %s", basename, strerror(-ret));
		goto undo;
	}
	vrrp_nl_close(&nl);
	return li.ifindex;
fail:
	snprintf(err, errlen, "use_vmac: vmac %s on %s: %s: %s", name, basename,
	         step, strerror(-ret));
undo:
	if (*created && li.ifindex > 0 && del_link(&nl, li.ifindex) == 0)
		*created = false;
	vrrp_nl_close(&nl);
	return ret;
}

#define CONF_DIR "/proc/sys/net/ipv4/conf"

/* Reads net.ipv4.conf.<ifname>.rp_filter. Returns it, or -errno. */
static int read_rp_filter(const char *ifname)
{
	char path[128];
	FILE *f;
	int v, e;

	snprintf(path, sizeof(path), CONF_DIR "/%s/rp_filter", ifname);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	e = fscanf(f, "%d", &v) == 1 ? 0 : -EIO;
	fclose(f);
	return e < 0 ? e : v;
}

/* Writes <v> to net.ipv4.conf.<ifname>.rp_filter. Returns 0 or -errno. */
static int write_rp_filter(const char *ifname, int v)
{
	char path[128];
	FILE *f;
	int e = 0;

	snprintf(path, sizeof(path), CONF_DIR "/%s/rp_filter", ifname);
	f = fopen(path, "we");
	if (!f)
		return -errno;
	if (fprintf(f, "%d\n", v) < 0)
		e = -EIO;
	if (fclose(f) != 0 && !e)
		e = -errno;
	return e;
}

int vrrp_vmac_clear_rp_filter(char *msg, size_t msglen)
{
	struct dirent *d;
	DIR *dir;
	int all, v, ret, raised = 0;

	all = read_rp_filter("all");
	if (all < 0) {
		snprintf(msg, msglen, "use_vmac: reading net.ipv4.conf.all.rp_filter: %s",
		         strerror(-all));
		return all;
	}
	if (all == 0)
		return 0;
	dir = opendir(CONF_DIR);
	if (!dir) {
		ret = -errno;
		snprintf(msg, msglen, "use_vmac: %s: %s", CONF_DIR, strerror(-ret));
		return ret;
	}
	/* "default" too (interfaces made later), all but "all". */
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.' || strcmp(d->d_name, "all") == 0)
			continue;
		v = read_rp_filter(d->d_name);
		if (v < 0 || v >= all)
			continue;   /* gone meanwhile, or filtering enough */
		ret = write_rp_filter(d->d_name, all);
		if (ret < 0) {
			snprintf(msg, msglen, "use_vmac: setting net.ipv4.conf.%s.rp_filter "
			         "to %d: %s", d->d_name, all, strerror(-ret));
			closedir(dir);
			return ret;
		}
		raised++;
	}
	closedir(dir);
	ret = write_rp_filter("all", 0);
	if (ret < 0) {
		snprintf(msg, msglen, "use_vmac: setting net.ipv4.conf.all.rp_filter to "
		         "0: %s", strerror(-ret));
		return ret;
	}
	snprintf(msg, msglen, "use_vmac: net.ipv4.conf.all.rp_filter was %d, which "
	         "would drop every advert on a vmac: %d interface setting(s) "
	         "(default included) raised to %d and all.rp_filter set to 0, as "
	         "keepalived does (which restores them at its stop; haproxy-vrrp "
	         "leaves them so); the interfaces filter as before, the vmacs not",
	         all, raised, all);
	return all;
}

size_t vrrp_vmac_build_del(void *buf, unsigned int seq, int ifindex)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh = link_msg(buf, RTM_DELLINK, ifindex, &ifi);

	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	return nlh->nlmsg_len;
}
