/*
 * Unit tests of the vrrp.conf loader (module/vrrp_conf.c): the seed's two
 * keepalived.conf files, every supported keyword, and one error per way a
 * file can be wrong, each checked for "path:LINE: keyword:".
 *
 * Usage: test_conf [haproxy-conf directory] (not needed: every text is
 * inline, files are created with mkstemp and removed).
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "vrrp_conf.h"
#include "vrrp_conf_parser.h"
#include "vrrp_fifo.h"
#include "vrrp_haproxy_cfg.h"
#include "vrrp_addr.h"
#include "vrrp_notify.h"
#include "vrrp_route_conf.h"
#include "vrrp_track.h"
#include "vrrp_trackfile.h"

#include "conf_parse.h"

/* ---- helpers ------------------------------------------------------------ */

/* Parses <text>, which must fail with a message containing <want>. */
static void expect_err_at(int line, const char *text, const char *want)
{
	struct vrrp_conf conf;
	int ret;

	memset(err, 0, sizeof(err));
	ret = vrrp_conf_parse(P, NULL, text, strlen(text), &conf, err, sizeof(err));
	if (ret != -1)
		fprintf(stderr, "test_conf.c:%d: expected an error\n", line);
	CHECK_EQ(ret, -1);
	if (!strstr(err, want))
		fprintf(stderr, "test_conf.c:%d: unexpected error message:\n", line);
	CHECK_STR_CONTAINS(err, want);
	vrrp_conf_free(&conf);
}
#define expect_err(text, want) expect_err_at(__LINE__, text, want)

static uint32_t ip(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return 0;
	return a.s_addr;
}

/* The first instance, or a zeroed stand-in when parsing failed (so a
 * failed parse makes checks fail instead of crashing).
 */
static const struct vrrp_instance_conf *first(const struct vrrp_conf *conf)
{
	static const struct vrrp_instance_conf none;

	return conf->ninst > 0 ? &conf->inst[0] : &none;
}

/* Index of the first note containing <needle>, or -1. */
static int find_note(const struct vrrp_conf *conf, const char *needle)
{
	int i;

	for (i = 0; i < conf->nnotes; i++)
		if (strstr(conf->notes[i], needle))
			return i;
	return -1;
}

/* Writes <len> bytes to a new temporary file; returns its malloc'd path. */
static char *write_temp(const char *text, size_t len)
{
	char tmpl[] = "/tmp/test_conf_XXXXXX";
	int fd = mkstemp(tmpl);

	if (fd < 0)
		return NULL;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		unlink(tmpl);
		return NULL;
	}
	close(fd);
	return strdup(tmpl);
}

/* Writes <text> to <dir>/<rel> with <mode>; returns 0 or -1. */
static int put(const char *dir, const char *rel, const char *text, mode_t mode)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	fclose(f);
	return chmod(path, mode);
}

/* ---- the seed's files ----------------------------------------------------- */

/* node1 of the seed is in seed_conf.h; node2 differs in state and
 * priority.
 */
#include "seed_conf.h"

static const char seed_node2[] =
	"! Configuration File for keepalived\n"
	"\n"
	"global_defs {\n"
	"router_id k8s\n"
	"}\n"
	"\n"
	"vrrp_script check_haproxy {\n"
	"script \"/usr/local/keepalived/etc/keepalived/scripts/haproxy_check.sh\"\n"
	"interval 2\n"
	"weight -100\n"
	"fall 3\n"
	"rise 2\n"
	"}\n"
	"\n"
	"vrrp_instance VI_1 {\n"
	"state BACKUP\n"
	"interface n1eth\n"
	"virtual_router_id 51\n"
	"priority 200\n"
	"advert_int 1\n"
	"\n"
	"authentication {\n"
	"auth_type PASS\n"
	"auth_pass ceb1b3ec013d66163d6ab\n"
	"}\n"
	"\n"
	"virtual_ipaddress {\n"
	"192.0.2.100\n"
	"}\n"
	"\n"
	"track_script {\n"
	"check_haproxy\n"
	"}\n"
	"}\n";

static void check_seed(const struct vrrp_conf *conf, const char *path,
                       bool master, int prio)
{
	const struct vrrp_instance_conf *in;
	char want[300];
	int n;

	CHECK(strcmp(conf->path, path) == 0);
	CHECK(strcmp(conf->router_id, "k8s") == 0);
	CHECK_EQ(conf->ninst, 1);
	if (conf->ninst != 1)
		return;
	in = &conf->inst[0];
	CHECK(strcmp(in->name, "VI_1") == 0);
	CHECK_EQ(in->line, 15);
	CHECK(strcmp(in->ifname, "n1eth") == 0);
	CHECK_EQ(in->vrid, 51);
	CHECK_EQ(in->priority, prio);
	CHECK_EQ(in->want_master, master);
	CHECK_EQ(in->adver_int_cs, 100);
	CHECK_EQ(in->preempt, true);
	CHECK_EQ(in->preempt_delay_ms, 0);
	CHECK_EQ(in->version, 2);
	CHECK_EQ(in->auth_type, VRRP_AUTH_PASS);
	/* Only the first 8 characters, zero padding (none left here). */
	CHECK(memcmp(in->auth_pass, "ceb1b3ec", VRRP_V2_AUTH_LEN) == 0);
	CHECK_EQ(sizeof(in->auth_pass), VRRP_V2_AUTH_LEN);
	CHECK_EQ(in->csum_mode, VRRP_CSUM_PSEUDO_HEADER);
	CHECK_EQ(in->garp_delay_ms, 5000);     /* keepalived's defaults */
	CHECK_EQ(in->garp_repeat, 5);
	CHECK_EQ(in->nvips, 1);
	CHECK_EQ(in->vips[0].addr.v4, ip("192.0.2.100"));
	CHECK_EQ(in->vips[0].addr.v4, htonl(0xc0000264u));
	CHECK_EQ(in->vips[0].prefix, 32);
	CHECK_EQ(in->vips[0].line, 28);

	/* Notes: what was accepted but replaced, each with file and line. */
	CHECK_EQ(conf->nnotes, 3);
	snprintf(want, sizeof(want), "%s:7: vrrp_script check_haproxy", path);
	n = find_note(conf, want);
	CHECK(n >= 0);
	if (n >= 0) {
		CHECK_STR_CONTAINS(conf->notes[n], "HAProxy");
		CHECK_STR_CONTAINS(conf->notes[n], "liveness");
	}
	snprintf(want, sizeof(want), "%s:24: auth_pass:", path);
	n = find_note(conf, want);
	CHECK(n >= 0);
	if (n >= 0)
		CHECK_STR_CONTAINS(conf->notes[n], "8 characters");
	snprintf(want, sizeof(want), "%s:32: track_script check_haproxy", path);
	n = find_note(conf, want);
	CHECK(n >= 0);
	if (n >= 0) {
		CHECK_STR_CONTAINS(conf->notes[n], "VI_1");
		CHECK_STR_CONTAINS(conf->notes[n], "liveness");
	}
}

static void test_seed(void)
{
	struct vrrp_conf conf;
	char *path;

	CHECK_EQ(parse(seed_node1, &conf), 0);
	check_seed(&conf, P, true, 250);
	vrrp_conf_free(&conf);

	CHECK_EQ(parse(seed_node2, &conf), 0);
	check_seed(&conf, P, false, 200);
	vrrp_conf_free(&conf);

	/* The same through a file. */
	path = write_temp(seed_node1, strlen(seed_node1));
	CHECK(path != NULL);
	if (path) {
		memset(err, 0, sizeof(err));
		CHECK_EQ(vrrp_conf_load(path, NULL, &conf, err, sizeof(err)), 0);
		check_seed(&conf, path, true, 250);
		vrrp_conf_free(&conf);
		unlink(path);
		free(path);
	}

	/* The indented layout keepalived's own examples use, tabs and CRLF. */
	CHECK_EQ(parse(
		"! Configuration File for keepalived\r\n"
		"global_defs {\r\n"
		"\trouter_id k8s\r\n"
		"}\r\n"
		"vrrp_instance VI_1 {\r\n"
		"    state MASTER\r\n"
		"    interface n1eth   # trailing comment\r\n"
		"\tvirtual_router_id 51\r\n"
		"\tpriority 250\r\n"
		"\tauthentication {\r\n"
		"\t\tauth_type PASS\r\n"
		"\t\tauth_pass ceb1b3ec\r\n"
		"\t}\r\n"
		"\tvirtual_ipaddress {\r\n"
		"\t\t192.0.2.100\r\n"
		"\t}\r\n"
		"}\r\n", &conf), 0);
	CHECK_EQ(conf.ninst, 1);
	if (conf.ninst == 1) {
		CHECK(strcmp(conf.inst[0].ifname, "n1eth") == 0);
		CHECK_EQ(conf.inst[0].priority, 250);
		CHECK_EQ(conf.inst[0].line, 5);
		CHECK_EQ(conf.inst[0].vips[0].line, 15);
		CHECK(memcmp(conf.inst[0].auth_pass, "ceb1b3ec", 8) == 0);
	}
	/* Exactly 8 characters: no truncation note. */
	CHECK_EQ(find_note(&conf, "auth_pass"), -1);
	vrrp_conf_free(&conf);
}

/* ---- keywords ------------------------------------------------------------ */

static void test_defaults(void)
{
	struct vrrp_conf conf;
	const struct vrrp_instance_conf *in;

	CHECK_EQ(parse(INST(""), &conf), 0);
	CHECK_EQ(conf.ninst, 1);
	CHECK_EQ(conf.nnotes, 0);
	CHECK_EQ(conf.router_id[0], '\0');
	if (conf.ninst == 1) {
		in = &conf.inst[0];
		CHECK_EQ(in->priority, 100);
		CHECK_EQ(in->adver_int_cs, 100);
		CHECK_EQ(in->preempt, true);
		CHECK_EQ(in->preempt_delay_ms, 0);
		CHECK_EQ(in->want_master, false);
		CHECK_EQ(in->version, 2);
		CHECK_EQ(in->auth_type, VRRP_AUTH_NONE);
		CHECK_EQ(in->auth_pass[0], '\0');
		CHECK_EQ(in->csum_mode, VRRP_CSUM_PSEUDO_HEADER);
		CHECK_EQ(in->garp_delay_ms, 5000);
		CHECK_EQ(in->garp_repeat, 5);
	}
	vrrp_conf_free(&conf);
}

static void test_keywords(void)
{
	struct vrrp_conf conf;
	/* nopreempt */
	CHECK_EQ(parse(INST("nopreempt"), &conf), 0);
	CHECK_EQ(first(&conf)->preempt, false);
	vrrp_conf_free(&conf);

	/* preempt_delay, whole and fractional seconds. */
	CHECK_EQ(parse(INST("preempt_delay 5"), &conf), 0);
	CHECK_EQ(first(&conf)->preempt_delay_ms, 5000);
	CHECK_EQ(first(&conf)->preempt, true);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("preempt_delay 0.25"), &conf), 0);
	CHECK_EQ(first(&conf)->preempt_delay_ms, 250);
	vrrp_conf_free(&conf);

	/* state */
	CHECK_EQ(parse(INST("state MASTER"), &conf), 0);
	CHECK_EQ(first(&conf)->want_master, true);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("state BACKUP"), &conf), 0);
	CHECK_EQ(first(&conf)->want_master, false);
	vrrp_conf_free(&conf);

	/* priority bounds */
	CHECK_EQ(parse(INST("priority 1"), &conf), 0);
	CHECK_EQ(first(&conf)->priority, 1);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("priority 255"), &conf), 0);
	CHECK_EQ(first(&conf)->priority, 255);
	vrrp_conf_free(&conf);

	/* vrrp_version 3 in global_defs applies to instances. */
	CHECK_EQ(parse("global_defs {\nvrrp_version 3\n}\n" INST("advert_int 0.5"),
	               &conf), 0);
	CHECK_EQ(first(&conf)->version, 3);
	CHECK_EQ(first(&conf)->adver_int_cs, 50);
	vrrp_conf_free(&conf);
	/* ...even when global_defs comes after the instance. */
	CHECK_EQ(parse(INST("advert_int 0.5") "global_defs {\nvrrp_version 3\n}\n",
	               &conf), 0);
	CHECK_EQ(first(&conf)->version, 3);
	vrrp_conf_free(&conf);

	/* version / vrrp_version in the instance. */
	CHECK_EQ(parse(INST("version 3"), &conf), 0);
	CHECK_EQ(first(&conf)->version, 3);
	vrrp_conf_free(&conf);
	/* keepalived 2.2.7 does not know vrrp_version in an instance: ignored. */
	CHECK_EQ(parse(INST("vrrp_version 3"), &conf), 0);
	CHECK_EQ(first(&conf)->version, 2);
	CHECK(find_note(&conf, ":2: vrrp_version: not a vrrp_instance keyword") >= 0);
	vrrp_conf_free(&conf);
	/* The instance wins over global_defs, here v2 with authentication. */
	CHECK_EQ(parse("global_defs {\nvrrp_version 3\n}\n"
	               "vrrp_instance VI_1 {\n"
	               "version 2\n"
	               "interface n1eth\n"
	               "virtual_router_id 51\n"
	               "authentication {\nauth_type PASS\nauth_pass secret\n}\n"
	               "virtual_ipaddress {\n192.0.2.100\n}\n"
	               "}\n", &conf), 0);
	CHECK_EQ(first(&conf)->version, 2);
	CHECK_EQ(first(&conf)->auth_type, VRRP_AUTH_PASS);
	/* Short password: zero padded. */
	CHECK(memcmp(first(&conf)->auth_pass, "secret\0\0", 8) == 0);
	vrrp_conf_free(&conf);

	/* advert_int in v3: 0.5 -> 50 cs, 0.05 -> 5, 2 -> 200, 40.95 max. */
	CHECK_EQ(parse(INST("version 3\nadvert_int 0.05"), &conf), 0);
	CHECK_EQ(first(&conf)->adver_int_cs, 5);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("version 3\nadvert_int 40.95"), &conf), 0);
	CHECK_EQ(first(&conf)->adver_int_cs, 4095);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("advert_int 2"), &conf), 0);
	CHECK_EQ(first(&conf)->adver_int_cs, 200);
	CHECK_EQ(first(&conf)->version, 2);
	vrrp_conf_free(&conf);
	/* v2 with a fraction that is a whole number of seconds is fine. */
	CHECK_EQ(parse(INST("advert_int 3.00"), &conf), 0);
	CHECK_EQ(first(&conf)->adver_int_cs, 300);
	vrrp_conf_free(&conf);

	/* v3_checksum_as_v2 */
	CHECK_EQ(parse(INST("version 3\nv3_checksum_as_v2"), &conf), 0);
	CHECK_EQ(first(&conf)->csum_mode, VRRP_CSUM_NO_PSEUDO_HEADER);
	vrrp_conf_free(&conf);

	/* garp_master_delay / garp_master_repeat in the instance. */
	CHECK_EQ(parse(INST("garp_master_delay 10\ngarp_master_repeat 3"), &conf), 0);
	CHECK_EQ(first(&conf)->garp_delay_ms, 10000);
	CHECK_EQ(first(&conf)->garp_repeat, 3);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("garp_master_delay 0"), &conf), 0);
	CHECK_EQ(first(&conf)->garp_delay_ms, 0);
	vrrp_conf_free(&conf);
	/* ...and their global_defs forms, overridden per instance. */
	CHECK_EQ(parse("global_defs {\n"
	               "vrrp_garp_master_delay 2\n"
	               "vrrp_garp_master_repeat 7\n"
	               "}\n"
	               INST("")
	               "vrrp_instance VI_2 {\n"
	               "garp_master_delay 1\n"
	               "garp_master_repeat 2\n"
	               "interface n1eth\n"
	               "virtual_router_id 52\n"
	               "virtual_ipaddress {\n192.0.2.101\n}\n"
	               "}\n", &conf), 0);
	CHECK_EQ(conf.ninst, 2);
	if (conf.ninst == 2) {
		CHECK_EQ(first(&conf)->garp_delay_ms, 2000);
		CHECK_EQ(first(&conf)->garp_repeat, 7);
		CHECK_EQ(conf.inst[1].garp_delay_ms, 1000);
		CHECK_EQ(conf.inst[1].garp_repeat, 2);
	}
	vrrp_conf_free(&conf);

	/* Keys with no effect inside HAProxy: accepted with a note. */
	CHECK_EQ(parse("global_defs {\n"
	               "router_id lb1\n"
	               "notification_email {\nroot@example.org\n}\n"
	               "smtp_server 192.0.2.25\n"
	               "enable_script_security\n"
	               "}\n" INST(""), &conf), 0);
	CHECK(strcmp(conf.router_id, "lb1") == 0);
	CHECK(find_note(&conf, P ":3: notification_email: accepted, has no effect") >= 0);
	CHECK(find_note(&conf, P ":6: smtp_server:") >= 0);
	CHECK(conf.script_security);    /* used by the notify scripts */
	vrrp_conf_free(&conf);

	/* Empty authentication block: no authentication. */
	CHECK_EQ(parse(INST("authentication {\n}"), &conf), 0);
	CHECK_EQ(first(&conf)->auth_type, VRRP_AUTH_NONE);
	vrrp_conf_free(&conf);

	/* Brace on the next line, and a one-line block. */
	CHECK_EQ(parse("vrrp_instance VI_1\n{\n"
	               "interface n1eth\n"
	               "virtual_router_id 51\n"
	               "virtual_ipaddress { 192.0.2.100 }\n"
	               "}\n", &conf), 0);
	CHECK_EQ(conf.ninst, 1);
	if (conf.ninst == 1) {
		CHECK_EQ(first(&conf)->nvips, 1);
		CHECK_EQ(first(&conf)->vips[0].addr.v4, ip("192.0.2.100"));
	}
	vrrp_conf_free(&conf);
}

static void test_vips(void)
{
	struct vrrp_conf conf;
	const struct vrrp_instance_conf *in;
	int i;

	CHECK_EQ(parse("vrrp_instance VI_1 {\n"
	               "interface n1eth\n"
	               "virtual_router_id 51\n"
	               "virtual_ipaddress {\n"
	               "192.0.2.100/24\n"            /* 5 */
	               "192.0.2.101\n"               /* 6 */
	               "198.51.100.7/32\n"           /* 7 */
	               "203.0.113.9/1\n"             /* 8 */
	               "}\n"
	               "}\n", &conf), 0);
	CHECK_EQ(conf.ninst, 1);
	if (conf.ninst != 1)
		goto out;
	in = &conf.inst[0];
	CHECK_EQ(in->nvips, 4);
	CHECK_EQ(in->vips[0].addr.v4, ip("192.0.2.100"));
	CHECK_EQ(in->vips[0].prefix, 24);
	CHECK_EQ(in->vips[0].line, 5);
	CHECK_EQ(in->vips[1].addr.v4, ip("192.0.2.101"));
	CHECK_EQ(in->vips[1].prefix, 32);
	CHECK_EQ(in->vips[1].line, 6);
	CHECK_EQ(in->vips[2].addr.v4, ip("198.51.100.7"));
	CHECK_EQ(in->vips[2].prefix, 32);
	CHECK_EQ(in->vips[3].addr.v4, ip("203.0.113.9"));
	CHECK_EQ(in->vips[3].prefix, 1);
	CHECK_EQ(in->vips[3].line, 8);
out:
	vrrp_conf_free(&conf);

	/* VRRP_MAX_ADDRS addresses fit, one more does not. */
	{
		char text[4096];
		size_t n = 0;

		n += (size_t)snprintf(text + n, sizeof(text) - n,
		                      "vrrp_instance VI_1 {\ninterface n1eth\n"
		                      "virtual_router_id 51\nvirtual_ipaddress {\n");
		for (i = 0; i < VRRP_MAX_ADDRS; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
			                      "192.0.2.%d\n", i + 1);
		snprintf(text + n, sizeof(text) - n, "}\n}\n");
		CHECK_EQ(parse(text, &conf), 0);
		CHECK_EQ(conf.ninst == 1 ? conf.inst[0].nvips : -1, VRRP_MAX_ADDRS);
		vrrp_conf_free(&conf);

		snprintf(text + n, sizeof(text) - n, "192.0.2.200\n}\n}\n");
		expect_err(text, P ":37: 192.0.2.200: more than 32 addresses");
	}
}

static void test_instances(void)
{
	struct vrrp_conf conf;

	CHECK_EQ(parse("vrrp_instance VI_1 {\n"
	               "interface n1eth\n"
	               "virtual_router_id 51\n"
	               "priority 250\n"
	               "virtual_ipaddress {\n192.0.2.100\n}\n"
	               "}\n"
	               "vrrp_instance VI_2 {\n"         /* 9 */
	               "interface n1eth\n"
	               "virtual_router_id 52\n"
	               "priority 200\n"
	               "version 3\n"
	               "advert_int 0.5\n"
	               "virtual_ipaddress {\n192.0.2.101\n}\n"
	               "}\n"
	               "vrrp_instance VI_3 {\n"         /* 19 */
	               "interface n2eth\n"
	               "virtual_router_id 51\n"
	               "virtual_ipaddress {\n192.0.2.100\n}\n"
	               "}\n", &conf), 0);
	CHECK_EQ(conf.ninst, 3);
	if (conf.ninst == 3) {
		CHECK(strcmp(conf.inst[0].name, "VI_1") == 0);
		CHECK(strcmp(conf.inst[1].name, "VI_2") == 0);
		CHECK(strcmp(conf.inst[2].name, "VI_3") == 0);
		CHECK_EQ(conf.inst[0].line, 1);
		CHECK_EQ(conf.inst[1].line, 9);
		CHECK_EQ(conf.inst[2].line, 19);
		CHECK_EQ(conf.inst[0].vrid, 51);
		CHECK_EQ(conf.inst[1].vrid, 52);
		CHECK_EQ(conf.inst[2].vrid, 51);
		CHECK_EQ(conf.inst[0].priority, 250);
		CHECK_EQ(conf.inst[1].priority, 200);
		CHECK_EQ(conf.inst[0].version, 2);
		CHECK_EQ(conf.inst[1].version, 3);
		CHECK_EQ(conf.inst[1].adver_int_cs, 50);
		CHECK_EQ(conf.inst[0].adver_int_cs, 100);
		CHECK(strcmp(conf.inst[2].ifname, "n2eth") == 0);
	}
	vrrp_conf_free(&conf);
}

/* ---- errors -------------------------------------------------------------- */

static void test_errors_syntax(void)
{
	/* Unknown keyword at top level. */
	expect_err("global_defs {\n}\nvrrp_instanse VI_1 {\n}\n",
	           P ":3: vrrp_instanse: unknown keyword at top level");
	/* Misspelt keyword in vrrp_instance. */
	expect_err(INST("priorty 100"), P ":2: priorty: unknown keyword in vrrp_instance");
	/* ...in global_defs, authentication, vrrp_script. */
	expect_err("global_defs {\nrouter-id x\n}\n" INST(""),
	           P ":2: router-id: unknown keyword in global_defs");
	expect_err(INST("authentication {\nauth_typ PASS\n}"),
	           P ":3: auth_typ: unknown keyword in authentication");
	expect_err("vrrp_script chk {\nscript \"true\"\nintervall 2\n}\n" INST(""),
	           P ":3: intervall: unknown keyword in vrrp_script");
	/* keepalived features that haproxy-vrrp does not have. */

	/* Unterminated block: reported where it opens. */
	expect_err("vrrp_instance VI_1 {\n"
	           "interface n1eth\n"
	           "virtual_router_id 51\n"
	           "virtual_ipaddress {\n"
	           "192.0.2.100\n"
	           "}\n",
	           P ":1: vrrp_instance: block is not closed");
	expect_err("vrrp_instance VI_1 {\n"
	           "interface n1eth\n"
	           "virtual_router_id 51\n"
	           "virtual_ipaddress {\n"
	           "192.0.2.100\n",
	           P ":4: virtual_ipaddress: block is not closed");
	/* Stray closing brace. */
	expect_err(INST("") "}\n", P ":9: }: closing brace without an opening one");
	/* Block without a keyword. */
	expect_err("{\n}\n", P ":1: {: block without a keyword");
	/* Unterminated quoted string, also when the quote ends at a newline. */
	expect_err("vrrp_script chk {\nscript \"/bin/true\n}\n" INST(""),
	           P ":2: \": unterminated quoted string");
	expect_err("vrrp_script chk {\nscript \"/bin/true", P ":2: \": unterminated");

	/* Extra argument. */
	expect_err(INST("priority 100 200"),
	           P ":2: priority: unexpected extra value '200'");
	expect_err(INST("nopreempt yes"), P ":2: nopreempt: unexpected extra value 'yes'");
	/* Missing argument. */
	expect_err(INST("priority"), P ":2: priority: missing value");
	/* A block where none belongs, none where one is needed. */
	expect_err(INST("priority 100 {\n}"), P ":2: priority: takes no { block }");
	expect_err(INST("authentication"), P ":2: authentication: needs a { block }");
	expect_err("vrrp_instance {\n}\n", P ":1: vrrp_instance: needs a name");
	expect_err("vrrp_instance VI_1\n", P ":1: vrrp_instance: needs a { block }");

	/* Empty file, comments only, no vrrp_instance. */
	expect_err("", P ":1: vrrp_instance: no vrrp_instance defined");
	expect_err("! nothing\n# here\n\n", P ":1: vrrp_instance: no vrrp_instance defined");
	expect_err("global_defs {\nrouter_id x\n}\n",
	           P ":1: vrrp_instance: no vrrp_instance defined");
}

static void test_errors_values(void)
{
	struct vrrp_conf conf;

	/* priority 0, 256 or not a number: keepalived warns and keeps its
	 * default (100; 255 with state MASTER).
	 */
	{
		static const char *const bad[] = { "priority 0", "priority 256",
			"priority -1", "priority 10x", "priority 99999999999999999999999" };
		size_t b;

		for (b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
			CHECK_EQ(parse(INST_S(bad[b]), &conf), 0);
			CHECK_EQ(first(&conf)->priority, 100);
			CHECK(find_note(&conf, ":2: priority: '") >= 0);
			vrrp_conf_free(&conf);
		}
	}
	CHECK_EQ(parse(INST("state MASTER\npriority 0"), &conf), 0);
	CHECK_EQ(first(&conf)->priority, 100);    /* keepalived: 100, not the owner's */
	vrrp_conf_free(&conf);
	/* virtual_router_id out of range (the INST line 4 is overridden
	 * later, so put the bad one in place of it).
	 */
	expect_err("vrrp_instance VI_1 {\ninterface n1eth\nvirtual_router_id 0\n"
	           "virtual_ipaddress {\n192.0.2.100\n}\n}\n",
	           P ":3: virtual_router_id: 0 is out of range 1..255");
	expect_err("vrrp_instance VI_1 {\ninterface n1eth\nvirtual_router_id 256\n"
	           "virtual_ipaddress {\n192.0.2.100\n}\n}\n",
	           P ":3: virtual_router_id: 256 is out of range 1..255");
	/* state: keepalived reads any other word as BACKUP, with a warning,
	 * and keeps the first state given.
	 */
	CHECK_EQ(parse(INST("state master"), &conf), 0);
	CHECK(!first(&conf)->want_master);
	CHECK(find_note(&conf, ":2: state: 'master' is neither MASTER nor BACKUP: BACKUP") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("state MASTER\nstate BACKUP"), &conf), 0);
	CHECK(first(&conf)->want_master);
	CHECK(find_note(&conf, ":3: state: state MASTER was given before (line 2): BACKUP "
	                "is ignored") >= 0);
	vrrp_conf_free(&conf);
	/* ...but MASTER after BACKUP wins, and an unknown word is BACKUP. */
	CHECK_EQ(parse(INST("state BACKUP\nstate MASTER"), &conf), 0);
	CHECK(first(&conf)->want_master);
	CHECK_EQ(first(&conf)->priority, 255);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("state MASTER\nstate foo"), &conf), 0);
	CHECK(!first(&conf)->want_master);
	vrrp_conf_free(&conf);
	/* A bad priority is 100, also after a good one and with MASTER. */
	CHECK_EQ(parse(INST("state MASTER\npriority 300"), &conf), 0);
	CHECK_EQ(first(&conf)->priority, 100);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("priority 200\npriority 300"), &conf), 0);
	CHECK_EQ(first(&conf)->priority, 100);
	vrrp_conf_free(&conf);
	/* Priority 255 without a state is MASTER: preempt_delay cleared. */
	CHECK_EQ(parse(INST("priority 255\npreempt_delay 5"), &conf), 0);
	CHECK_EQ(first(&conf)->preempt_delay_ms, 0);
	vrrp_conf_free(&conf);
	/* advert_int: keepalived keeps 1 s for what is not above 0 and below
	 * 256 s, rounds to the version's unit and caps v3 at 40.95 s (a bad
	 * one is ignored: the one before stays).
	 */
	{
		static const struct { const char *line; unsigned cs; const char *note; } ai[] = {
			{ "advert_int 0", 100, ":2: advert_int: '0' is not 0.01 to 255 s: ignored" },
			{ "advert_int 256", 100, ":2: advert_int: '256' is not 0.01 to 255 s" },
			{ "advert_int 255.5", 100, "'255.5' is not 0.01 to 255 s" },
			{ "advert_int 254.6", 25500, "VRRPv2 needs whole seconds (vrrp_version 3 has sub-second intervals): 255.00 s" },
			{ "advert_int abc", 100, ":2: advert_int: 'abc'" },
			{ "advert_int 1s", 100, ":2: advert_int: '1s'" },
			{ "advert_int 1.5", 200, "VRRPv2 needs whole seconds" },
			{ "advert_int 0.4", 100, "VRRPv2 needs whole seconds" },
			{ "version 3\nadvert_int 41", 4095, "VRRPv3 counts centiseconds up to 40.95 s: 40.95 s" },
			{ "version 3\nadvert_int 0.015", 2, "VRRPv3 counts centiseconds" },
			{ "version 3\nadvert_int 0.001", 100, "'0.001' is not 0.01 to 255 s" },
			{ "advert_int 3\nadvert_int 0", 300, "'0' is not 0.01 to 255 s" },
			{ "version 3\nadvert_int 0.25", 25, NULL },
		};
		size_t k;

		for (k = 0; k < sizeof(ai) / sizeof(ai[0]); k++) {
			CHECK_EQ(parse(INST_S(ai[k].line), &conf), 0);
			CHECK_EQ(first(&conf)->adver_int_cs, ai[k].cs);
			if (ai[k].note)
				CHECK(find_note(&conf, ai[k].note) >= 0);
			else
				CHECK_EQ(conf.nnotes, 0);
			vrrp_conf_free(&conf);
		}
	}
	/* versions: keepalived ignores another number in an instance, and
	 * keeps the first given.
	 */
	CHECK_EQ(parse(INST("version 4"), &conf), 0);
	CHECK_EQ(first(&conf)->version, 2);
	CHECK(find_note(&conf, ":2: version: '4' is not 2 or 3: ignored") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("version 2\nversion 3"), &conf), 0);
	CHECK_EQ(first(&conf)->version, 2);
	vrrp_conf_free(&conf);
	expect_err("global_defs {\nvrrp_version 1\n}\n" INST(""),
	           P ":2: vrrp_version: 1 is out of range 2..3");
	/* What initial state MASTER makes pointless is cleared (keepalived). */
	CHECK_EQ(parse(INST("state MASTER\npriority 200\nnopreempt\npreempt_delay 5"), &conf), 0);
	CHECK(first(&conf)->preempt);
	CHECK_EQ(first(&conf)->preempt_delay_ms, 0);
	CHECK(find_note(&conf, ":4: nopreempt: VI_1: does not work with initial state MASTER") >= 0);
	CHECK(find_note(&conf, ":5: preempt_delay: VI_1: does not work with initial state MASTER") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("priority 255\nnopreempt"), &conf), 0);
	CHECK(first(&conf)->preempt);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("state BACKUP\nnopreempt\npreempt_delay 0.001"), &conf), 0);
	CHECK(!first(&conf)->preempt);
	CHECK_EQ(first(&conf)->preempt_delay_ms, 1);
	vrrp_conf_free(&conf);
	/* "preempt" undoes an earlier nopreempt, as in keepalived; keepalived
	 * keywords that mean nothing here are accepted with a note.
	 */
	CHECK_EQ(parse(INST("nopreempt\npreempt\ndebug 2\nlinkbeat_use_polling\n"
	                    "kernel_rx_buf_size 65536\nskip_check_adv_addr\n"
	                    "promote_secondaries\ncheck_unicast_src"), &conf), 0);
	CHECK(first(&conf)->preempt);
	vrrp_conf_free(&conf);
	expect_err(INST("strict_mode"), P ":2: strict_mode: not supported");
	/* default_interface serves a static address without dev. */
	CHECK_EQ(parse("global_defs {\ndefault_interface eth7\n}\n"
	               "static_ipaddress {\n192.0.2.240/32\n}\n" INST(""), &conf), 0);
	CHECK_EQ(conf.nstatic_addrs, 1);
	CHECK(conf.nstatic_addrs == 1 && strcmp(conf.static_addrs[0].dev, "eth7") == 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("preempt_delay 1001"), &conf), 0);
	CHECK_EQ(first(&conf)->preempt_delay_ms, 0);
	CHECK(find_note(&conf, ":2: preempt_delay: '1001' is not 0 to 1000 s") >= 0);
	vrrp_conf_free(&conf);

	/* Addresses: keepalived skips one that does not parse (here the
	 * only one: no VIP left) and reads a prefix too long as the longest.
	 */
	expect_err("vrrp_instance VI_1 {\ninterface n1eth\nvirtual_router_id 51\n"
	           "virtual_ipaddress {\n192.0.2.300\n}\n}\n",
	           P ":1: vrrp_instance: VI_1 has no virtual_ipaddress");
	CHECK_EQ(parse("vrrp_instance VI_1 {\ninterface n1eth\nvirtual_router_id 51\n"
	               "virtual_ipaddress {\n2001:db8::1/129\n}\n}\n", &conf), 0);
	CHECK_EQ(first(&conf)->vips[0].prefix, 128);
	CHECK(find_note(&conf, P ":5: 2001:db8::1/129: /129 is longer than the address") >= 0);
	vrrp_conf_free(&conf);
	/* (keepalived's verdicts on other bad VIP lines: test_conf_check.c) */
	/* Duplicate VIP, also with another prefix: the later line is left
	 * out with a note (keepalived accepts it, the kernel keeps one).
	 */
	CHECK_EQ(parse("vrrp_instance VI_1 {\ninterface n1eth\nvirtual_router_id 51\n"
	               "virtual_ipaddress {\n192.0.2.100/24\n192.0.2.101\n"
	               "192.0.2.100/32\n}\n}\n", &conf), 0);
	CHECK_EQ(first(&conf)->nvips, 2);
	CHECK_EQ(first(&conf)->vips[0].prefix, 24);
	CHECK(find_note(&conf, P ":7: 192.0.2.100/32: listed twice (first on line 5): "
	                "this line is ignored") >= 0);
	vrrp_conf_free(&conf);
	/* Interface name too long for IF_NAMESIZE. */
	expect_err(INST("interface abcdefghijklmnopq"),
	           P ":2: interface: 'abcdefghijklmnopq' is longer than 15 characters");

	/* Missing interface / virtual_router_id / virtual_ipaddress: named
	 * at the instance.
	 */
	expect_err("\nvrrp_instance VI_1 {\nvirtual_router_id 51\n"
	           "virtual_ipaddress {\n192.0.2.100\n}\n}\n",
	           P ":2: vrrp_instance: VI_1 has no interface");
	expect_err("\nvrrp_instance VI_1 {\ninterface n1eth\n"
	           "virtual_ipaddress {\n192.0.2.100\n}\n}\n",
	           P ":2: vrrp_instance: VI_1 has no virtual_router_id");
	expect_err("\nvrrp_instance VI_1 {\ninterface n1eth\nvirtual_router_id 51\n}\n",
	           P ":2: vrrp_instance: VI_1 has no virtual_ipaddress");
	expect_err("\nvrrp_instance VI_1 {\ninterface n1eth\nvirtual_router_id 51\n"
	           "virtual_ipaddress {\n}\n}\n",
	           P ":2: vrrp_instance: VI_1 has no virtual_ipaddress");
}

static void test_errors_semantics(void)
{
	struct vrrp_conf conf;

	/* authentication */
	expect_err(INST("authentication {\nauth_type AH\nauth_pass x\n}"),
	           P ":3: auth_type: AH is not supported");
	expect_err(INST("authentication {\nauth_type NONE\n}"),
	           P ":3: auth_type: 'NONE' is not PASS");
	expect_err(INST("authentication {\nauth_type PASS\n}"),
	           P ":2: authentication: auth_type PASS needs auth_pass");
	expect_err(INST("authentication {\nauth_pass secret\n}"),
	           P ":2: authentication: auth_pass needs auth_type PASS");
	expect_err(INST("authentication {\nauth_type PASS\nauth_pass \"\"\n}"),
	           P ":4: auth_pass: empty password");

	/* v2 with a sub-second advert_int: the note names the advert_int
	 * statement (line 3), not the instance that holds it.
	 */
	CHECK_EQ(parse("vrrp_instance VI_1 {\n"
	               "interface n1eth\n"
	               "advert_int 0.5\n"                      /* 3 */
	               "virtual_router_id 51\n"
	               "virtual_ipaddress {\n192.0.2.100\n}\n"
	               "}\n", &conf), 0);
	CHECK(find_note(&conf, ":3: advert_int: VI_1: VRRPv2 needs whole seconds") >= 0);
	CHECK_EQ(first(&conf)->adver_int_cs, 100);
	vrrp_conf_free(&conf);
	/* v3 with authentication: ignored with a note naming the block
	 * (keepalived: "VRRP version 3 does not support authentication.
	 * Ignoring.").
	 */
	CHECK_EQ(parse("global_defs {\nvrrp_version 3\n}\n"
	               "vrrp_instance VI_1 {\n"                /* 4 */
	               "interface n1eth\n"
	               "virtual_router_id 51\n"
	               "authentication {\nauth_type PASS\nauth_pass x\n}\n"  /* 7 */
	               "virtual_ipaddress {\n192.0.2.100\n}\n"
	               "}\n", &conf), 0);
	CHECK_EQ(first(&conf)->auth_type, VRRP_AUTH_NONE);
	CHECK(find_note(&conf, P ":7: authentication: VI_1: VRRPv3 has no authentication "
	                "(RFC 9568): ignored") >= 0);
	vrrp_conf_free(&conf);

	/* Two instances with the same name. */
	expect_err(INST("")
	           "vrrp_instance VI_1 {\n"                /* 9 */
	           "interface n1eth\n"
	           "virtual_router_id 52\n"
	           "virtual_ipaddress {\n192.0.2.101\n}\n"
	           "}\n",
	           P ":9: vrrp_instance: VI_1 is defined twice (first on line 1)");
	/* Same virtual_router_id on the same interface. */
	expect_err(INST("")
	           "vrrp_instance VI_2 {\n"                /* 9 */
	           "interface n1eth\n"
	           "virtual_router_id 51\n"
	           "virtual_ipaddress {\n192.0.2.101\n}\n"
	           "}\n",
	           P ":9: vrrp_instance: VI_2 uses virtual_router_id 51 over IPv4 on n1eth like VI_1 (line 1)");
}

static void test_errors_files(const char *confdir)
{
	struct vrrp_conf conf;
	static const char nul_text[] = "\0vrrp_instance VI_1 {\n}\n";
	static const char nul_later[] = INST("") "\0";
	char want[300];
	char *path;

	(void)confdir;

	/* NUL byte, through vrrp_conf_parse and through a file. */
	memset(err, 0, sizeof(err));
	CHECK_EQ(vrrp_conf_parse(P, NULL, nul_text, sizeof(nul_text) - 1, &conf, err,
	                         sizeof(err)), -1);
	CHECK_STR_CONTAINS(err, P ":1: config: contains a NUL byte");
	vrrp_conf_free(&conf);

	path = write_temp(nul_later, sizeof(nul_later) - 1);
	CHECK(path != NULL);
	if (path) {
		memset(err, 0, sizeof(err));
		CHECK_EQ(vrrp_conf_load(path, NULL, &conf, err, sizeof(err)), -1);
		snprintf(want, sizeof(want), "%s:", path);
		CHECK_STR_CONTAINS(err, want);
		CHECK_STR_CONTAINS(err, "NUL byte");
		vrrp_conf_free(&conf);
		unlink(path);
		free(path);
	}

	/* An error in a loaded file names the file's path. */
	path = write_temp(INST("priorty 1"), strlen(INST("priorty 1")));
	CHECK(path != NULL);
	if (path) {
		memset(err, 0, sizeof(err));
		CHECK_EQ(vrrp_conf_load(path, NULL, &conf, err, sizeof(err)), -1);
		snprintf(want, sizeof(want), "%s:2: priorty: unknown keyword", path);
		CHECK_STR_CONTAINS(err, want);
		vrrp_conf_free(&conf);
		unlink(path);
		free(path);
	}

	/* An empty file. */
	path = write_temp("", 0);
	CHECK(path != NULL);
	if (path) {
		memset(err, 0, sizeof(err));
		CHECK_EQ(vrrp_conf_load(path, NULL, &conf, err, sizeof(err)), -1);
		snprintf(want, sizeof(want), "%s:1: vrrp_instance: no vrrp_instance", path);
		CHECK_STR_CONTAINS(err, want);
		vrrp_conf_free(&conf);
		unlink(path);
		free(path);
	}

	/* A file that does not exist: the message names the path. */
	memset(err, 0, sizeof(err));
	memset(&conf, 0x5a, sizeof(conf));  /* load must not trust it */
	CHECK_EQ(vrrp_conf_load("/nonexistent/dir/vrrp.conf", NULL, &conf, err,
	                        sizeof(err)), -1);
	CHECK_STR_CONTAINS(err, "/nonexistent/dir/vrrp.conf");
	CHECK_STR_CONTAINS(err, "No such file or directory");
	CHECK_EQ(conf.ninst, 0);
	vrrp_conf_free(&conf);

	/* A directory is not a file. */
	{
		char dtmpl[] = "/tmp/test_conf_dir_XXXXXX";

		if (mkdtemp(dtmpl)) {
			memset(err, 0, sizeof(err));
			CHECK_EQ(vrrp_conf_load(dtmpl, NULL, &conf, err, sizeof(err)), -1);
			CHECK_STR_CONTAINS(err, dtmpl);
			vrrp_conf_free(&conf);
			rmdir(dtmpl);
		}
	}

	/* Files up to exactly CONF_MAX_FILE_SIZE bytes are read, the main
	 * one and an included one alike; one byte more is an error naming
	 * the file (keepalived would read it: skipping it would load
	 * another configuration).
	 */
	{
		char dir[] = "/tmp/test_conf_big_XXXXXX", main_path[64], inc_path[64];
		size_t n, len = CONF_MAX_FILE_SIZE;
		char *big = malloc(len + 2);
		FILE *f;

		CHECK(big != NULL && mkdtemp(dir) != NULL);
		if (big && dir[strlen(dir) - 1] != 'X') {
			/* A valid file padded with comment lines to <len>. */
			n = (size_t)snprintf(big, len, "%s", INST(""));
			memset(big + n, '#', len - n);
			for (; n + 1000 < len; n += 1000)
				big[n + 999] = '\n';
			big[len - 1] = '\n';
			snprintf(main_path, sizeof(main_path), "%s/main.conf", dir);
			snprintf(inc_path, sizeof(inc_path), "%s/inc.conf", dir);
			f = fopen(main_path, "w");
			CHECK(f != NULL && fwrite(big, 1, len, f) == len);
			if (f)
				fclose(f);
			CHECK_EQ(vrrp_conf_load(main_path, NULL, &conf, err, sizeof(err)), 0);
			vrrp_conf_free(&conf);
			f = fopen(inc_path, "w");
			CHECK(f != NULL && fwrite(big + strlen(INST("")), 1,
			                          len - strlen(INST("")), f) ==
			      len - strlen(INST("")));
			if (f)
				fclose(f);
			/* The included file: exactly the limit too. */
			f = fopen(inc_path, "a");
			CHECK(f != NULL && fwrite(big, 1, strlen(INST("")), f) == strlen(INST("")));
			if (f)
				fclose(f);
			CHECK_EQ(put(dir, "main.conf", "include inc.conf\n", 0644), 0);
			CHECK_EQ(vrrp_conf_load(main_path, NULL, &conf, err, sizeof(err)), 0);
			CHECK_EQ(conf.ninst, 1);
			vrrp_conf_free(&conf);
			/* One byte more. */
			f = fopen(inc_path, "a");
			CHECK(f != NULL && fputc('\n', f) == '\n');
			if (f)
				fclose(f);
			CHECK_EQ(vrrp_conf_load(main_path, NULL, &conf, err, sizeof(err)), -1);
			snprintf(want, sizeof(want), "main.conf:1: include: %s is larger than "
			         "1 MiB", inc_path);
			CHECK_STR_CONTAINS(err, want);
			vrrp_conf_free(&conf);
			CHECK_EQ(rename(inc_path, main_path), 0);
			CHECK_EQ(vrrp_conf_load(main_path, NULL, &conf, err, sizeof(err)), -1);
			snprintf(want, sizeof(want), "%s: larger than 1 MiB", main_path);
			CHECK_STR_CONTAINS(err, want);
			vrrp_conf_free(&conf);
			unlink(main_path);
			rmdir(dir);
		}
		free(big);
	}

	/* A small err buffer is not overrun (ASan would tell). */
	{
		struct vrrp_conf c2;
		char small[8];
		const char *t = INST("priorty 1");

		memset(small, 'x', sizeof(small));
		CHECK_EQ(vrrp_conf_parse(P, NULL, t, strlen(t), &c2, small, sizeof(small)), -1);
		CHECK_EQ(small[sizeof(small) - 1], '\0');
		CHECK(strncmp(small, P ":2:", sizeof(small) - 1) == 0);
		vrrp_conf_free(&c2);
	}
}

static void test_free_twice(void)
{
	struct vrrp_conf conf;

	/* After success (with notes and instances). */
	CHECK_EQ(parse(seed_node1, &conf), 0);
	CHECK(conf.nnotes > 0 && conf.ninst > 0);
	vrrp_conf_free(&conf);
	CHECK(conf.inst == NULL);
	CHECK(conf.notes == NULL);
	CHECK_EQ(conf.ninst, 0);
	CHECK_EQ(conf.nnotes, 0);
	vrrp_conf_free(&conf);
	CHECK(conf.inst == NULL);

	/* After a failure half way (an instance and a note already stored). */
	memset(err, 0, sizeof(err));
	{
		const char *t = "vrrp_script chk {\nscript x\n}\n" INST("")
		                "vrrp_instance VI_2 {\npriorty 1\n}\n";

		CHECK_EQ(vrrp_conf_parse(P, NULL, t, strlen(t), &conf, err, sizeof(err)), -1);
		CHECK_STR_CONTAINS(err, P ":13: priorty:");
		vrrp_conf_free(&conf);
		vrrp_conf_free(&conf);
		CHECK_EQ(conf.ninst, 0);
	}
}

/* Deep nesting: "a{" on 140,000 lines then "}" as often (700 KB) used to
 * overflow the stack of the recursive parser (haproxy -c died with
 * SIGSEGV). Now: an error naming the line, at any depth past the limit;
 * 80,000 levels are about the most CONF_MAX_WORDS lets through (three
 * words a level).
 */
static void test_nesting_depth(void)
{
	const int depth = 80000;
	size_t len = (size_t)depth * 5 + 1, i;
	char *text = malloc(len + 1), *p = text;
	struct vrrp_conf conf;
	int ret;

	CHECK(text != NULL);
	if (!text)
		return;
	for (i = 0; i < (size_t)depth; i++) {
		memcpy(p, "a{\n", 3);
		p += 3;
	}
	for (i = 0; i < (size_t)depth; i++) {
		*p++ = '}';
		*p++ = '\n';
	}
	*p = '\0';
	ret = vrrp_conf_parse(P, NULL, text, strlen(text), &conf, err, sizeof(err));
	CHECK_EQ(ret, -1);
	CHECK_STR_CONTAINS(err, ":33: a: blocks nested deeper than 32 levels");
	vrrp_conf_free(&conf);
	free(text);

	/* keepalived's deepest real files stay well inside the limit: this
	 * parses (and then fails on the unknown keyword, not on depth).
	 */
	expect_err("x { y { z { w { v { u {\n}}}}}}\n", ":1: x: unknown keyword at top level");
}

/* track_backend: the block, keepalived's weights, the errors, and what
 * the tracked backends' states make of the priority (vrrp_track.c).
 */
static void test_track_backend(void)
{
	const struct vrrp_instance_conf *in;
	struct vrrp_conf conf;
	struct vrrp_track_verdict v;
	bool down[VRRP_MAX_TRACK_BACKEND] = { false };
	bool no_if[VRRP_MAX_TRACK_IF] = { false }, if_down[VRRP_MAX_TRACK_IF] = { false };
	const long no_files[VRRP_MAX_TRACK_FILE] = { 0 };

	CHECK_EQ(parse(INST("priority 250\ntrack_backend {\napi\nweb weight -60\n"
	                    "extra weight +10 # a comment\n}"), &conf), 0);
	in = first(&conf);
	CHECK_EQ(in->ntrack_be, 3);
	CHECK_STR_CONTAINS(in->track_be[0].name, "api");
	CHECK_EQ(in->track_be[0].weight, 0);
	CHECK_EQ(in->track_be[0].line, 4);
	CHECK_EQ(in->track_be[1].weight, -60);
	CHECK_EQ(in->track_be[2].weight, 10);

	/* All usable: 250 + 10. */
	v = vrrp_track_judge(in, down, no_if, no_files);
	CHECK(v.fault == NULL);
	CHECK_EQ(v.priority, 254);   /* 260 clamped */
	down[1] = true;              /* web down: -60; extra up: +10 */
	v = vrrp_track_judge(in, down, no_if, no_files);
	CHECK_EQ(v.priority, 200);
	down[0] = true;              /* api down: FAULT */
	v = vrrp_track_judge(in, down, no_if, no_files);
	CHECK(v.fault && strcmp(v.fault, "api") == 0);
	vrrp_conf_free(&conf);

	CHECK_EQ(parse(INST("priority 50\ntrack_backend {\nweb weight -254\n}"), &conf), 0);
	down[0] = true;
	v = vrrp_track_judge(first(&conf), down, no_if, no_files);
	CHECK_EQ(v.priority, 1);     /* clamped: never 0 */
	vrrp_conf_free(&conf);
	/* An address owner keeps 255 (keepalived). */
	CHECK_EQ(parse(INST("priority 255\ntrack_backend {\nweb weight -60\n}"), &conf), 0);
	v = vrrp_track_judge(first(&conf), down, no_if, no_files);
	CHECK_EQ(v.priority, 255);
	vrrp_conf_free(&conf);

	/* track_interface with keepalived's weights (its sample
	 * keepalived.conf.vrrp.localcheck): +2 while eth1 is up, -2 while
	 * eth2 is down, eth3 without weight (the link watch's FAULT).
	 */
	CHECK_EQ(parse(INST("priority 100\ntrack_interface {\neth1 weight 2\n"
	                    "eth2 weight -2\neth3\n}"), &conf), 0);
	in = first(&conf);
	CHECK_EQ(in->ntrack_if, 3);
	CHECK_EQ(in->track_if_weight[0], 2);
	CHECK_EQ(in->track_if_weight[1], -2);
	CHECK_EQ(in->track_if_weight[2], 0);
	memset(down, 0, sizeof(down));
	v = vrrp_track_judge(in, down, if_down, no_files);
	CHECK_EQ(v.priority, 102);
	if_down[0] = if_down[1] = true;
	v = vrrp_track_judge(in, down, if_down, no_files);
	CHECK_EQ(v.priority, 98);
	if_down[2] = true;           /* unweighted: not the judge's business */
	v = vrrp_track_judge(in, down, if_down, no_files);
	CHECK_EQ(v.priority, 98);
	CHECK(v.fault == NULL);
	vrrp_conf_free(&conf);
	/* keepalived: a bad weight is 0, +-254 is +-253, "reverse" counts
	 * the weight the other way, another word leaves the line out.
	 */
	CHECK_EQ(parse(INST("track_interface {\neth1 weight 255\neth2 weight -254\n"
	                    "eth3 weight -2 reverse\neth4 bogus\n}"), &conf), 0);
	in = first(&conf);
	CHECK_EQ(in->ntrack_if, 3);
	CHECK_EQ(in->track_if_weight[0], 0);
	CHECK(find_note(&conf, P ":3: eth1: weight 255 is not -253..253: 0") >= 0);
	CHECK_EQ(in->track_if_weight[1], -253);
	CHECK(in->track_if_reverse[2]);
	CHECK(find_note(&conf, P ":6: eth4: unknown option: this line is ignored") >= 0);
	{
		bool no_be[1] = { false }, ifs[3] = { false, false, true };
		long nof[1] = { 0 };

		/* eth3 down, reversed: -(-2) */
		CHECK_EQ(vrrp_track_judge(in, no_be, ifs, nof).priority, 102);
	}
	vrrp_conf_free(&conf);
	/* Listed twice: the second line is ignored with a note. */
	CHECK_EQ(parse(INST("track_interface {\neth1\neth1 weight 5\n}"), &conf), 0);
	CHECK_EQ(first(&conf)->ntrack_if, 1);
	CHECK(find_note(&conf, P ":4: eth1: listed twice: this line is ignored") >= 0);
	vrrp_conf_free(&conf);

	expect_err(INST("track_backend {\nweb weight\n}"),
	           P ":3: web: expected \"web\" or \"web weight <-254..254>\"");
	expect_err(INST("track_backend {\nweb wieght 10\n}"), P ":3: web: expected");
	expect_err(INST("track_backend {\nweb weight 255\n}"),
	           P ":3: web: weight 255 is out of range -254..254");
	expect_err(INST("track_backend {\nweb weight -1x\n}"), P ":3: web: '1x' is not a number");
	expect_err(INST("track_backend {\nweb\nweb weight 5\n}"),
	           P ":4: web: listed twice (first on line 3)");
	expect_err(INST("track_backend {\nweb {\n}\n}"), P ":3: web: takes no { block }");
	expect_err(INST("track_backend web"), P ":2: track_backend: needs a { block }");
	expect_err(INST("track_backend {\nb1\nb2\nb3\nb4\nb5\nb6\nb7\nb8\nb9\n}"),
	           P ":11: b9: more than 8 tracked backends");
}

/* The check of tracked names against HAProxy's own files ("haproxy -c"). */
static void test_haproxy_cfg(void)
{
	static const char cfg[] =
		"global\n    lua-load x.lua\n"
		"frontend web\n    bind :80\n"
		"backend  api # the API servers\n    server a 192.0.2.1:80\n"
		"  listen \"stats\"\n";
	static const char cmd_tail[] = "-Ws\0-f\0";
	char cmdline[512], dir[] = "/tmp/test_conf_dir_XXXXXX", sub[600];
	const char *files[4];
	struct vrrp_conf conf;
	char *path = write_temp(cfg, sizeof(cfg) - 1);
	size_t len;
	FILE *f;

	CHECK(path != NULL);
	if (!path)
		return;
	CHECK_EQ(vrrp_haproxy_cfg_has_backend(path, "api"), 1);
	CHECK_EQ(vrrp_haproxy_cfg_has_backend(path, "stats"), 1);
	CHECK_EQ(vrrp_haproxy_cfg_has_backend(path, "web"), 0);   /* a frontend */
	CHECK_EQ(vrrp_haproxy_cfg_has_backend(path, "ap"), 0);
	CHECK_EQ(vrrp_haproxy_cfg_has_backend("/nonexistent/haproxy.cfg", "api"), -2);

	/* A directory: its *.cfg files. */
	CHECK(mkdtemp(dir) != NULL);
	snprintf(sub, sizeof(sub), "%s/50-api.cfg", dir);
	f = fopen(sub, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("backend other\n", f);
		fclose(f);
	}
	CHECK_EQ(vrrp_haproxy_cfg_has_backend(dir, "other"), 1);
	CHECK_EQ(vrrp_haproxy_cfg_has_backend(dir, "api"), 0);

	/* Files from a command line: -f FILE, -fFILE, and after "--". */
	len = 0;
	memcpy(cmdline, "haproxy\0", 8);
	len = 8;
	memcpy(cmdline + len, cmd_tail, sizeof(cmd_tail) - 1);
	len += sizeof(cmd_tail) - 1;
	len += (size_t)snprintf(cmdline + len, sizeof(cmdline) - len, "%s", path) + 1;
	len += (size_t)snprintf(cmdline + len, sizeof(cmdline) - len, "-f%s", dir) + 1;
	memcpy(cmdline + len, "--\0/x.cfg\0", 10);
	len += 10;
	CHECK_EQ(vrrp_haproxy_cfg_files(cmdline, len, files, 4), 3);
	CHECK_STR_CONTAINS(files[0], path);
	CHECK_STR_CONTAINS(files[1], dir);
	CHECK_STR_CONTAINS(files[2], "/x.cfg");

	/* The whole check: names found in any file pass; the first that is
	 * nowhere is named with its line.
	 */
	len -= 10;   /* without the missing /x.cfg */
	CHECK_EQ(parse(INST("track_backend {\napi\nother weight -5\n}"), &conf), 0);
	CHECK_EQ(vrrp_haproxy_cfg_check_tracked(&conf, cmdline, len, err, sizeof(err)), 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("track_backend {\napi\nweb\n}"), &conf), 0);
	CHECK_EQ(vrrp_haproxy_cfg_check_tracked(&conf, cmdline, len, err, sizeof(err)), -1);
	CHECK_STR_CONTAINS(err, P ":4: web: not a backend in ");
	vrrp_conf_free(&conf);
	/* A track_backend line of an included file: that file and its
	 * own line are named.
	 */
	{
		char main_path[300], want[400];

		CHECK_EQ(put(dir, "main.inc", "vrrp_instance VI_1 {\ninterface n1eth\n"
		             "virtual_router_id 51\nvirtual_ipaddress {\n192.0.2.100\n}\n"
		             "include tb.inc\n}\n", 0644), 0);
		CHECK_EQ(put(dir, "tb.inc", "track_backend {\napi\nweb\n}\n", 0644), 0);
		snprintf(main_path, sizeof(main_path), "%s/main.inc", dir);
		CHECK_EQ(vrrp_conf_load(main_path, NULL, &conf, err, sizeof(err)), 0);
		CHECK_EQ(vrrp_haproxy_cfg_check_tracked(&conf, cmdline, len, err, sizeof(err)),
		         -1);
		snprintf(want, sizeof(want), "%s/tb.inc:3: web: not a backend in ", dir);
		CHECK_STR_CONTAINS(err, want);
		vrrp_conf_free(&conf);
		unlink(main_path);
		snprintf(main_path, sizeof(main_path), "%s/tb.inc", dir);
		unlink(main_path);
	}
	/* No -f at all: nothing to check against. */
	CHECK_EQ(parse(INST("track_backend {\nweb\n}"), &conf), 0);
	CHECK_EQ(vrrp_haproxy_cfg_check_tracked(&conf, "haproxy\0-v\0", 11, err, sizeof(err)), 0);
	vrrp_conf_free(&conf);

	unlink(sub);
	rmdir(dir);
	unlink(path);
	free(path);
}

/* A second instance, VI_2 (vrid 52), lines 1..7 of its own. */
#define INST2(extra) \
	"vrrp_instance VI_2 {\n" extra "\ninterface n1eth\nvirtual_router_id 52\n" \
	"virtual_ipaddress {\n192.0.2.101\n}\n}\n"

/* vrrp_sync_group: members resolved wherever the group is, its tracking
 * given to each member, and keepalived's verdicts: members that are no
 * instance or already grouped left out with a note, a group of one
 * ignored with a note.
 */
static void test_sync_group(void)
{
	struct vrrp_conf conf;

	/* The group first (lines 1-9), as keepalived files usually have it. */
	CHECK_EQ(parse("vrrp_sync_group VG_1 {\n"
	               "group {\nVI_1\nVI_2\n}\n"
	               "track_backend {\napi weight -20\n}\n"
	               "track_interface {\neth9\n}\n"
	               "smtp_alert\n"
	               "}\n" INST("track_interface {\neth9\n}") INST2(""), &conf), 0);
	CHECK_EQ(conf.ngroups, 1);
	CHECK_STR_CONTAINS(conf.groups[0].name, "VG_1");
	CHECK_EQ(conf.groups[0].nmembers, 2);
	CHECK_EQ(conf.inst[0].sync_group, 0);
	CHECK_EQ(conf.inst[1].sync_group, 0);
	CHECK_EQ(conf.inst[0].ntrack_be, 1);
	/* A weight in a group: ignored (FAULT instead), as keepalived does. */
	CHECK_EQ(conf.inst[1].track_be[0].weight, 0);
	CHECK(find_note(&conf, ":7: api: weight ignored in vrrp_sync_group VG_1") >= 0);
	CHECK_EQ(conf.inst[0].ntrack_if, 1);   /* eth9 twice is one */
	CHECK_EQ(conf.inst[1].ntrack_if, 1);
	CHECK(find_note(&conf, "smtp_alert: accepted, has no effect") >= 0);
	vrrp_conf_free(&conf);

	/* sync_group_tracking_weight keeps them. */
	CHECK_EQ(parse("vrrp_sync_group VG_1 {\ngroup {\nVI_1\nVI_2\n}\n"
	               "sync_group_tracking_weight\n}\n"
	               INST("track_backend {\napi weight -20\n}") INST2(""), &conf), 0);
	CHECK_EQ(conf.groups[0].tracking_weight, 1);
	CHECK_EQ(conf.inst[0].track_be[0].weight, -20);
	vrrp_conf_free(&conf);

	/* Not in a group: -1. A member that is no instance: left out, and a
	 * group of one is ignored (keepalived: "removing").
	 */
	CHECK_EQ(parse(INST("") INST2("") "vrrp_sync_group VG_1 {\ngroup {\nVI_1\nVI_9\n}\n}\n",
	               &conf), 0);
	CHECK_EQ(conf.ngroups, 0);
	CHECK_EQ(conf.inst[0].sync_group, -1);
	CHECK(find_note(&conf, ":20: VI_9: no vrrp_instance of that name; left out of "
	                "vrrp_sync_group VG_1") >= 0);
	CHECK(find_note(&conf, ":17: vrrp_sync_group: VG_1 has 1 instance: ignored") >= 0);
	vrrp_conf_free(&conf);
	/* An instance in two groups stays in the first. */
	CHECK_EQ(parse(INST("") INST2("")
	               "vrrp_sync_group A {\ngroup {\nVI_1\nVI_2\n}\n}\n"
	               "vrrp_sync_group B {\ngroup {\nVI_2\nVI_1\n}\n}\n", &conf), 0);
	CHECK_EQ(conf.ngroups, 1);
	CHECK(find_note(&conf, "VI_2: already in vrrp_sync_group A; left out of B") >= 0);
	CHECK(find_note(&conf, "vrrp_sync_group: B has 0 instances: ignored") >= 0);
	vrrp_conf_free(&conf);

	expect_err(INST("") INST2("") "vrrp_sync_group G {\n}\n",
	           P ":17: vrrp_sync_group: G has no group { } of instances");
	CHECK_EQ(parse(INST("") INST2("") "vrrp_sync_group G {\ngroup {\nVI_1\nVI_1\nVI_2\n}\n}\n",
	               &conf), 0);
	CHECK_EQ(conf.ngroups, 1);
	CHECK(find_note(&conf, P ":20: VI_1: listed twice in G: this line is ignored") >= 0);
	vrrp_conf_free(&conf);
	expect_err(INST("") INST2("") "vrrp_sync_group G {\ngroup {\nVI_1 x\n}\n}\n",
	           P ":19: VI_1: only an instance name is expected here");
	/* A group's notify scripts are the group's. */
	CHECK_EQ(parse(INST("") INST2("") "vrrp_sync_group G {\ngroup {\nVI_1\nVI_2\n}\n"
	               "notify_master /x.sh\n}\n", &conf), 0);
	CHECK(conf.ngroups == 1 && strcmp(conf.groups[0].shared.notify[VRRP_NOTIFY_MASTER],
	                                  "/x.sh") == 0);
	vrrp_conf_free(&conf);
	expect_err(INST("") INST2("") "vrrp_sync_group G {\ngroup {\nVI_1\nVI_2\n}\n}\n"
	           "vrrp_sync_group G {\ngroup {\nVI_1\n}\n}\n",
	           P ":23: vrrp_sync_group: G is defined twice (first on line 17)");
	expect_err(INST("track_backend {\napi\n}") INST2("")
	           "vrrp_sync_group G {\ngroup {\nVI_1\nVI_2\n}\ntrack_backend {\napi\n}\n}\n",
	           P ":25: api: tracked by vrrp_sync_group G and by its member VI_1 (line 3)");
	/* A group's track_file goes to every member (once, if a member tracks
	 * it too), with weight 0 unless sync_group_tracking_weight: FAULT.
	 */
	CHECK_EQ(parse("vrrp_track_file maint {\nfile /run/maint\nweight -10\n}\n"
	               "vrrp_sync_group G {\ngroup {\nVI_1\nVI_2\n}\n"
	               "track_file {\nmaint\n}\n}\n"
	               INST("track_file {\nmaint\n}") INST2(""), &conf), 0);
	CHECK_EQ(conf.inst[0].ntrack_file, 1);
	CHECK_EQ(conf.inst[1].ntrack_file, 1);
	CHECK_EQ(conf.inst[1].track_file[0].weight, 0);
	CHECK_EQ(conf.inst[1].track_file[0].file, 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("vrrp_track_file maint {\nfile /run/maint\nweight -10\n}\n"
	               "vrrp_sync_group G {\ngroup {\nVI_1\nVI_2\n}\n"
	               "track_file {\nmaint\n}\nsync_group_tracking_weight\n}\n"
	               INST("") INST2(""), &conf), 0);
	CHECK_EQ(conf.inst[0].track_file[0].weight, -10);
	CHECK_EQ(conf.inst[1].track_file[0].weight, -10);
	vrrp_conf_free(&conf);
}

/* notify_fifo / vrrp_notify_fifo, and keepalived's line. */
static void test_notify_fifo(void)
{
	struct vrrp_conf conf;
	char line[128];

	CHECK_EQ(parse("global_defs {\nnotify_fifo /run/n.fifo root adm\n}\n" INST(""), &conf), 0);
	CHECK_STR_CONTAINS(conf.notify_fifo[VRRP_FIFO_ANY].path, "/run/n.fifo");
	CHECK_STR_CONTAINS(conf.notify_fifo[VRRP_FIFO_ANY].user, "root");
	CHECK_STR_CONTAINS(conf.notify_fifo[VRRP_FIFO_ANY].group, "adm");
	vrrp_conf_free(&conf);
	/* Both: keepalived writes every line to each; each keeps its first. */
	CHECK_EQ(parse("global_defs {\nvrrp_notify_fifo /run/v.fifo\nnotify_fifo /run/n.fifo\n"
	               "notify_fifo /run/m.fifo\n}\n" INST(""), &conf), 0);
	CHECK(strcmp(conf.notify_fifo[VRRP_FIFO_VRRP].path, "/run/v.fifo") == 0);
	CHECK(strcmp(conf.notify_fifo[VRRP_FIFO_ANY].path, "/run/n.fifo") == 0);
	CHECK(find_note(&conf, ":4: notify_fifo: given twice: the first (line 3) is kept") >= 0);
	vrrp_conf_free(&conf);
	expect_err("global_defs {\nnotify_fifo run/n.fifo\n}\n" INST(""),
	           P ":2: notify_fifo: 'run/n.fifo' is not an absolute path");
	/* Each FIFO's reader, SCRIPT [USER [GROUP]], in either order with its
	 * FIFO and in another global_defs; the first kept.
	 */
	CHECK_EQ(parse("global_defs {\nnotify_fifo_script \"/bin/reader -v\" nobody nogroup\n"
	               "vrrp_notify_fifo_script /bin/vreader\nvrrp_notify_fifo_script /bin/other\n}\n"
	               "global_defs {\nnotify_fifo /run/n.fifo\nvrrp_notify_fifo /run/v.fifo\n}\n"
	               INST(""), &conf), 0);
	CHECK(strcmp(conf.notify_fifo[VRRP_FIFO_ANY].script, "/bin/reader -v") == 0);
	CHECK(strcmp(conf.notify_fifo[VRRP_FIFO_ANY].script_user, "nobody") == 0);
	CHECK(strcmp(conf.notify_fifo[VRRP_FIFO_ANY].script_group, "nogroup") == 0);
	CHECK(strcmp(conf.notify_fifo[VRRP_FIFO_VRRP].script, "/bin/vreader") == 0);
	CHECK(find_note(&conf, ":4: vrrp_notify_fifo_script: given twice: the first (line 3)") >= 0);
	vrrp_conf_free(&conf);
	/* Without its FIFO keepalived never starts it: left out, noted. */
	CHECK_EQ(parse("global_defs {\nnotify_fifo /run/n.fifo\n"
	               "vrrp_notify_fifo_script /bin/vreader\n}\n" INST(""), &conf), 0);
	CHECK_EQ(conf.notify_fifo[VRRP_FIFO_VRRP].script[0], '\0');
	CHECK(find_note(&conf, ":3: vrrp_notify_fifo_script: no vrrp_notify_fifo in global_defs") >= 0);
	vrrp_conf_free(&conf);
	/* keepalived carries on past a missing script; no shell, so no PATH. */
	CHECK_EQ(parse("global_defs {\nnotify_fifo /run/n.fifo\nnotify_fifo_script\n}\n"
	               INST(""), &conf), 0);
	CHECK(find_note(&conf, ":3: notify_fifo_script: no script given") >= 0);
	vrrp_conf_free(&conf);
	expect_err("global_defs {\nnotify_fifo /run/n.fifo\nnotify_fifo_script reader.sh\n}\n"
	           INST(""), P ":3: notify_fifo_script: 'reader.sh' does not start with an absolute path");
	CHECK_EQ(vrrp_fifo_line(line, sizeof(line), false, "VI_1", "MASTER", 250), 27);
	CHECK(strcmp(line, "INSTANCE \"VI_1\" MASTER 250\n") == 0);
}

/* IPv6 (RFC 9568), with keepalived's rules: the first address decides the
 * family, an address of the other family is left out with a note, an
 * IPv6 instance speaks VRRPv3 whatever the global vrrp_version says,
 * virtual_ipaddress_excluded may hold either family and stays out of the
 * adverts.
 */
static void test_ipv6(void)
{
	struct vrrp_conf conf;
	const struct vrrp_instance_conf *in;
	char a[VRRP_ADDR_STRLEN];

	CHECK_EQ(parse("global_defs {\nvrrp_version 2\n}\n"
	               "vrrp_instance V6 {\n"                  /* 4 */
	               "interface n1eth\n"
	               "virtual_router_id 51\n"
	               "unsolicited_na_router off\n"
	               "virtual_ipaddress_excluded {\n"
	               "192.0.2.200/24\n"                      /* 9 */
	               "}\n"
	               "virtual_ipaddress {\n"
	               "2001:db8::100/64\n"                    /* 12 */
	               "192.0.2.100\n"                         /* 13 */
	               "2001:db8::101\n"                       /* 14 */
	               "}\n"
	               "unicast_peer {\n2001:db8::12\n192.0.2.12\n}\n"
	               "unicast_src_ip 2001:db8::11\n"
	               "}\n", &conf), 0);
	in = first(&conf);
	CHECK_EQ(in->family, AF_INET6);
	CHECK_EQ(in->version, 3);
	CHECK_EQ(in->na_router, 0);
	CHECK_EQ(in->nvips, 3);
	CHECK_EQ(in->nvips_adv, 2);
	CHECK(strcmp(vrrp_addr_str(&in->vips[0].addr, a), "2001:db8::100") == 0);
	CHECK_EQ(in->vips[0].prefix, 64);
	CHECK(strcmp(vrrp_addr_str(&in->vips[1].addr, a), "2001:db8::101") == 0);
	CHECK_EQ(in->vips[1].prefix, 128);
	CHECK(!in->vips[1].excluded);
	/* The excluded one comes last whatever its place in the file. */
	CHECK(in->vips[2].excluded);
	CHECK_EQ(in->vips[2].addr.family, AF_INET);
	CHECK_EQ(in->vips[2].line, 9);
	CHECK_EQ(in->npeers, 1);
	CHECK(find_note(&conf, P ":13: 192.0.2.100: virtual address 192.0.2.100 is IPv4, "
	                "the instance IPv6: ignored") >= 0);
	CHECK(find_note(&conf, P ":18: 192.0.2.12: unicast peer 192.0.2.12 is IPv4") >= 0);
	vrrp_conf_free(&conf);

	/* native_ipv6 decides before any address; the same VRID may serve
	 * both families on one interface (two virtual routers).
	 */
	CHECK_EQ(parse(INST("") "vrrp_instance V6 {\ninterface n1eth\nnative_ipv6\n"
	               "virtual_router_id 51\nvirtual_ipaddress {\n2001:db8::100\n}\n}\n",
	               &conf), 0);
	CHECK_EQ(conf.ninst, 2);
	if (conf.ninst == 2) {
		CHECK_EQ(conf.inst[0].family, AF_INET);
		CHECK_EQ(conf.inst[1].family, AF_INET6);
		CHECK_EQ(conf.inst[1].na_router, -1);
	}
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("vrrp_instance V6 {\ninterface n1eth\nvirtual_router_id 51\n"
	               "virtual_ipaddress {\n192.0.2.100\n}\nnative_ipv6\n}\n", &conf), 0);
	CHECK_EQ(first(&conf)->family, AF_INET);
	CHECK(find_note(&conf, P ":7: native_ipv6: the instance has IPv4 addresses") >= 0);
	vrrp_conf_free(&conf);

	expect_err("vrrp_instance V6 {\ninterface n1eth\nvirtual_router_id 51\nversion 2\n"
	           "virtual_ipaddress {\n2001:db8::100\n}\n}\n",
	           P ":1: vrrp_instance: V6: VRRPv2 is IPv4 only");
	expect_err("vrrp_instance V6 {\ninterface n1eth\nvirtual_router_id 51\n"
	           "virtual_ipaddress {\nfe80::1\n}\n}\n",
	           P ":5: fe80::1: a link-local VIP is not supported");
	/* keepalived ignores brd, scope (and we label) on an IPv6 VIP. */
	CHECK_EQ(parse("vrrp_instance V6 {\ninterface n1eth\nvirtual_router_id 51\n"
	               "virtual_ipaddress {\n2001:db8::100 label eth0:6 scope link\n}\n}\n",
	               &conf), 0);
	CHECK_EQ(first(&conf)->nvips, 1);
	CHECK_EQ(first(&conf)->vips[0].label[0], '\0');
	CHECK_EQ(first(&conf)->vips[0].scope, 0);
	CHECK(find_note(&conf, P ":5: 2001:db8::100: 'label eth0:6': IPv4 only, ignored") >= 0);
	CHECK(find_note(&conf, P ":5: 2001:db8::100: 'scope link': IPv4 only, ignored") >= 0);
	vrrp_conf_free(&conf);
	/* A global IPv6 peer needs our global address as the source: a
	 * socket bound to the link-local one would never see its answers.
	 */
	expect_err("vrrp_instance V6 {\ninterface n1eth\nvirtual_router_id 51\n"
	           "unicast_peer {\n2001:db8::12\n}\n"
	           "virtual_ipaddress {\n2001:db8::100\n}\n}\n",
	           P ":1: vrrp_instance: V6: an IPv6 unicast_peer that is not link-local "
	           "needs unicast_src_ip");
	CHECK_EQ(parse("vrrp_instance V6 {\ninterface n1eth\nvirtual_router_id 51\n"
	               "unicast_peer {\nfe80::12\n}\n"
	               "virtual_ipaddress {\n2001:db8::100\n}\n}\n", &conf), 0);
	CHECK_EQ(first(&conf)->npeers, 1);
	vrrp_conf_free(&conf);
	expect_err("vrrp_instance V6 {\ninterface n1eth\nvirtual_router_id 51\n"
	           "unicast_src_ip 192.0.2.11\nunicast_peer {\n2001:db8::12\n}\n"
	           "virtual_ipaddress {\n2001:db8::100\n}\n}\n",
	           P ":4: unicast_src_ip: V6: an IPv4 address for an IPv6 instance");
	/* The IPv4 checksum convention means nothing over IPv6: noted. */
	CHECK_EQ(parse("vrrp_instance V6 {\ninterface n1eth\nvirtual_router_id 51\n"
	               "v3_checksum_as_v2\nvirtual_ipaddress {\n2001:db8::100\n}\n}\n",
	               &conf), 0);
	CHECK_EQ(first(&conf)->csum_mode, VRRP_CSUM_PSEUDO_HEADER);
	CHECK(find_note(&conf, P ":4: v3_checksum_as_v2: V6: IPv4 only") >= 0);
	vrrp_conf_free(&conf);
	expect_err(INST("unsolicited_na_router maybe"),
	           P ":2: unsolicited_na_router: 'maybe' is not on or off");
}

/* track_file as keepalived reads it: a vrrp_track_file block (or
 * track_file at top level), referred to by name from an instance, in any
 * order; the number in the file times the weight (the line's, else the
 * block's, default 1; "reverse" flips it); weight 0: any number but 0 is
 * FAULT; a weighed number at or below -254 too.
 */
static void test_track_file(void)
{
	struct vrrp_conf conf;
	const struct vrrp_instance_conf *in;
	struct vrrp_track_verdict v;
	const bool none[VRRP_MAX_TRACK_IF] = { false };
	long val[VRRP_MAX_TRACK_FILE] = { 0 };

	CHECK_EQ(parse(INST("priority 100\ntrack_file {\nmaint\nload weight -2 reverse\n"
	                    "gone\n}")
	               "vrrp_track_file maint {\nfile /run/vrrp/maint\nweight 0\n"
	               "init_file 0 overwrite\n}\n"
	               "track_file load {\nfile /run/vrrp/load\nweight 5\n}\n", &conf), 0);
	CHECK_EQ(conf.ntrack_files, 2);
	in = first(&conf);
	CHECK_EQ(in->ntrack_file, 2);   /* "gone" names no block: left out */
	CHECK(find_note(&conf, P ":6: gone: track_file of VI_1: no vrrp_track_file gone") >= 0);
	if (conf.ntrack_files == 2 && in->ntrack_file == 2) {
		CHECK(strcmp(conf.track_files[0].path, "/run/vrrp/maint") == 0);
		CHECK(conf.track_files[0].init && conf.track_files[0].init_overwrite);
		CHECK_EQ(conf.track_files[1].weight, 5);
		CHECK_EQ(in->track_file[0].file, 0);
		CHECK_EQ(in->track_file[0].weight, 0);     /* the block's */
		CHECK_EQ(in->track_file[1].file, 1);
		CHECK_EQ(in->track_file[1].weight, -2);    /* the line's */
		CHECK(in->track_file[1].reverse);
	}
	v = vrrp_track_judge(in, none, none, val);
	CHECK_EQ(v.priority, 100);
	CHECK(v.fault_file == NULL);
	val[1] = 10;                    /* 10 x -2, reversed: +20 */
	v = vrrp_track_judge(in, none, none, val);
	CHECK_EQ(v.priority, 120);
	val[1] = -30;                   /* -60 */
	v = vrrp_track_judge(in, none, none, val);
	CHECK_EQ(v.priority, 40);
	val[0] = 1;                     /* weight 0, not 0: FAULT */
	v = vrrp_track_judge(in, none, none, val);
	CHECK(v.fault_file && strcmp(v.fault_file, "maint") == 0);
	CHECK_EQ(v.file_value, 1);
	val[0] = 0;
	val[1] = -127;                  /* -254: FAULT */
	v = vrrp_track_judge(in, none, none, val);
	CHECK(v.fault_file && strcmp(v.fault_file, "load") == 0);
	val[1] = 2000000000L;           /* bounded, no overflow: clamped 254 */
	v = vrrp_track_judge(in, none, none, val);
	CHECK_EQ(v.priority, 254);
	CHECK(v.fault_file == NULL);
	vrrp_conf_free(&conf);

	expect_err("vrrp_track_file f {\nweight 1\n}\n" INST(""),
	           P ":1: vrrp_track_file: f has no file");
	expect_err("vrrp_track_file f {\nfile run/x\n}\n" INST(""),
	           P ":2: file: 'run/x' is not an absolute path");
	expect_err("vrrp_track_file f {\nfile /run/x\nweight 300\n}\n" INST(""),
	           P ":3: weight: 300 is out of range 0..254");
	expect_err("vrrp_track_file f {\nfile /run/x\n}\nvrrp_track_file f {\nfile /run/y\n}\n"
	           INST(""), P ":4: vrrp_track_file: f is defined twice (first on line 1)");
	expect_err(INST("track_file {\nf weight 2 upside\n}"),
	           P ":3: f: expected \"weight <-254..254> [reverse]\"");
	expect_err("vrrp_track_file f {\nfile /run/x\ninit_file x\n}\n" INST(""),
	           P ":3: init_file: 'x' is not a number or \"overwrite\"");
	/* init_file's value is decimal, as keepalived reads it; file and
	 * weight given twice keep the first.
	 */
	CHECK_EQ(parse("vrrp_track_file f {\nfile /run/x\nfile /run/y\nweight 3\nweight 4\n"
	               "init_file 010\n}\n" INST(""), &conf), 0);
	CHECK(conf.ntrack_files == 1 && strcmp(conf.track_files[0].path, "/run/x") == 0);
	CHECK_EQ(conf.ntrack_files == 1 ? conf.track_files[0].weight : 0, 3);
	CHECK_EQ(conf.ntrack_files == 1 ? conf.track_files[0].init_value : 0, 10);
	vrrp_conf_free(&conf);
	{
		long n = 0;

		CHECK(vrrp_trackfile_parse(" -12\n", 5, &n) == 1 && n == -12);
		CHECK(vrrp_trackfile_parse("7", 1, &n) == 1 && n == 7);
		CHECK(vrrp_trackfile_parse("0x10", 4, &n) == 1 && n == 16);  /* strtol base 0 */
		CHECK_EQ(vrrp_trackfile_parse("", 0, &n), 0);
		CHECK_EQ(vrrp_trackfile_parse("abc\n", 4, &n), 0);
		CHECK_EQ(vrrp_trackfile_parse("99999999999999999999", 20, &n), -1);
	}
	/* weight 0 reversed: 0 is the failure; a weighed value counts 253 at
	 * most; "init_file overwrite 5" in either order; noreverse.
	 */
	CHECK_EQ(parse(INST("priority 100\ntrack_file {\nf weight 0 reverse\ng weight 100 noreverse\n}")
	               "vrrp_track_file f {\nfile /run/f\ninit_file overwrite 5\n}\n"
	               "vrrp_track_file g {\nfile /run/g\nweight 2 reverse\n}\n", &conf), 0);
	in = first(&conf);
	CHECK_EQ(conf.track_files[0].init_value, 5);
	CHECK(conf.track_files[0].init_overwrite);
	CHECK(in->ntrack_file == 2 && !in->track_file[1].reverse);
	val[0] = 0; val[1] = 0;
	v = vrrp_track_judge(in, none, none, val);
	CHECK(v.fault_file && strcmp(v.fault_file, "f") == 0);
	val[0] = 1; val[1] = 5;          /* 500: counts 253, clamped to 254 */
	v = vrrp_track_judge(in, none, none, val);
	CHECK(v.fault_file == NULL);
	CHECK_EQ(v.priority, 254);
	vrrp_conf_free(&conf);
	/* An address owner tracks with weight 0 only: a weighed line is
	 * dropped (keepalived's rule), the block's weight does not apply.
	 */
	CHECK_EQ(parse(INST("priority 255\ntrack_file {\nf\ng weight 5\n}")
	               "vrrp_track_file f {\nfile /run/f\nweight 3\n}\n"
	               "vrrp_track_file g {\nfile /run/g\n}\n", &conf), 0);
	in = first(&conf);
	CHECK_EQ(in->ntrack_file, 1);
	CHECK_EQ(in->track_file[0].weight, 0);
	CHECK(find_note(&conf, P ":5: g: track_file of VI_1: a weight is ignored for an "
	                "address owner") >= 0);
	vrrp_conf_free(&conf);
}

/* Notify scripts: the five keywords, script_user, and how a command line
 * is split (as a shell splits unquoted and quoted words, nothing else).
 */
static void test_notify_scripts(void)
{
	struct vrrp_conf conf;
	const struct vrrp_instance_conf *in;
	char buf[256], *argv[8];
	const char *extra[4] = { "INSTANCE", "VI_1", "MASTER", "250" };

	CHECK_EQ(parse("global_defs {\nscript_user nobody nogroup\n}\n"
	               INST("notify_master \"/etc/k/up.sh 'a b' c\"\nnotify /etc/k/all.sh"),
	               &conf), 0);
	CHECK(strcmp(conf.script_user, "nobody") == 0);
	CHECK(strcmp(conf.script_group, "nogroup") == 0);
	in = first(&conf);
	CHECK(strcmp(in->notify[VRRP_NOTIFY_MASTER], "/etc/k/up.sh 'a b' c") == 0);
	CHECK(strcmp(in->notify[VRRP_NOTIFY_ANY], "/etc/k/all.sh") == 0);
	CHECK_EQ(in->notify[VRRP_NOTIFY_BACKUP][0], '\0');
	vrrp_conf_free(&conf);
	expect_err(INST("notify_master up.sh"),
	           P ":2: notify_master: 'up.sh' does not start with an absolute path");
	/* keepalived's SCRIPT [USER [GROUP]] */
	CHECK_EQ(parse(INST("notify_master \"/etc/k/up.sh a\" nobody nogroup\n"
	                    "notify_backup /etc/k/down.sh www-data"), &conf), 0);
	in = first(&conf);
	CHECK(strcmp(in->notify[VRRP_NOTIFY_MASTER], "/etc/k/up.sh a") == 0);
	CHECK(strcmp(in->notify_user[VRRP_NOTIFY_MASTER], "nobody") == 0);
	CHECK(strcmp(in->notify_group[VRRP_NOTIFY_MASTER], "nogroup") == 0);
	CHECK(strcmp(in->notify_user[VRRP_NOTIFY_BACKUP], "www-data") == 0);
	CHECK_EQ(in->notify_group[VRRP_NOTIFY_BACKUP][0], '\0');
	vrrp_conf_free(&conf);
	expect_err(INST("notify_master /x.sh a b c"), P ":2: notify_master: unexpected extra value 'c'");

	CHECK_EQ(vrrp_notify_split("/etc/k/up.sh 'a b'  \"c d\"e", argv, 8, buf,
	                           sizeof(buf), NULL, 0), 3);
	CHECK(strcmp(argv[0], "/etc/k/up.sh") == 0);
	CHECK(strcmp(argv[1], "a b") == 0);
	CHECK(strcmp(argv[2], "c de") == 0);
	CHECK(argv[3] == NULL);
	CHECK_EQ(vrrp_notify_split("/x", argv, 8, buf, sizeof(buf), extra, 4), 5);
	CHECK(strcmp(argv[4], "250") == 0);
	CHECK_EQ(vrrp_notify_split("/x 'open", argv, 8, buf, sizeof(buf), NULL, 0), -1);
	CHECK_EQ(vrrp_notify_split("/x a b c d e f g h", argv, 8, buf, sizeof(buf), NULL, 0), -1);
	CHECK_EQ(vrrp_notify_split("/x", argv, 8, buf, 2, NULL, 0), -1);
}

/* The routes test's file, its line 17 (the last virtual route) given:
 * static routes, rules and an address, then an instance with virtual
 * routes and rules (some keepalived would drop).
 */
#define ROUTES_FILE(last_route) \
	"static_routes {\n" \
	"192.0.2.224/28 via 192.0.2.1 dev eth9 table 200\n" \
	"}\n" \
	"static_rules {\n" \
	"fwmark 0x7/0xff table 200\n" \
	"}\n" \
	"static_ipaddress {\n" \
	"192.0.2.240/32 dev eth9 scope link\n" \
	"}\n" \
	INST("virtual_routes {\n" \
	     "src 192.0.2.100 192.0.2.128/28 dev eth0\n" \
	     "blackhole 192.0.2.160/27 table 100\n" \
	     "192.0.2.176/28 via 192.0.2.2 or 192.0.2.3\n" \
	     "0.0.0.0/0 gw 192.0.2.1 table 100 metric 7\n" \
	     "to default via inet6 2001:db8::1\n" \
	     last_route "\n" \
	     "}\n" \
	     "virtual_rules {\n" \
	     "from 192.0.2.0/24 table 2\n" \
	     "to 192.0.2.300/24 table 2\n" \
	     "inet6 from 2001:db8::/32 lookup main\n" \
	     "not to 192.0.2.0/26 goto 500 preference 100\n" \
	     "from 192.0.2.0/24\n" \
	     "}")

/* virtual_routes / virtual_rules and the static_* blocks, line by line as
 * keepalived 2.2.7 reads them (vrrp_route_conf.c): used, left out where
 * keepalived drops the line, refused where it would apply what we cannot.
 */
static void test_routes(void)
{
	struct vrrp_conf conf;
	const struct vrrp_instance_conf *in;
	const struct vrrp_route_conf *r;
	const struct vrrp_rule_conf *u;
	char buf[256];
	int i;

	CHECK_EQ(parse(ROUTES_FILE("192.0.2.32/27 via 192.0.2.1 mtu 1400"), &conf), -1);
	/* mtu is what keepalived would set and we cannot: the file is refused. */
	CHECK_STR_CONTAINS(err, ":17: 192.0.2.32/27: route option 'mtu' is not supported");
	vrrp_conf_free(&conf);

	CHECK_EQ(parse(ROUTES_FILE("192.0.2.32/27 via 192.0.2.1 bogus"), &conf), 0);
	CHECK_EQ(conf.statics.nroutes, 1);
	CHECK_EQ(conf.statics.routes[0].table, 200);
	CHECK_EQ(conf.statics.nrules, 1);
	CHECK_EQ(conf.statics.rules[0].fwmark, 7);
	CHECK_EQ(conf.statics.rules[0].fwmask, 0xff);
	CHECK_EQ(conf.statics.rules[0].priority, 16384);  /* keepalived's first */
	CHECK_EQ(conf.nstatic_addrs, 1);
	CHECK(strcmp(conf.static_addrs[0].dev, "eth9") == 0);
	CHECK_EQ(conf.static_addrs[0].scope, 253);
	in = first(&conf);
	/* "bogus": keepalived drops the route ("unknown route keyword") and
	 * carries on; so do we, with a note.
	 */
	CHECK_EQ(in->routes.nroutes, 5);
	r = in->routes.routes;
	CHECK(vrrp_addr_is_set(&r[0].src));
	CHECK_EQ(r[0].dst_len, 28);
	CHECK(strcmp(r[0].dev, "eth0") == 0);
	CHECK_EQ(r[1].type, 6 /* RTN_BLACKHOLE */);
	CHECK_EQ(r[1].table, 100);
	CHECK_EQ(r[2].nvia, 2);
	CHECK_EQ(r[3].dst_len, 0);
	CHECK_EQ(r[3].metric, 7);
	CHECK_EQ(r[4].family, AF_INET6);
	CHECK_EQ(r[4].table, 254);
	CHECK(strcmp(vrrp_route_str(&r[2], buf, sizeof(buf)),
	             "192.0.2.176/28 via 192.0.2.2 or 192.0.2.3") == 0);
	CHECK(strcmp(vrrp_route_str(&r[1], buf, sizeof(buf)),
	             "blackhole 192.0.2.160/27 table 100") == 0);
	/* The bad address and the rule without an action are dropped. */
	CHECK_EQ(in->routes.nrules, 3);
	u = in->routes.rules;
	CHECK_EQ(u[0].priority, 16383);     /* numbered on from the static one */
	CHECK_EQ(u[1].family, AF_INET6);
	CHECK_EQ(u[1].priority, 16384);     /* IPv6 counts on its own */
	CHECK_EQ(u[1].table, 254);
	CHECK(u[2].invert);
	CHECK_EQ(u[2].goto_target, 500);
	CHECK(strcmp(vrrp_rule_str(&u[0], buf, sizeof(buf)),
	             "from 192.0.2.0/24 table 2 preference 16383") == 0);
	/* Each line keepalived drops or warns about is in the notes. */
	for (i = 0, buf[0] = 0; i < conf.nnotes; i++)
		if (strstr(conf.notes[i], "unknown route keyword bogus"))
			buf[0] = 1;
	CHECK(buf[0]);
	vrrp_conf_free(&conf);

	expect_err("static_ipaddress {\n192.0.2.240/32\n}\n" INST(""),
	           P ":2: 192.0.2.240/32: a static address needs \"dev IF\"");
	expect_err(INST("virtual_routes {\n192.0.2.0/24 nexthop via 192.0.2.1\n}"),
	           "route option 'nexthop' is not supported");
	expect_err(INST("virtual_rules {\nfrom 192.0.2.0/24 uidrange 1-2 table 3\n}"),
	           "rule option 'uidrange' is not supported");
	expect_err(INST("virtual_routes 192.0.2.0/24"), P ":2: virtual_routes: needs a { block }");
	/* A name keepalived would look up in /etc/iproute2 refuses the file
	 * (it would apply the line; leaving it out would lie).
	 */
	expect_err(INST("virtual_routes {\n192.0.2.0/26 via 192.0.2.1 table vrrp\n}"),
	           "routing table vrrp: haproxy-vrrp knows numbers");
	expect_err(INST("virtual_rules {\nfrom 192.0.2.0/24 table vrrp\n}"),
	           "routing table vrrp: haproxy-vrrp knows numbers");
	expect_err(INST("virtual_rules {\nfrom 192.0.2.0/24 tos lowdelay table 2\n}"),
	           "TOS lowdelay: haproxy-vrrp knows numbers only");
	/* keepalived's forms: protocol reset unless no_track, "type goto",
	 * fwmark without a mask, a second "or" ignored, /33 read as /32,
	 * default6, table 0 for a route.
	 */
	CHECK_EQ(parse(INST("virtual_routes {\n"
	                    "192.0.2.0/26 via 192.0.2.1 protocol zebra\n"
	                    "192.0.2.64/26 via 192.0.2.1 protocol zebra no_track\n"
	                    "192.0.2.128/26 via 192.0.2.1 or 192.0.2.2 or 192.0.2.3\n"
	                    "192.0.2.1/33 dev eth0 table 0\n"
	                    "default6 via 2001:db8::1\n"
	                    "}\n"
	                    "virtual_rules {\n"
	                    "fwmark 0 table 5 preference 10\n"
	                    "type goto 100 preference 20\n"
	                    "from 192.0.2.0/24 protocol 4 no_track table 5 preference 30\n"
	                    "}"), &conf), 0);
	in = first(&conf);
	CHECK_EQ(in->routes.nroutes, 5);
	CHECK_EQ(in->routes.nrules, 3);
	if (in->routes.nroutes == 5 && in->routes.nrules == 3) {
		r = in->routes.routes;
		u = in->routes.rules;
		CHECK_EQ(r[0].protocol, 18);
		CHECK_EQ(r[1].protocol, 11);
		CHECK_EQ(r[2].nvia, 2);
		CHECK_EQ(r[3].dst_len, 32);
		CHECK_EQ(r[3].table, 254);
		CHECK_EQ(r[4].family, AF_INET6);
		CHECK_EQ(r[4].dst_len, 0);
		CHECK(u[0].has_fwmark);
		CHECK_EQ(u[0].fwmask, 0);       /* the kernel's: any mark with 0 */
		CHECK_EQ(u[1].action, 2);       /* FR_ACT_GOTO */
		CHECK_EQ(u[1].goto_target, 100);
		CHECK_EQ(u[2].protocol, 4);
	}
	CHECK(find_note(&conf, "route protocol reset to keepalived (18)") >= 0);
	CHECK(find_note(&conf, "\"or\" route already specified - ignoring subsequent") >= 0);
	vrrp_conf_free(&conf);
}

/* ---- keepalived's file syntax (lib/parser.c): @ID, $NAME, include ------- */

/* Parses <text> with the config id <id>; returns what vrrp_conf_parse()
 * returns, the error in <err>.
 */
static int parse_id(const char *text, const char *id, struct vrrp_conf *conf)
{
	int ret;

	memset(err, 0, sizeof(err));
	ret = vrrp_conf_parse(P, id, text, strlen(text), conf, err, sizeof(err));
	if (ret != 0)
		fprintf(stderr, "  (parse error: %s)\n", err);
	return ret;
}

/* The priority <text> gives the first instance with config id <id>, or -1
 * when it does not load.
 */
static int prio_as(const char *text, const char *id)
{
	struct vrrp_conf conf;
	int ret = parse_id(text, id, &conf) == 0 ? first(&conf)->priority : -1;

	vrrp_conf_free(&conf);
	return ret;
}

/* "@ID" and "@^ID" lines (keepalived -i/--config-id; read_line() in
 * keepalived 2.2.7's lib/parser.c).
 */
static void test_conditional(void)
{
	char node[256], text[512];
	struct vrrp_conf conf;

	/* Kept only for its id; "@^" the other way round. */
	CHECK_EQ(prio_as(INST("@node1 priority 250"), "node1"), 250);
	CHECK_EQ(prio_as(INST("@node1 priority 250"), "node2"), 100);
	CHECK_EQ(prio_as(INST("@^node1 priority 150"), "node1"), 100);
	CHECK_EQ(prio_as(INST("@^node1 priority 150"), "node2"), 150);
	/* Both lines, as keepalived's sample has them; a tab separates too,
	 * blanks before '@' do not matter, an id is compared whole.
	 */
	CHECK_EQ(prio_as(INST("@node1\tpriority 250\n  @node2 priority 200"), "node2"), 200);
	CHECK_EQ(prio_as(INST("@node1\tpriority 250\n  @node2 priority 200"), "node1"), 250);
	CHECK_EQ(prio_as(INST("@node priority 250"), "node1"), 100);
	/* "@ID" with nothing after it is dropped whatever the id (not an
	 * unknown keyword); a bare "@" compares an empty id.
	 */
	CHECK_EQ(prio_as(INST("@node1"), "node1"), 100);
	CHECK_EQ(prio_as(INST("@ priority 10"), "node1"), 100);
	CHECK_EQ(prio_as(INST("@^ priority 10"), "node1"), 10);
	/* In any block, and the error of a kept line names its line. */
	CHECK_EQ(parse_id("global_defs {\n@node1 router_id main\n@node2 router_id backup\n}\n"
	                  INST(""), "node2", &conf), 0);
	CHECK(strcmp(conf.router_id, "backup") == 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse_id(INST("@node1 priority 300"), "node1", &conf), 0);
	CHECK(find_note(&conf, P ":2: priority: '300' is not 1 to 255: 100") >= 0);
	vrrp_conf_free(&conf);
	/* keepalived's default id: the node name up to its first '.'. */
	CHECK_EQ(conf_default_config_id(node, sizeof(node)), 0);
	CHECK(node[0] != '\0' && !strchr(node, '.'));
	snprintf(text, sizeof(text), INST("@%s priority 77"), node);
	CHECK_EQ(prio_as(text, NULL), 77);
	snprintf(text, sizeof(text), INST("@^%s priority 77"), node);
	CHECK_EQ(prio_as(text, NULL), 100);

	/* A multi-line value whose first line is "@ID": only that line
	 * depends on the id, the value's other lines are read either way
	 * (keepalived goes on with the value's next line).
	 */
	{
		static const char ml[] =
			"$M=@node1 priority 201 \\\n"
			"  @^node1 priority 202 \\\n"
			"  advert_int 3\n" INST("$M");

		CHECK_EQ(parse_id(ml, "node1", &conf), 0);
		CHECK_EQ(first(&conf)->priority, 201);
		CHECK_EQ(first(&conf)->adver_int_cs, 300);
		vrrp_conf_free(&conf);
		CHECK_EQ(parse_id(ml, "node2", &conf), 0);
		CHECK_EQ(first(&conf)->priority, 202);
		CHECK_EQ(first(&conf)->adver_int_cs, 300);
		vrrp_conf_free(&conf);
	}
	/* ...a bare "@ID" first line, dropped, the rest kept. */
	CHECK_EQ(prio_as("$M=@node1 \\\n priority 203\n" INST("$M"), "node1"), 203);
	CHECK_EQ(prio_as("$M=@node1 \\\n priority 203\n" INST("$M"), "node2"), 203);
	/* ...and "@ID $X=..." defining X for the id only. */
	CHECK_EQ(prio_as("$M=@node1 $P=204 \\\n priority $P\n$P=99\n" INST("$M"), "node1"),
	         204);
	CHECK_EQ(prio_as("$M=@node1 $P=204 \\\n priority $P\n$P=99\n" INST("$M"), "node2"),
	         99);
}

/* "$NAME=value" and "$NAME", "${NAME}" (check_definition(),
 * find_definition(), replace_param() in keepalived 2.2.7's lib/parser.c).
 */
static void test_definitions(void)
{
	struct vrrp_conf conf;

	CHECK_EQ(prio_as("$PRIO=240\n" INST("priority $PRIO"), "x"), 240);
	/* Braces: no blank needed after; blanks after '=' are skipped, a
	 * comment is not part of the value.
	 */
	CHECK_EQ(prio_as("$P=  24 # two digits\n" INST("priority ${P}0"), "x"), 240);
	/* Defined inside a block, used after; redefined: the latest counts,
	 * and a value is expanded when used, not when defined (keepalived's
	 * man page example).
	 */
	CHECK_EQ(prio_as("$BASE=1${SUB}\n$SUB=0\n" INST("$SUB=5\npriority ${BASE}"), "x"), 15);
	/* "$NAME" must be followed by a blank, ',', ')' or the line's end;
	 * an undefined name is left as it is (keepalived does not complain).
	 */
	CHECK_EQ(parse("$P=24\n" INST("priority $P0"), &conf), 0);
	CHECK(find_note(&conf, P ":3: priority: '$P0' is not 1 to 255") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("priority $UNDEF"), &conf), 0);
	CHECK(find_note(&conf, P ":2: priority: '$UNDEF' is not 1 to 255") >= 0);
	vrrp_conf_free(&conf);
	/* keepalived splits "${UNDEF}" at its braces too. */
	expect_err(INST("priority ${UNDEF}"), P ":2: priority: takes no { block }");
	/* Not definitions: a blank before '=', a name starting with a digit
	 * (the line is then read as a statement).
	 */
	expect_err("$P =1\n" INST(""), P ":1: $P: unknown keyword at top level");
	expect_err("$1P=1\n" INST(""), P ":1: $1P=1: unknown keyword at top level");
	/* With @ID: per node values, and a value that is an @ID itself. */
	CHECK_EQ(prio_as("@node1 $P=250\n@node2 $P=200\n" INST("priority $P"), "node2"), 200);
	CHECK_EQ(prio_as("$IF1=@node1\n" INST("$IF1 priority 240"), "node1"), 240);
	CHECK_EQ(prio_as("$IF1=@node1\n" INST("$IF1 priority 240"), "node2"), 100);
	/* A value of several words, and the pre-defined ${_INSTANCE}. */
	CHECK_EQ(parse_id("$RID=router_id ${_INSTANCE}\nglobal_defs {\n$RID\n}\n" INST(""),
	                  "node7", &conf), 0);
	CHECK(strcmp(conf.router_id, "node7") == 0);
	vrrp_conf_free(&conf);
	/* '#' and '!' start a comment anywhere outside quotes; "\#" is the
	 * character.
	 */
	CHECK_EQ(parse(INST("authentication {\nauth_type PASS\nauth_pass ab#cd\n}"), &conf), 0);
	CHECK(memcmp(first(&conf)->auth_pass, "ab\0", 3) == 0);
	/* Inside a word, which haproxy-vrrp once read whole: a note says
	 * what the value is now.
	 */
	CHECK(find_note(&conf, P ":4: #: '#cd' starts a comment here (as in keepalived): "
	                "the value is 'ab'; quote it") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse(INST("authentication {\nauth_type PASS\nauth_pass ab\\#c!d\n}"), &conf), 0);
	CHECK(memcmp(first(&conf)->auth_pass, "ab#c\0", 5) == 0);
	CHECK(find_note(&conf, P ":4: !: '!d' starts a comment here") >= 0);
	vrrp_conf_free(&conf);
	/* No note where a comment starts a word, after a brace or a quoted
	 * string, or for "\#" and a '#' in quotes.
	 */
	CHECK_EQ(parse(INST("authentication {# c1\nauth_type PASS !c2\n"
	                    "auth_pass \"a#b\"#c3\n}") "#c4\n", &conf), 0);
	CHECK(memcmp(first(&conf)->auth_pass, "a#b\0", 4) == 0);
	CHECK(find_note(&conf, "starts a comment") < 0);
	vrrp_conf_free(&conf);

	/* Multi-line: each line but the last ends with '\'; used alone at
	 * the end of a line, its lines are read in its place.
	 */
	{
		static const char ml[] =
			"$INST= \\\n"                                /* 1 */
			"vrrp_instance VI_${N} { \\\n"               /* 2 */
			"    interface n1eth \\\n"                   /* 3 */
			"    virtual_router_id 5${N} \\\n"           /* 4 */
			"    @node1 priority 20${N} \\\n"            /* 5 */
			"    virtual_ipaddress { \\\n"               /* 6 */
			"        192.0.2.10${N} \\\n"                /* 7 */
			"    } \\\n"                                 /* 8 */
			"}\n"                                        /* 9 */
			"$N=1\n"                                     /* 10 */
			"$INST\n"                                    /* 11 */
			"$N=2\n"                                     /* 12 */
			"$INST\n";                                   /* 13 */

		CHECK_EQ(parse_id(ml, "node1", &conf), 0);
		CHECK_EQ(conf.ninst, 2);
		if (conf.ninst == 2) {
			CHECK(strcmp(conf.inst[0].name, "VI_1") == 0);
			CHECK_EQ(conf.inst[0].vrid, 51);
			CHECK_EQ(conf.inst[0].priority, 201);
			CHECK(strcmp(conf.inst[1].name, "VI_2") == 0);
			CHECK_EQ(conf.inst[1].vrid, 52);
			CHECK_EQ(conf.inst[1].priority, 202);
			CHECK_EQ(conf.inst[1].vips[0].addr.v4, ip("192.0.2.102"));
			/* Its statements are where it was used. */
			CHECK_EQ(conf.inst[1].line, 13);
		}
		vrrp_conf_free(&conf);
		CHECK_EQ(parse_id(ml, "node2", &conf), 0);
		CHECK_EQ(conf.ninst == 2 ? conf.inst[1].priority : 0, 100);
		vrrp_conf_free(&conf);
	}
	/* A value's first line that is a definition: the value's other
	 * lines are still read, after it (keepalived's next_ptr).
	 */
	CHECK_EQ(prio_as("$D=$P=205 \\\n priority $P\n" INST("$D"), "x"), 205);

	/* Only used at the end of a line; an empty line ends a definition. */
	CHECK_EQ(parse("$M=a \\\nb\n" INST("priority $M)"), &conf), 0);
	CHECK(find_note(&conf, P ":4: priority: '$M)' is not 1 to 255") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(prio_as("$M=priority \\\n\n" INST("$M 7"), "x"), -1);
	CHECK_STR_CONTAINS(err, P ":4: $M: unknown keyword in vrrp_instance");

	/* Bounded: a definition that uses itself, on one line or several. */
	expect_err("$A=x$A\n" INST("$A"), P ":3: $: more than 1000 substitutions");
	expect_err("$A=${A}\n" INST("priority $A"), P ":3: $: more than 1000 substitutions");
	expect_err("$M=a \\\n$M\n" INST("$M"), ":4: $: multi-line definitions used more than 16 deep");
	/* Eight times more lines at each level: stopped by the line count. */
	{
		char big[4096];
		int i, k, n = 0;

		n += snprintf(big + n, sizeof(big) - (size_t)n, "$L0=router_id x\n");
		for (i = 1; i <= 10; i++) {
			n += snprintf(big + n, sizeof(big) - (size_t)n, "$L%d= \\\n", i);
			for (k = 0; k < 8; k++)
				n += snprintf(big + n, sizeof(big) - (size_t)n, "$L%d%s\n", i - 1,
				              k < 7 ? " \\" : "");
		}
		snprintf(big + n, sizeof(big) - (size_t)n, "global_defs {\n$L10\n}\n" INST(""));
		expect_err(big, "once definitions are expanded");
	}

	/* Bounds on the whole parse, each an error naming the line where
	 * it is passed (a few KB of text could take an hour or 500 MB):
	 * $NAME uses, defined or not, in all; words; bytes of lines.
	 */
	{
		size_t cap = 1u << 20, n = 0;
		char *t = malloc(cap);
		int i, k;

		CHECK(t != NULL);
		if (t) {
			/* 250 lines of 500 "$E": 125,000 uses. */
			n = (size_t)snprintf(t, cap, "$E=\n");
			for (i = 0; i < 250; i++) {
				for (k = 0; k < 500; k++)
					n += (size_t)snprintf(t + n, cap - n, "$E ");
				n += (size_t)snprintf(t + n, cap - n, "\n");
			}
			expect_err(t, P ":202: $: more than 100000 uses of $NAME in all");
			/* 1,000 words a line, 30 lines a use, 10 uses: 300,000. */
			n = (size_t)snprintf(t, cap, "$A=");
			for (k = 0; k < 1000; k++)
				n += (size_t)snprintf(t + n, cap - n, "a ");
			n += (size_t)snprintf(t + n, cap - n, "\n$B=\\\n");
			for (k = 0; k < 30; k++)
				n += (size_t)snprintf(t + n, cap - n, "$A%s\n", k < 29 ? " \\" : "");
			for (k = 0; k < 10; k++)
				n += (size_t)snprintf(t + n, cap - n, "$B\n");
			expect_err(t, P ":41: config: more than 262144 words once definitions "
			           "are expanded");
			/* A 4,000-byte word, 64 lines a use, 40 uses: 10 MB. */
			n = (size_t)snprintf(t, cap, "$C=");
			memset(t + n, 'c', 4000);
			n += 4000;
			n += (size_t)snprintf(t + n, cap - n, "\n$D=\\\n");
			for (k = 0; k < 64; k++)
				n += (size_t)snprintf(t + n, cap - n, "$C%s\n", k < 63 ? " \\" : "");
			for (k = 0; k < 40; k++)
				n += (size_t)snprintf(t + n, cap - n, "$D\n");
			expect_err(t, ": config: more than 8 MiB of lines once definitions are "
			           "expanded");
			free(t);
		}
	}

	/* What keepalived 2.2.7 has and haproxy-vrrp does not: an error
	 * naming the line, never text left silently as it is.
	 */
	expect_err(INST("priority ${_RANDOM 1 200}"), P ":2: ${_RANDOM}: not supported");
	expect_err(INST("priority ${_RANDOM}"), P ":2: ${_RANDOM}: not supported");
	expect_err("~SEQ(N, 1, 1, 3) vrrp_instance VI_$N {\n}\n", P ":1: ~SEQ: not supported");
	expect_err("~LST(N, a, b) x\n", P ":1: ~LST: not supported");
	/* A user's definition overrides a pre-defined one. */
	CHECK_EQ(prio_as("$_RANDOM=42\n" INST("priority $_RANDOM"), "x"), 42);
}

/* "include PATTERN" (check_include(), open_glob_file() in keepalived
 * 2.2.7's lib/parser.c): a glob, relative to the including file's
 * directory, nested, and errors naming the included file.
 */
static void test_include(void)
{
	char dir[] = "/tmp/test_conf_inc_XXXXXX", path[512], want[768], real[4096];
	struct vrrp_conf conf;
	char cmd[600];

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/conf.d", dir);
	CHECK_EQ(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/more", dir);
	CHECK_EQ(mkdir(path, 0700), 0);
	CHECK_EQ(put(dir, "keepalived.conf",
	             "$PRIO=222\n"
	             "global_defs {\n"
	             "  include conf.d/*.defs\n"            /* inside a block */
	             "}\n"
	             "include conf.d/*.conf\n", 0644), 0);
	CHECK_EQ(put(dir, "conf.d/a.defs", "router_id rid_a\n", 0644), 0);
	/* Read in glob's order: b.conf after a.conf. */
	CHECK_EQ(put(dir, "conf.d/a.conf",
	             "vrrp_instance VI_1 {\n"
	             "  interface n1eth\n"
	             "  virtual_router_id 51\n"
	             "  priority $PRIO\n"                   /* defined in the includer */
	             "  virtual_ipaddress {\n"
	             "    include ../more/vips\n"           /* from conf.d/ */
	             "  }\n"
	             "  notify_master \"${_PWD}/up.sh\"\n"
	             "}\n", 0644), 0);
	CHECK_EQ(put(dir, "conf.d/b.conf", "vrrp_instance VI_2 {\n interface n1eth\n"
	             " virtual_router_id 52\n virtual_ipaddress {\n 192.0.2.2\n }\n}\n", 0644), 0);
	CHECK_EQ(put(dir, "more/vips", "192.0.2.1\n192.0.2.11\n", 0644), 0);
	/* keepalived skips what is not a regular, non-executable file. */
	CHECK_EQ(put(dir, "conf.d/c.conf", "this would not parse {\n", 0755), 0);
	snprintf(path, sizeof(path), "%s/keepalived.conf", dir);
	memset(err, 0, sizeof(err));
	CHECK_EQ(vrrp_conf_load(path, "x", &conf, err, sizeof(err)), 0);
	CHECK(strcmp(conf.router_id, "rid_a") == 0);
	CHECK_EQ(conf.ninst, 2);
	if (conf.ninst == 2) {
		CHECK(strcmp(conf.inst[0].name, "VI_1") == 0);
		CHECK_EQ(conf.inst[0].priority, 222);
		CHECK_EQ(conf.inst[0].nvips, 2);
		CHECK_EQ(conf.inst[0].vips[1].addr.v4, ip("192.0.2.11"));
		CHECK(realpath(dir, real) != NULL);
		strcat(real, "/conf.d/up.sh");
		CHECK(strcmp(conf.inst[0].notify[VRRP_NOTIFY_MASTER], real) == 0);
		CHECK(strcmp(conf.inst[1].name, "VI_2") == 0);
		/* What the runtime says of a line kept from an included file
		 * (a VIP's, here the second line of more/vips).
		 */
		snprintf(want, sizeof(want), "line 2 of %s/conf.d/../more/vips", dir);
		CHECK_STR_CONTAINS(vrrp_conf_at(&conf, conf.inst[0].vips[1].line, cmd,
		                                sizeof(cmd)), want);
		snprintf(want, sizeof(want), "line 1 of %s/conf.d/a.conf", dir);
		CHECK(strcmp(vrrp_conf_at(&conf, conf.inst[0].line, cmd, sizeof(cmd)),
		             want) == 0);
	}
	snprintf(want, sizeof(want), "%s/conf.d/c.conf is executable", dir);
	CHECK(find_note(&conf, want) >= 0);
	vrrp_conf_free(&conf);

	/* An error in an included file names that file and its line, here
	 * through a nested include.
	 */
	CHECK_EQ(put(dir, "conf.d/b.conf", "vrrp_instance VI_2 {\n interface n1eth\n"
	             " priorty 1\n}\n", 0644), 0);
	CHECK_EQ(vrrp_conf_load(path, "x", &conf, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s/conf.d/b.conf:3: priorty: unknown keyword", dir);
	CHECK_STR_CONTAINS(err, want);
	vrrp_conf_free(&conf);
	/* ...and "first on" names the other file too. */
	CHECK_EQ(put(dir, "conf.d/b.conf", "vrrp_instance VI_1 {\n interface n1eth\n"
	             " virtual_router_id 52\n virtual_ipaddress {\n 192.0.2.2\n }\n}\n", 0644), 0);
	CHECK_EQ(vrrp_conf_load(path, "x", &conf, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s/conf.d/b.conf:1: vrrp_instance: VI_1 is defined "
	         "twice (first on line 1 of %s/conf.d/a.conf)", dir, dir);
	CHECK_STR_CONTAINS(err, want);
	vrrp_conf_free(&conf);
	/* ...also when the first is in the main file: the error is
	 * prefixed with the included file's name, so "line 2" alone would
	 * point into it.
	 */
	CHECK_EQ(put(dir, "keepalived.conf", "$PRIO=1\n"
	             "vrrp_instance VI_1 {\n interface n1eth\n virtual_router_id 53\n"
	             " virtual_ipaddress {\n 192.0.2.3\n }\n}\n"
	             "include conf.d/b.conf\n", 0644), 0);
	CHECK_EQ(vrrp_conf_load(path, "x", &conf, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s/conf.d/b.conf:1: vrrp_instance: VI_1 is defined "
	         "twice (first on line 2 of %s/keepalived.conf)", dir, dir);
	CHECK_STR_CONTAINS(err, want);
	vrrp_conf_free(&conf);
	CHECK_EQ(put(dir, "conf.d/b.conf", "", 0644), 0);

	/* A pattern matching nothing: keepalived logs it and carries on;
	 * here a note says so.
	 */
	CHECK_EQ(put(dir, "keepalived.conf", "$PRIO=1\ninclude conf.d/*.conf\n"
	             "include none/*.conf\n", 0644), 0);
	CHECK_EQ(vrrp_conf_load(path, "x", &conf, err, sizeof(err)), 0);
	snprintf(want, sizeof(want), "keepalived.conf:3: include: '%s/none/*.conf' matches "
	         "no file", dir);
	CHECK(find_note(&conf, want) >= 0);
	vrrp_conf_free(&conf);
	/* {a,b} alternatives, as keepalived's GLOB_BRACE. */
	CHECK_EQ(put(dir, "keepalived.conf", "$PRIO=1\ninclude conf.d/{a,zz}.conf\n", 0644), 0);
	CHECK_EQ(vrrp_conf_load(path, "x", &conf, err, sizeof(err)), 0);
	CHECK_EQ(conf.ninst, 1);
	vrrp_conf_free(&conf);

	/* A file that includes itself: stopped, the depth named. */
	CHECK_EQ(put(dir, "keepalived.conf", "include keepalived.conf\n", 0644), 0);
	CHECK_EQ(vrrp_conf_load(path, "x", &conf, err, sizeof(err)), -1);
	CHECK_STR_CONTAINS(err, "keepalived.conf:1: include: included files nested deeper than 8");
	vrrp_conf_free(&conf);
	/* keepalived's include variants are refused, not read as include. */
	CHECK_EQ(put(dir, "keepalived.conf", "includea conf.d/*.conf\n", 0644), 0);
	CHECK_EQ(vrrp_conf_load(path, "x", &conf, err, sizeof(err)), -1);
	CHECK_STR_CONTAINS(err, "keepalived.conf:1: includea: not supported");
	vrrp_conf_free(&conf);
	/* "include" with nothing after it is no include. */
	expect_err("include\n" INST(""), P ":1: include: needs a file name");

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_EQ(system(cmd), 0);
}

/* Layouts seen in deployed files: one-line blocks, "} }", CRLF, no final
 * newline, tabs, comments after '{' (keepalived splits a line at braces).
 */
static void test_layout(void)
{
	struct vrrp_conf conf;

	CHECK_EQ(parse("vrrp_instance VI_1 { state MASTER\r\n"
	               "\tinterface n1eth\t# after a tab\r\n"
	               "virtual_router_id 51 ! bang comment\r\n"
	               "virtual_ipaddress { # comment after a brace\r\n"
	               "192.0.2.100 } }", &conf), 0);      /* no final newline */
	CHECK_EQ(conf.ninst, 1);
	CHECK(first(&conf)->want_master);
	CHECK_EQ(first(&conf)->vrid, 51);
	CHECK_EQ(first(&conf)->nvips, 1);
	vrrp_conf_free(&conf);
	/* Blocks on one line each, and a comment-only block. */
	CHECK_EQ(parse("global_defs { router_id r1 }\n"
	               "vrrp_instance VI_1 {\ninterface n1eth\nvirtual_router_id 51\n"
	               "authentication { auth_type PASS\nauth_pass secret }\n"
	               "virtual_ipaddress { 192.0.2.100 }\n"
	               "track_interface { # none yet\n}\n}\n", &conf), 0);
	CHECK(strcmp(conf.router_id, "r1") == 0);
	CHECK_EQ(first(&conf)->auth_type, VRRP_AUTH_PASS);
	vrrp_conf_free(&conf);
	/* A one-line block's error names its line. */
	expect_err("vrrp_instance VI_1 { priorty 1 }\n", P ":1: priorty: unknown keyword");
}

/* net_namespace NAME (top level): stored with its line; keepalived's
 * verdicts: the first of two applies (a note for the second), words after
 * the name are ignored with a note; no name, a path instead of a name, or
 * the keyword inside global_defs are refused. As "@ID high net_namespace
 * high" in Debian's sample, it may depend on the config id. Whether the
 * namespace exists is the loader's (vrrp_node_load()), not the file's.
 */
static void test_net_namespace(void)
{
	struct vrrp_conf conf;

	CHECK_EQ(parse(INST(""), &conf), 0);
	CHECK_EQ(conf.net_namespace[0], '\0');
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("net_namespace hvtest-none\n" INST(""), &conf), 0);
	CHECK(strcmp(conf.net_namespace, "hvtest-none") == 0);
	CHECK_EQ(conf.net_namespace_line, 1);
	vrrp_conf_free(&conf);
	/* After the instances too: it is a top-level line like the others. */
	CHECK_EQ(parse(INST("") "net_namespace blue\n", &conf), 0);
	CHECK(strcmp(conf.net_namespace, "blue") == 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("net_namespace blue\nnet_namespace red\n" INST(""), &conf), 0);
	CHECK(strcmp(conf.net_namespace, "blue") == 0);
	CHECK(find_note(&conf, P ":2: net_namespace: defined twice (first on line 1): "
	                "red is ignored") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse("net_namespace blue extra words\n" INST(""), &conf), 0);
	CHECK(strcmp(conf.net_namespace, "blue") == 0);
	CHECK(find_note(&conf, P ":1: net_namespace: 'extra' and after: ignored") >= 0);
	vrrp_conf_free(&conf);
	CHECK_EQ(parse_id("@high net_namespace high\n@low net_namespace low\n" INST(""),
	                  "low", &conf), 0);
	CHECK(strcmp(conf.net_namespace, "low") == 0);
	CHECK_EQ(conf.net_namespace_line, 2);
	vrrp_conf_free(&conf);
	expect_err("net_namespace\n" INST(""), P ":1: net_namespace: missing namespace name");
	expect_err("net_namespace ../../proc/1/ns/net\n" INST(""),
	           P ":1: net_namespace: '../../proc/1/ns/net' is not a namespace name");
	expect_err("net_namespace ..\n" INST(""), P ":1: net_namespace: '..' is not a namespace name");
	expect_err("net_namespace blue {\n}\n" INST(""), P ":1: net_namespace: takes no { block }");
	expect_err("global_defs {\nnet_namespace blue\n}\n" INST(""),
	           P ":2: net_namespace: belongs at top level, outside global_defs");
}

int main(int argc, char **argv)
{
	test_seed();
	test_defaults();
	test_keywords();
	test_vips();
	test_instances();
	test_errors_syntax();
	test_errors_values();
	test_errors_semantics();
	test_errors_files(argc > 1 ? argv[1] : NULL);
	test_free_twice();
	test_nesting_depth();
	test_track_backend();
	test_haproxy_cfg();
	test_sync_group();
	test_notify_fifo();
	test_ipv6();
	test_track_file();
	test_notify_scripts();
	test_routes();
	test_conditional();
	test_definitions();
	test_include();
	test_layout();
	test_net_namespace();
	return check_report("test_conf");
}
