#!/usr/bin/env bash
# Mixed pairs with the real keepalived (Debian's 2.2.7) for what keepalived
# users build on: a vrrp_sync_group, and a tracked interface with a weight.
# Both sides read the same keepalived.conf text (only the priority
# differs). A pair with haproxy-vrrp on either side moves like a keepalived
# pair: the group's two VIPs together, never one on each node; a weight
# hands over to the peer and back.
source "$(dirname "$0")/common.sh"

VIP1=192.0.2.100
VIP2=192.0.2.101

# The config for NODE: VRRPv3; with "group", VI_1 and VI_2 in VG_1 and
# VI_1 tracking trk0; with "weight", VI_1 alone tracking trk0 weight -60.
conf() {
	local n=$1 kind=$2 prio track conf="$LAB_DIR/$2-$1.conf"
	if [ "$n" = n1 ]; then prio=250; else prio=200; fi
	if [ "$kind" = group ]; then track="trk0"; else track="trk0 weight -60"; fi
	{
		printf 'global_defs {\n    router_id %s\n    vrrp_version 3\n}\n' "$n"
		[ "$kind" = group ] &&
			printf 'vrrp_sync_group VG_1 {\n    group {\n        VI_1\n        VI_2\n    }\n}\n'
		printf 'vrrp_instance VI_1 {\n    interface %s\n    virtual_router_id 51\n' "$LAB_IF"
		printf '    priority %s\n    advert_int 1\n' "$prio"
		printf '    track_interface {\n        %s\n    }\n' "$track"
		printf '    virtual_ipaddress {\n        %s\n    }\n}\n' "$VIP1"
		if [ "$kind" = group ]; then
			printf 'vrrp_instance VI_2 {\n    interface %s\n    virtual_router_id 52\n' "$LAB_IF"
			printf '    priority %s\n    advert_int 1\n' "$prio"
			printf '    virtual_ipaddress {\n        %s\n    }\n}\n' "$VIP2"
		fi
	} >"$conf"
	echo "$conf"
}

# start NODE SPEAKER CONF: SPEAKER is vrrp (HAProxy + our module) or
# keepalived.
start() {
	if [ "$2" = vrrp ]; then
		lab_haproxy_start "$1" "$3"
	else
		lab_keepalived_run "$1" "$3"
	fi
}
stop_all() {
	local n
	for n in n1 n2; do
		lab_haproxy_stop "$n" TERM
		lab_keepalived_stop "$n"
		rm -f "$LAB_DIR/stats-$n.sock"
	done
	wait_until 6 both_on none
}

both_on() { vips_on "$1" $VIP1 $VIP2; }

lab_up || exit 1
for n in n1 n2; do
	lab_ns "$n" ip link add trk0 type veth peer name trk1
	lab_ns "$n" ip link set trk0 up
	lab_ns "$n" ip link set trk1 up
done

# A sync group, node1 (250) SPEAKER1, node2 (200) SPEAKER2: trk0 down on
# node1 puts its group in FAULT and node2 takes both VIPs; up, node1 takes
# both back.
group_pair() {
	local s1=$1 s2=$2 name="group: node1 $1, node2 $2"
	start n1 "$s1" "$(conf n1 group)"
	start n2 "$s2" "$(conf n2 group)"
	check "$name: both VIPs on node1" wait_until 8 both_on n1
	sleep 1   # node2 follows node1 in both instances
	: >"$LAB_DIR/holders.log"
	rm -f "$LAB_DIR/stop-watch"
	watch_vip_pair $VIP1 $VIP2 &
	local watcher=$!
	lab_ns n1 ip link set trk1 down
	check "$name: node1's trk0 down: both VIPs on node2 within 3 s" wait_until 3 both_on n2
	sleep 1
	check "$name: and they stay there" both_on n2
	lab_ns n1 ip link set trk1 up
	check "$name: trk0 up: both VIPs back on node1 within 8 s" wait_until 8 both_on n1
	touch "$LAB_DIR/stop-watch"
	wait "$watcher"
	check "$name: never one VIP without the other on a node ($(vip_pair_splits) split)" [ "$(vip_pair_splits)" -eq 0 ]
	stop_all
}

# A weight, node1 (250, trk0 weight -60) SPEAKER1, node2 (200) SPEAKER2:
# trk0 down makes node1 190 and node2 preempts; up, node1 preempts back.
weight_pair() {
	local s1=$1 s2=$2 name="weight: node1 $1, node2 $2"
	start n1 "$s1" "$(conf n1 weight)"
	start n2 "$s2" "$(conf n2 weight)"
	check "$name: VIP on node1" wait_until 8 eval '[ "$(lab_vip_holder $VIP1)" = n1 ]'
	sleep 1
	lab_ns n1 ip link set trk1 down
	check "$name: trk0 down (190 < 200): node2 takes over within 6 s" \
		wait_until 6 eval '[ "$(lab_vip_holder $VIP1)" = n2 ]'
	lab_ns n1 ip link set trk1 up
	check "$name: trk0 up (250): node1 takes it back within 6 s" \
		wait_until 6 eval '[ "$(lab_vip_holder $VIP1)" = n1 ]'
	stop_all
}

group_pair vrrp keepalived
group_pair keepalived vrrp
weight_pair vrrp keepalived
weight_pair keepalived vrrp

bad=$(cat "$LAB_DIR"/keepalived-n*.log 2>/dev/null | grep -iE "invalid|bad |wrong|mismatch|checksum" | head -3)
check "keepalived logged no invalid packet${bad:+ ($bad)}" [ -z "$bad" ]
t_done
