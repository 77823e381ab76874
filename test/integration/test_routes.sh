#!/usr/bin/env bash
# keepalived's virtual_routes and virtual_rules move with mastership;
# static_ipaddress, static_routes and static_rules are there while HAProxy
# runs. Checked in the kernel of each node: after the election, a clean
# stop, a failback, a reload (nothing moves), reloads with a changed file
# (what it no longer has goes), a SIGTERM of the worker (the last gasp
# takes everything out), and a SIGKILL (what the crash left is removed by
# the next start, also what its file had and the new one has not). A route the kernel refuses is counted and
# logged, naming it.
source "$(dirname "$0")/common.sh"

lab_up || exit 1
routes="    virtual_routes {
        192.0.2.192/26 via 192.0.2.1 dev $LAB_IF
        src $LAB_VIP 192.0.2.128/28 dev $LAB_IF
        blackhole 192.0.2.160/27 table 100
        192.0.2.176/28 via 192.0.2.2 or 192.0.2.3 dev $LAB_IF
        2001:db8:1::/64 via 2001:db8::1 dev $LAB_IF metric 50
        192.0.2.64/27 via 198.51.100.1
        blackhole 192.0.2.96/27 table 1000
        192.0.2.48/28 via 192.0.2.1 dev $LAB_IF metric 9
        192.0.2.32/28 via 192.0.2.1 dev $LAB_IF metric 9 no_track
    }
    virtual_rules {
        from $LAB_VIP/32 table 100 preference 1000
        to 192.0.2.160/27 table 100
        inet6 from 2001:db8::/32 table 1000 preference 1100
    }"
for n in n1 n2; do
	conf=$(lab_vrrp_conf "$n" "$routes")
	cat >>"$conf" <<CONF
static_ipaddress {
    192.0.2.24${n#n}/32 dev $LAB_IF scope link
}
static_routes {
    192.0.2.224/28 via 192.0.2.1 dev $LAB_IF table 200
}
static_rules {
    fwmark 7 table 200 preference 2000
}
CONF
done

# What NODE's kernel holds of the virtual set: a word per piece present.
virtual_set() {
	local n=$1
	{
		ip -n "${LAB}$n" route show 192.0.2.192/26 | grep -q "via 192.0.2.1" && echo via
		ip -n "${LAB}$n" route show 192.0.2.128/28 | grep -q "src $LAB_VIP" && echo src
		ip -n "${LAB}$n" route show table 100 | grep -q "^blackhole 192.0.2.160/27" && echo blackhole
		ip -n "${LAB}$n" route show 192.0.2.176/28 | grep -c "nexthop via" | grep -qx 2 && echo multipath
		ip -n "${LAB}$n" -6 route show 2001:db8:1::/64 | grep -q "via 2001:db8::1 .*metric 50" && echo v6
		ip -n "${LAB}$n" rule show pref 1000 | grep -q "from $LAB_VIP lookup 100" && echo rule
		ip -n "${LAB}$n" rule show pref 16384 | grep -q "to 192.0.2.160/27 lookup 100" && echo rule-auto
		ip -n "${LAB}$n" route show table 1000 | grep -q "^blackhole 192.0.2.96/27" && echo table1000
		ip -n "${LAB}$n" -6 rule show pref 1100 | grep -q "from 2001:db8::/32 lookup 1000" && echo rule6
	} | tr '\n' ' ' | sed 's/ $//'
}
ALL="via src blackhole multipath v6 rule rule-auto table1000 rule6"

# The system's own routes on node2, equal to virtual ones but for their
# protocol (boot, as "ip route add" makes it). One twins a route we mark
# as ours (protocol keepalived): never ours to remove. The other twins a
# no_track route, which keepalived adds unmarked: a start's removal of a
# crashed run's routes cannot tell them apart, so it leaves it alone.
ip -n "${LAB}n2" route add 192.0.2.48/28 via 192.0.2.1 dev "$LAB_IF" metric 9
ip -n "${LAB}n2" route add 192.0.2.32/28 via 192.0.2.1 dev "$LAB_IF" metric 9
system_route() { ip -n "${LAB}n2" -d route show "${1:-192.0.2.48/28}" | grep -c "proto boot"; }

static_set() {
	local n=$1
	{
		ip -n "${LAB}$n" addr show dev "$LAB_IF" | grep -q "inet 192.0.2.24${n#n}/32 scope link" && echo addr
		ip -n "${LAB}$n" route show table 200 | grep -q "192.0.2.224/28 via 192.0.2.1" && echo route
		ip -n "${LAB}$n" rule show pref 2000 | grep -q "fwmark 0x7 lookup 200" && echo rule
	} | tr '\n' ' ' | sed 's/ $//'
}
STATIC="addr route rule"

# Predicates for wait_until: node $1 holds the whole virtual set and $2
# none of it; both nodes hold every static.
moved_to() { [ "$(virtual_set "$1")" = "$ALL" ] && [ -z "$(virtual_set "$2")" ]; }
statics_on_both() { [ "$(static_set n1)" = "$STATIC" ] && [ "$(static_set n2)" = "$STATIC" ]; }

check "the system's route is there before node2 starts" [ "$(system_route)" = 1 ]
check "haproxy-vrrp-check: the file loads as it is" \
	grep -q "^=> loads as it is" <<<"$("$VRRP_CHECK" "$LAB_DIR/vrrp-n1.conf")"
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_vip n1 8 "node1 (250) is master"
check "node1 (master) has every virtual route and rule, node2 (backup) none" \
	wait_until 2 moved_to n1 n2
check "both have the static address, route and rule" wait_until 2 statics_on_both
check "node2's start (removing what a crash could have left) kept the system's routes" \
	[ "$(system_route)/$(system_route 192.0.2.32/28)" = 1/1 ]
check "the route through an unreachable gateway is counted (route_errors $(field n1 route_errors))" \
	wait_until 3 eval '[ "$(field n1 route_errors)" -ge 1 ]'
check "... and logged, naming it" \
	grep -q "(VI_1) cannot add virtual route 192.0.2.64/27 via 198.51.100.1 (line [0-9]*): Network is unreachable" \
	"$LAB_DIR/haproxy-n1.log"

# Soft stop of node1 (SIGUSR1, no new worker comes): its virtual set and
# its statics go; node2 takes the virtual set.
lab_haproxy_stop n1 USR1
expect_vip n2 5 "node1 stops: node2 takes over"
check "node2 now has every virtual route and rule, node1 none" wait_until 2 moved_to n2 n1
check "node1's statics are gone with HAProxy" wait_until 3 eval '[ -z "$(static_set n1)" ]'
lab_haproxy_stop n1 TERM

# Failback: node1 preempts and the set moves back.
lab_haproxy_start n1 || exit 1
expect_vip n1 8 "node1 back: preempts"
check "the virtual set moved back to node1" wait_until 2 moved_to n1 n2

# A reload hands everything to the new worker: nothing leaves node1.
lab_haproxy_reload n1 || not_ok "reload of node1"
sleep 3
check "after a reload node1 is still master" [ "$(field n1 state)" = MASTER ]
check "... with its virtual set ($(virtual_set n1))" [ "$(virtual_set n1)" = "$ALL" ]
check "... and its statics ($(static_set n1))" [ "$(static_set n1)" = "$STATIC" ]
# The new worker added again what was there: the kernel's EEXIST counts as
# done, so the only failure ever logged is the unreachable gateway's.
check "no failure logged but the unreachable gateway's" \
	[ "$(grep "cannot add\|cannot remove" "$LAB_DIR/haproxy-n1.log" | grep -vc "192.0.2.64/27 via 198.51.100.1")" = 0 ]

# A reload with a file that has more: they go in (the virtual ones with
# mastership, node1 being master). A reload back to the first file takes
# out what it no longer has, but for a no_track route, which cannot be
# told from the system's own; the rest stays, and node1 stays master.
cp "$LAB_DIR/vrrp-n1.conf" "$LAB_DIR/vrrp-n1.first"
extra_set() {
	{
		ip -n "${LAB}n1" route show table 300 | grep -q "^192.0.2.16/28 via 192.0.2.1" && echo vroute
		ip -n "${LAB}n1" route show table 300 | grep -q "^192.0.2.0/29 via 192.0.2.1" && echo notrack
		ip -n "${LAB}n1" rule show pref 3000 | grep -q "from 192.0.2.16/28 lookup 300" && echo vrule
		ip -n "${LAB}n1" route show table 301 | grep -q "^192.0.2.8/29 via 192.0.2.1" && echo sroute
		ip -n "${LAB}n1" addr show dev "$LAB_IF" | grep -q "inet 192.0.2.250/32" && echo saddr
	} | tr '\n' ' ' | sed 's/ $//'
}
sed -i "s|^    virtual_routes {|&\n        192.0.2.16/28 via 192.0.2.1 dev $LAB_IF table 300\n        192.0.2.0/29 via 192.0.2.1 dev $LAB_IF table 300 no_track|; \
        s|^    virtual_rules {|&\n        from 192.0.2.16/28 table 300 preference 3000|; \
        s|^static_routes {|&\n    192.0.2.8/29 via 192.0.2.1 dev $LAB_IF table 301|; \
        s|^static_ipaddress {|&\n    192.0.2.250/32 dev $LAB_IF|" "$LAB_DIR/vrrp-n1.conf"
lab_haproxy_reload n1 || not_ok "reload of node1 with more routes"
check "a reload adds the new file's routes, rules and address ($(extra_set))" \
	wait_until 5 eval '[ "$(extra_set)" = "vroute notrack vrule sroute saddr" ]'
cp "$LAB_DIR/vrrp-n1.first" "$LAB_DIR/vrrp-n1.conf"
lab_haproxy_reload n1 || not_ok "reload of node1 back to the first file"
check "a reload back takes out what the file no longer has, but the no_track route ($(extra_set))" \
	wait_until 3 eval '[ "$(extra_set)" = notrack ]'
# (Each line may be in the log twice: HAProxy's and Lua's own output.)
removed_said() { grep -o "removing .*: no longer in the file" "$LAB_DIR/haproxy-n1.log" | sort -u | wc -l; }
check "... saying so for each" wait_until 2 eval '[ "$(removed_said)" = 4 ]'
check "... and why the no_track one stays" \
	grep -q "leaving route 192.0.2.0/29 via 192.0.2.1 dev $LAB_IF table 300: no longer in the file (no_track" \
	"$LAB_DIR/haproxy-n1.log"
check "node1 is still master" [ "$(field n1 state)" = MASTER ]
check "... with its virtual set ($(virtual_set n1))" [ "$(virtual_set n1)" = "$ALL" ]
check "... and its statics ($(static_set n1))" [ "$(static_set n1)" = "$STATIC" ]
ip -n "${LAB}n1" route del 192.0.2.0/29 via 192.0.2.1 dev "$LAB_IF" table 300

# The IPv6 virtual route goes in with the VIPs' lease and is renewed with
# them (IPv4 routes have no lifetime): on a live master it outlives the
# lifetime it was given; on a hung one (SIGSTOP) it lapses with the VIPs
# (the kernel's lookups skip it, and its collector deletes it later),
# while node2 takes over; after SIGCONT node1's renewal brings it back.
v6_lifetime() {  # $1: node; seconds left, "none" or "gone"
	local out
	out=$(ip -n "${LAB}$1" -6 route show 2001:db8:1::/64)
	[ -n "$out" ] || { echo gone; return; }
	[[ $out =~ expires\ (-?[0-9]+)sec ]] && echo "${BASH_REMATCH[1]}" || echo none
}
v6_routed() { ip -n "${LAB}$1" -6 route get 2001:db8:1::5 >/dev/null 2>&1; }
first=$(v6_lifetime n1)
check "node1's IPv6 virtual route has a lifetime (${first} s)" [ "$first" -gt 0 ] 2>/dev/null
sleep $(( ${first:-0} + 2 ))
check "... which its renewals push on ($(v6_lifetime n1) s left $((first + 2)) s later)" \
	[ "$(v6_lifetime n1)" -gt 0 ] 2>/dev/null
check "... and node1 routes through it" v6_routed n1
kill -STOP "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
expect_vip n2 8 "node1 hangs (SIGSTOP): node2 takes over"
check "the hung node1's IPv6 route lapses ($(v6_lifetime n1))" \
	wait_until 12 eval '! v6_routed n1'
check "node2 has it, and routes through it" v6_routed n2
check "the hung node1's route with src VIP went with the VIP" \
	wait_until 3 eval '[ -z "$(ip -n "${LAB}n1" route show 192.0.2.128/28)" ]'
kill -CONT "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
expect_vip n1 8 "node1 resumes as master"
check "node1's renewal brings its IPv6 route back ($(v6_lifetime n1))" \
	wait_until 5 v6_routed n1
check "node2 let go of it" wait_until 3 eval '[ "$(v6_lifetime n2)" = gone ]'

# SIGTERM of the worker (systemctl stop's path): the last gasp removes
# the virtual set and the statics.
lab_worker_signal n1 TERM
expect_vip n2 3 "node1's worker gets SIGTERM: node2 takes over"
check "node1's virtual set is gone ($(virtual_set n1))" \
	wait_until 2 eval '[ -z "$(virtual_set n1)" ]'
check "node1's statics are gone ($(static_set n1))" [ -z "$(static_set n1)" ]
lab_haproxy_stop n1 TERM

# SIGKILL leaves the routes in node1's kernel; the next start (as backup,
# nopreempt) removes them while node2 stays master.
lab_haproxy_start n1 || exit 1
expect_vip n1 8 "node1 back again"
wait_until 2 eval '[ "$(virtual_set n1)" = "$ALL" ]'
lab_worker_signal n1 KILL
lab_haproxy_stop n1 KILL
expect_vip n2 10 "node1 killed: node2 takes over"
check "the crash left node1's virtual routes behind ($(virtual_set n1))" [ -n "$(virtual_set n1)" ]
LAB_STATE=BACKUP lab_vrrp_conf n1 "$routes
    nopreempt" >/dev/null
cat >>"$LAB_DIR/vrrp-n1.conf" <<CONF
static_routes {
    192.0.2.224/28 via 192.0.2.1 dev $LAB_IF table 200
}
CONF
lab_haproxy_start n1 || exit 1
check "node1 starts as backup and removes what the crash left ($(virtual_set n1))" \
	wait_until 3 eval '[ -z "$(virtual_set n1)" ]'
check "node2 stays master with the virtual set" [ "$(virtual_set n2)" = "$ALL" ]
check "node1 is BACKUP" [ "$(field n1 state)" = BACKUP ]
check "node1's static route is back" wait_until 2 eval \
	'ip -n "${LAB}n1" route show table 200 | grep -q "192.0.2.224/28 via 192.0.2.1"'
# The crashed run's file had a static rule and address this one has not:
# the rule (marked as ours) goes; the address stays, as after a stop
# (which takes it out) one there now may be the system's own.
check "the crashed run's static rule, which this file has not, is removed" \
	wait_until 2 eval '[ -z "$(ip -n "${LAB}n1" rule show pref 2000)" ]'
check "its static address is left ($(static_set n1))" [ "$(static_set n1)" = "addr route" ]
check "... saying why" grep -q "leaving static address 192.0.2.241/32 dev $LAB_IF: no longer in the file (not a reload" \
	"$LAB_DIR/haproxy-n1.log"
# node2 was master and backup in turn: ours came and went beside the
# system's route, which is still there.
check "node2 kept the system's route throughout" [ "$(system_route)" = 1 ]
t_done
