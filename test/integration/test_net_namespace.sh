#!/usr/bin/env bash
# keepalived's net_namespace: HAProxy runs in the node's namespace (the
# lab's n1, n2) and binds the VIP with "bind VIP:port namespace INNER",
# while haproxy-vrrp runs VRRP in INNER: a namespace of each node, made
# here and linked by a bridge of its own to the others and to a client.
# Each inner namespace has an eth0 like the node's, so VRRP run in the
# wrong namespace would show at once (the VIP on the node's own eth0).
# Checked: haproxy -c refuses a namespace that is not there; the VIP is
# in the master's inner namespace only; a clean stop moves it to the
# other node's and back; a reload keeps it; a client in the inner network
# reaches HAProxy through it; a notify script runs in the inner
# namespace; a reload that names another namespace moves the VIP there
# and leaves nothing in the old one; an interface made anew in the inner
# namespace keeps the instance in FAULT until a reload; after the stop
# nothing is left in any namespace.
source "$(dirname "$0")/common.sh"

# The inner namespaces: named with the lab's prefix (/var/run/netns is
# the host's), removed with everything in them on any exit.
INNER_SW=${LAB}ib
INNER_CL=${LAB}ic
# n1b: where node1's VRRP moves at a reload that names another namespace.
declare -A INNER=([n1]=${LAB}i1 [n2]=${LAB}i2 [n1b]=${LAB}i3)
declare -A INNER_ADDR=([n1]=192.0.2.111 [n2]=192.0.2.112 [n1b]=192.0.2.113)
INNER_CL_ADDR=192.0.2.150
PORT=18080

# Kills what runs in the inner namespaces (a notify script's helper was
# forked in there) and deletes them. Never fails.
inner_down() {
	local ns
	for ns in "${INNER[n1]}" "${INNER[n2]}" "${INNER[n1b]}" "$INNER_CL" "$INNER_SW"; do
		{ ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL; } 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -f "/var/run/netns/${LAB}pf"
	return 0
}
trap 'rc=$?; inner_down; (exit $rc); t_cleanup' EXIT

# Makes the inner namespaces: a bridge, each node's inner namespace and
# the client on it, 192.0.2.0/24 with the lab's VIP. Returns 1 if the
# client cannot reach both.
inner_up() {
	local n ns i
	inner_down
	ip netns add "$INNER_SW"
	ip -n "$INNER_SW" link add br0 type bridge
	ip -n "$INNER_SW" link set br0 up
	for n in n1 n2 n1b cl; do
		ns=${INNER[$n]:-$INNER_CL}
		ip netns add "$ns"
		ip -n "$INNER_SW" link add "p-$n" type veth peer name "$LAB_IF" netns "$ns"
		ip -n "$INNER_SW" link set "p-$n" master br0 up
		ip -n "$ns" link set lo up
		ip -n "$ns" addr add "${INNER_ADDR[$n]:-$INNER_CL_ADDR}/24" dev "$LAB_IF"
		ip -n "$ns" link set "$LAB_IF" up
		# HAProxy binds the VIP in there on both nodes, held or not.
		ip netns exec "$ns" sysctl -qw net.ipv4.ip_nonlocal_bind=1
	done
	for i in $(seq 50); do
		ip netns exec "$INNER_CL" ping -c1 -W1 -q "${INNER_ADDR[n1]}" >/dev/null 2>&1 &&
			ip netns exec "$INNER_CL" ping -c1 -W1 -q "${INNER_ADDR[n2]}" >/dev/null 2>&1 &&
			return 0
		sleep 0.1
	done
	return 1
}

# Which inner namespaces hold the VIP: n1, "n1 n2", none.
inner_holder() {
	local h=() n
	for n in n1 n2 n1b; do
		ip -n "${INNER[$n]}" addr show dev "$LAB_IF" 2>/dev/null |
			grep -q "inet $LAB_VIP/" && h+=("$n")
	done
	[ ${#h[@]} -eq 0 ] && echo none || echo "${h[*]}"
}

# Whether the VIP is in no namespace but (if $1 is given) $1's inner one:
# never in a node's own (lab_vip_holder looks there).
vip_only_in() { [ "$(inner_holder)" = "${1:-none}" ] && [ "$(lab_vip_holder)" = none ]; }

# One request from the inner client to the VIP: "inner on nX" or fails.
inner_request() {
	ip netns exec "$INNER_CL" curl -s --max-time 1 "http://$LAB_VIP:$PORT/"
}

# The inode of a namespace's file, to compare namespaces.
ns_inode() { stat -L -c %i "$1" 2>/dev/null; }

lab_up || exit 1
inner_up || { not_ok "the inner network does not answer ping"; exit 1; }

# Where a notify script runs: it writes its own namespace down.
printf '#!/bin/sh\nreadlink /proc/self/ns/net >"%s/notify-ns-$1"\n' "$LAB_DIR" >"$LAB_DIR/notify.sh"
chmod 755 "$LAB_DIR/notify.sh"
for n in n1 n2; do
	lab_vrrp_conf "$n" "    notify_master \"$LAB_DIR/notify.sh $n\"" >/dev/null
	sed -i "1i net_namespace ${INNER[$n]}" "$LAB_DIR/vrrp-$n.conf"
	cat >"$LAB_DIR/haproxy-extra-$n.cfg" <<CFG

frontend inner
    mode http
    bind $LAB_VIP:$PORT namespace ${INNER[$n]}
    http-request return status 200 content-type text/plain lf-string "inner on $n\n"
CFG
done

# haproxy -c: the namespace must be there, as for HAProxy's own
# "namespace" (keepalived -t does not look).
sed "1s/.*/net_namespace ${LAB}nx/" "$LAB_DIR/vrrp-n1.conf" >"$LAB_DIR/vrrp-missing.conf"
cfg=$(lab_haproxy_cfg n1 "$LAB_DIR/vrrp-missing.conf")
out=$(lab_ns n1 timeout 20 "$VRRP_HAPROXY" -c -f "$cfg" 2>&1)
check_refused "haproxy -c refuses a net_namespace that does not exist" $?
check "... naming the file, the line and the namespace's path" \
	grep -q "vrrp-missing.conf: net_namespace ${LAB}nx (line 1): cannot open /var/run/netns/${LAB}nx: No such file or directory" <<<"$out"
# A plain file where a namespace should be ("ip netns add" interrupted).
: >"/var/run/netns/${LAB}pf"
sed "1s/.*/net_namespace ${LAB}pf/" "$LAB_DIR/vrrp-n1.conf" >"$LAB_DIR/vrrp-plain.conf"
cfg=$(lab_haproxy_cfg n1 "$LAB_DIR/vrrp-plain.conf")
out=$(lab_ns n1 timeout 20 "$VRRP_HAPROXY" -c -f "$cfg" 2>&1)
check_refused "haproxy -c refuses a plain file named as the namespace" $?
check "... saying it is not a namespace" \
	grep -q "vrrp-plain.conf: net_namespace ${LAB}pf (line 1): /var/run/netns/${LAB}pf is not a namespace" <<<"$out"
rm -f "/var/run/netns/${LAB}pf"
cfg=$(lab_haproxy_cfg n1 "$LAB_DIR/vrrp-n1.conf")
check "haproxy -c accepts the inner namespace" lab_ns n1 timeout 20 "$VRRP_HAPROXY" -c -q -f "$cfg"
check "haproxy-vrrp-check: net_namespace is used" \
	grep -qE "^ +1  net_namespace +used" <<<"$("$VRRP_CHECK" "$LAB_DIR/vrrp-n1.conf")"

lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
check "node1 (250) is master: the VIP is in its inner namespace only" wait_until 8 vip_only_in n1
check "node2 follows node1's adverts on the inner link" \
	wait_until 3 eval '[ "$(field n2 master)" = "${INNER_ADDR[n1]}" ]'
check "the client reaches HAProxy on node1 through the VIP" \
	wait_until 3 eval '[ "$(inner_request)" = "inner on n1" ]'
check "node1's notify_master script ran in its inner namespace" \
	wait_until 3 eval '[ "$(cat "$LAB_DIR/notify-ns-n1" 2>/dev/null)" = "net:[$(ns_inode "/var/run/netns/${INNER[n1]}")]" ]'
check "HAProxy's worker stays in the node's own namespace" \
	[ "$(ns_inode "/proc/$(lab_worker_pid n1)/ns/net")" = "$(ns_inode "/var/run/netns/${LAB}n1")" ]

# Clean stop of node1 (SIGUSR1): node2 takes the VIP in its inner namespace.
t0=$(lab_now_ms)
lab_haproxy_stop n1 USR1
if wait_until 6 vip_only_in n2; then
	ok "node1 stops: the VIP moves to node2's inner namespace ($(( $(lab_now_ms) - t0 )) ms)"
else
	not_ok "node1 stops: the VIP moves to node2's inner namespace (VIP in: $(inner_holder))"
fi
check "the client reaches HAProxy on node2" \
	wait_until 3 eval '[ "$(inner_request)" = "inner on n2" ]'
lab_haproxy_stop n1 TERM
lab_haproxy_start n1 || exit 1
check "node1 back: it preempts, the VIP is in its inner namespace again" wait_until 8 vip_only_in n1

# A reload keeps the VIP where it is: no deletion seen in node1's inner
# namespace while the new worker takes over.
ip -n "${INNER[n1]}" monitor address >"$LAB_DIR/addr-events.log" 2>&1 &
monitor=$!
LAB_PIDS+=("$monitor")
sleep 0.5
lab_haproxy_reload n1 || not_ok "reload of node1"
sleep 3
check "after a reload node1 is still master ($(field n1 state))" [ "$(field n1 state)" = MASTER ]
check "... the VIP is still in its inner namespace only" vip_only_in n1
check "... the old worker left it to the new one (same namespace: the hand-off word came)" \
	grep -q "(VI_1) reload: left to the new worker (was MASTER)" "$LAB_DIR/haproxy-n1.log"
check "... and was never deleted meanwhile" \
	[ "$(grep -c "Deleted.* ${LAB_VIP//./\\.}/" "$LAB_DIR/addr-events.log")" -eq 0 ]
check "... and the client still reaches node1" \
	wait_until 3 eval '[ "$(inner_request)" = "inner on n1" ]'
kill "$monitor"

# A reload into another namespace (keepalived refuses the change until a
# restart): the new worker finds no VIP to carry on with there, and the
# old one, which hears no hand-off word for its own namespace, lets go of
# the VIP in it as at a stop.
HANDED="stopping, and no new worker took over: handing over to the other routers"
handed_before=$(grep -c "$HANDED" "$LAB_DIR/haproxy-n1.log")
sed -i "1s/.*/net_namespace ${INNER[n1b]}/" "$LAB_DIR/vrrp-n1.conf"
sed -i "s/namespace ${INNER[n1]}\$/namespace ${INNER[n1b]}/" "$LAB_DIR/haproxy-n1.cfg"
lab_haproxy_reload n1 || not_ok "reload of node1 into ${INNER[n1b]}"
check "a reload into another namespace: the VIP ends in the new one only" \
	wait_until 10 vip_only_in n1b
check "... and the client reaches node1 there" \
	wait_until 3 eval '[ "$(inner_request)" = "inner on n1" ]'
check "... the old worker handed over in its namespace, as at a stop" \
	wait_until 3 eval '[ "$(grep -c "$HANDED" "$LAB_DIR/haproxy-n1.log")" -gt "$handed_before" ]'
check "... nothing of the old namespace's VIP is left" \
	eval '! ip -n "${INNER[n1]}" addr show | grep -q "inet $LAB_VIP/"'

# node2's inner eth0 deleted and made again: the worker cannot open
# sockets in its namespace, so the instance stays in FAULT, saying so,
# until a reload (whose master opens them there).
ip -n "$INNER_SW" link del p-n2
ip -n "$INNER_SW" link add p-n2 type veth peer name "$LAB_IF" netns "${INNER[n2]}"
ip -n "$INNER_SW" link set p-n2 master br0 up
ip -n "${INNER[n2]}" addr add "${INNER_ADDR[n2]}/24" dev "$LAB_IF"
ip -n "${INNER[n2]}" link set "$LAB_IF" up
check "node2's interface made anew in its namespace: FAULT until a reload" \
	wait_until 5 grep -q "created anew in net_namespace ${INNER[n2]}: only HAProxy's master can open sockets there" "$LAB_DIR/haproxy-n2.log"
check "... shown as FAULT ($(field n2 state))" [ "$(field n2 state)" = FAULT ]
lab_haproxy_reload n2 || not_ok "reload of node2"
check "after node2's reload it follows node1 again" \
	wait_until 8 eval '[ "$(field n2 state)/$(field n2 master)" = "BACKUP/${INNER_ADDR[n1b]}" ]'
check "... and the VIP stayed with node1" vip_only_in n1b

# Stop both: nothing is left, in any namespace.
lab_haproxy_stop n1 TERM
lab_haproxy_stop n2 TERM
check "after the stop no namespace holds the VIP" wait_until 3 vip_only_in
check "nothing of HAProxy's (nor its notify helper) runs in the inner namespaces" \
	wait_until 3 eval '[ -z "$(ip netns pids "${INNER[n1]}")$(ip netns pids "${INNER[n2]}")$(ip netns pids "${INNER[n1b]}")" ]'
t_done
