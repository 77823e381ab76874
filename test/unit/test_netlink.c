/*
 * Unit tests of the netlink layer (module/vrrp_netlink.c) and of the VIP
 * lease decision (module/vrrp_vip.c):
 *
 *  - vrrp_nl_parse_replies() on crafted replies: leftovers of earlier
 *    requests are skipped by sequence number, ours are read;
 *  - against the real kernel (any user, no namespace needed): a reply left
 *    unread on the socket must not make the next request fail, which it
 *    did for ever before replies were matched by sequence number;
 *  - vrrp_vip_must_step_aside(): refusals at once, transient failures while
 *    the lease leaves time;
 *  - requests sent without waiting (vrrp_vip_send / vrrp_vip_collect),
 *    against the real kernel: each answer goes to its own request, past a
 *    dump's leftovers; an unanswered one times out;
 *  - the pure time helpers: when to renew a lease, when a packet arrived;
 *  - use_vmac (module/vrrp_vmac.c): the virtual MAC, the removal request,
 *    and, against the real kernel but only looking, that an interface of
 *    the name that is no macvlan (lo) is refused and left alone;
 *  - the lifetime of an IPv6 virtual route (module/vrrp_route.c): in the
 *    request, and in a namespace of the test's own, that it lapses unless
 *    renewed and that a renewal leaves the system's equal route alone.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "check.h"
#include "vrrp_addr.h"
#include "vrrp_netlink.h"
#include "vrrp_route.h"
#include "vrrp_route_conf.h"
#include "vrrp_socket.h"
#include "vrrp_vip.h"
#include "vrrp_vmac.h"

#define PORTID 4242u

/* Appends a message of <type> with <seq> to the batch in <buf> at <*len>;
 * for NLMSG_ERROR, <error> is the errno it carries (0: an ACK).
 */
static void put_msg(char *buf, size_t *len, uint16_t type, uint32_t seq,
                    uint16_t flags, int error)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + *len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = PORTID;
	nlh->nlmsg_flags = flags;
	if (type == NLMSG_ERROR) {
		struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

		e->error = -error;
	} else if (type == RTM_NEWADDR) {
		struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

		ifa->ifa_family = AF_INET;
	}
	*len += nlh->nlmsg_len;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(*(int *)data)++;
	return MNL_CB_OK;
}

static void test_parse_replies(void)
{
	char buf[4096];
	size_t len = 0;
	unsigned long stale = 0;
	int n = 0;

	/* An ACK for request 7 (a leftover) then ours for 8. */
	put_msg(buf, &len, NLMSG_ERROR, 7, 0, 0);
	put_msg(buf, &len, NLMSG_ERROR, 8, 0, 0);
	CHECK_EQ(vrrp_nl_parse_replies(buf, len, 8, PORTID, NULL, NULL, &stale), 0);
	CHECK_EQ(stale, 1);

	/* A leftover error must not be taken for our answer. */
	len = 0; stale = 0;
	put_msg(buf, &len, NLMSG_ERROR, 7, 0, EINVAL);
	CHECK_EQ(vrrp_nl_parse_replies(buf, len, 8, PORTID, NULL, NULL, &stale), 1);
	CHECK_EQ(stale, 1);
	/* Our own error is. */
	len = 0;
	put_msg(buf, &len, NLMSG_ERROR, 8, 0, EPERM);
	CHECK_EQ(vrrp_nl_parse_replies(buf, len, 8, PORTID, NULL, NULL, &stale), -EPERM);

	/* A dump: a leftover dump's entries and DONE are skipped, ours go
	 * to the callback, our DONE ends it.
	 */
	len = 0; stale = 0; n = 0;
	put_msg(buf, &len, RTM_NEWADDR, 5, NLM_F_MULTI, 0);
	put_msg(buf, &len, NLMSG_DONE, 5, NLM_F_MULTI, 0);
	put_msg(buf, &len, RTM_NEWADDR, 9, NLM_F_MULTI, 0);
	put_msg(buf, &len, RTM_NEWADDR, 9, NLM_F_MULTI, 0);
	CHECK_EQ(vrrp_nl_parse_replies(buf, len, 9, PORTID, count_cb, &n, &stale), 1);
	CHECK_EQ(n, 2);
	CHECK_EQ(stale, 2);
	len = 0;
	put_msg(buf, &len, RTM_NEWADDR, 9, NLM_F_MULTI, 0);
	put_msg(buf, &len, NLMSG_DONE, 9, NLM_F_MULTI, 0);
	CHECK_EQ(vrrp_nl_parse_replies(buf, len, 9, PORTID, count_cb, &n, &stale), 0);
	CHECK_EQ(n, 3);

	/* The end of a dump may carry the dump's error. */
	len = 0;
	put_msg(buf, &len, NLMSG_DONE, 9, NLM_F_MULTI, 0);
	*(int *)mnl_nlmsg_get_payload((struct nlmsghdr *)buf) = -ENOBUFS;
	((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)mnl_nlmsg_size(sizeof(int));
	CHECK_EQ(vrrp_nl_parse_replies(buf, mnl_nlmsg_size(sizeof(int)), 9, PORTID,
	                               NULL, NULL, &stale), -ENOBUFS);
	/* A dump the kernel says was disturbed: ask again (EINTR). */
	len = 0; n = 0;
	put_msg(buf, &len, RTM_NEWADDR, 9, NLM_F_MULTI | NLM_F_DUMP_INTR, 0);
	CHECK_EQ(vrrp_nl_parse_replies(buf, len, 9, PORTID, count_cb, &n, &stale), -EINTR);

	/* Another socket's port id: not ours either. */
	len = 0; stale = 0;
	put_msg(buf, &len, NLMSG_ERROR, 8, 0, 0);
	CHECK_EQ(vrrp_nl_parse_replies(buf, len, 8, PORTID + 1, NULL, NULL, &stale), 1);
	CHECK_EQ(stale, 1);

	/* A truncated error message is malformed, not an ACK. */
	len = 0;
	put_msg(buf, &len, NLMSG_ERROR, 8, 0, 0);
	((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)mnl_nlmsg_size(2);
	CHECK_EQ(vrrp_nl_parse_replies(buf, mnl_nlmsg_size(2), 8, PORTID, NULL, NULL,
	                               &stale), -EPROTO);
}

/* The kernel's own replies: leave one unread, then ask again. */
static void test_leftover_reply(void)
{
	struct vrrp_nl nl;
	struct vrrp_nl_ifaddr *addrs;
	char err[256], buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	int lo = (int)if_nametoindex("lo"), i, n;

	CHECK(lo > 0);
	if (vrrp_nl_open(&nl, err, sizeof(err)) < 0) {
		fprintf(stderr, "netlink: %s\n", err);
		CHECK(0);
		return;
	}
	n = vrrp_nl_list_addrs(&nl, lo, &addrs, err, sizeof(err));
	CHECK(n >= 0);
	free(addrs);
	for (i = 0; i < 3; i++) {
		/* A dump whose answer we never read, as after a timeout. */
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_GETADDR;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		nlh->nlmsg_seq = ++nl.seq;
		ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
		ifa->ifa_family = AF_INET;
		CHECK(mnl_socket_sendto(nl.sock, nlh, nlh->nlmsg_len) > 0);
		/* A request that fails (no such interface: nothing is ever
		 * added anywhere): its error stays unread.
		 */
		{
			struct vrrp_nl_addr_req req = { .ifindex = 0x7ffffff0, .prefix = 32,
			                                .addr = { .family = AF_INET,
			                                          .v4 = htonl(0xc0000263u) } };
			size_t len = vrrp_nl_build_addr(buf, true, true, ++nl.seq, &req);

			CHECK(mnl_socket_sendto(nl.sock, buf, len) > 0);
		}
		/* The next request reads past both to its own answer. */
		CHECK_EQ(vrrp_nl_list_addrs(&nl, lo, &addrs, err, sizeof(err)), n);
		free(addrs);
	}
	CHECK(nl.stale >= 3 * 2);
	vrrp_nl_close(&nl);
}

static void test_step_aside(void)
{
	/* Refusals: at once, however long the lease. */
	CHECK(vrrp_vip_must_step_aside(-EPERM, 10000, 1000, 0));
	CHECK(vrrp_vip_must_step_aside(-EINVAL, 10000, 1000, 0));
	CHECK(vrrp_vip_must_step_aside(-ENODEV, 10000, 1000, 0));
	CHECK(vrrp_vip_must_step_aside(-EPROTO, 10000, 1000, 0));
	/* Transient: retried while more than two intervals remain. */
	CHECK(!vrrp_vip_must_step_aside(-ETIMEDOUT, 5000, 1000, 1000));
	CHECK(!vrrp_vip_must_step_aside(-ENOBUFS, 5000, 1000, 2999));
	CHECK(vrrp_vip_must_step_aside(-ETIMEDOUT, 5000, 1000, 3000));
	CHECK(vrrp_vip_must_step_aside(-ETIMEDOUT, 5000, 1000, 6000));
	/* Nothing held yet (becoming master): no lease to live on. */
	CHECK(vrrp_vip_must_step_aside(-ETIMEDOUT, 0, 1000, 100));
	CHECK(vrrp_nl_error_is_transient(-ETIMEDOUT));
	CHECK(!vrrp_nl_error_is_transient(-EACCES));
}

/* Requests sent without waiting, answered by the kernel: a removal of an
 * address lo does not have is done (EADDRNOTAVAIL) for root, refused
 * (EPERM) for anyone else; an add on an interface that does not exist
 * fails. Each answer must reach its own request.
 */
static void test_async_requests(void)
{
	struct vrrp_instance_conf conf = { .name = "VI_T", .ifname = "lo", .nvips = 1 };
	struct vrrp_instance in = { .conf = &conf, .lease_s = 5 };
	struct vrrp_vip_inflight fl;
	struct vrrp_vip_outcome out[16];
	struct vrrp_nl nl;
	char err[256], buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	bool root = geteuid() == 0;
	int n, k, dels = 0, adds = 0;

	conf.vips[0].addr = vrrp_addr4(htonl(0xc0000263u));   /* 192.0.2.99 */
	conf.vips[0].prefix = 32;
	in.vip_ifindex[0] = (int)if_nametoindex("lo");
	if (vrrp_nl_open(&nl, err, sizeof(err)) < 0 || vrrp_vip_inflight_init(&fl, 1) < 0) {
		fprintf(stderr, "netlink: %s\n", err);
		CHECK(0);
		return;
	}
	CHECK_EQ(fl.cap, 2 + 8);
	CHECK_EQ(vrrp_vip_send(&nl, &fl, &in, 3, false, 1000, err, sizeof(err)), 0);
	/* A dump in between, whose answer is not ours to take. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = 77;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	CHECK(mnl_socket_sendto(nl.sock, nlh, nlh->nlmsg_len) > 0);
	in.vip_ifindex[0] = 0x7ffffff0;             /* no such interface */
	in.vip_epoch = 9;
	CHECK_EQ(vrrp_vip_send(&nl, &fl, &in, 3, true, 1001, err, sizeof(err)), 0);
	CHECK_EQ(fl.n, 2);
	CHECK(vrrp_vip_inflight_deadline(&fl) == 1000 + VRRP_NL_TIMEOUT_MS);
	n = vrrp_vip_collect(&nl, &fl, 1002, out);
	CHECK_EQ(n, 2);
	CHECK_EQ(fl.n, 0);
	for (k = 0; k < n; k++) {
		CHECK_EQ(out[k].req.inst, 3);
		CHECK_EQ(out[k].req.vip, 0);
		if (out[k].req.add) {
			adds++;
			CHECK(out[k].err < 0);
			CHECK_EQ(out[k].req.epoch, 9);
			CHECK_EQ(out[k].req.sent_at, 1001);
		} else {
			dels++;
			CHECK_EQ(out[k].err, root ? 0 : -EPERM);
			CHECK_EQ(out[k].req.sent_at, 1000);
		}
	}
	CHECK_EQ(adds, 1);
	CHECK_EQ(dels, 1);
	CHECK(vrrp_vip_inflight_deadline(&fl) == VRRP_TIME_NEVER);

	/* A request the kernel never answered: given up after the timeout. */
	fl.req[fl.n++] = (struct vrrp_vip_request){ .seq = 5, .inst = 1, .add = true,
	                                            .sent_at = 2000 };
	CHECK_EQ(vrrp_vip_collect(&nl, &fl, 2000 + VRRP_NL_TIMEOUT_MS - 1, out), 0);
	CHECK_EQ(vrrp_vip_collect(&nl, &fl, 2000 + VRRP_NL_TIMEOUT_MS, out), 1);
	CHECK_EQ(out[0].err, -ETIMEDOUT);
	CHECK_EQ(out[0].req.inst, 1);
	vrrp_vip_inflight_free(&fl);
	vrrp_vip_inflight_free(&fl);   /* twice is safe */
	vrrp_nl_close(&nl);
}

static void test_time_helpers(void)
{
	/* Renewed after a third of the lease: 5 s -> 1666 ms. */
	CHECK_EQ(vrrp_vip_renew_due(1000, 5, 1000), 1000 + 1666);
	CHECK_EQ(vrrp_vip_renew_due(0, 2, 100), 666);
	/* Long intervals: early enough that one failed renewal leaves more
	 * than two intervals to try again (11 s lease, 3 s adverts).
	 */
	CHECK_EQ(vrrp_vip_renew_due(0, 11, 3000), 2000);
	CHECK(!vrrp_vip_must_step_aside(-ETIMEDOUT, 11000, 3000, 3000));
	CHECK_EQ(vrrp_vip_renew_due(0, 3, 1000), 0);       /* every advert */
	/* Arrival: the kernel's wall-clock stamp, on our monotonic clock. */
	CHECK_EQ(vrrp_sock_arrival_ms(10000000000LL - 30000000, 10000000000LL, 5000), 4970);
	CHECK_EQ(vrrp_sock_arrival_ms(0, 10000000000LL, 5000), 5000);           /* no stamp */
	CHECK_EQ(vrrp_sock_arrival_ms(10000000001LL, 10000000000LL, 5000), 5000); /* future */
	CHECK_EQ(vrrp_sock_arrival_ms(1, 100000000000LL, 500000), 500000);     /* too old */
	CHECK_EQ(vrrp_sock_arrival_ms(1000000000LL, 9000000000LL, 100), 100);  /* before 0 */
}

static void test_vmac(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], err[512];
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)(void *)buf;
	const struct ifinfomsg *ifi;
	static const uint8_t want[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0xfe };
	uint8_t mac[6];
	bool created = true;
	int ret;

	vrrp_vmac_mac(AF_INET, 254, mac);
	CHECK(memcmp(mac, want, 6) == 0);
	vrrp_vmac_mac(AF_INET6, 7, mac);
	CHECK(mac[4] == 0x02 && mac[5] == 7);
	/* RTM_DELLINK by index, sequence as given, no ACK asked (the SIGTERM
	 * handler reads nothing back).
	 */
	CHECK_EQ(vrrp_vmac_build_del(buf, 0, 42), NLMSG_LENGTH(sizeof(*ifi)));
	ifi = mnl_nlmsg_get_payload(nlh);
	CHECK_EQ(nlh->nlmsg_type, RTM_DELLINK);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST);
	CHECK_EQ(nlh->nlmsg_seq, 0);
	CHECK_EQ(ifi->ifi_index, 42);
	CHECK_EQ(vrrp_vmac_build_del(buf, 7, 3), NLMSG_LENGTH(sizeof(*ifi)));
	CHECK_EQ(nlh->nlmsg_seq, 7);
	/* "lo" exists and is no macvlan: refused before anything is changed
	 * (so this runs on the host, as any user).
	 */
	ret = vrrp_vmac_ensure("lo", (int)if_nametoindex("lo"), AF_INET, 51, NULL,
	                       &created, err, sizeof(err));
	CHECK_EQ(ret, -EEXIST);
	CHECK(!created);
	CHECK_STR_CONTAINS(err, "interface lo exists and is not this instance's vmac");
	CHECK_STR_CONTAINS(err, "00:00:5e:00:01:33");
	CHECK_STR_CONTAINS(err, "it is not a macvlan");
}

/* In a network namespace of its own (a child process: root only): the
 * instance's interface is itself a macvlan, as a container's or a moved
 * one often is. The kernel hangs our vmac on that one's lower device; it
 * is ours all the same, made once, then found. Returns the child's
 * findings as bits (0: all well).
 */
static int vmac_on_macvlan_child(void)
{
	char err[512];
	bool created = false;
	int idx, again, bits = 0;

	if (unshare(CLONE_NEWNET) < 0)
		return 1;
	if (system("ip link add hvv0 type veth peer name hvv1 && "
	           "ip link add hvmv0 link hvv0 type macvlan mode bridge && "
	           "ip link set hvv0 up && ip link set hvmv0 up") != 0)
		return 2;
	idx = vrrp_vmac_ensure("vrrp.51", (int)if_nametoindex("hvmv0"), AF_INET, 51,
	                       NULL, &created, err, sizeof(err));
	if (idx <= 0 || !created) {
		fprintf(stderr, "  (made: %d %s)\n", idx, err);
		bits |= 4;
	}
	again = vrrp_vmac_ensure("vrrp.51", (int)if_nametoindex("hvmv0"), AF_INET, 51,
	                         NULL, &created, err, sizeof(err));
	if (again != idx || created) {
		fprintf(stderr, "  (found: %d %s)\n", again, err);
		bits |= 8;
	}
	return bits;
}

static void test_vmac_on_macvlan(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(vmac_on_macvlan_child());
	CHECK(pid > 0);
	if (pid > 0)
		waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
}

/* Reads route <w> (its words) into <r>. */
static void route_of(const char *line, struct vrrp_route_conf *r)
{
	char copy[256], *w[16], msg[256], *save = NULL, *t;
	int n = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	for (t = strtok_r(copy, " ", &save); t && n < 16; t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	memset(r, 0, sizeof(*r));
	CHECK_EQ(vrrp_route_parse(w, n, r, msg, sizeof(msg)), VRRP_ROUTE_USED);
}

/* The RTA_EXPIRES of the route message in <buf>, or -1 without one. */
static long expires_of(const char *buf)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)(const void *)buf;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct rtmsg))
		if (mnl_attr_get_type(a) == RTA_EXPIRES)
			return (long)mnl_attr_get_u32(a);
	return -1;
}

/* The lifetime a virtual route goes in with: IPv6 adds only. */
static void test_route_expires(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct vrrp_route_conf r6, r4, mp6;

	route_of("2001:db8:1::/64 via 2001:db8::1 dev eth0", &r6);
	route_of("192.0.2.0/26 via 192.0.2.1 dev eth0", &r4);
	route_of("2001:db8:2::/64 via 2001:db8::1 or 2001:db8::2 dev eth0", &mp6);
	vrrp_nl_build_route(buf, true, true, 1, &r6, 2, 5);
	CHECK_EQ(expires_of(buf), 5);
	vrrp_nl_build_route(buf, true, true, 1, &r6, 2, 0);
	CHECK_EQ(expires_of(buf), -1);
	vrrp_nl_build_route(buf, false, true, 1, &r6, 2, 5);  /* a removal */
	CHECK_EQ(expires_of(buf), -1);
	vrrp_nl_build_route(buf, true, true, 1, &r4, 2, 5);   /* IPv4: none */
	CHECK_EQ(expires_of(buf), -1);
	CHECK(vrrp_route_leased(&r6));
	CHECK(!vrrp_route_leased(&r4));
	CHECK(!vrrp_route_leased(&mp6));
}

static void count_failure(void *arg, const struct vrrp_route_req *req, int err)
{
	(void)req;
	fprintf(stderr, "  (route request failed: %s)\n", strerror(-err));
	(*(int *)arg)++;
}

#define NO_ROUTE    (-1000)
#define NO_LIFETIME (-2000)

/* The seconds `ip -6 route show <dst>` says are left of the route's
 * lifetime (0 or less once it lapsed: the kernel's lookups skip it then,
 * and its collector deletes it up to net.ipv6.route.gc_interval later),
 * NO_LIFETIME without one, NO_ROUTE without the route.
 */
static int route_lifetime(const char *dst)
{
	char cmd[256], out[512] = "";
	const char *at;
	FILE *f;
	size_t n;

	snprintf(cmd, sizeof(cmd), "ip -6 route show %s", dst);
	f = popen(cmd, "r");
	if (!f)
		return NO_ROUTE;
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	pclose(f);
	if (!strstr(out, dst))
		return NO_ROUTE;
	at = strstr(out, "expires ");
	return at ? atoi(at + strlen("expires ")) : NO_LIFETIME;
}

/* Sends <op> for <set> with <lease_s> and waits for the kernel's answers.
 * Returns how many failed.
 */
static int route_op(struct vrrp_nl *nl, const struct vrrp_route_set *set,
                    enum vrrp_route_op op, uint32_t lease_s)
{
	struct vrrp_route_inflight fl;
	int failed = 0, i;

	vrrp_route_inflight_init(&fl, 8);
	vrrp_route_send_set(nl, &fl, set, 0, op, lease_s, 0, count_failure, &failed);
	for (i = 0; i < 100 && fl.n; i++) {
		vrrp_route_collect(nl, &fl, 0, count_failure, &failed);
		usleep(10000);
	}
	failed += fl.n;
	vrrp_route_inflight_free(&fl);
	return failed;
}

/* In a network namespace of its own (root only): a leased IPv6 route is
 * gone when its lifetime ends unless renewed, and a renewal starts it over
 * (also for a route added with "add", whose NLM_F_EXCL a renewal drops);
 * a renewal meets an equal route that has no
 * lifetime (the system's) with EEXIST and leaves it so. <routes> holds
 * the leased route and the system's. Returns 0, or 1 with the findings
 * said.
 */
static int route_lease_child(struct vrrp_route_conf *routes)
{
	char err[512];
	struct vrrp_route_set set = { .routes = routes, .nroutes = 1 };
	struct vrrp_nl nl;
	int bits = 0;

	if (unshare(CLONE_NEWNET) < 0)
		return 1;
	if (system("ip link add hvr0 type veth peer name hvr1 && "
	           "ip link set hvr0 up && ip link set hvr1 up && "
	           "ip -6 addr add 2001:db8::11/64 dev hvr0 nodad && "
	           "ip -6 route add 2001:db8:7::/64 via 2001:db8::1 dev hvr0 proto keepalived") != 0)
		return 1;
	if (vrrp_nl_open(&nl, err, sizeof(err)) < 0)
		return 1;
	/* In with a lifetime; a renewal starts a longer one (no sleep: the
	 * bounds hold however slow the machine is, short of 10 s).
	 */
	if (route_op(&nl, &set, VRRP_ROUTE_PUT, 12) != 0)
		bits |= 1;
	if (route_lifetime("2001:db8:1::/64") <= 2)
		bits |= 2;
	if (route_op(&nl, &set, VRRP_ROUTE_RENEW, 30) != 0)
		bits |= 4;
	if (route_lifetime("2001:db8:1::/64") <= 12)
		bits |= 8;
	/* Not renewed: it lapses. */
	if (route_op(&nl, &set, VRRP_ROUTE_RENEW, 1) != 0)
		bits |= 32;
	usleep(2500 * 1000);
	if (route_lifetime("2001:db8:1::/64") > 0)
		bits |= 64;
	/* The system's equal route: EEXIST (done), and no lifetime given. */
	set.routes = &routes[1];
	if (route_op(&nl, &set, VRRP_ROUTE_RENEW, 3) != 0)
		bits |= 128;
	if (route_lifetime("2001:db8:7::/64") != NO_LIFETIME)
		bits |= 256;
	vrrp_nl_close(&nl);
	if (bits)
		fprintf(stderr, "  (route lease findings: %#x)\n", bits);
	return bits ? 1 : 0;
}

static void test_route_lease(void)
{
	struct vrrp_route_conf routes[2];
	int status = -1;
	pid_t pid;

	route_of("2001:db8:1::/64 via 2001:db8::1 dev hvr0 add", &routes[0]);
	CHECK_EQ(routes[0].how, VRRP_ROUTE_ADD);
	route_of("2001:db8:7::/64 via 2001:db8::1 dev hvr0", &routes[1]);
	pid = fork();
	if (pid == 0)
		_exit(route_lease_child(routes));
	CHECK(pid > 0);
	if (pid > 0)
		waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
}

int main(void)
{
	test_parse_replies();
	test_leftover_reply();
	test_step_aside();
	test_async_requests();
	test_time_helpers();
	test_vmac();
	test_vmac_on_macvlan();
	test_route_expires();
	test_route_lease();
	return check_report("test_netlink");
}
