/*
 * What a file puts in the kernel besides its VIPs: every instance's
 * virtual routes and rules and the static routes, rules and addresses,
 * as one pool (see vrrp_routestate.h).
 */
#ifndef VRRP_ROUTESTATE_T_H
#define VRRP_ROUTESTATE_T_H

#include "vrrp_conf-t.h"

struct vrrp_routestate {
	struct vrrp_route_set set;     /* routes and rules, virtual and static */
	uint32_t *route_owner;         /* per route, and per rule: whose it is */
	uint32_t *rule_owner;          /* (vrrp_routestate_owner()) */
	struct vrrp_vip_conf *addrs;   /* static_ipaddress */
	int      naddrs;
};

#endif
