#!/usr/bin/env bash
# Beyond one segment (issue 12): BIRD on each node announces the VIPs
# (192.0.2.100/32 of VI_1, 2001:db8::100/128 of the IPv6 instance VI_6) over
# BGP with haproxy-conf/bird-vip.conf as written (but for the node's own
# addresses and AS), to a router, a BIRD in a namespace of its own on the
# lab's bridge, that writes what it learns into its kernel table. The
# router routes the VIP to the master only, and moves the route to node2
# when node1's HAProxy stops cleanly (the VIP is removed at once), when its
# worker is killed and when it hangs (the VIP lapses with its lease); in
# the last two node1's BIRD and its BGP session carry on: the route goes
# because the address goes. Figures: each move's time, from the event to
# the router's kernel route pointing at node2.
source "$(dirname "$0")/common.sh"

for tool in bird birdc; do
	command -v "$tool" >/dev/null || { echo "$TEST_NAME: needs $tool (Debian package bird2)"; exit 1; }
done

LAB_ROUTER=1
declare -A BGP_AS=([rt]=65000 [n1]=65001 [n2]=65002)

# On failure, BIRD's logs too; then common.sh's cleanup (lab_down: every
# process in the lab's namespaces, BIRD's among them, the namespaces and
# $LAB_DIR), with the exit status it judges by.
bgp_cleanup() {
	local rc=$? n
	if [ "$T_FAILED" -ne 0 ] || [ "$rc" -ne 0 ]; then
		for n in rt n1 n2; do
			[ -f "$LAB_DIR/bird-$n.log" ] || continue
			echo "---- last lines of BIRD in $n ----" >&2
			tail -15 "$LAB_DIR/bird-$n.log" >&2
		done
	fi
	(exit "$rc")
	t_cleanup
}
trap bgp_cleanup EXIT

# BIRD in NODE's namespace on $LAB_DIR/bird-NODE.conf, in the foreground
# of a background job, with its control socket, pid file and log in
# $LAB_DIR (never the system's /run/bird). lab_down kills it with the
# namespace.
bird_start() {
	local n=$1
	ip netns exec "${LAB}$n" bird -f -c "$LAB_DIR/bird-$n.conf" -s "$LAB_DIR/bird-$n.ctl" \
		-P "$LAB_DIR/bird-$n.pid" >>"$LAB_DIR/bird-$n.log" 2>&1 &
	LAB_PIDS+=($!)
	disown $!
}

# birdc on NODE's BIRD (a Unix socket: no network involved).
bird_cli() { birdc -s "$LAB_DIR/bird-$1.ctl" "${@:2}"; }

# NODE's config: haproxy-conf/bird-vip.conf with the node's router id,
# address and AS; fails if the file no longer has the lab's values where
# this expects them (the test would no longer run the file as written).
node_conf() {
	local n=$1 conf="$LAB_DIR/bird-$1.conf"
	{
		printf '%s\n' "log stderr all;" "debug protocols { states };"
		sed -e "s/^router id 192\.0\.2\.11;/router id ${LAB_ADDR[$n]};/" \
		    -e "s/^\([[:space:]]*local\) 192\.0\.2\.11 as 65001;/\1 ${LAB_ADDR[$n]} as ${BGP_AS[$n]};/" \
		    -e "s/^\([[:space:]]*local\) 2001:db8::11 as 65001;/\1 ${LAB_ADDR6[$n]} as ${BGP_AS[$n]};/" \
		    "$LAB_REPO/haproxy-conf/bird-vip.conf"
	} >"$conf"
	grep -q "^router id ${LAB_ADDR[$n]};" "$conf" &&
	grep -q "^[[:space:]]*local ${LAB_ADDR[$n]} as ${BGP_AS[$n]};" "$conf" &&
	grep -q "^[[:space:]]*local ${LAB_ADDR6[$n]} as ${BGP_AS[$n]};" "$conf" &&
	grep -q "^[[:space:]]*neighbor ${LAB_ADDR[rt]} as ${BGP_AS[rt]};" "$conf" &&
	grep -q "^[[:space:]]*neighbor ${LAB_ADDR6[rt]} as ${BGP_AS[rt]};" "$conf" &&
	grep -q "^[[:space:]]*interface \"$LAB_IF\";" "$conf" &&
	grep -q "^[[:space:]]*if net = $LAB_VIP/32 then accept;" "$conf" &&
	grep -q "^[[:space:]]*if net = $LAB_VIP6/128 then accept;" "$conf"
}

# The router: a session to each node, everything learnt accepted (the
# nodes' filters are under test) and written into its kernel table.
router_conf() {
	cat >"$LAB_DIR/bird-rt.conf" <<CONF
log stderr all;
debug protocols { states };
router id ${LAB_ADDR[rt]};
protocol device {
	scan time 10;
}
protocol kernel {
	ipv4 {
		import none;
		export all;
	};
}
protocol kernel {
	ipv6 {
		import none;
		export all;
	};
}
template bgp node {
	local ${LAB_ADDR[rt]} as ${BGP_AS[rt]};
	hold time 3;
	keepalive time 1;
	connect retry time 1;
	ipv4 {
		import all;
		export none;
	};
}
template bgp node6 {
	local ${LAB_ADDR6[rt]} as ${BGP_AS[rt]};
	hold time 3;
	keepalive time 1;
	connect retry time 1;
	ipv6 {
		import all;
		export none;
	};
}
protocol bgp n1 from node {
	neighbor ${LAB_ADDR[n1]} as ${BGP_AS[n1]};
}
protocol bgp n2 from node {
	neighbor ${LAB_ADDR[n2]} as ${BGP_AS[n2]};
}
protocol bgp n1v6 from node6 {
	neighbor ${LAB_ADDR6[n1]} as ${BGP_AS[n1]};
}
protocol bgp n2v6 from node6 {
	neighbor ${LAB_ADDR6[n2]} as ${BGP_AS[n2]};
}
CONF
}

# The node the router's kernel routes the VIP to: n1, n2, none, or the
# next hop itself if it is neither.
route_to() {
	local via
	via=$(ip -n "${LAB}rt" -4 route show "$LAB_VIP/32" |
		awk '{ for (i = 1; i < NF; i++) if ($i == "via") print $(i + 1) }')
	case $via in
	"") echo none ;;
	"${LAB_ADDR[n1]}") echo n1 ;;
	"${LAB_ADDR[n2]}") echo n2 ;;
	*) echo "$via" ;;
	esac
}
routed_to() { [ "$(route_to)" = "$1" ]; }

# The same for the IPv6 VIP (the next hop is the node's global or
# link-local address).
route6_to() {
	local via n
	via=$(ip -n "${LAB}rt" -6 route show "$LAB_VIP6/128" |
		awk '{ for (i = 1; i < NF; i++) if ($i == "via") print $(i + 1) }')
	[ -n "$via" ] || { echo none; return; }
	for n in n1 n2; do
		if [ "$via" = "${LAB_ADDR6[$n]}" ] ||
		   ip -n "${LAB}$n" -6 addr show dev "$LAB_IF" | grep -q "inet6 $via/"; then
			echo "$n"; return
		fi
	done
	echo "$via"
}
routed6_to() { [ "$(route6_to)" = "$1" ]; }

# The sessions the router's BIRD has a route to the VIP from, e.g. "n1"
# or "n1 n2" (empty if none).
announcers() {
	bird_cli rt show route "$LAB_VIP/32" | grep -o 'unicast \[[^ ]*' | sed 's/.*\[//' | sort | xargs
}
announced_by() { [ "$(announcers)" = "$1" ]; }
# The same for the IPv6 VIP: "n1v6", ...
announcers6() {
	bird_cli rt show route "$LAB_VIP6/128" | grep -o 'unicast \[[^ ]*' | sed 's/.*\[//' | sort | xargs
}
announced6_by() { [ "$(announcers6)" = "$1" ]; }

# Whether PROTOCOL of NODE's BIRD is an established BGP session.
established() { bird_cli "$1" show protocols "$2" | grep -q Established; }
# When PROTOCOL of NODE's BIRD last changed state ("Since").
since() { bird_cli "$1" show protocols "$2" | awk -v p="$2" '$1 == p { print $5 }'; }

# Networks the router's BIRD has, in all its tables (master4, master6):
# the sum of each table's "N of N routes for N networks in table T".
router_networks() {
	bird_cli rt show route count | awk '
		/ in table / { for (i = 1; i < NF; i++) if ($(i + 1) == "networks") n += $i }
		END { print n + 0 }'
}

vip_on() { [ "$(lab_vip_holder)" = "$1" ]; }

# A request from the router to the VIP, along its route.
router_request() { lab_ns rt curl -s -o /dev/null --max-time 2 "http://$LAB_VIP:16443/"; }

# Every 20 ms from $t0 (15 s at most) until the router routes both VIPs
# to NODE: route_ms (route6_ms) is when the IPv4 (IPv6) route did, -1 if
# not by then; vip_ms when NODE was first seen holding the IPv4 VIP.
watch_move() {
	local n=$1 now
	route_ms=-1 route6_ms=-1 vip_ms=-1
	while :; do
		now=$(lab_now_ms)
		if [ "$vip_ms" -lt 0 ] && lab_has_vip "$n"; then vip_ms=$((now - t0)); fi
		if [ "$route_ms" -lt 0 ] && routed_to "$n"; then
			route_ms=$((now - t0))
			[ "$vip_ms" -ge 0 ] || vip_ms=$route_ms
		fi
		if [ "$route6_ms" -lt 0 ] && routed6_to "$n"; then route6_ms=$((now - t0)); fi
		[ "$route_ms" -ge 0 ] && [ "$route6_ms" -ge 0 ] && return 0
		[ $((now - t0)) -ge 15000 ] && return 1
		sleep 0.02
	done
}

# After node1's failure WHAT at $t0, the route moves to node2: node2
# alone holds the VIP, the router has node2's route only, and reaches the
# VIP. Prints the times.
moved_to_node2() {
	local what=$1
	watch_move n2
	echo "# $what: node2 held the VIP after ${vip_ms} ms, the router's route pointed at it after ${route_ms} ms (IPv6: ${route6_ms} ms)"
	check_between "$what: the router routes the VIP to node2 after ${route_ms} ms (at most 15 s)" "$route_ms" 0 15000
	check_between "$what: and the IPv6 VIP after ${route6_ms} ms" "$route6_ms" 0 15000
	check "$what: node2 alone holds the VIP (node1's lapsed or went)" wait_until 8 vip_on n2
	check "$what: the router's only route to the VIP is node2's" wait_until 5 announced_by n2
	check "$what: and to the IPv6 VIP" wait_until 5 announced6_by n2v6
	check "$what: the router's kernel route points at node2" routed_to n2
	check "$what: a request from the router to the VIP is served" router_request
}

# node1 back as master (preempt): the route follows it back.
back_to_node1() {
	local what=$1
	expect_vip n1 8 "$what: node1 preempts"
	t0=$(lab_now_ms)
	watch_move n1
	check_between "$what: the route is back at node1 ${route_ms} ms after node1 took the VIP" "$route_ms" 0 15000
	check_between "$what: the IPv6 route too (${route6_ms} ms)" "$route6_ms" 0 15000
	check "$what: the router's only route to the VIP is node1's again" wait_until 5 announced_by n1
}

# The seed's pair, each node's vrrp.conf with an IPv6 instance beside VI_1.
lab_up || exit 1
for n in n1 n2; do
	LAB_NO_AUTH=1 LAB_WITH_V6=1 lab_vrrp_conf "$n" >/dev/null
	lab_haproxy_start "$n" || exit 1
done
check "node1 holds both VIPs" wait_until 8 eval 'vips_on n1 "$LAB_VIP" "$LAB_VIP6"'
check "haproxy-conf/bird-vip.conf fits node1 (router id, local, neighbor, interface, VIP)" node_conf n1
check "haproxy-conf/bird-vip.conf fits node2" node_conf n2
router_conf
for n in rt n1 n2; do
	bird_start "$n"
done
check "router's BGP session with node1 established" wait_until 15 established rt n1
check "router's BGP session with node2 established" wait_until 15 established rt n2
check "router's IPv6 sessions established" wait_until 15 eval 'established rt n1v6 && established rt n2v6'
check "node1's BIRD: session with the router established" established n1 upstream
check "the router learns the VIP from node1 (the master) only" wait_until 5 announced_by n1
check "and the IPv6 VIP from node1 only" wait_until 5 announced6_by n1v6
check "the router's kernel routes the VIP to node1" wait_until 5 routed_to n1
check "the router's kernel routes the IPv6 VIP to node1" wait_until 5 routed6_to n1
check "the router learnt nothing but the VIPs (2 networks: $(router_networks))" [ "$(router_networks)" = 2 ]
check "a request from the router to the VIP is served" router_request

# (a) Clean stop: HAProxy removes the VIP as it stops, BIRD withdraws the
# /32 at once, node2 takes over after Skew_Time.
t0=$(lab_now_ms)
kill -TERM "$(lab_master_pid n1)"
moved_to_node2 "clean stop"
ms_stop=$route_ms ms6_stop=$route6_ms
lab_haproxy_stop n1 TERM   # waits for it to be gone, forgets its pid
lab_haproxy_start n1 || exit 1
back_to_node1 "after the clean stop"

# (b) Node1's worker killed: nothing removes the VIP, it lapses with its
# lease (5 s); node2 takes over after Master_Down_Interval. Node1's BIRD
# and its session carry on.
up_since=$(since rt n1)
t0=$(lab_now_ms)
lab_worker_signal n1 KILL
moved_to_node2 "SIGKILL"
ms_kill=$route_ms ms6_kill=$route6_ms
check "SIGKILL: node1's BGP session stayed up (since $up_since)" [ "$(since rt n1)" = "$up_since" ]
lab_haproxy_stop n1 KILL
lab_haproxy_start n1 || exit 1
back_to_node1 "after SIGKILL"

# (c) Node1's HAProxy hangs (master and worker stopped): as (b), the VIP
# lapses with its lease while the process lives on.
up_since=$(since rt n1)
t0=$(lab_now_ms)
kill -STOP "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
moved_to_node2 "SIGSTOP"
ms_hang=$route_ms ms6_hang=$route6_ms
check "SIGSTOP: node1's BGP session stayed up (since $up_since)" [ "$(since rt n1)" = "$up_since" ]
kill -CONT "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
back_to_node1 "after SIGCONT"

echo "# route moved to node2 (ms from the event to the router's kernel route): clean stop ${ms_stop}, SIGKILL ${ms_kill}, SIGSTOP ${ms_hang}; IPv6 ${ms6_stop}, ${ms6_kill}, ${ms6_hang}"
t_done
