/*
 * Shared by the config tests: parse a text named "t.conf" and keep the
 * loader's error message in <err>; INST() builds a minimal instance.
 */
#ifndef VRRP_TEST_CONF_PARSE_H
#define VRRP_TEST_CONF_PARSE_H

#include <stdio.h>
#include <string.h>

#include "vrrp_conf.h"

#define P "t.conf"

static char err[VRRP_ERR_MAX];

/* Parses <text> into <conf>; returns what vrrp_conf_parse() returns. */
static int parse(const char *text, struct vrrp_conf *conf)
{
	int ret;

	memset(err, 0, sizeof(err));
	ret = vrrp_conf_parse(P, NULL, text, strlen(text), conf, err, sizeof(err));
	if (ret != 0)
		fprintf(stderr, "  (parse error: %s)\n", err);
	return ret;
}

/* A minimal valid instance, lines 1..8, with <extra> on line 2. */
#define INST(extra) \
	"vrrp_instance VI_1 {\n"        /* 1 */ \
	extra "\n"                      /* 2 */ \
	"interface n1eth\n"             /* 3 */ \
	"virtual_router_id 51\n"        /* 4 */ \
	"virtual_ipaddress {\n"         /* 5 */ \
	"192.0.2.100\n"                 /* 6 */ \
	"}\n"                           /* 7 */ \
	"}\n"                           /* 8 */

/* INST() for an <extra> known at run time (a table's row). The text lives
 * until the next call.
 */
__attribute__((unused)) static const char *INST_S(const char *extra)
{
	static char buf[1024];

	snprintf(buf, sizeof(buf), INST("%s"), extra);
	return buf;
}

#endif
