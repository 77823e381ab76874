/*
 * Unit tests of the vrrp.conf loader beyond the seed (module/vrrp_conf.c):
 * VIP options, unicast, GARP timers, track_interface, the global_defs keys
 * accepted with a note and the keepalived keys refused with a reason; then
 * the check mode, vrrp_conf_check(), on a production keepalived.conf, and
 * vrrp_kw_class_name(). test_conf.c covers the seed's basics.
 *
 * Every text is inline; no file is written.
 */
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vrrp_addr.h"
#include "vrrp_conf.h"

#include "conf_parse.h"

/* ---- helpers ------------------------------------------------------------ */

/* Parses <text>, which must fail with a message containing each of the
 * non-NULL <want1>, <want2>.
 */
static void expect_err2_at(int line, const char *text, const char *want1,
                           const char *want2)
{
	struct vrrp_conf conf;
	int ret;

	memset(err, 0, sizeof(err));
	ret = vrrp_conf_parse(P, NULL, text, strlen(text), &conf, err, sizeof(err));
	if (ret != -1)
		fprintf(stderr, "test_conf_check.c:%d: expected an error\n", line);
	CHECK_EQ(ret, -1);
	if (!strstr(err, want1) || (want2 && !strstr(err, want2)))
		fprintf(stderr, "test_conf_check.c:%d: unexpected error message:\n", line);
	CHECK_STR_CONTAINS(err, want1);
	if (want2)
		CHECK_STR_CONTAINS(err, want2);
	vrrp_conf_free(&conf);
}
#define expect_err(text, want) expect_err2_at(__LINE__, text, want, NULL)
#define expect_err2(text, want1, want2) expect_err2_at(__LINE__, text, want1, want2)

static uint32_t ip(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return 0;
	return a.s_addr;
}

static const struct vrrp_instance_conf *inst(const struct vrrp_conf *conf, int i)
{
	static const struct vrrp_instance_conf none;

	return i < conf->ninst ? &conf->inst[i] : &none;
}

static int find_note(const struct vrrp_conf *conf, const char *needle)
{
	int i;

	for (i = 0; i < conf->nnotes; i++)
		if (strstr(conf->notes[i], needle))
			return i;
	return -1;
}

/* Line (1-based) of the <nth> (1-based) occurrence of <needle> in <text>,
 * or -1.
 */
static int line_of_nth(const char *text, const char *needle, int nth)
{
	const char *p = text, *q;
	int line = 1;

	while ((q = strstr(p, needle))) {
		for (; p < q; p++)
			if (*p == '\n')
				line++;
		if (--nth == 0)
			return line;
		p = q + 1;
		if (*q == '\n')
			line++;
	}
	return -1;
}
#define line_of(text, needle) line_of_nth(text, needle, 1)

/* An instance whose virtual_ipaddress block holds the single line <vip>,
 * on line 5.
 */
#define VIP(vip) \
	"vrrp_instance VI_1 {\n"        /* 1 */ \
	"interface n1eth\n"             /* 2 */ \
	"virtual_router_id 51\n"        /* 3 */ \
	"virtual_ipaddress {\n"         /* 4 */ \
	vip "\n"                        /* 5 */ \
	"}\n"                           /* 6 */ \
	"}\n"                           /* 7 */

/* ---- several instances, several VIPs each ------------------------------- */

static void test_instances_vips(void)
{
	struct vrrp_conf conf;
	const struct vrrp_instance_conf *a, *b;

	CHECK_EQ(parse("vrrp_instance VI_A {\n"              /* 1 */
	               "interface eth0\n"
	               "virtual_router_id 10\n"
	               "virtual_ipaddress {\n"
	               "192.0.2.1/24\n"                       /* 5 */
	               "192.0.2.2\n"                          /* 6 */
	               "192.0.2.3/28\n"                       /* 7 */
	               "}\n"
	               "}\n"
	               "vrrp_instance VI_B {\n"              /* 10 */
	               "interface eth1\n"
	               "virtual_router_id 11\n"
	               "virtual_ipaddress {\n"
	               "198.51.100.1\n"                       /* 14 */
	               "198.51.100.2/25 dev eth2\n"           /* 15 */
	               "}\n"
	               "}\n"
	               "vrrp_instance VI_C {\n"              /* 18 */
	               "interface eth0\n"
	               "virtual_router_id 12\n"
	               "virtual_ipaddress {\n"
	               "192.0.2.2\n"                          /* 22: same VIP as VI_A, other instance */
	               "}\n"
	               "}\n", &conf), 0);
	CHECK_EQ(conf.ninst, 3);
	a = inst(&conf, 0);
	b = inst(&conf, 1);
	CHECK(strcmp(a->name, "VI_A") == 0);
	CHECK(strcmp(b->name, "VI_B") == 0);
	CHECK(strcmp(inst(&conf, 2)->name, "VI_C") == 0);
	CHECK_EQ(a->nvips, 3);
	CHECK_EQ(b->nvips, 2);
	CHECK_EQ(inst(&conf, 2)->nvips, 1);
	CHECK_EQ(a->vips[0].addr.v4, ip("192.0.2.1"));
	CHECK_EQ(a->vips[0].prefix, 24);
	CHECK_EQ(a->vips[1].addr.v4, ip("192.0.2.2"));
	CHECK_EQ(a->vips[1].prefix, 32);
	CHECK_EQ(a->vips[2].addr.v4, ip("192.0.2.3"));
	CHECK_EQ(a->vips[2].prefix, 28);
	CHECK_EQ(a->vips[2].line, 7);
	CHECK_EQ(b->vips[0].addr.v4, ip("198.51.100.1"));
	CHECK_EQ(b->vips[0].line, 14);
	CHECK_EQ(b->vips[0].dev[0], '\0');
	CHECK_EQ(b->vips[1].addr.v4, ip("198.51.100.2"));
	CHECK_EQ(b->vips[1].prefix, 25);
	CHECK(strcmp(b->vips[1].dev, "eth2") == 0);
	CHECK_EQ(b->vips[1].line, 15);
	CHECK(strcmp(b->ifname, "eth1") == 0);
	CHECK_EQ(inst(&conf, 2)->vips[0].addr.v4, ip("192.0.2.2"));
	CHECK_EQ(inst(&conf, 2)->vips[0].line, 22);
	/* Defaults of options not given. */
	CHECK_EQ(a->vips[0].dev[0], '\0');
	CHECK_EQ(a->vips[0].label[0], '\0');
	CHECK_EQ(a->vips[0].brd, 0);
	CHECK_EQ(a->vips[0].scope, 0);
	vrrp_conf_free(&conf);
}

/* ---- virtual_ipaddress options ------------------------------------------ */

static void test_vip_options(void)
{
	static const struct { const char *name; int scope; } scopes[] = {
		{ "link", 253 }, { "host", 254 }, { "site", 200 }, { "global", 0 },
		{ "nowhere", 255 }, { "17", 17 }, { "0", 0 }, { "255", 255 },
	};
	struct vrrp_conf conf;
	const struct vrrp_vip_conf *v;
	char text[512];
	size_t i;

	CHECK_EQ(parse(VIP("192.0.2.100/24 dev eth1 label eth1:vip brd 192.0.2.255 scope link"),
	               &conf), 0);
	CHECK_EQ(inst(&conf, 0)->nvips, 1);
	v = &inst(&conf, 0)->vips[0];
	CHECK_EQ(v->addr.v4, ip("192.0.2.100"));
	CHECK_EQ(v->prefix, 24);
	CHECK_EQ(v->line, 5);
	CHECK(strcmp(v->dev, "eth1") == 0);
	CHECK(strcmp(v->label, "eth1:vip") == 0);
	CHECK_EQ(v->brd, ip("192.0.2.255"));
	CHECK_EQ(v->brd, htonl(0xc00002ffu));   /* network order */
	CHECK_EQ(v->scope, 253);
	vrrp_conf_free(&conf);

	/* Options in another order. */
	CHECK_EQ(parse(VIP("192.0.2.100 scope host label lo:1 dev lo"), &conf), 0);
	v = &inst(&conf, 0)->vips[0];
	CHECK(strcmp(v->dev, "lo") == 0);
	CHECK(strcmp(v->label, "lo:1") == 0);
	CHECK_EQ(v->scope, 254);
	CHECK_EQ(v->brd, 0);
	CHECK_EQ(v->prefix, 32);
	vrrp_conf_free(&conf);

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		snprintf(text, sizeof(text), VIP("192.0.2.100/24 scope %s"), scopes[i].name);
		CHECK_EQ(parse(text, &conf), 0);
		CHECK_EQ(inst(&conf, 0)->nvips, 1);
		if (inst(&conf, 0)->vips[0].scope != scopes[i].scope)
			fprintf(stderr, "  (scope %s)\n", scopes[i].name);
		CHECK_EQ(inst(&conf, 0)->vips[0].scope, scopes[i].scope);
		vrrp_conf_free(&conf);
	}

	/* A label of exactly 15 characters fits. */
	CHECK_EQ(parse(VIP("192.0.2.100 label eth1:abcdefghi"), &conf), 0);
	CHECK(strcmp(inst(&conf, 0)->vips[0].label, "eth1:abcdefghi") == 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(VIP("192.0.2.100 label eth1:abcdefghij"), &conf), 0);
	CHECK(strcmp(inst(&conf, 0)->vips[0].label, "eth1:abcdefghij") == 0);
	vrrp_conf_free(&conf);

	/* keepalived's verdicts on a bad line, each noted naming the address
	 * token: the address left out (an instance with no other VIP is then
	 * refused), or the option ignored and the address kept.
	 */
	{
		static const struct { const char *line; bool kept; const char *note; } bad[] = {
			{ "192.0.2.100/24 dev", false, ":5: 192.0.2.100/24: 'dev' needs a value" },
			{ "192.0.2.100 dev eth1 label", false, ":5: 192.0.2.100: 'label' needs a value" },
			{ "192.0.2.100 scope", false, ":5: 192.0.2.100: 'scope' needs a value" },
			{ "192.0.2.100 dev a dev b", false, ":5: 192.0.2.100: 'dev' given twice" },
			{ "192.0.2.100 brd 192.0.2.256", false, "'192.0.2.256' is not a broadcast address" },
			{ "192.0.2.100 label eth1:abcdefghijk", false, "'eth1:abcdefghijk' is longer than 15" },
			{ "192.0.2.300", false, ":5: 192.0.2.300: not an IPv4 or IPv6 address: left out" },
			{ "192.0.2.100/x", false, ":5: 192.0.2.100/x: 'x' is not a prefix length" },
			{ "192.0.2.100/24 metric 10", true, ":5: 192.0.2.100/24: unknown option 'metric'" },
			{ "192.0.2.100 scope universe", true, "invalid scope 'universe': ignored" },
			{ "192.0.2.100 scope 256", true, "invalid scope '256': ignored" },
			{ "192.0.2.100/33", true, ":5: 192.0.2.100/33: /33 is longer than the address: /32" },
		};
		size_t k;

		for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			char vtext[512];
			int ret;

			snprintf(vtext, sizeof(vtext), VIP("%s"), bad[k].line);
			memset(err, 0, sizeof(err));
			ret = vrrp_conf_parse(P, NULL, vtext, strlen(vtext), &conf, err, sizeof(err));
			if (bad[k].kept) {
				CHECK_EQ(ret, 0);
				CHECK_EQ(ret == 0 ? inst(&conf, 0)->nvips : -1, 1);
			} else {
				/* The only VIP left out: no VIP, refused. */
				CHECK_EQ(ret, -1);
				CHECK_STR_CONTAINS(err, "has no virtual_ipaddress");
			}
			if (find_note(&conf, bad[k].note) < 0)
				fprintf(stderr, "test_conf_check.c: '%s': no note '%s'\n",
				        bad[k].line, bad[k].note);
			CHECK(find_note(&conf, bad[k].note) >= 0);
			vrrp_conf_free(&conf);
		}
	}
	/* keepalived's flags and forms. */
	CHECK_EQ(parse(VIP("192.0.2.100/24 broadcast + no_track home noprefixroute "
	                   "preferred_lft 0\n2001:db8::1 -nodad preferred_lft forever\n"
	                   "192.0.2.9/24 peer 192.0.2.10 brd 192.0.2.255\n"
	                   "192.0.2.20 peer 192.0.2.21/30"), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->nvips, 3);   /* (the IPv6 one: other family) */
	if (inst(&conf, 0)->nvips == 3) {
		const struct vrrp_vip_conf *vv = inst(&conf, 0)->vips;

		CHECK_EQ(vv[0].brd, ip("192.0.2.255"));
		CHECK_EQ(vv[0].flags, IFA_F_HOMEADDRESS | IFA_F_NOPREFIXROUTE);
		CHECK(!vv[0].has_preferred_lft);   /* IPv6 only, as keepalived */
		/* a peer: the address is /32, no broadcast */
		CHECK_EQ(vv[1].peer.v4, ip("192.0.2.10"));
		CHECK_EQ(vv[1].prefix, 32);
		CHECK_EQ(vv[1].brd, 0);
	}
	CHECK(find_note(&conf, ":5: 192.0.2.100/24: preferred_lft: IPv6 only") >= 0);
	/* keepalived reads the peer without a length: not a peer */
	CHECK(find_note(&conf, ":8: 192.0.2.20: peer 192.0.2.21/30 is not an address") >= 0);
	if (inst(&conf, 0)->nvips == 3) {
		CHECK(!vrrp_addr_is_set(&inst(&conf, 0)->vips[2].peer));
	}
	vrrp_conf_free(&conf);
	expect_err2(VIP("192.0.2.100 use_vmac"), P ":5: 192.0.2.100:", "use_vmac is not supported");
	expect_err2(VIP("192.0.2.100 dev abcdefghijklmnop"), P ":5: 192.0.2.100:",
	            "longer than 15 characters");
}
/* ---- unicast ------------------------------------------------------------- */

static void test_unicast(void)
{
	struct vrrp_conf conf;
	const struct vrrp_instance_conf *in;
	char text[2048];
	size_t n;
	int i;

	CHECK_EQ(parse(INST("unicast_src_ip 192.0.2.10\n"
	                    "unicast_peer {\n192.0.2.11\n192.0.2.12\n}"), &conf), 0);
	in = inst(&conf, 0);
	CHECK_EQ(in->unicast_src.v4, ip("192.0.2.10"));
	CHECK_EQ(in->unicast_src.v4, htonl(0xc000020au));
	CHECK_EQ(in->npeers, 2);
	CHECK_EQ(in->peers[0].v4, ip("192.0.2.11"));
	CHECK_EQ(in->peers[1].v4, ip("192.0.2.12"));
	vrrp_conf_free(&conf);

	/* unicast_peer alone: the source is the interface's address. */
	CHECK_EQ(parse(INST("unicast_peer {\n203.0.113.5\n}"), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->unicast_src.v4, 0);
	CHECK_EQ(inst(&conf, 0)->npeers, 1);
	CHECK_EQ(inst(&conf, 0)->peers[0].v4, ip("203.0.113.5"));
	vrrp_conf_free(&conf);

	/* Neither: multicast. */
	CHECK_EQ(parse(INST(""), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->npeers, 0);
	CHECK_EQ(inst(&conf, 0)->unicast_src.v4, 0);
	vrrp_conf_free(&conf);

	/* Errors. Line 2 is unicast_peer, peers from line 3. */
	/* keepalived skips a peer listed twice or not an address. */
	CHECK_EQ(parse(INST("unicast_peer {\n192.0.2.11\n192.0.2.11\n192.0.2.300\n}"),
	               &conf), 0);
	CHECK_EQ(inst(&conf, 0)->npeers, 1);
	CHECK(find_note(&conf, P ":4: 192.0.2.11: listed twice: this line is ignored") >= 0);
	CHECK(find_note(&conf, P ":5: 192.0.2.300: not an IPv4 or IPv6 address: left out") >= 0);
	vrrp_conf_free(&conf);
	expect_err2(INST("unicast_peer {\n192.0.2.11 min_ttl 1\n}"), P ":3: 192.0.2.11:",
	            "only an address");
	expect_err(INST("unicast_peer 192.0.2.11"), P ":2: unicast_peer: needs a { block }");
	expect_err2(INST("unicast_src_ip 192.0.2.999\nunicast_peer {\n192.0.2.11\n}"),
	            P ":2: unicast_src_ip:", "not an IPv4 or IPv6 address");
	expect_err(INST("unicast_src_ip"), P ":2: unicast_src_ip: missing value");

	/* VRRP_MAX_PEERS fit, one more does not. */
	n = (size_t)snprintf(text, sizeof(text), "vrrp_instance VI_1 {\ninterface n1eth\n"
	                     "virtual_router_id 51\nvirtual_ipaddress {\n192.0.2.100\n}\n"
	                     "unicast_peer {\n");                     /* 7 */
	for (i = 0; i < VRRP_MAX_PEERS; i++)                          /* 8..23 */
		n += (size_t)snprintf(text + n, sizeof(text) - n, "10.0.0.%d\n", i + 1);
	snprintf(text + n, sizeof(text) - n, "}\n}\n");
	CHECK_EQ(parse(text, &conf), 0);
	CHECK_EQ(inst(&conf, 0)->npeers, VRRP_MAX_PEERS);
	CHECK_EQ(inst(&conf, 0)->peers[VRRP_MAX_PEERS - 1].v4, ip("10.0.0.16"));
	vrrp_conf_free(&conf);
	snprintf(text + n, sizeof(text) - n, "10.0.0.99\n}\n}\n");    /* 24 */
	expect_err(text, P ":24: 10.0.0.99: more than 16 peers");

	/* unicast_src_ip or mcast_src_ip without unicast_peer: keepalived's
	 * one setting, the source of multicast adverts.
	 */
	CHECK_EQ(parse(INST("mcast_src_ip 192.0.2.10"), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->unicast_src.v4, ip("192.0.2.10"));
	CHECK_EQ(inst(&conf, 0)->npeers, 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("unicast_src_ip 192.0.2.10"), &conf), 0);
	vrrp_conf_free(&conf);
	/* Over IPv6 a multicast source is link-local, named at its line. */
	expect_err2("vrrp_instance VI_6 {\ninterface n1eth\nvirtual_router_id 51\n"
	            "mcast_src_ip 2001:db8::10\nvirtual_ipaddress {\n2001:db8::100\n}\n}\n",
	            P ":4: mcast_src_ip: VI_6: multicast adverts over IPv6", "link-local");
	expect_err(INST("mcast_src_ip 2001:db8::10"), P ":2: mcast_src_ip: VI_1: an IPv6 address");
}

/* ---- GARP timers ---------------------------------------------------------- */

static void test_garp(void)
{
	struct vrrp_conf conf;

	/* Defaults: delay 5000 ms, repeat 5, refresh 0, refresh_repeat 1. */
	CHECK_EQ(parse(INST(""), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->garp_delay_ms, 5000);
	CHECK_EQ(inst(&conf, 0)->garp_repeat, 5);
	CHECK_EQ(inst(&conf, 0)->garp_refresh_ms, 0);
	CHECK_EQ(inst(&conf, 0)->garp_refresh_repeat, 1);
	vrrp_conf_free(&conf);

	/* In the instance. */
	CHECK_EQ(parse(INST("garp_master_delay 3\ngarp_master_repeat 4\n"
	                    "garp_master_refresh 60\ngarp_master_refresh_repeat 2"), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->garp_delay_ms, 3000);
	CHECK_EQ(inst(&conf, 0)->garp_repeat, 4);
	CHECK_EQ(inst(&conf, 0)->garp_refresh_ms, 60000);
	CHECK_EQ(inst(&conf, 0)->garp_refresh_repeat, 2);
	vrrp_conf_free(&conf);

	/* In global_defs, for every instance that does not override it; global
	 * values apply even to an instance that comes before global_defs.
	 */
	CHECK_EQ(parse(INST("")
	               "global_defs {\n"
	               "vrrp_garp_master_delay 7\n"
	               "vrrp_garp_master_repeat 9\n"
	               "vrrp_garp_master_refresh 120\n"
	               "vrrp_garp_master_refresh_repeat 3\n"
	               "}\n"
	               "vrrp_instance VI_2 {\n"
	               "interface n1eth\n"
	               "virtual_router_id 52\n"
	               "garp_master_delay 0\n"
	               "garp_master_repeat 1\n"
	               "garp_master_refresh 0\n"
	               "garp_master_refresh_repeat 255\n"
	               "virtual_ipaddress {\n192.0.2.101\n}\n"
	               "}\n"
	               "vrrp_instance VI_3 {\n"
	               "interface n1eth\n"
	               "virtual_router_id 53\n"
	               "garp_master_refresh 30\n"
	               "virtual_ipaddress {\n192.0.2.102\n}\n"
	               "}\n", &conf), 0);
	CHECK_EQ(conf.ninst, 3);
	CHECK_EQ(inst(&conf, 0)->garp_delay_ms, 7000);
	CHECK_EQ(inst(&conf, 0)->garp_repeat, 9);
	CHECK_EQ(inst(&conf, 0)->garp_refresh_ms, 120000);
	CHECK_EQ(inst(&conf, 0)->garp_refresh_repeat, 3);
	CHECK_EQ(inst(&conf, 1)->garp_delay_ms, 0);
	CHECK_EQ(inst(&conf, 1)->garp_repeat, 1);
	CHECK_EQ(inst(&conf, 1)->garp_refresh_ms, 0);
	CHECK_EQ(inst(&conf, 1)->garp_refresh_repeat, 255);
	CHECK_EQ(inst(&conf, 2)->garp_delay_ms, 7000);
	CHECK_EQ(inst(&conf, 2)->garp_repeat, 9);
	CHECK_EQ(inst(&conf, 2)->garp_refresh_ms, 30000);
	CHECK_EQ(inst(&conf, 2)->garp_refresh_repeat, 3);
	vrrp_conf_free(&conf);

	/* Out of range: keepalived warns and keeps what it had (a repeat of
	 * 0 is 1), and so do we, with a note.
	 */
	CHECK_EQ(parse(INST("garp_master_repeat 0"), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->garp_repeat, 1);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("garp_master_refresh_repeat 256\ngarp_master_refresh 86401\n"
	                    "garp_master_delay 4295"), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->garp_refresh_repeat, 255);  /* (keepalived: 256) */
	CHECK_EQ(inst(&conf, 0)->garp_refresh_ms, 86401000);
	CHECK_EQ(inst(&conf, 0)->garp_delay_ms, 5000);
	CHECK_EQ(conf.nnotes, 2);
	if (conf.nnotes == 2)
		CHECK_STR_CONTAINS(conf.notes[0], P ":2: garp_master_refresh_repeat: 256 "
		                   "is more than 255: 255");
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("global_defs {\nvrrp_garp_master_refresh -1\n"
	               "vrrp_garp_master_refresh_repeat 0\n}\n" INST(""), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->garp_refresh_ms, 0);
	CHECK_EQ(inst(&conf, 0)->garp_refresh_repeat, 1);
	vrrp_conf_free(&conf);
}

/* ---- track_interface ------------------------------------------------------ */

static void test_track_interface(void)
{
	struct vrrp_conf conf;
	char text[1024];
	size_t n;
	int i;

	CHECK_EQ(parse(INST("track_interface {\neth1\neth2\n}"), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->ntrack_if, 2);
	CHECK(strcmp(inst(&conf, 0)->track_if[0], "eth1") == 0);
	CHECK(strcmp(inst(&conf, 0)->track_if[1], "eth2") == 0);
	vrrp_conf_free(&conf);

	CHECK_EQ(parse(INST(""), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->ntrack_if, 0);
	vrrp_conf_free(&conf);

	CHECK_EQ(parse(INST("track_interface {\neth1 weight -10\n}"), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->track_if_weight[0], -10);
	vrrp_conf_free(&conf);
	/* weight without a value: keepalived ignores the line */
	CHECK_EQ(parse(INST("track_interface {\neth1 weight\n}"), &conf), 0);
	CHECK_EQ(inst(&conf, 0)->ntrack_if, 0);
	vrrp_conf_free(&conf);
	expect_err(INST("track_interface {\nabcdefghijklmnop\n}"),
	           P ":3: abcdefghijklmnop: 'abcdefghijklmnop' is longer than 15");

	/* VRRP_MAX_TRACK_IF fit, one more does not. */
	n = (size_t)snprintf(text, sizeof(text), "vrrp_instance VI_1 {\ninterface n1eth\n"
	                     "virtual_router_id 51\nvirtual_ipaddress {\n192.0.2.100\n}\n"
	                     "track_interface {\n");
	for (i = 0; i < VRRP_MAX_TRACK_IF; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "eth%d\n", i + 1);
	snprintf(text + n, sizeof(text) - n, "}\n}\n");
	CHECK_EQ(parse(text, &conf), 0);
	CHECK_EQ(inst(&conf, 0)->ntrack_if, VRRP_MAX_TRACK_IF);
	vrrp_conf_free(&conf);
	snprintf(text + n, sizeof(text) - n, "eth99\n}\n}\n");
	expect_err(text, P ":16: eth99: more than 8 tracked interfaces");
}

/* ---- global_defs keys accepted with a note -------------------------------- */

static void test_global_notes(void)
{
	static const char text[] =
		"global_defs {\n"                               /* 1 */
		"router_id lb1\n"                               /* 2 */
		"notification_email {\n"                        /* 3 */
		"ops@example.org\n"
		"noc@example.org\n"
		"}\n"
		"notification_email_from lb1@example.org\n"     /* 7 */
		"smtp_connect_timeout 30\n"                     /* 8 */
		"script_user root\n"                            /* 9 */
		"max_auto_priority 10\n"                        /* 10 */
		"vrrp_skip_check_adv_addr\n"                    /* 11 */
		"vrrp_iptables\n"                               /* 12 */
		"vrrp_ipsets\n"                                 /* 13 */
		"dynamic_interfaces\n"                          /* 14 */
		"lvs_id LVS_1\n"                                /* 15 */
		"}\n" INST("");
	static const struct { const char *kw; int line; } want[] = {
		{ "notification_email", 3 }, { "notification_email_from", 7 },
		{ "smtp_connect_timeout", 8 },
		{ "max_auto_priority", 10 }, { "vrrp_skip_check_adv_addr", 11 },
		{ "vrrp_iptables", 12 }, { "vrrp_ipsets", 13 },
		{ "dynamic_interfaces", 14 }, { "lvs_id", 15 },
	};
	struct vrrp_conf conf;
	char note[128];
	size_t i;
	int k;

	CHECK_EQ(parse(text, &conf), 0);
	CHECK(strcmp(conf.router_id, "lb1") == 0);
	CHECK_EQ(conf.ninst, 1);
	CHECK_EQ(conf.nnotes, (int)(sizeof(want) / sizeof(want[0])));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(note, sizeof(note), P ":%d: %s: ", want[i].line, want[i].kw);
		k = find_note(&conf, note);
		if (k < 0)
			fprintf(stderr, "  (no note '%s')\n", note);
		CHECK(k >= 0);
		if (k >= 0)
			CHECK_STR_CONTAINS(conf.notes[k], "no effect");
	}
	/* The addresses inside notification_email are not keywords. */
	CHECK_EQ(find_note(&conf, "ops@example.org"), -1);
	CHECK_EQ(find_note(&conf, P ":4:"), -1);
	vrrp_conf_free(&conf);
}

/* ---- use_vmac ------------------------------------------------------------ */

static void test_vmac(void)
{
	struct vrrp_conf conf;
	const struct vrrp_instance_conf *in;

	/* keepalived's default name, adverts out of the vmac. */
	CHECK_EQ(parse(INST("use_vmac"), &conf), 0);
	in = inst(&conf, 0);
	CHECK(in->use_vmac);
	CHECK(strcmp(in->vmac_name, "vrrp.51") == 0);
	CHECK_EQ(in->vmac_line, 2);
	CHECK(!in->vmac_xmit_base);
	vrrp_conf_free(&conf);
	/* A name of its own (15 characters is the most), vmac_xmit_base. */
	CHECK_EQ(parse(INST("use_vmac abcdefghijklmno\nvmac_xmit_base"), &conf), 0);
	in = inst(&conf, 0);
	CHECK(strcmp(in->vmac_name, "abcdefghijklmno") == 0);
	CHECK(in->vmac_xmit_base);
	vrrp_conf_free(&conf);
	/* Unicast: keepalived sets vmac_xmit_base, and says so. */
	CHECK_EQ(parse(INST("use_vmac\nunicast_peer {\n192.0.2.11\n}"), &conf), 0);
	CHECK(inst(&conf, 0)->vmac_xmit_base);
	CHECK(find_note(&conf, P ":2: use_vmac: VI_1: unicast adverts go out of n1eth: "
	                "vmac_xmit_base is set") >= 0);
	vrrp_conf_free(&conf);
	/* vmac_xmit_base alone: keepalived says it needs a vmac and goes on. */
	CHECK_EQ(parse(INST("vmac_xmit_base"), &conf), 0);
	CHECK(!inst(&conf, 0)->use_vmac);
	CHECK(find_note(&conf, P ":2: vmac_xmit_base: VI_1: has no effect without "
	                "use_vmac") >= 0);
	vrrp_conf_free(&conf);
	/* Two instances of the same VRID on two interfaces: keepalived's
	 * second default name.
	 */
	CHECK_EQ(parse(INST("use_vmac") "vrrp_instance VI_2 {\nuse_vmac\ninterface n2eth\n"
	               "virtual_router_id 51\nvirtual_ipaddress {\n192.0.2.101\n}\n}\n",
	               &conf), 0);
	CHECK(strcmp(inst(&conf, 1)->vmac_name, "vrrp1.51") == 0);
	vrrp_conf_free(&conf);
	/* IPv6 (its MAC is 00:00:5e:00:02:VRID): beside an IPv4 instance of
	 * the same VRID, keepalived's second name for it is vrrp6.VRID.
	 */
	CHECK_EQ(parse(INST("use_vmac") "vrrp_instance VI_6 {\nuse_vmac\ninterface n1eth\n"
	               "virtual_router_id 51\nvirtual_ipaddress {\n2001:db8::100\n}\n}\n",
	               &conf), 0);
	CHECK(inst(&conf, 1)->family == AF_INET6 && inst(&conf, 1)->use_vmac);
	CHECK(strcmp(inst(&conf, 1)->vmac_name, "vrrp6.51") == 0);
	vrrp_conf_free(&conf);

	/* Refused, naming the line (keepalived ignores a bad name and makes
	 * up its own: "too long or invalid characters - ignoring").
	 */
	expect_err2(INST("use_vmac abcdefghijklmnop"), P ":2: use_vmac: interface name "
	            "'abcdefghijklmnop'", "longer than 15 characters");
	expect_err2(INST("use_vmac a/b"), P ":2: use_vmac: interface name 'a/b'", "'/'");
	expect_err2(INST("use_vmac .."), P ":2: use_vmac:", "not an interface name");
	expect_err2(INST("use_vmac vrrp.51 vrrp.52"), P ":2: use_vmac:",
	            "unexpected extra value 'vrrp.52'");
	expect_err2(INST("use_vmac 00:11:22:33:44:55"), P ":2: use_vmac: '00:11:22:33:44:55'",
	            "MAC address of its own is not supported");
	expect_err2(INST("use_vmac\nuse_vmac"), P ":3: use_vmac: given twice", "line 2");
	expect_err2(INST("use_vmac n1eth"), P ":2: use_vmac:", "cannot be the instance's "
	            "interface n1eth");
	expect_err2(INST("use_vmac vm1") "vrrp_instance VI_2 {\nuse_vmac vm1\n"
	            "interface n2eth\nvirtual_router_id 52\nvirtual_ipaddress {\n"
	            "192.0.2.101\n}\n}\n", P ":10: use_vmac: VI_2: vm1 is VI_1's virtual "
	            "MAC interface already", "line 2");
}

/* ---- keepalived keys refused with a reason --------------------------------- */

static void test_refused(void)
{
	/* global_defs */
	expect_err2("global_defs {\nrouter_id x\nvrrp_strict\n}\n" INST(""),
	            P ":3: vrrp_strict: not supported", "strict mode");
	expect_err2("global_defs {\nvrrp_garp_interval 0.001\n}\n" INST(""),
	            P ":2: vrrp_garp_interval: not supported", "back to back");
	/* vrrp_instance */
	expect_err2(INST("notify_fifo_script \"/x.sh\""), P ":2: notify_fifo_script: unknown keyword", "");
	expect_err2(INST("track_bfd {\nb\n}"), P ":2: track_bfd: not supported", "BFD");
	expect_err2(INST("notify_deleted"), P ":2: notify_deleted: not supported", "STOP");
	expect_err2(INST("mcast_dst_ip 224.0.0.19"), P ":2: mcast_dst_ip: not supported", "224.0.0.18");
	expect_err2("global_defs {\nvmac_prefix vr\n}\n" INST(""), P ":2: vmac_prefix: not supported",
	            "use_vmac NAME");
	/* top level */
	expect_err2("interface_up_down_delays {\neth0 1 2\n}\n" INST(""),
	            P ":1: interface_up_down_delays: not supported", "at once");
	{
		struct vrrp_conf conf;

		CHECK_EQ(parse("linkbeat_interfaces {\neth0\n}\n" INST(""), &conf), 0);
		CHECK(find_note(&conf, P ":1: linkbeat_interfaces: accepted, has no effect") >= 0);
		vrrp_conf_free(&conf);
	}
	expect_err2(INST("")
	            "virtual_server 192.0.2.100 80 {\n"       /* 9 */
	            "delay_loop 6\n"
	            "lb_algo rr\n"
	            "lb_kind NAT\n"
	            "protocol TCP\n"
	            "real_server 10.0.0.1 80 {\n"
	            "weight 1\n"
	            "TCP_CHECK {\nconnect_timeout 3\n}\n"
	            "}\n"
	            "}\n",
	            P ":9: virtual_server: not supported", "no LVS");
	/* Refused before the instance would be read. */
	expect_err2("virtual_server 192.0.2.100 80 {\nreal_server 10.0.0.1 80 {\n}\n}\n"
	            INST(""), P ":1: virtual_server:", "load balancer");
}

/* keepalived's process-level global_defs keywords (its other processes,
 * SNMP, D-Bus, mail, buffers, reload files): each loads with a note, as
 * none means anything inside HAProxy; the scripts keepalived runs at its
 * own start and stop are refused, naming where to run them instead.
 */
static void test_global_process_keywords(void)
{
	static const char *const no_effect[] = {
		"enable_snmp_vrrp", "enable_snmp_rfcv3", "snmp_socket udp:localhost:705",
		"enable_dbus", "checker_priority -5", "bfd_process_name bfd",
		"vrrp_process_name vrrp", "process_names", "lvs_flush",
		"lvs_notify_fifo /run/lvs.fifo", "vrrp_netlink_cmd_rcv_bufs 1048576",
		"vrrp_rx_bufs_policy MTU", "nftables keepalived", "smtp_alert",
		"no_email_faults", "fifo_write_vrrp_states_on_reload",
		"vrrp_check_unicast_src", "log_unknown_vrids", "umask 0077",
		"child_wait_time 5", "vrrp_rlimit_rtime 10000", "random_seed 1",
	};
	char text[512], note[128];
	struct vrrp_conf conf;
	size_t i;

	for (i = 0; i < sizeof(no_effect) / sizeof(no_effect[0]); i++) {
		snprintf(text, sizeof(text), "global_defs {\n%s\n}\n" INST(""), no_effect[i]);
		CHECK_EQ(parse(text, &conf), 0);
		snprintf(note, sizeof(note), P ":2: %.*s: ", (int)strcspn(no_effect[i], " "),
		         no_effect[i]);
		if (find_note(&conf, note) < 0)
			fprintf(stderr, "  (no note '%s')\n", note);
		CHECK(find_note(&conf, note) >= 0);
		vrrp_conf_free(&conf);
	}
	expect_err2("global_defs {\nstartup_script /usr/local/bin/up\n}\n" INST(""),
	            P ":2: startup_script: not supported", "ExecStartPre");
	expect_err2("global_defs {\nshutdown_script /usr/local/bin/down\n}\n" INST(""),
	            P ":2: shutdown_script: not supported", "ExecStopPost");
	expect_err2("global_defs {\nvrrp_mcast_group6 ff02::13\n}\n" INST(""),
	            P ":2: vrrp_mcast_group6: not supported", "ff02::12");

	/* vrrp_min_garp: one GARP, no second burst, for what is still at
	 * keepalived's default when it is read.
	 */
	CHECK_EQ(parse("global_defs {\nvrrp_min_garp\n}\n" INST(""), &conf), 0);
	CHECK_EQ(conf.inst[0].garp_repeat, 1u);
	CHECK_EQ(conf.inst[0].garp_delay_ms, 0u);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("global_defs {\nvrrp_garp_master_repeat 3\nvrrp_min_garp true\n}\n"
	               INST(""), &conf), 0);
	CHECK_EQ(conf.inst[0].garp_repeat, 3u);
	CHECK_EQ(conf.inst[0].garp_delay_ms, 0u);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("global_defs {\nvrrp_min_garp off\n}\n" INST(""), &conf), 0);
	CHECK_EQ(conf.inst[0].garp_repeat, 5u);
	CHECK_EQ(conf.inst[0].garp_delay_ms, 5000u);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("global_defs {\nvrrp_min_garp maybe\n}\n" INST(""), &conf), 0);
	CHECK(find_note(&conf, P ":2: vrrp_min_garp: 'maybe' is not true or false") >= 0);
	CHECK_EQ(conf.inst[0].garp_repeat, 5u);
	vrrp_conf_free(&conf);
}

/* down_timer_adverts (instance) and vrrp_down_timer_adverts (global_defs:
 * every instance's default): 1..100, the RFC's 3 by default; keepalived
 * ignores a bad value with an error and carries on.
 */
static void test_down_timer_adverts(void)
{
	struct vrrp_conf conf;

	CHECK_EQ(parse(INST(""), &conf), 0);
	CHECK_EQ(conf.inst[0].down_timer_adverts, 3);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("global_defs {\nvrrp_down_timer_adverts 10\n}\n" INST("")
	               "vrrp_instance VI_2 {\ndown_timer_adverts 1\ninterface n1eth\n"
	               "virtual_router_id 52\nvirtual_ipaddress {\n192.0.2.101\n}\n}\n",
	               &conf), 0);
	CHECK_EQ(conf.inst[0].down_timer_adverts, 10);
	CHECK_EQ(conf.inst[1].down_timer_adverts, 1);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("down_timer_adverts 101"), &conf), 0);
	CHECK_EQ(conf.inst[0].down_timer_adverts, 3);
	CHECK(find_note(&conf, P ":2: down_timer_adverts: '101' is not a number in 1..100") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("global_defs {\nvrrp_down_timer_adverts 0\n}\n" INST(""), &conf), 0);
	CHECK_EQ(conf.inst[0].down_timer_adverts, 3);
	vrrp_conf_free(&conf);
}

/* A master hearing a lower priority: keepalived's garp_lower_prio_repeat
 * and _delay (the global GARP repeat and delay by default),
 * lower_prio_no_advert, and higher_prio_send_advert (ours: true by
 * default), each also global with vrrp_ first.
 */
static void test_lower_prio(void)
{
	struct vrrp_conf conf;
	const struct vrrp_instance_conf *in;

	CHECK_EQ(parse(INST(""), &conf), 0);
	in = inst(&conf, 0);
	CHECK_EQ(in->garp_lower_prio_repeat, 5u);
	CHECK_EQ(in->garp_lower_prio_delay_ms, 5000u);
	CHECK(!in->lower_prio_no_advert);
	CHECK(in->higher_prio_send_advert);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("global_defs {\nvrrp_garp_master_repeat 3\nvrrp_garp_master_delay 2\n"
	               "vrrp_lower_prio_no_advert\nvrrp_higher_prio_send_advert false\n}\n"
	               INST(""), &conf), 0);
	in = inst(&conf, 0);
	CHECK_EQ(in->garp_lower_prio_repeat, 3u);
	CHECK_EQ(in->garp_lower_prio_delay_ms, 2000u);
	CHECK(in->lower_prio_no_advert);
	CHECK(!in->higher_prio_send_advert);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("global_defs {\nvrrp_garp_lower_prio_repeat 0\nvrrp_garp_lower_prio_delay 0\n"
	               "vrrp_lower_prio_no_advert\n}\n"
	               INST("garp_lower_prio_repeat 300\ngarp_lower_prio_delay 7\n"
	                    "lower_prio_no_advert off\nhigher_prio_send_advert"), &conf), 0);
	in = inst(&conf, 0);
	CHECK_EQ(in->garp_lower_prio_repeat, 255u);   /* clamped, with a note */
	CHECK(find_note(&conf, ":7: garp_lower_prio_repeat: 300 is more than 255") >= 0);
	CHECK_EQ(in->garp_lower_prio_delay_ms, 7000u);
	CHECK(!in->lower_prio_no_advert);
	CHECK(in->higher_prio_send_advert);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("lower_prio_no_advert maybe\ngarp_lower_prio_delay x"), &conf), 0);
	CHECK(find_note(&conf, P ":2: lower_prio_no_advert: 'maybe' is not true or false") >= 0);
	CHECK(find_note(&conf, P ":3: garp_lower_prio_delay: 'x' is not a number") >= 0);
	CHECK(!inst(&conf, 0)->lower_prio_no_advert);
	vrrp_conf_free(&conf);
}

/* notify_master_rx_lower_pri SCRIPT, and notify_priority_changes in an
 * instance, a sync group (for members that do not say) or global_defs.
 */
static void test_notify_events(void)
{
	struct vrrp_conf conf;

	CHECK_EQ(parse(INST("notify_master_rx_lower_pri \"/usr/local/bin/recover --now\""), &conf), 0);
	CHECK(strcmp(conf.inst[0].notify[VRRP_NOTIFY_RX_LOWER], "/usr/local/bin/recover --now") == 0);
	CHECK_EQ(conf.inst[0].notify_priority_changes, 0);
	vrrp_conf_free(&conf);
	expect_err(INST("notify_master_rx_lower_pri recover.sh"),
	           P ":2: notify_master_rx_lower_pri: 'recover.sh' does not start with an absolute path");
	CHECK_EQ(parse("global_defs {\nvrrp_notify_priority_changes\n}\n"
	               "vrrp_sync_group G {\ngroup {\nVI_1\nVI_2\n}\nnotify_priority_changes false\n}\n"
	               INST("")
	               "vrrp_instance VI_2 {\nnotify_priority_changes on\ninterface n1eth\n"
	               "virtual_router_id 52\nvirtual_ipaddress {\n192.0.2.101\n}\n}\n"
	               "vrrp_instance VI_3 {\ninterface n1eth\n"
	               "virtual_router_id 53\nvirtual_ipaddress {\n192.0.2.102\n}\n}\n",
	               &conf), 0);
	CHECK_EQ(conf.inst[0].notify_priority_changes, 0);   /* the group's */
	CHECK_EQ(conf.inst[1].notify_priority_changes, 1);   /* its own */
	CHECK_EQ(conf.inst[2].notify_priority_changes, 1);   /* global_defs' */
	vrrp_conf_free(&conf);
}

/* vrrp_startup_delay: seconds to the millisecond, 0.001 to 4294. */
static void test_startup_delay(void)
{
	static const struct { const char *v; uint32_t ms; } ok[] = {
		{ "5", 5000 }, { "0.5", 500 }, { "1.0005", 1000 }, { "4294", 4294000 },
		{ "0.001", 1 },
	};
	static const char *const bad[] = { "0", "-1", "4295", "x", "1s", "0.0001" };
	struct vrrp_conf conf;
	char text[256];
	size_t i;

	CHECK_EQ(parse(INST(""), &conf), 0);
	CHECK_EQ(conf.startup_delay_ms, 0u);
	vrrp_conf_free(&conf);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(text, sizeof(text), "global_defs {\nvrrp_startup_delay %s\n}\n" INST(""), ok[i].v);
		CHECK_EQ(parse(text, &conf), 0);
		CHECK_EQ(conf.startup_delay_ms, ok[i].ms);
		vrrp_conf_free(&conf);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "global_defs {\nvrrp_startup_delay %s\n}\n" INST(""), bad[i]);
		CHECK_EQ(parse(text, &conf), 0);
		CHECK_EQ(conf.startup_delay_ms, 0u);
		CHECK(find_note(&conf, P ":2: vrrp_startup_delay: ") >= 0);
		vrrp_conf_free(&conf);
	}
}

/* ---- check mode ----------------------------------------------------------- */

struct report {
	char file[256];
	int  line;
	char kw[64];
	enum vrrp_kw_class cls;
	bool has_why;
	char why[VRRP_ERR_MAX];
};

struct reports {
	int magic;
	int n;
	struct report r[256];
};

static void collect(void *arg, const char *file, int line, const char *kw,
                    enum vrrp_kw_class cls, const char *why)
{
	struct reports *rs = arg;
	struct report *r;

	CHECK_EQ(rs->magic, 0x5eed);          /* <arg> is passed through */
	CHECK(kw != NULL);
	/* A statement reported again: the later verdict replaces the first
	 * (vrrp_conf.h), as haproxy-vrrp-check shows it.
	 */
	for (r = rs->r; kw && r < rs->r + rs->n; r++)
		if (r->line == line && strcmp(r->kw, kw) == 0 && file &&
		    strcmp(r->file, file) == 0)
			break;
	if (r == rs->r + rs->n) {
		if (rs->n == (int)(sizeof(rs->r) / sizeof(rs->r[0])))
			return;
		r = &rs->r[rs->n++];
	}
	CHECK(file != NULL);
	snprintf(r->file, sizeof(r->file), "%s", file ? file : "(null)");
	r->line = line;
	snprintf(r->kw, sizeof(r->kw), "%s", kw ? kw : "(null)");
	r->cls = cls;
	r->has_why = why != NULL;
	snprintf(r->why, sizeof(r->why), "%s", why ? why : "");
}

static int run_check(const char *text, struct reports *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->magic = 0x5eed;
	return vrrp_conf_check(P, NULL, text, strlen(text), collect, rs);
}

/* Number of reports on <line>. */
static int count_line(const struct reports *rs, int line)
{
	int i, n = 0;

	for (i = 0; i < rs->n; i++)
		if (rs->r[i].line == line)
			n++;
	return n;
}

static int count_class(const struct reports *rs, enum vrrp_kw_class cls)
{
	int i, n = 0;

	for (i = 0; i < rs->n; i++)
		if (rs->r[i].cls == cls)
			n++;
	return n;
}

/* Checks that <line> is reported exactly once, for <kw>, as <cls>, and
 * returns that report (or NULL).
 */
static const struct report *expect_once_at(int src, const struct reports *rs,
                                           int line, const char *kw,
                                           enum vrrp_kw_class cls)
{
	const struct report *found = NULL;
	int i, n = 0;

	for (i = 0; i < rs->n; i++) {
		if (rs->r[i].line != line)
			continue;
		n++;
		found = &rs->r[i];
	}
	if (n != 1 || !found || strcmp(found->kw, kw) != 0 || found->cls != cls) {
		fprintf(stderr, "test_conf_check.c:%d: line %d (%s, want %s) reported %d times:\n",
		        src, line, kw, vrrp_kw_class_name(cls), n);
		for (i = 0; i < rs->n; i++)
			if (rs->r[i].line == line)
				fprintf(stderr, "    %s %s %s\n", rs->r[i].kw,
				        vrrp_kw_class_name(rs->r[i].cls), rs->r[i].why);
	}
	CHECK_EQ(n, 1);
	CHECK(found && strcmp(found->kw, kw) == 0);
	CHECK(found && found->cls == cls);
	return found && found->cls == cls ? found : NULL;
}
#define expect_once(rs, line, kw, cls) expect_once_at(__LINE__, rs, line, kw, cls)

/* vrrp_track_process and track_process: replaced when HAProxy is the process. */
static void test_track_process(void)
{
	static struct reports rs;
	static const char haproxy_tracker[] =
		"vrrp_track_process track_haproxy {\n"     /* 1 */
		"process haproxy\n"
		"weight 10\n"
		"quorum 1\n"
		"delay 2\n"
		"}\n"
		INST("track_process {\ntrack_haproxy weight 5\n}")
		"vrrp_sync_group G {\n"
		"group {\nVI_1\n}\n"
		"track_process {\ntrack_haproxy\n}\n"
		"}\n";
	struct vrrp_conf conf;
	char want[64];

	/* HAProxy tracking itself: replaced, noted, loads. */
	CHECK_EQ(parse(haproxy_tracker, &conf), 0);
	snprintf(want, sizeof(want), P ":1: vrrp_track_process track_haproxy: not run");
	CHECK(find_note(&conf, want) >= 0);
	CHECK(find_note(&conf, "track_process track_haproxy in VI_1: not needed") >= 0);
	CHECK(find_note(&conf, "track_process track_haproxy in G: not needed") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(run_check(haproxy_tracker, &rs), 0);
	expect_once(&rs, 1, "vrrp_track_process", VRRP_KW_REPLACED);
	expect_once(&rs, 2, "process", VRRP_KW_REPLACED);
	expect_once(&rs, line_of(haproxy_tracker, "track_haproxy weight"), "track_haproxy",
	            VRRP_KW_REPLACED);
	CHECK_EQ(count_class(&rs, VRRP_KW_UNSUPPORTED), 0);

	/* A path or the full command line: still HAProxy. */
	CHECK_EQ(parse("vrrp_track_process t {\nprocess /usr/sbin/haproxy -Ws -f /etc/haproxy/haproxy.cfg\n"
	               "param_match initial\n}\n" INST(""), &conf), 0);
	vrrp_conf_free(&conf);

	/* Another process: what the file means would change; refused at its
	 * process line, in check mode at the block too.
	 */
	expect_err2("vrrp_track_process t {\nweight 2\nprocess nginx\n}\n" INST(""),
	            P ":3: process: not supported: it tracks 'nginx'", "vrrp_track_file");
	CHECK_EQ(run_check("vrrp_track_process t {\nweight 2\nprocess nginx\n}\n" INST(""), &rs), 2);   /* the block and its process line */
	expect_once(&rs, 1, "vrrp_track_process", VRRP_KW_UNSUPPORTED);
	expect_once(&rs, 3, "process", VRRP_KW_UNSUPPORTED);
	expect_once(&rs, 2, "weight", VRRP_KW_REPLACED);

	/* keepalived drops a tracker without a process, and a second process
	 * line, with an error, and carries on.
	 */
	CHECK_EQ(run_check("vrrp_track_process t {\nweight 2\n}\n" INST(""), &rs), 0);
	expect_once(&rs, 1, "vrrp_track_process", VRRP_KW_NO_EFFECT);
	CHECK_EQ(run_check("vrrp_track_process t {\nprocess haproxy\nprocess nginx\n}\n" INST(""), &rs), 0);
	expect_once(&rs, 3, "process", VRRP_KW_NO_EFFECT);
	/* A tracker or script the file does not define: ignored, as
	 * keepalived does ("not found, ignoring").
	 */
	CHECK_EQ(run_check(INST("track_process {\nnone\n}\ntrack_script {\nnothing\n}"), &rs), 0);
	expect_once(&rs, 3, "none", VRRP_KW_NO_EFFECT);
	expect_once(&rs, 6, "nothing", VRRP_KW_NO_EFFECT);
	CHECK_EQ(parse(INST("track_process {\nnone\n}"), &conf), 0);
	CHECK(find_note(&conf, P ":3: none: no vrrp_track_process none in the file") >= 0);
	vrrp_conf_free(&conf);
	/* Typos still fail. */
	expect_err("vrrp_track_process t {\nprocess haproxy\nwieght 2\n}\n" INST(""),
	           P ":3: wieght: unknown keyword in vrrp_track_process");
	expect_err("vrrp_track_process t {\nprocess\n}\n" INST(""), P ":2: process: missing value");
}

/* unicast_ttl: unicast adverts' TTL; keepalived ignores a bad one, and one
 * without unicast peers, each with an error; 0 cannot be sent.
 */
static void test_unicast_ttl(void)
{
	static struct reports rs;
	struct vrrp_conf conf;

	CHECK_EQ(parse(INST("unicast_ttl 64\nunicast_peer {\n192.0.2.12\n}"), &conf), 0);
	CHECK_EQ(conf.inst[0].unicast_ttl, 64);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("unicast_ttl 64"), &conf), 0);
	CHECK_EQ(conf.inst[0].unicast_ttl, 0);
	CHECK(find_note(&conf, P ":2: unicast_ttl: VI_1 has no unicast_peer: ignored") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("unicast_ttl 256\nunicast_peer {\n192.0.2.12\n}"), &conf), 0);
	CHECK_EQ(conf.inst[0].unicast_ttl, 0);
	CHECK(find_note(&conf, P ":2: unicast_ttl: '256' is not a TTL in 0..255") >= 0);
	vrrp_conf_free(&conf);
	/* 0, which keepalived sends and Linux cannot: 1, the same on the link */
	CHECK_EQ(parse(INST("unicast_ttl 0\nunicast_peer {\n192.0.2.12\n}"), &conf), 0);
	CHECK_EQ(conf.inst[0].unicast_ttl, 1);
	CHECK(find_note(&conf, P ":2: unicast_ttl: 0 is sent as 1") >= 0);
	vrrp_conf_free(&conf);
	/* check mode: the line without peers is "no effect", not "used" */
	CHECK_EQ(run_check(INST("unicast_ttl 64"), &rs), 0);
	expect_once(&rs, 2, "unicast_ttl", VRRP_KW_NO_EFFECT);
}

/* A production user's keepalived.conf. */
static const char prod_conf[] =
	"! Configuration File for keepalived\n"
	"global_defs {\n"
	"   router_id LB_PROD_01\n"
	"   notification_email {\n"
	"      ops@example.com\n"
	"      noc@example.com\n"
	"   }\n"
	"   notification_email_from keepalived@example.com\n"
	"   smtp_server 192.0.2.25\n"
	"   smtp_connect_timeout 30\n"
	"   vrrp_strict\n"
	"   enable_script_security\n"
	"   script_user root\n"
	"}\n"
	"\n"
	"vrrp_script chk_haproxy {\n"
	"   script \"/usr/bin/killall -0 haproxy\"\n"
	"   interval 2\n"
	"   weight 2\n"
	"   fall 2\n"
	"   rise 2\n"
	"}\n"
	"\n"
	"vrrp_instance VI_WEB {\n"
	"   state MASTER\n"
	"   interface eth0\n"
	"   virtual_router_id 51\n"
	"   priority 101\n"
	"   advert_int 1\n"
	"   use_vmac\n"
	"   notify_master \"/x.sh\"\n"
	"   unicast_src_ip 192.0.2.10\n"
	"   unicast_peer {\n"
	"      192.0.2.11\n"
	"      192.0.2.12\n"
	"   }\n"
	"   track_interface {\n"
	"      eth0\n"
	"      bond0\n"
	"   }\n"
	"   track_script {\n"
	"      chk_haproxy\n"
	"   }\n"
	"   authentication {\n"
	"      auth_type PASS\n"
	"      auth_pass s3cr3tpw\n"
	"   }\n"
	"   virtual_ipaddress {\n"
	"      192.0.2.100/24 dev eth0 label eth0:web brd 192.0.2.255 scope global\n"
	"      192.0.2.101/24 dev eth0\n"
	"   }\n"
	"}\n"
	"\n"
	"vrrp_instance VI_API {\n"
	"   state BACKUP\n"
	"   interface eth1\n"
	"   virtual_router_id 52\n"
	"   native_ipv6 now\n"
	"   advert_int 1\n"
	"   nopreempt\n"
	"   virtual_ipaddress {\n"
	"      198.51.100.50\n"
	"   }\n"
	"}\n"
	"\n"
	"virtual_server 192.0.2.100 443 {\n"
	"   delay_loop 6\n"
	"   lb_algo rr\n"
	"   lb_kind NAT\n"
	"   protocol TCP\n"
	"   real_server 10.0.0.1 443 {\n"
	"      weight 1\n"
	"      TCP_CHECK {\n"
	"         connect_timeout 3\n"
	"      }\n"
	"   }\n"
	"}\n";

/* First word of line <line> of <text> into <out> ("" for blank, comment
 * or brace-only lines).
 */
static void first_word(const char *text, int line, char *out, size_t cap)
{
	const char *p = text;
	size_t n = 0;

	while (--line > 0 && (p = strchr(p, '\n')))
		p++;
	out[0] = '\0';
	if (!p)
		return;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '!' || *p == '#' || *p == '}' || *p == '{')
		return;
	while (*p && !strchr(" \t\r\n{}", *p) && n + 1 < cap)
		out[n++] = *p++;
	out[n] = '\0';
}

static void test_check_production(void)
{
	static struct reports rs;   /* large: not on the stack */
	const char *t = prod_conf;
	const struct report *r;
	int ret, i, nlines, vs_line, vs_end, ne_line, problems;
	char word[64];

	ret = run_check(t, &rs);

	/* global_defs */
	expect_once(&rs, line_of(t, "global_defs"), "global_defs", VRRP_KW_USED);
	r = expect_once(&rs, line_of(t, "router_id"), "router_id", VRRP_KW_USED);
	ne_line = line_of(t, "notification_email {");
	r = expect_once(&rs, ne_line, "notification_email", VRRP_KW_NO_EFFECT);
	if (r)
		CHECK_STR_CONTAINS(r->why, "mail");
	/* The addresses of the block are not reported one by one. */
	CHECK_EQ(count_line(&rs, line_of(t, "ops@example.com")), 0);
	CHECK_EQ(count_line(&rs, line_of(t, "noc@example.com")), 0);
	expect_once(&rs, line_of(t, "notification_email_from"), "notification_email_from",
	            VRRP_KW_NO_EFFECT);
	expect_once(&rs, line_of(t, "smtp_server"), "smtp_server", VRRP_KW_NO_EFFECT);
	r = expect_once(&rs, line_of(t, "vrrp_strict"), "vrrp_strict", VRRP_KW_UNSUPPORTED);
	if (r) {
		CHECK_STR_CONTAINS(r->why, "not supported");
		CHECK_STR_CONTAINS(r->why, "strict mode");
	}
	expect_once(&rs, line_of(t, "enable_script_security"), "enable_script_security",
	            VRRP_KW_USED);

	/* vrrp_script and its keywords: replaced. */
	r = expect_once(&rs, line_of(t, "vrrp_script"), "vrrp_script", VRRP_KW_REPLACED);
	if (r)
		CHECK_STR_CONTAINS(r->why, "liveness");
	expect_once(&rs, line_of(t, "   script \""), "script", VRRP_KW_REPLACED);
	expect_once(&rs, line_of(t, "interval 2"), "interval", VRRP_KW_REPLACED);
	expect_once(&rs, line_of(t, "weight 2"), "weight", VRRP_KW_REPLACED);
	expect_once(&rs, line_of(t, "fall 2"), "fall", VRRP_KW_REPLACED);
	expect_once(&rs, line_of(t, "rise 2"), "rise", VRRP_KW_REPLACED);

	/* VI_WEB */
	expect_once(&rs, line_of(t, "VI_WEB"), "vrrp_instance", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "state MASTER"), "state", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "priority 101"), "priority", VRRP_KW_USED);
	/* Used; with unicast peers, keepalived's vmac_xmit_base is set. */
	r = expect_once(&rs, line_of(t, "use_vmac"), "use_vmac", VRRP_KW_USED);
	if (r)
		CHECK_STR_CONTAINS(r->why, "vmac_xmit_base is set");
	expect_once(&rs, line_of(t, "notify_master"), "notify_master", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "unicast_src_ip"), "unicast_src_ip", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "unicast_peer"), "unicast_peer", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "192.0.2.11"), "192.0.2.11", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "192.0.2.12"), "192.0.2.12", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "track_interface"), "track_interface", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "bond0"), "bond0", VRRP_KW_USED);
	r = expect_once(&rs, line_of(t, "track_script"), "track_script", VRRP_KW_REPLACED);
	if (r)
		CHECK_STR_CONTAINS(r->why, "liveness");
	expect_once(&rs, line_of_nth(t, "chk_haproxy", 2), "chk_haproxy", VRRP_KW_REPLACED);
	expect_once(&rs, line_of(t, "authentication"), "authentication", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "auth_type"), "auth_type", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "auth_pass"), "auth_pass", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "virtual_ipaddress"), "virtual_ipaddress", VRRP_KW_USED);
	r = expect_once(&rs, line_of(t, "192.0.2.100/24"), "192.0.2.100/24", VRRP_KW_USED);
	if (r)
		CHECK(!r->has_why);
	expect_once(&rs, line_of(t, "192.0.2.101/24"), "192.0.2.101/24", VRRP_KW_USED);

	/* VI_API, with native_ipv6 given a value: reported once, invalid, with the loader's
	 * message (fails today: also reported "used" first, see the report).
	 */
	expect_once(&rs, line_of(t, "VI_API"), "vrrp_instance", VRRP_KW_USED);
	r = expect_once(&rs, line_of(t, "native_ipv6 now"), "native_ipv6", VRRP_KW_INVALID);
	if (r) {
		char want[64];

		snprintf(want, sizeof(want), P ":%d: native_ipv6:", line_of(t, "native_ipv6 now"));
		CHECK_STR_CONTAINS(r->why, want);
		CHECK_STR_CONTAINS(r->why, "unexpected extra value 'now'");
	}
	/* Whatever else is said of it, that line is said to be invalid. */
	for (i = 0, problems = 0; i < rs.n; i++)
		if (rs.r[i].line == line_of(t, "native_ipv6 now") &&
		    rs.r[i].cls == VRRP_KW_INVALID)
			problems++;
	CHECK_EQ(problems, 1);
	expect_once(&rs, line_of(t, "nopreempt"), "nopreempt", VRRP_KW_USED);
	expect_once(&rs, line_of(t, "198.51.100.50"), "198.51.100.50", VRRP_KW_USED);

	/* virtual_server: one report for the whole block. */
	vs_line = line_of(t, "virtual_server");
	r = expect_once(&rs, vs_line, "virtual_server", VRRP_KW_UNSUPPORTED);
	if (r)
		CHECK_STR_CONTAINS(r->why, "no LVS");
	vs_end = line_of(t, "connect_timeout 3") + 3;
	for (i = vs_line + 1; i <= vs_end; i++)
		CHECK_EQ(count_line(&rs, i), 0);
	CHECK_EQ(count_line(&rs, line_of(t, "real_server")), 0);

	/* Nothing is skipped silently: every statement outside the two
	 * blocks reported whole is reported, under its own keyword.
	 */
	for (nlines = 0, i = 0; t[i]; i++)
		if (t[i] == '\n')
			nlines++;
	for (i = 1; i <= nlines; i++) {
		int j, n = 0;

		first_word(t, i, word, sizeof(word));
		if (!word[0] || (i > ne_line && i < ne_line + 3) || i > vs_line)
			continue;
		for (j = 0; j < rs.n; j++)
			if (rs.r[j].line == i && strcmp(rs.r[j].kw, word) == 0)
				n++;
		if (n < 1)
			fprintf(stderr, "  (line %d '%s' not reported)\n", i, word);
		CHECK(n >= 1);
	}
	/* ...and no report comes from nowhere. */
	for (i = 0; i < rs.n; i++) {
		first_word(t, rs.r[i].line, word, sizeof(word));
		CHECK(rs.r[i].line >= 1 && rs.r[i].line <= nlines);
		CHECK(strcmp(word, rs.r[i].kw) == 0);
		/* why: none for used (but use_vmac's, which keepalived
		 * corrects for unicast), one for every other class.
		 */
		CHECK_EQ(rs.r[i].has_why, rs.r[i].cls != VRRP_KW_USED ||
		         strcmp(rs.r[i].kw, "use_vmac") == 0);
	}

	/* The return value counts the problems. */
	problems = count_class(&rs, VRRP_KW_UNSUPPORTED) + count_class(&rs, VRRP_KW_INVALID);
	CHECK_EQ(ret, problems);
	/* vrrp_strict, virtual_server; native_ipv6 now. */
	CHECK_EQ(count_class(&rs, VRRP_KW_UNSUPPORTED), 2);
	CHECK_EQ(count_class(&rs, VRRP_KW_INVALID), 1);
	CHECK_EQ(ret, 3);

	/* The same file refuses to load, on the first problem. */
	{
		struct vrrp_conf conf;

		memset(err, 0, sizeof(err));
		CHECK_EQ(vrrp_conf_parse(P, NULL, t, strlen(t), &conf, err, sizeof(err)), -1);
		snprintf(word, sizeof(word), P ":%d: vrrp_strict:", line_of(t, "vrrp_strict"));
		CHECK_STR_CONTAINS(err, word);
		vrrp_conf_free(&conf);
	}
}

static void test_check_clean(void)
{
	static struct reports rs;
	static const char text[] =
		"global_defs {\n"
		"router_id lb2\n"
		"notification_email {\nops@example.com\n}\n"
		"vrrp_skip_check_adv_addr\n"
		"vrrp_garp_master_refresh 60\n"
		"}\n"
		"vrrp_script chk {\nscript \"true\"\ninterval 1\n}\n"
		"vrrp_instance VI_1 {\n"
		"state BACKUP\n"
		"interface eth0\n"
		"virtual_router_id 51\n"
		"priority 150\n"
		"unicast_src_ip 192.0.2.10\n"
		"unicast_peer {\n192.0.2.11\n}\n"
		"track_interface {\neth1\n}\n"
		"track_script {\nchk\n}\n"
		"virtual_ipaddress {\n192.0.2.100/24 dev eth0 scope link\n}\n"
		"}\n";
	struct vrrp_conf conf;
	int ret;

	ret = run_check(text, &rs);
	CHECK_EQ(ret, 0);
	CHECK_EQ(count_class(&rs, VRRP_KW_UNSUPPORTED), 0);
	CHECK_EQ(count_class(&rs, VRRP_KW_INVALID), 0);
	CHECK(count_class(&rs, VRRP_KW_USED) >= 14);
	CHECK_EQ(count_class(&rs, VRRP_KW_NO_EFFECT), 2);
	CHECK_EQ(count_class(&rs, VRRP_KW_REPLACED), 5);  /* vrrp_script, 2 kids, track_script, chk */
	expect_once(&rs, line_of(text, "192.0.2.100/24"), "192.0.2.100/24", VRRP_KW_USED);
	/* ...and it loads. */
	CHECK_EQ(parse(text, &conf), 0);
	vrrp_conf_free(&conf);

	/* An instance missing its interface: invalid at the instance. */
	ret = run_check("vrrp_instance VI_1 {\nvirtual_router_id 51\n"
	                "virtual_ipaddress {\n192.0.2.100\n}\n}\n", &rs);
	CHECK_EQ(ret, 1);
	CHECK_EQ(count_class(&rs, VRRP_KW_INVALID), 1);
	CHECK_EQ(count_class(&rs, VRRP_KW_UNSUPPORTED), 0);
	/* One verdict for the vrrp_instance line, not "used" and "invalid"
	 * (fails today: see the report).
	 */
	expect_once(&rs, 1, "vrrp_instance", VRRP_KW_INVALID);
	{
		int i;

		for (i = 0; i < rs.n; i++)
			if (rs.r[i].cls == VRRP_KW_INVALID) {
				CHECK_EQ(rs.r[i].line, 1);
				CHECK_STR_CONTAINS(rs.r[i].why, "VI_1 has no interface");
			}
	}

	/* VIP lines keepalived warns about in check mode: each reported once,
	 * used with keepalived's warning as the reason, or left out ("no
	 * effect") where keepalived drops the address; the check goes on.
	 */
	ret = run_check(VIP("192.0.2.100 metric 5\n192.0.2.101\n192.0.2.102 scope bogus\n"
	                    "192.0.2.103 dev"), &rs);
	CHECK_EQ(ret, 0);
	{
		const struct report *r = expect_once(&rs, 5, "192.0.2.100", VRRP_KW_USED);

		if (r)
			CHECK_STR_CONTAINS(r->why, "unknown option 'metric': ignored");
		expect_once(&rs, 6, "192.0.2.101", VRRP_KW_USED);
		r = expect_once(&rs, 7, "192.0.2.102", VRRP_KW_USED);
		if (r)
			CHECK_STR_CONTAINS(r->why, "invalid scope 'bogus'");
		expect_once(&rs, 8, "192.0.2.103", VRRP_KW_NO_EFFECT);
	}
	/* What the end of the block changes is said once per line: nopreempt
	 * made void by state MASTER ("no effect"), advert_int rounded (used,
	 * with keepalived's warning), garp repeat 0 read as 1 (used).
	 */
	ret = run_check(INST("state MASTER\nnopreempt\nadvert_int 1.5\ngarp_master_repeat 0"), &rs);
	CHECK_EQ(ret, 0);
	{
		const struct report *r = expect_once(&rs, 3, "nopreempt", VRRP_KW_NO_EFFECT);

		if (r)
			CHECK_STR_CONTAINS(r->why, "does not work with initial state MASTER");
		r = expect_once(&rs, 4, "advert_int", VRRP_KW_USED);
		if (r)
			CHECK_STR_CONTAINS(r->why, "VRRPv2 needs whole seconds");
		r = expect_once(&rs, 5, "garp_master_repeat", VRRP_KW_USED);
		if (r)
			CHECK_STR_CONTAINS(r->why, "0 is read as 1");
	}
	/* Unknown keyword: unsupported, naming where. */
	ret = run_check(INST("priorty 100"), &rs);
	CHECK_EQ(ret, 1);
	{
		const struct report *r = expect_once(&rs, 2, "priorty", VRRP_KW_UNSUPPORTED);

		if (r)
			CHECK_STR_CONTAINS(r->why, "unknown keyword in vrrp_instance");
	}
}

static void test_check_broken(void)
{
	static struct reports rs;
	int ret;

	/* Unterminated block: -1, one invalid report with the parser's error. */
	ret = run_check("global_defs {\nrouter_id x\n}\n"
	                "vrrp_instance VI_1 {\n"          /* 4 */
	                "interface eth0\n"
	                "virtual_router_id 51\n"
	                "virtual_ipaddress {\n192.0.2.100\n}\n", &rs);
	CHECK_EQ(ret, -1);
	CHECK_EQ(rs.n, 1);
	CHECK_EQ(rs.r[0].cls, VRRP_KW_INVALID);
	CHECK(rs.r[0].has_why);
	CHECK_STR_CONTAINS(rs.r[0].why, P ":4: vrrp_instance: block is not closed");

	/* Unterminated quoted string: the same. */
	ret = run_check(INST("notify_master \"/x.sh"), &rs);
	CHECK_EQ(ret, -1);
	CHECK_EQ(rs.n, 1);
	CHECK_EQ(rs.r[0].cls, VRRP_KW_INVALID);
	CHECK_STR_CONTAINS(rs.r[0].why, "unterminated quoted string");

	/* No instance at all: one problem. */
	ret = run_check("global_defs {\nrouter_id x\n}\n", &rs);
	CHECK_EQ(ret, 1);
	CHECK_EQ(count_class(&rs, VRRP_KW_INVALID), 1);
}

#include "seed_conf.h"

static void test_check_seed(void)
{
	static struct reports rs;
	int ret, line;

	ret = run_check(seed_node1, &rs);
	CHECK_EQ(ret, 0);
	CHECK_EQ(count_class(&rs, VRRP_KW_UNSUPPORTED), 0);
	CHECK_EQ(count_class(&rs, VRRP_KW_INVALID), 0);
	CHECK_EQ(count_class(&rs, VRRP_KW_NO_EFFECT), 0);
	expect_once(&rs, 4, "router_id", VRRP_KW_USED);
	expect_once(&rs, 7, "vrrp_script", VRRP_KW_REPLACED);
	for (line = 8; line <= 12; line++)
		CHECK(count_line(&rs, line) == 1 && rs.n > 0);
	expect_once(&rs, 8, "script", VRRP_KW_REPLACED);
	expect_once(&rs, 10, "weight", VRRP_KW_REPLACED);
	expect_once(&rs, 15, "vrrp_instance", VRRP_KW_USED);
	expect_once(&rs, 19, "priority", VRRP_KW_USED);
	expect_once(&rs, 24, "auth_pass", VRRP_KW_USED);
	expect_once(&rs, 28, "192.0.2.100", VRRP_KW_USED);
	expect_once(&rs, 31, "track_script", VRRP_KW_REPLACED);
	expect_once(&rs, 32, "check_haproxy", VRRP_KW_REPLACED);
	/* vrrp_script + 5 keywords + track_script + its one entry. */
	CHECK_EQ(count_class(&rs, VRRP_KW_REPLACED), 8);
}

/* ---- class names ------------------------------------------------------------ */

static void test_class_names(void)
{
	CHECK(strcmp(vrrp_kw_class_name(VRRP_KW_USED), "used") == 0);
	CHECK(strcmp(vrrp_kw_class_name(VRRP_KW_REPLACED), "replaced") == 0);
	CHECK(strcmp(vrrp_kw_class_name(VRRP_KW_NO_EFFECT), "no effect") == 0);
	CHECK(strcmp(vrrp_kw_class_name(VRRP_KW_UNSUPPORTED), "unsupported") == 0);
	CHECK(strcmp(vrrp_kw_class_name(VRRP_KW_INVALID), "invalid") == 0);
	CHECK(strcmp(vrrp_kw_class_name((enum vrrp_kw_class)(VRRP_KW_INVALID + 1)), "?") == 0);
	CHECK(strcmp(vrrp_kw_class_name((enum vrrp_kw_class)-1), "?") == 0);
}

/* Check mode and keepalived's file syntax: what is not provided (~SEQ,
 * ${_RANDOM}, includea) is "unsupported" at its line; an included file's
 * statements are reported with that file's name; an include matching
 * nothing has "no effect"; lines for another config id are not listed.
 */
static void test_check_file_syntax(void)
{
	char dir[] = "/tmp/test_check_inc_XXXXXX", path[512], inc[512], cmd[600];
	struct reports rs;
	FILE *f;
	int i, in_inc = 0, used_inc = 0, none = 0;

	CHECK_EQ(run_check("~SEQ(N, 1, 1, 3) x\n" INST(""), &rs), -1);
	CHECK_EQ(rs.n, 1);
	CHECK_EQ(rs.r[0].line, 1);
	CHECK(strcmp(rs.r[0].kw, "~SEQ") == 0);
	CHECK_EQ(rs.r[0].cls, VRRP_KW_UNSUPPORTED);
	CHECK_STR_CONTAINS(rs.r[0].why, P ":1: ~SEQ: not supported");
	CHECK_EQ(run_check(INST("priority ${_RANDOM 1 9}"), &rs), -1);
	CHECK(rs.n == 1 && rs.r[0].line == 2 && rs.r[0].cls == VRRP_KW_UNSUPPORTED);
	CHECK_EQ(run_check("includea /nonexistent/*.conf\n" INST(""), &rs), -1);
	CHECK(rs.n == 1 && strcmp(rs.r[0].kw, "includea") == 0 &&
	      rs.r[0].cls == VRRP_KW_UNSUPPORTED);
	/* @ lines: the other node's are not statements here. */
	memset(&rs, 0, sizeof(rs));
	rs.magic = 0x5eed;
	CHECK_EQ(vrrp_conf_check(P, "node1", INST("@node1 priority 250\n@node2 nopreempt"),
	                         strlen(INST("@node1 priority 250\n@node2 nopreempt")),
	                         collect, &rs), 0);
	CHECK_EQ(count_line(&rs, 2), 1);
	CHECK_EQ(count_line(&rs, 3), 0);
	/* A comment starting inside a word: the statement is used, and a
	 * "no effect" row says what the value became (the file still loads).
	 */
	CHECK_EQ(run_check(INST("authentication {\nauth_type PASS\nauth_pass Secr3t!x\n}"),
	                   &rs), 0);
	CHECK_EQ(count_line(&rs, 4), 2);
	for (i = 0; i < rs.n; i++)
		if (rs.r[i].line == 4 && rs.r[i].cls == VRRP_KW_NO_EFFECT) {
			CHECK(strcmp(rs.r[i].kw, "!") == 0);
			CHECK_STR_CONTAINS(rs.r[i].why, "'!x' starts a comment here (as in "
			                   "keepalived): the value is 'Secr3t'; quote it");
			none++;
		}
	CHECK_EQ(none, 1);
	none = 0;

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(inc, sizeof(inc), "%s/inst.conf", dir);
	f = fopen(inc, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs(INST("dont_track_primary"), f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/keepalived.conf", dir);
	{
		static const char main_text[] = "include inst.conf\ninclude none/*\n";

		memset(&rs, 0, sizeof(rs));
		rs.magic = 0x5eed;
		CHECK_EQ(vrrp_conf_check(path, "x", main_text, strlen(main_text), collect, &rs), 1);
	}
	for (i = 0; i < rs.n; i++) {
		if (strcmp(rs.r[i].file, inc) == 0) {
			in_inc++;
			if (rs.r[i].line == 2)
				CHECK(strcmp(rs.r[i].kw, "dont_track_primary") == 0 &&
				      rs.r[i].cls == VRRP_KW_UNSUPPORTED);
		} else if (strcmp(rs.r[i].kw, "include") == 0) {
			CHECK(strcmp(rs.r[i].file, path) == 0);
			if (rs.r[i].line == 1 && rs.r[i].cls == VRRP_KW_USED)
				used_inc++;
			if (rs.r[i].line == 2 && rs.r[i].cls == VRRP_KW_NO_EFFECT &&
			    strstr(rs.r[i].why, "matches no file"))
				none++;
		}
	}
	CHECK(in_inc >= 6);   /* the instance, its 5 statements */
	CHECK_EQ(used_inc, 1);
	CHECK_EQ(none, 1);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_EQ(system(cmd), 0);
}

/* net_namespace in check mode: used, the second "no effect", a missing
 * name invalid, inside global_defs unsupported. The check reads the file
 * alone, so a namespace this host lacks is still "used" (haproxy -c and
 * the start say when it is missing).
 */
static void test_check_net_namespace(void)
{
	static struct reports rs;
	const struct report *r;

	CHECK_EQ(run_check("net_namespace hvtest-absent\nnet_namespace other\n"
	                   "net_namespace\nglobal_defs {\nnet_namespace x\n}\n"
	                   INST(""), &rs), 2);
	expect_once(&rs, 1, "net_namespace", VRRP_KW_USED);
	r = expect_once(&rs, 2, "net_namespace", VRRP_KW_NO_EFFECT);
	CHECK(r && strstr(r->why, "first on line 1"));
	r = expect_once(&rs, 3, "net_namespace", VRRP_KW_INVALID);
	CHECK(r && strstr(r->why, "missing namespace name"));
	r = expect_once(&rs, 5, "net_namespace", VRRP_KW_UNSUPPORTED);
	CHECK(r && strstr(r->why, "top level"));
}

int main(void)
{
	test_instances_vips();
	test_vip_options();
	test_unicast();
	test_garp();
	test_track_interface();
	test_global_notes();
	test_global_process_keywords();
	test_down_timer_adverts();
	test_startup_delay();
	test_notify_events();
	test_lower_prio();
	test_unicast_ttl();
	test_refused();
	test_track_process();
	test_vmac();
	test_check_production();
	test_check_clean();
	test_check_broken();
	test_check_seed();
	test_class_names();
	test_check_file_syntax();
	test_check_net_namespace();
	return check_report("test_conf_check");
}
