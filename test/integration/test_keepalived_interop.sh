#!/usr/bin/env bash
# Mixed pairs with the real keepalived (Debian's 2.2.7) as the peer, our
# module on either side: VRRPv2 with the seed's PASS authentication, VRRPv3
# (checksum with the IPv4 pseudo-header, keepalived's and RFC 9568's
# default) at advert_int 1 and at 0.5 s; and the other v3 checksum
# convention between two of ours. Elections agree, failover and
# failback work both ways, priority 0 is honoured both ways, keepalived
# logs no invalid packet, and the VIP is never on both nodes.
source "$(dirname "$0")/common.sh"

lab_up || exit 1

# Samples the VIP holder every 50 ms for $1 seconds; fails if both nodes
# held it at once for more than $2 consecutive samples (a takeover's GARP
# instant is fine, a split brain is not).
no_split_brain() {
	local end=$(( $(lab_now_ms) + $1 * 1000 )) both=0 worst=0
	while [ "$(lab_now_ms)" -lt "$end" ]; do
		if [ "$(lab_vip_holder)" = "n1 n2" ]; then
			both=$((both + 1)); [ $both -gt $worst ] && worst=$both
		else
			both=0
		fi
		sleep 0.05
	done
	[ $worst -le "$2" ]
}

# start NODE KIND: KIND is vrrp (HAProxy + our module) or keepalived (the
# seed's setup: plain HAProxy + keepalived + its check script).
start() {
	if [ "$2" = vrrp ]; then
		LAB_PLAIN=0 lab_vrrp_conf "$1" "$EXTRA" >/dev/null
		LAB_PLAIN=0 lab_haproxy_start "$1"
	else
		LAB_PLAIN=1 lab_haproxy_start "$1"
		lab_keepalived_start "$1" "$EXTRA"
	fi
}
# stop NODE KIND: "systemctl stop" of whatever speaks VRRP there.
stop() {
	if [ "$2" = vrrp ]; then lab_haproxy_stop "$1" TERM; else lab_keepalived_stop "$1"; fi
}
stop_all() {
	local n
	for n in n1 n2; do
		lab_haproxy_stop "$n" TERM
		lab_keepalived_stop "$n"
		rm -f "$LAB_DIR/stats-$n.sock"
	done
	lab_wait_vip none 6
}

# scenario NAME N1-KIND N2-KIND GLOBAL_DEFS INSTANCE_LINES
scenario() {
	local name=$1 k1=$2 k2=$3
	LAB_GLOBAL_DEFS_EXTRA=$4 EXTRA=$5 LAB_NO_AUTH=0
	# VRRPv3 has no authentication (RFC 9568); keepalived and haproxy-vrrp
	# both ignore the block with a warning: leave it out.
	[ -n "$4" ] && LAB_NO_AUTH=1
	export LAB_GLOBAL_DEFS_EXTRA LAB_NO_AUTH
	echo "# $name: node1 (250) $k1, node2 (200) $k2"
	: >"$LAB_DIR/keepalived-n1.log"; : >"$LAB_DIR/keepalived-n2.log"
	start n1 "$k1"; start n2 "$k2"
	expect_vip n1 8 "$name: election agrees on node1"
	check "$name: no split brain while stable" no_split_brain 3 2
	stop n1 "$k1"
	expect_vip n2 2 "$name: node1's stop (priority 0) hands over to node2 within Skew_Time"
	start n1 "$k1"
	expect_vip n1 8 "$name: failback to node1 (preempt)"
	check "$name: no split brain after failback" no_split_brain 2 2
	stop n2 "$k2"
	sleep 1
	check "$name: node2's stop leaves node1 master" [ "$(lab_vip_holder)" = n1 ]
	local bad
	if [ "$k1" = vrrp ] && [ "$k2" = vrrp ]; then
		check "$name: no bad checksum counted" [ "$(field n1 rx_bad_checksum)" = 0 ]
		stop_all
		return
	fi
	check "$name: keepalived's log is there (it entered a state)" \
		grep -q "Entering .* STATE" "$LAB_DIR"/keepalived-n*.log
	bad=$(grep -hiE "invalid|bad |wrong|mismatch|ttl|checksum" "$LAB_DIR"/keepalived-n*.log | grep -v "max_auto_priority" | head -3)
	check "$name: keepalived logged no invalid packet${bad:+ ($bad)}" [ -z "$bad" ]
	stop_all
}

v3="   vrrp_version 3"
scenario "v2 PASS"        vrrp keepalived "" ""
scenario "v2 PASS"        keepalived vrrp "" ""
scenario "v3 1 s"         vrrp keepalived "$v3" ""
scenario "v3 1 s"         keepalived vrrp "$v3" ""
scenario "v3 0.5 s"       vrrp keepalived "$v3" "    advert_int 0.5"
scenario "v3 0.5 s"       keepalived vrrp "$v3" "    advert_int 0.5"
# The other checksum convention (no pseudo-header, keepalived 2.2.8's
# v3_checksum_as_v2): Debian's keepalived 2.2.7 only knows the RFC one and
# rejects it, so this pair is ours on both sides.
scenario "v3 no pseudo-header" vrrp vrrp "$v3" "    v3_checksum_as_v2"

t_done
