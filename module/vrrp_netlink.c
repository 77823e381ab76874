/*
 * rtnetlink through libmnl. See vrrp_netlink.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "vrrp_addr.h"
#include "vrrp_netlink.h"

int vrrp_nl_open(struct vrrp_nl *nl, char *err, size_t errlen)
{
	struct timeval tv = { .tv_usec = VRRP_NL_TIMEOUT_MS * 1000 };
	int e, rcvbuf = 4 << 20;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->sock) {
		e = errno;
		snprintf(err, errlen, "netlink socket: %s", strerror(e));
		return -e;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		e = errno;
		snprintf(err, errlen, "netlink bind: %s", strerror(e));
		vrrp_nl_close(nl);
		return -e;
	}
	setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVTIMEO, &tv,
	           sizeof(tv));
	/* Answers are read once per poll: room for one per VIP of 255
	 * instances taking over at once, so none is dropped (ENOBUFS).
	 */
	if (setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVBUFFORCE,
	               &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		           sizeof(rcvbuf));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (unsigned int)time(NULL);
	return 0;
}

void vrrp_nl_close(struct vrrp_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

size_t vrrp_nl_build_addr(void *buf, bool add, bool ack, unsigned int seq,
                          const struct vrrp_nl_addr_req *req)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | (ack ? NLM_F_ACK : 0);
	if (add) /* REPLACE: an existing address gets the new lifetime */
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	nlh->nlmsg_seq = seq;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = req->addr.family;
	ifa->ifa_prefixlen = req->prefix;
	ifa->ifa_scope = add && req->addr.family == AF_INET ? req->scope : RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned int)req->ifindex;
	if (add && req->addr.family == AF_INET6 && !req->dad)
		ifa->ifa_flags = IFA_F_NODAD;
	mnl_attr_put(nlh, IFA_LOCAL, vrrp_addr_len(req->addr.family), req->addr.b);
	mnl_attr_put(nlh, IFA_ADDRESS, vrrp_addr_len(req->addr.family),
	             req->peer ? req->peer->b : req->addr.b);
	/* The flags beyond the header's 8 bits go in IFA_FLAGS, all of them
	 * then, as the kernel reads that attribute instead of the header.
	 */
	if (add && req->flags) {
		ifa->ifa_flags |= (uint8_t)req->flags;
		mnl_attr_put_u32(nlh, IFA_FLAGS, ifa->ifa_flags | req->flags);
	}
	if (add && req->brd && req->addr.family == AF_INET)
		mnl_attr_put_u32(nlh, IFA_BROADCAST, req->brd);
	if (add && req->label && req->label[0])
		mnl_attr_put_strz(nlh, IFA_LABEL, req->label);
	/* A static /128 (no lease) is deprecated too, as keepalived adds it. */
	if (add && (req->lease_s || req->has_preferred ||
	            (req->addr.family == AF_INET6 && req->prefix == 128))) {
		/* 0xffffffff: forever (no lease: a static address) */
		uint32_t valid = req->lease_s ? req->lease_s : 0xffffffffu;
		struct ifa_cacheinfo ci = { .ifa_prefered = valid, .ifa_valid = valid };

		if (req->has_preferred)
			ci.ifa_prefered = req->preferred_s < valid ? req->preferred_s : valid;
		else if (req->addr.family == AF_INET6 && req->prefix == 128)
			ci.ifa_prefered = 0;
		mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
	}
	return nlh->nlmsg_len;
}

int vrrp_nl_parse_replies(const void *buf, size_t len, unsigned int seq,
                          unsigned int portid, vrrp_nl_data_cb cb, void *data,
                          unsigned long *stale)
{
	const struct nlmsghdr *nlh = buf;
	int left = (int)len;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		/* A reply to someone else's request: an earlier one of ours
		 * whose answer we stopped waiting for. (Kernel notifications
		 * carry seq 0 and portid 0; we join no group, but skip them
		 * the same way.)
		 */
		if (nlh->nlmsg_seq != seq ||
		    (nlh->nlmsg_pid && nlh->nlmsg_pid != portid)) {
			if (stale)
				(*stale)++;
			continue;
		}
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			return -EINTR;
		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
			continue;
		case NLMSG_DONE:
			/* May carry the dump's error (an int after the header). */
			if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int))) {
				int e = *(const int *)mnl_nlmsg_get_payload(nlh);

				if (e < 0)
					return e;
			}
			return 0;
		case NLMSG_ERROR: {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
				return -EPROTO;
			/* error 0 is the ACK */
			return e->error <= 0 ? e->error : -EPROTO;
		}
		case NLMSG_OVERRUN:
			return -ENOBUFS;
		default:
			if (cb && cb(nlh, data) < MNL_CB_OK)
				return -EPROTO;
			/* A dump ends with NLMSG_DONE; a single answer
			 * without NLM_F_MULTI is complete by itself but is
			 * still followed by its ACK when we asked for one.
			 */
			continue;
		}
	}
	return 1;
}

/* Sends the request in <buf> and reads replies until the kernel's ACK,
 * error or end of dump for it, skipping leftovers of earlier requests.
 * Returns 0 or -errno (-ETIMEDOUT when the kernel stays silent for the
 * socket's receive timeout).
 */
static int nl_talk(struct vrrp_nl *nl, void *buf, size_t len, unsigned int seq,
                   vrrp_nl_data_cb cb, void *data)
{
	char rbuf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;
	int ret;

	if (mnl_socket_sendto(nl->sock, buf, len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl->sock, rbuf, sizeof(rbuf));
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? -ETIMEDOUT : -errno;
		ret = vrrp_nl_parse_replies(rbuf, (size_t)n, seq, nl->portid, cb, data,
		                            &nl->stale);
	} while (ret > 0);
	return ret;
}

bool vrrp_nl_error_is_transient(int err)
{
	switch (-err) {
	case ETIMEDOUT: case ENOBUFS: case ENOMEM: case EAGAIN: case EINTR:
	case EBUSY:
		return true;
	default:
		return false;
	}
}

unsigned int vrrp_nl_next_seq(struct vrrp_nl *nl)
{
	if (!++nl->seq) /* 0 is the SIGTERM handler's, which asks for no answer */
		++nl->seq;
	return nl->seq;
}

int vrrp_nl_send(struct vrrp_nl *nl, const void *buf, size_t len)
{
	const struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (!nl->sock)
		return -EBADF;
	if (sendto(mnl_socket_get_fd(nl->sock), buf, len, MSG_DONTWAIT,
	           (const struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return 0;
}

int vrrp_nl_addr_send(struct vrrp_nl *nl, bool add, const struct vrrp_nl_addr_req *req,
                      unsigned int *seq)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	size_t len;

	if (!nl->sock)
		return -EBADF;
	*seq = vrrp_nl_next_seq(nl);
	len = vrrp_nl_build_addr(buf, add, true, *seq, req);
	return vrrp_nl_send(nl, buf, len);
}

/* The table number in the header, where it fits, or RT_TABLE_UNSPEC with
 * the number in an attribute (routes and rules alike).
 */
static uint8_t header_table(uint32_t table)
{
	return table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
}

/* A route's scope: the one given, else global, as keepalived sends it
 * (iproute2 would pick link for a route without a gateway). A removal
 * without one says "nowhere", which the kernel reads as any scope.
 */
static uint8_t route_scope(const struct vrrp_route_conf *r, bool add)
{
	if (r->has_scope)
		return r->scope;
	return add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE;
}

size_t vrrp_nl_build_route(void *buf, bool add, bool ack, unsigned int seq,
                           const struct vrrp_route_conf *r, int oif,
                           uint32_t expires)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	size_t alen = vrrp_addr_len(r->family);
	struct rtmsg *rtm;

	nlh->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | (ack ? NLM_F_ACK : 0);
	if (add) {
		nlh->nlmsg_flags |= NLM_F_CREATE;
		if (r->how == VRRP_ROUTE_ADD)
			nlh->nlmsg_flags |= NLM_F_EXCL;
		else if (r->how == VRRP_ROUTE_APPEND)
			nlh->nlmsg_flags |= NLM_F_APPEND;
	}
	nlh->nlmsg_seq = seq;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = r->family;
	rtm->rtm_dst_len = r->dst_len;
	rtm->rtm_table = header_table(r->table);
	rtm->rtm_protocol = r->protocol;
	rtm->rtm_scope = route_scope(r, add);
	rtm->rtm_type = r->type;
	if (r->onlink)
		rtm->rtm_flags |= RTNH_F_ONLINK;
	mnl_attr_put_u32(nlh, RTA_TABLE, r->table);
	if (r->dst_len)
		mnl_attr_put(nlh, RTA_DST, alen, r->dst.b);
	if (vrrp_addr_is_set(&r->src))
		mnl_attr_put(nlh, RTA_PREFSRC, alen, r->src.b);
	if (r->has_metric)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, r->metric);
	if (r->nvia == 1) {
		mnl_attr_put(nlh, RTA_GATEWAY, alen, r->via[0].b);
	} else if (r->nvia > 1) {
		/* Each next hop: a struct rtnexthop followed by its gateway
		 * attribute, all in one RTA_MULTIPATH.
		 */
		struct nlattr *mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
		int k;

		for (k = 0; k < r->nvia; k++) {
			struct rtnexthop *nh = mnl_nlmsg_get_payload_tail(nlh);
			size_t at = nlh->nlmsg_len;

			nlh->nlmsg_len += RTNH_ALIGN(sizeof(*nh));
			memset(nh, 0, sizeof(*nh));
			nh->rtnh_ifindex = oif;
			mnl_attr_put(nlh, RTA_GATEWAY, alen, r->via[k].b);
			nh->rtnh_len = (unsigned short)(nlh->nlmsg_len - at);
		}
		mnl_attr_nest_end(nlh, mp);
	}
	if (oif && r->nvia <= 1)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	if (add && expires && r->family == AF_INET6)
		mnl_attr_put_u32(nlh, RTA_EXPIRES, expires);
	return nlh->nlmsg_len;
}

size_t vrrp_nl_build_rule(void *buf, bool add, bool ack, unsigned int seq,
                          const struct vrrp_rule_conf *r)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	size_t alen = vrrp_addr_len(r->family);
	struct fib_rule_hdr *frh;

	nlh->nlmsg_type = add ? RTM_NEWRULE : RTM_DELRULE;
	nlh->nlmsg_flags = NLM_F_REQUEST | (ack ? NLM_F_ACK : 0);
	/* EXCL: an equal rule there already is answered EEXIST, taken as
	 * done, instead of being added a second time.
	 */
	if (add)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = seq;
	frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = r->family;
	frh->dst_len = r->to_len;   /* 0: any ("all", "default") */
	frh->src_len = r->from_len;
	frh->tos = r->tos;
	frh->action = r->action;
	frh->table = r->action == FR_ACT_TO_TBL ? header_table(r->table) : 0;
	if (r->invert)
		frh->flags |= FIB_RULE_INVERT;
	mnl_attr_put_u32(nlh, FRA_PRIORITY, r->priority);
	if (r->action == FR_ACT_TO_TBL)
		mnl_attr_put_u32(nlh, FRA_TABLE, r->table);
	if (r->action == FR_ACT_GOTO)
		mnl_attr_put_u32(nlh, FRA_GOTO, r->goto_target);
	if (frh->src_len)
		mnl_attr_put(nlh, FRA_SRC, alen, r->from.b);
	if (frh->dst_len)
		mnl_attr_put(nlh, FRA_DST, alen, r->to.b);
	if (r->has_fwmark)
		mnl_attr_put_u32(nlh, FRA_FWMARK, r->fwmark);
	if (r->has_fwmark && r->fwmask)
		mnl_attr_put_u32(nlh, FRA_FWMASK, r->fwmask);
	if (r->iif[0])
		mnl_attr_put_strz(nlh, FRA_IFNAME, r->iif);
	if (r->oif[0])
		mnl_attr_put_strz(nlh, FRA_OIFNAME, r->oif);
	mnl_attr_put_u8(nlh, FRA_PROTOCOL, r->protocol);
	return nlh->nlmsg_len;
}

int vrrp_nl_read_acks(struct vrrp_nl *nl, vrrp_nl_ack_cb cb, void *data)
{
	char rbuf[MNL_SOCKET_BUFFER_SIZE];
	int handed = 0;

	if (!nl->sock)
		return -EBADF;
	for (;;) {
		ssize_t n = recv(mnl_socket_get_fd(nl->sock), rbuf, sizeof(rbuf),
		                 MSG_DONTWAIT);
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)rbuf;
		int left = (int)n;

		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? handed : -errno;
		if (n == 0)
			return handed;
		for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_type != NLMSG_ERROR || !nlh->nlmsg_seq ||
			    (nlh->nlmsg_pid && nlh->nlmsg_pid != nl->portid) ||
			    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
				nl->stale++;
				continue;
			}
			cb(nlh->nlmsg_seq, e->error <= 0 ? e->error : -EPROTO, data);
			handed++;
		}
	}
}

int vrrp_nl_fd(const struct vrrp_nl *nl)
{
	return nl->sock ? mnl_socket_get_fd(nl->sock) : -1;
}

int vrrp_nl_ifindex(const struct vrrp_nl *nl, const char *name)
{
	struct ifreq ifr;

	if (!nl->sock) {
		errno = EBADF;
		return 0;
	}
	if (strlen(name) >= sizeof(ifr.ifr_name)) {
		errno = ENODEV;
		return 0;
	}
	/* A netlink socket has no ioctls of its own: the kernel hands this
	 * one to the socket's namespace's devices.
	 */
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(mnl_socket_get_fd(nl->sock), SIOCGIFINDEX, &ifr) < 0)
		return 0;
	return ifr.ifr_ifindex;
}

struct addr_list {
	int ifindex;                  /* 0: every interface */
	struct vrrp_nl_ifaddr *out;
	int cap;
	int n;
};

static int addr_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, IFA_MAX) < 0)
		return MNL_CB_OK;
	if ((type == IFA_LOCAL || type == IFA_ADDRESS) &&
	    mnl_attr_get_payload_len(attr) != 4 && mnl_attr_get_payload_len(attr) != 16)
		return MNL_CB_OK;
	tb[type] = attr;
	return MNL_CB_OK;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_list *al = data;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1] = { 0 };
	struct vrrp_nl_ifaddr *a;

	const struct nlattr *at;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6) ||
	    (al->ifindex && (int)ifa->ifa_index != al->ifindex))
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, tb);
	at = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!at || mnl_attr_get_payload_len(at) != vrrp_addr_len(ifa->ifa_family))
		return MNL_CB_OK;
	if (al->n == al->cap) {
		int cap = al->cap ? al->cap * 2 : 16;
		struct vrrp_nl_ifaddr *na = realloc(al->out, (size_t)cap * sizeof(*na));

		if (!na)
			return MNL_CB_ERROR;
		al->out = na;
		al->cap = cap;
	}
	a = &al->out[al->n++];
	a->ifindex = (int)ifa->ifa_index;
	a->addr = vrrp_addr_from(ifa->ifa_family, mnl_attr_get_payload(at));
	a->prefix = ifa->ifa_prefixlen;
	a->secondary = (ifa->ifa_flags & IFA_F_SECONDARY) != 0;
	a->permanent = (ifa->ifa_flags & IFA_F_PERMANENT) != 0;
	a->tentative = (ifa->ifa_flags & IFA_F_TENTATIVE) != 0;
	a->dad_failed = (ifa->ifa_flags & IFA_F_DADFAILED) != 0;
	return MNL_CB_OK;
}

/* Reads, without waiting, whatever is queued on the socket: the rest of
 * an earlier dump we stopped reading, so that the kernel can finish it
 * (it runs one dump per socket at a time).
 */
static void nl_drain(struct vrrp_nl *nl)
{
	char rbuf[MNL_SOCKET_BUFFER_SIZE];
	int i;

	for (i = 0; i < 256; i++)
		if (recv(mnl_socket_get_fd(nl->sock), rbuf, sizeof(rbuf), MSG_DONTWAIT) <= 0)
			break;
}

int vrrp_nl_list_addrs(struct vrrp_nl *nl, int ifindex,
                       struct vrrp_nl_ifaddr **out, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct addr_list al = { .ifindex = ifindex };
	int ret, tries;

	*out = NULL;
	if (!nl->sock) {
		snprintf(err, errlen, "listing addresses: netlink socket is closed");
		return -EBADF;
	}
	/* EBUSY: an earlier dump is unfinished (we stopped reading it);
	 * EINTR: the addresses changed while the kernel was listing them.
	 * Both go away by asking again.
	 */
	for (tries = 0; tries < 3; tries++) {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
		struct ifaddrmsg *ifa;

		nlh->nlmsg_type = RTM_GETADDR;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		nlh->nlmsg_seq = ++nl->seq;
		ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
		ifa->ifa_family = AF_UNSPEC;
		al.n = 0;
		ret = nl_talk(nl, buf, nlh->nlmsg_len, nlh->nlmsg_seq, addr_cb, &al);
		if (ret != -EBUSY && ret != -EINTR)
			break;
		nl_drain(nl);
	}
	if (ret < 0) {
		free(al.out);
		snprintf(err, errlen, "listing addresses: %s", strerror(-ret));
		return ret;
	}
	*out = al.out;
	return al.n;
}
