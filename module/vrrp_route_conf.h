/*
 * One line of keepalived's route and rule blocks (virtual_routes,
 * virtual_rules, static_routes, static_rules) read as keepalived 2.2.7
 * reads it (its vrrp_iproute.c and vrrp_iprule.c). Pure: no I/O; an
 * interface is only a name here, found when the route goes in.
 *
 * Three outcomes, as keepalived has them: a line that is used; a line
 * keepalived itself drops with an error and carries on (an address that
 * does not parse, a keyword it does not know, a rule with no action); and
 * a line using something keepalived provides but haproxy-vrrp does not
 * (nexthop lists, encapsulation, route metrics such as mtu), which must
 * not load: the operator's route would silently lack it otherwise.
 */
#ifndef VRRP_ROUTE_CONF_H
#define VRRP_ROUTE_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_route-t.h"

enum vrrp_route_verdict {
	VRRP_ROUTE_USED = 0,
	VRRP_ROUTE_LEFT_OUT,   /* keepalived drops the line too */
	VRRP_ROUTE_REFUSED,    /* keepalived would apply it; we cannot */
};

/* The next preference keepalived gives a rule that names none, per
 * family, counting down from 16384 over the whole file.
 */
struct vrrp_rule_numbering {
	uint32_t next_v4;
	uint32_t next_v6;
};
#define VRRP_RULE_FIRST_PRIORITY 16384

/* Reads the route of the <n> words <w> (the line's first word included)
 * into <r>. Returns a verdict; for LEFT_OUT and REFUSED <msg> says why,
 * for USED it holds a warning keepalived would also give (a deprecated
 * word), or "".
 */
enum vrrp_route_verdict vrrp_route_parse(char *const *w, int n,
                                         struct vrrp_route_conf *r,
                                         char *msg, size_t msglen);

/* Reads the rule of the <n> words <w> into <r>, numbering it from <num>
 * when it names no preference. Returns a verdict as vrrp_route_parse()
 * does (USED with keepalived's warning about an assumed preference).
 */
enum vrrp_route_verdict vrrp_rule_parse(char *const *w, int n,
                                        struct vrrp_rule_conf *r,
                                        struct vrrp_rule_numbering *num,
                                        char *msg, size_t msglen);

/* Writes <r> in keepalived's words ("192.0.2.0/24 via 192.0.2.1 dev
 * eth0 table 100") into <buf> of <len> bytes, for log lines. Returns
 * <buf>.
 */
const char *vrrp_route_str(const struct vrrp_route_conf *r, char *buf, size_t len);

/* The same for a rule ("from 192.0.2.0/24 table 2 preference 100"). */
const char *vrrp_rule_str(const struct vrrp_rule_conf *r, char *buf, size_t len);

/* Whether <a> and <b> put the same route in the kernel: every field the
 * request carries, not the line it was read from nor how an add meets an
 * equal route. Pure.
 */
bool vrrp_route_same(const struct vrrp_route_conf *a, const struct vrrp_route_conf *b);

/* The same for two rules. Pure. */
bool vrrp_rule_same(const struct vrrp_rule_conf *a, const struct vrrp_rule_conf *b);

#endif
