/*
 * Shared by the config tests: parse a text named "t.conf" and keep the
 * loader's error message in <err>.
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
	ret = vrrp_conf_parse(P, text, strlen(text), conf, err, sizeof(err));
	if (ret != 0)
		fprintf(stderr, "  (parse error: %s)\n", err);
	return ret;
}

#endif
