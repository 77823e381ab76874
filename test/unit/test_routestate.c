/*
 * What a file's previous run had in the kernel: the pool of routes, rules
 * and static addresses, the difference a changed file makes, and the
 * state file that keeps the pool between runs (vrrp_routestate.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "check.h"
#include "conf_parse.h"
#include "vrrp_route_conf.h"
#include "vrrp_routestate.h"

/* A file with static routes, a rule and an address, and an instance with
 * virtual routes and rules; <changed> swaps some for others.
 */
static const char *pool_file(bool changed)
{
	static char buf[2048];

	snprintf(buf, sizeof(buf),
	         "static_routes {\n"
	         "192.0.2.224/28 via 192.0.2.1 dev eth9 table 200\n"
	         "%s"
	         "}\n"
	         "static_rules {\n"
	         "fwmark 7 table 200 preference 2000\n"
	         "}\n"
	         "static_ipaddress {\n"
	         "%s"
	         "}\n"
	         INST("virtual_routes {\n"
	              "192.0.2.192/26 via 192.0.2.1 dev eth0\n"
	              "%s"
	              "}\n"
	              "virtual_rules {\n"
	              "from 192.0.2.100/32 table 100 preference 1000\n"
	              "%s"
	              "}"),
	         changed ? "" : "192.0.2.208/28 via 192.0.2.1 dev eth9\n",
	         changed ? "192.0.2.241/32 dev eth9\n" : "192.0.2.240/32 dev eth9\n",
	         /* the same route, but onlink: another one to the kernel */
	         changed ? "192.0.2.48/28 via 192.0.2.1 dev eth0 onlink\n"
	                 : "192.0.2.48/28 via 192.0.2.1 dev eth0\n"
	                   "192.0.2.32/28 via 192.0.2.1 dev eth0 no_track\n",
	         changed ? "" : "to 192.0.2.160/27 table 100 preference 1100\n");
	return buf;
}

static void test_pool_and_diff(void)
{
	struct vrrp_conf a, b;
	struct vrrp_routestate pa, pb, gone, none;
	char s[256];

	if (parse(pool_file(false), &a) != 0 || parse(pool_file(true), &b) != 0) {
		CHECK(!"the pool files parse");
		return;
	}
	CHECK_EQ(vrrp_routestate_of(&a, &pa), 0);
	CHECK_EQ(vrrp_routestate_of(&b, &pb), 0);
	/* Static and virtual, all in one pool. */
	CHECK_EQ(pa.set.nroutes, 5);
	CHECK_EQ(pa.set.nrules, 3);
	CHECK_EQ(pa.naddrs, 1);
	CHECK_EQ(vrrp_routestate_count(&pa), 9);

	/* What the old file had and the new one has not: the static route
	 * and the rule that went, the address that changed, the route whose
	 * onlink changed, the no_track one.
	 */
	CHECK_EQ(vrrp_routestate_diff(&pa, &pb, &gone), 0);
	CHECK_EQ(gone.set.nroutes, 3);
	CHECK(strcmp(vrrp_route_str(&gone.set.routes[0], s, sizeof(s)),
	             "192.0.2.208/28 via 192.0.2.1 dev eth9") == 0);
	CHECK(strcmp(vrrp_route_str(&gone.set.routes[1], s, sizeof(s)),
	             "192.0.2.48/28 via 192.0.2.1 dev eth0") == 0);
	CHECK(!gone.set.routes[1].onlink);
	CHECK(strcmp(vrrp_route_str(&gone.set.routes[2], s, sizeof(s)),
	             "192.0.2.32/28 via 192.0.2.1 dev eth0") == 0);
	CHECK(gone.set.routes[2].protocol != RTPROT_KEEPALIVED);
	CHECK_EQ(gone.set.nrules, 1);
	CHECK(strcmp(vrrp_rule_str(&gone.set.rules[0], s, sizeof(s)),
	             "to 192.0.2.160/27 table 100 preference 1100") == 0);
	CHECK_EQ(gone.naddrs, 1);
	CHECK_EQ(gone.addrs[0].addr.v4, htonl(0xc00002f0));
	vrrp_routestate_free(&gone);

	/* The same file: nothing gone; a file whose lines moved (another
	 * line number, another "how") is the same file to the kernel.
	 */
	CHECK_EQ(vrrp_routestate_diff(&pa, &pa, &gone), 0);
	CHECK_EQ(vrrp_routestate_count(&gone), 0);
	vrrp_routestate_free(&gone);
	/* An address whose label changed is the same address (its add
	 * replaces it in place).
	 */
	snprintf(pb.addrs[0].label, sizeof(pb.addrs[0].label), "eth9:vip");
	pb.addrs[0].addr = pa.addrs[0].addr;
	CHECK_EQ(vrrp_routestate_diff(&pa, &pb, &gone), 0);
	CHECK_EQ(gone.naddrs, 0);
	vrrp_routestate_free(&gone);
	pb.set.routes[0].line += 7;
	pb.set.routes[0].how = VRRP_ROUTE_APPEND;
	CHECK(vrrp_route_same(&pa.set.routes[0], &pb.set.routes[0]));
	/* A file with none: everything of the old one is gone. */
	memset(&none, 0, sizeof(none));
	CHECK_EQ(vrrp_routestate_diff(&pa, &none, &gone), 0);
	CHECK_EQ(vrrp_routestate_count(&gone), 9);
	vrrp_routestate_free(&gone);
	vrrp_routestate_free(&gone);  /* safe twice */

	vrrp_routestate_free(&pa);
	vrrp_routestate_free(&pb);
	vrrp_conf_free(&a);
	vrrp_conf_free(&b);
}

static void test_file(void)
{
	char dir[] = "/tmp/hvrrp-rs-XXXXXX", path[256], other[256], bytes[64];
	struct vrrp_conf a;
	struct vrrp_routestate pa, back, empty;
	char why[VRRP_ERR_MAX];
	struct stat st;
	int fd;

	if (!mkdtemp(dir) || parse(pool_file(false), &a) != 0) {
		CHECK(!"a temporary directory and the pool file");
		return;
	}
	CHECK_EQ(vrrp_routestate_of(&a, &pa), 0);
	/* One name per tag, in the directory. */
	{
		char sub[256];

		snprintf(sub, sizeof(sub), "%s/state", dir);
		CHECK(vrrp_routestate_path(sub, "/etc/haproxy/vrrp.conf", path, sizeof(path)) == path);
	}
	CHECK(vrrp_routestate_path(dir, "/etc/haproxy/other.conf", other, sizeof(other)) == other);
	CHECK(strcmp(path + strlen(dir), other + strlen(dir)) != 0);
	CHECK(vrrp_routestate_path(dir, "/etc/haproxy/vrrp.conf", other, 10) == NULL);

	/* Missing: an empty pool, no error. */
	CHECK_EQ(vrrp_routestate_read(path, "/etc/haproxy/vrrp.conf", &back, why, sizeof(why)), 0);
	CHECK_EQ(vrrp_routestate_count(&back), 0);

	/* Written (its directory made, 0700) and read back whole. */
	CHECK_EQ(vrrp_routestate_write(path, "/etc/haproxy/vrrp.conf", &pa, why, sizeof(why)), 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	snprintf(other, sizeof(other), "%s/state", dir);
	CHECK(stat(other, &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK_EQ(vrrp_routestate_read(path, "/etc/haproxy/vrrp.conf", &back, why, sizeof(why)), 0);
	CHECK_EQ(back.set.nroutes, 5);
	CHECK_EQ(back.set.nrules, 3);
	CHECK_EQ(back.naddrs, 1);
	CHECK(vrrp_route_same(&back.set.routes[4], &pa.set.routes[4]));
	CHECK(vrrp_rule_same(&back.set.rules[1], &pa.set.rules[1]));
	vrrp_routestate_free(&back);

	/* Another file's: refused, naming it. */
	CHECK_EQ(vrrp_routestate_read(path, "/etc/haproxy/other.conf", &back, why, sizeof(why)), -1);
	CHECK_STR_CONTAINS(why, "kept for another file (/etc/haproxy/vrrp.conf)");
	CHECK_EQ(vrrp_routestate_count(&back), 0);

	/* Cut short: refused. */
	CHECK_EQ(truncate(path, 600), 0);
	CHECK_EQ(vrrp_routestate_read(path, "/etc/haproxy/vrrp.conf", &back, why, sizeof(why)), -1);
	CHECK_STR_CONTAINS(why, "cut short");
	CHECK_EQ(vrrp_routestate_count(&back), 0);

	/* Not ours (another version, or junk): refused. */
	fd = open(path, O_WRONLY | O_TRUNC);
	memset(bytes, 'x', sizeof(bytes));
	CHECK(fd >= 0 && write(fd, bytes, sizeof(bytes)) == (ssize_t)sizeof(bytes));
	if (fd >= 0)
		close(fd);
	CHECK_EQ(vrrp_routestate_read(path, "/etc/haproxy/vrrp.conf", &back, why, sizeof(why)), -1);
	CHECK_STR_CONTAINS(why, "not written by this build");
	CHECK_EQ(vrrp_routestate_write(path, "/etc/haproxy/vrrp.conf", &pa, why, sizeof(why)), 0);
	fd = open(path, O_WRONLY);
	CHECK(fd >= 0 && pwrite(fd, "\x63", 1, 8) == 1);  /* the version: 99 */
	if (fd >= 0)
		close(fd);
	CHECK_EQ(vrrp_routestate_read(path, "/etc/haproxy/vrrp.conf", &back, why, sizeof(why)), -1);
	CHECK_STR_CONTAINS(why, "not written by this build");

	/* A body that no file line could give (a route of 100000 next hops):
	 * refused, not used.
	 */
	CHECK_EQ(vrrp_routestate_write(path, "/etc/haproxy/vrrp.conf", &pa, why, sizeof(why)), 0);
	{
		struct vrrp_route_conf bad = pa.set.routes[0];

		bad.nvia = 100000;
		fd = open(path, O_WRONLY);
		CHECK(fd >= 0 && pwrite(fd, &bad, sizeof(bad), 8 + 8 * 4 + 512) == (ssize_t)sizeof(bad));
		if (fd >= 0)
			close(fd);
	}
	CHECK_EQ(vrrp_routestate_read(path, "/etc/haproxy/vrrp.conf", &back, why, sizeof(why)), -1);
	CHECK_STR_CONTAINS(why, "damaged");
	CHECK_EQ(vrrp_routestate_count(&back), 0);

	/* Another user's file: not read. */
	if (geteuid() == 0) {
		CHECK_EQ(vrrp_routestate_write(path, "/etc/haproxy/vrrp.conf", &pa, why, sizeof(why)), 0);
		CHECK_EQ(chown(path, 65534, 65534), 0);
		CHECK_EQ(vrrp_routestate_read(path, "/etc/haproxy/vrrp.conf", &back, why, sizeof(why)), -1);
		CHECK_STR_CONTAINS(why, "not a regular file of this user");
	}

	/* A link where the file should be: not followed. */
	CHECK_EQ(unlink(path), 0);
	CHECK_EQ(symlink("/etc/passwd", path), 0);
	CHECK_EQ(vrrp_routestate_read(path, "/etc/haproxy/vrrp.conf", &back, why, sizeof(why)), -1);
	CHECK_EQ(vrrp_routestate_count(&back), 0);

	/* A directory others may write to: nothing written there. */
	CHECK_EQ(unlink(path), 0);
	CHECK_EQ(chmod(other, 0777), 0);
	CHECK_EQ(vrrp_routestate_write(path, "/etc/haproxy/vrrp.conf", &pa, why, sizeof(why)), -1);
	CHECK_STR_CONTAINS(why, "only it can write to");
	CHECK(access(path, F_OK) < 0);
	CHECK_EQ(chmod(other, 0700), 0);

	/* A FIFO where the file should be is not opened for reading (it would
	 * block HAProxy's start).
	 */
	CHECK_EQ(mkfifo(path, 0600), 0);
	CHECK_EQ(vrrp_routestate_read(path, "/etc/haproxy/vrrp.conf", &back, why, sizeof(why)), -1);
	CHECK_STR_CONTAINS(why, "not a regular file");
	CHECK_EQ(unlink(path), 0);

	/* An empty pool removes the file: nothing left to remember. */
	CHECK_EQ(vrrp_routestate_write(path, "/etc/haproxy/vrrp.conf", &pa, why, sizeof(why)), 0);
	memset(&empty, 0, sizeof(empty));
	CHECK_EQ(vrrp_routestate_write(path, "/etc/haproxy/vrrp.conf", &empty, why, sizeof(why)), 0);
	CHECK(access(path, F_OK) < 0 && errno == ENOENT);
	CHECK_EQ(vrrp_routestate_write(path, "/etc/haproxy/vrrp.conf", &empty, why, sizeof(why)), 0);

	CHECK_EQ(rmdir(other), 0);
	CHECK_EQ(rmdir(dir), 0);
	vrrp_routestate_free(&pa);
	vrrp_conf_free(&a);
}

/* Every route type and rule action a line can give goes through the file
 * and back (a check that refused one, "prohibit", made its whole file
 * look damaged); a route that moved to another owner is gone from the
 * first.
 */
static void test_every_kind(void)
{
	static const char *const text =
		"static_routes {\n"
		"192.0.2.0/28 dev eth9\n"
		"local 192.0.2.16/28 dev eth9\n"
		"broadcast 192.0.2.32/28 dev eth9\n"
		"anycast 192.0.2.48/28 dev eth9\n"
		"multicast 192.0.2.64/28 dev eth9\n"
		"blackhole 192.0.2.80/28\n"
		"unreachable 192.0.2.96/28\n"
		"prohibit 192.0.2.112/28\n"
		"throw 192.0.2.128/28\n"
		"2001:db8:1::/64 via 2001:db8::1 dev eth9 metric 5\n"
		"192.0.2.144/28 via 192.0.2.1 or 192.0.2.2 dev eth9\n"
		"}\n"
		"static_rules {\n"
		"from 192.0.2.0/24 table 5\n"
		"from 192.0.2.0/25 goto 32000 preference 100\n"
		"from 192.0.2.0/26 nop\n"
		"from 192.0.2.0/27 blackhole\n"
		"from 192.0.2.0/28 unreachable\n"
		"from 192.0.2.0/29 prohibit\n"
		"inet6 not to 2001:db8::/32 iif eth9 fwmark 0x10/0xf0 table 7\n"
		"}\n"
		"static_ipaddress {\n"
		"192.0.2.250/32 dev eth9 label eth9:x\n"
		"2001:db8::250/64 dev eth9\n"
		"}\n"
		INST("virtual_routes {\n192.0.2.160/28 via 192.0.2.1 dev eth0\n}");
	char dir[] = "/tmp/hvrrp-rs-XXXXXX", path[256], why[VRRP_ERR_MAX];
	struct vrrp_conf a;
	struct vrrp_routestate pa, back, gone;
	int i;

	if (!mkdtemp(dir) || parse(text, &a) != 0) {
		CHECK(!"a temporary directory and the file of every kind");
		return;
	}
	CHECK_EQ(vrrp_routestate_of(&a, &pa), 0);
	CHECK_EQ(pa.set.nroutes, 12);
	CHECK_EQ(pa.set.nrules, 7);
	CHECK_EQ(pa.naddrs, 2);
	CHECK(vrrp_routestate_path(dir, "t", path, sizeof(path)) == path);
	CHECK_EQ(vrrp_routestate_write(path, "t", &pa, why, sizeof(why)), 0);
	CHECK_EQ(vrrp_routestate_read(path, "t", &back, why, sizeof(why)), 0);
	CHECK_EQ(vrrp_routestate_count(&back), 21);
	for (i = 0; i < back.set.nroutes && i < pa.set.nroutes; i++)
		CHECK(vrrp_route_same(&back.set.routes[i], &pa.set.routes[i]) &&
		      back.route_owner[i] == pa.route_owner[i]);
	for (i = 0; i < back.set.nrules && i < pa.set.nrules; i++)
		CHECK(vrrp_rule_same(&back.set.rules[i], &pa.set.rules[i]));
	CHECK_EQ(vrrp_routestate_diff(&back, &pa, &gone), 0);
	CHECK_EQ(vrrp_routestate_count(&gone), 0);
	vrrp_routestate_free(&gone);
	/* The instance's route, now a static one: gone from the instance. */
	CHECK(back.route_owner[11] == vrrp_routestate_owner("VI_1"));
	CHECK(back.route_owner[0] == 0);
	back.route_owner[11] = 0;
	CHECK_EQ(vrrp_routestate_diff(&pa, &back, &gone), 0);
	CHECK_EQ(gone.set.nroutes, 1);
	CHECK(gone.route_owner[0] == vrrp_routestate_owner("VI_1"));
	vrrp_routestate_free(&gone);
	vrrp_routestate_free(&back);
	vrrp_routestate_free(&pa);
	vrrp_conf_free(&a);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	test_pool_and_diff();
	test_file();
	test_every_kind();
	return check_report("test_routestate");
}
