/*
 * Route and rule types: keepalived's virtual_routes / virtual_rules (moved
 * with mastership) and static_routes / static_rules (there while HAProxy
 * runs), as one line of each reads.
 */
#ifndef VRRP_ROUTE_T_H
#define VRRP_ROUTE_T_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/rtnetlink.h>

#include "vrrp_addr-t.h"

/* The protocol keepalived marks its routes and rules with (iproute2's
 * "keepalived"), and so do we: it tells them from the system's own.
 * Older kernel headers lack the name.
 */
#ifndef RTPROT_KEEPALIVED
#define RTPROT_KEEPALIVED 18
#endif

/* keepalived's "or": a route through one gateway or the other (a
 * multipath route of two next hops); "nexthop" lists are not read.
 */
#define VRRP_ROUTE_MAX_VIA 2

/* How an add meets a route that is there already (iproute2's words):
 * keepalived's default, prepend, puts ours first; add fails on an equal
 * one; append puts ours last.
 */
enum vrrp_route_how {
	VRRP_ROUTE_PREPEND = 0,
	VRRP_ROUTE_ADD,
	VRRP_ROUTE_APPEND,
};

/* One route: "[src A] [to] [TYPE] DST[/LEN] [via|gw A [or B]] [dev IF]
 * [table T] [metric M] [scope S] [protocol P] [onlink] [no_track]".
 */
struct vrrp_route_conf {
	uint8_t  family;              /* AF_INET or AF_INET6 */
	struct vrrp_addr dst;         /* zero for "default" */
	uint8_t  dst_len;
	struct vrrp_addr src;         /* "src": preferred source; unset: none */
	struct vrrp_addr via[VRRP_ROUTE_MAX_VIA];
	int      nvia;
	char     dev[IF_NAMESIZE];    /* "dev"/"oif"; "": none */
	uint32_t table;               /* RT_TABLE_MAIN unless "table" */
	uint32_t metric;              /* "metric"/"priority"/"preference" */
	bool     has_metric;
	uint8_t  scope;               /* RT_SCOPE_* */
	bool     has_scope;           /* else the kernel's choice for the type */
	uint8_t  type;                /* RTN_UNICAST unless a type word */
	uint8_t  protocol;            /* RTPROT_KEEPALIVED; with no_track,
	                               * "protocol" or 0 (the kernel's boot) */
	bool     onlink;
	enum vrrp_route_how how;
	int      line;
};

/* One rule: "[not] [from P] [to P] [iif|dev IF] [oif IF] [fwmark M[/MASK]]
 * [tos T] [preference N] ACTION", ACTION being "table T", "goto N",
 * "nop", "blackhole", "unreachable" or "prohibit".
 */
struct vrrp_rule_conf {
	uint8_t  family;
	bool     invert;              /* "not" */
	struct vrrp_addr from;        /* with from_len 0: any */
	uint8_t  from_len;
	struct vrrp_addr to;
	uint8_t  to_len;
	char     iif[IF_NAMESIZE];
	char     oif[IF_NAMESIZE];
	uint32_t fwmark;
	uint32_t fwmask;              /* 0: none given (the kernel's default) */
	bool     has_fwmark;
	uint8_t  tos;
	uint32_t priority;            /* keepalived numbers a rule without one
	                               * from 16384 down, per family */
	uint8_t  action;              /* FR_ACT_* */
	uint32_t table;               /* FR_ACT_TO_TBL */
	uint32_t goto_target;         /* FR_ACT_GOTO */
	uint8_t  protocol;            /* RTPROT_KEEPALIVED; with no_track,
	                               * "protocol" */
	int      line;
};

/* Routes and rules moved or kept together: an instance's virtual ones,
 * or the file's static ones.
 */
struct vrrp_route_set {
	struct vrrp_route_conf *routes;
	int      nroutes;
	struct vrrp_rule_conf *rules;
	int      nrules;
};

#endif
