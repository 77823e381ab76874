#!/usr/bin/env bash
# Many instances on one link, as cheaply as one: 40 VRRPv3 instances at
# advert_int 0.1 s per node share one raw socket (adverts dispatched by
# VRID), the master renews each VIP's lease after a third of it instead of
# with every advert, a reload keeps all 40 on node1 (each new instance's
# claim is answered, none given up), and all 40 fail over and back.
source "$(dirname "$0")/common.sh"

COUNT=40
lab_up || exit 1

# VI_1 has the lab's VIP; the others 192.0.2.101 and up.
vip_of() { [ "$1" = 1 ] && echo "$LAB_VIP" || echo "192.0.2.$((99 + $1))"; }
for n in n1 n2; do
	if [ "$n" = n1 ]; then prio=250; else prio=200; fi
	{
		printf 'global_defs {\n    vrrp_version 3\n}\n'
		for k in $(seq "$COUNT"); do
			printf 'vrrp_instance VI_%d {\n    interface %s\n    virtual_router_id %d\n' "$k" "$LAB_IF" "$k"
			printf '    priority %d\n    advert_int 0.1\n' "$prio"
			printf '    virtual_ipaddress {\n        %s/32\n    }\n}\n' "$(vip_of "$k")"
		done
	} >"$LAB_DIR/many-$n.conf"
done
vips_on() { ip -n "${LAB}$1" -4 addr show dev "$LAB_IF" | grep -c 'inet 192\.0\.2\.[0-9]*/32'; }
states() { lab_show_vrrp "$1" | awk '$1 ~ /^VI_/ { for (i = 2; i <= NF; i++) if ($i ~ /^state=/) print substr($i, 7) }' | sort | uniq -c | awk '{ printf "%s%s:%s", sep, $2, $1; sep = " " }'; }
has_all() { [ "$(vips_on "$1")" -eq "$COUNT" ]; }

lab_haproxy_start n1 "$LAB_DIR/many-n1.conf" || exit 1
lab_haproxy_start n2 "$LAB_DIR/many-n2.conf" || exit 1
if wait_until 10 has_all n1; then ok "node1 holds all $COUNT VIPs"; else not_ok "node1 holds $(vips_on n1) of $COUNT VIPs"; fi
check "node1: all MASTER ($(states n1))" [ "$(states n1)" = "MASTER:$COUNT" ]
wait_until 5 eval '[ "$(states n2)" = "BACKUP:$COUNT" ]'
check "node2: all BACKUP ($(states n2))" [ "$(states n2)" = "BACKUP:$COUNT" ]
check "node2 holds no VIP" [ "$(vips_on n2)" -eq 0 ]

# Raw sockets of IP protocol 112 ("...:0070" in /proc/net/raw) among the
# worker's descriptors: one for the link, however many instances.
raw_vrrp_sockets() {
	local w=$1 inodes
	inodes=$(awk '$2 ~ /:0070$/ { print $10 }' "/proc/$w/net/raw" | sort -u)
	ls -l "/proc/$w/fd" 2>/dev/null | grep -o 'socket:\[[0-9]*\]' | tr -d 'socket:[]' |
		grep -Fxc -f <(echo "$inodes") || true
}
for n in n1 n2; do
	s=$(raw_vrrp_sockets "$(lab_worker_pid "$n")")
	check "$n: one VRRP raw socket for $COUNT instances (got $s)" [ "$s" -eq 1 ]
done

# The lease (2 s at advert_int 0.1) is renewed after a third of it: in 5 s
# a few renewals per VIP, not one per advert (50). The kernel announces
# each renewal (RTM_NEWADDR).
ip -ts -n "${LAB}n1" monitor address >"$LAB_DIR/renewals.log" 2>&1 &
mon=$!
LAB_PIDS+=($mon)
sleep 5
kill "$mon" 2>/dev/null
wait "$mon" 2>/dev/null
r=$(grep -c "inet ${LAB_VIP//./\\.}/32" "$LAB_DIR/renewals.log")
check_between "VI_1's lease renewed $r times in 5 s (every advert would be 50)" "$r" 2 20
check "node1 still holds all $COUNT VIPs" has_all n1

# A reload: the new worker carries on as master of all 40. Every claim it
# sends is answered by the kernel; none may time out and step aside.
ip -ts -n "${LAB}n2" monitor address >"$LAB_DIR/n2-addr.log" 2>&1 &
mon=$!
LAB_PIDS+=($mon)
check "node1 reloaded" lab_haproxy_reload n1
sleep 3
kill "$mon" 2>/dev/null
wait "$mon" 2>/dev/null
check "after the reload: node1 holds all $COUNT VIPs" has_all n1
check "after the reload: node1 all MASTER ($(states n1))" [ "$(states n1)" = "MASTER:$COUNT" ]
check "after the reload: no VIP error on node1" \
	[ "$(lab_show_vrrp n1 | grep -c 'vip_errors=[1-9]')" -eq 0 ]
check "after the reload: node2 never took a VIP" \
	[ "$(grep -v Deleted "$LAB_DIR/n2-addr.log" | grep -c 'inet 192\.0\.2\.')" -eq 0 ]

# Clean stop: every instance moves to node2; back when node1 returns.
t0=$(lab_now_ms)
lab_haproxy_stop n1 TERM
if wait_until 5 has_all n2; then
	ok "all $COUNT VIPs on node2 $(( $(lab_now_ms) - t0 )) ms after node1 stopped"
else
	not_ok "node2 holds $(vips_on n2) of $COUNT VIPs after node1 stopped"
fi
check "node1 let go of every VIP" [ "$(vips_on n1)" -eq 0 ]
check "node2: all MASTER ($(states n2))" [ "$(states n2)" = "MASTER:$COUNT" ]
lab_haproxy_start n1 "$LAB_DIR/many-n1.conf" || exit 1
if wait_until 10 has_all n1; then ok "all $COUNT VIPs back on node1"; else not_ok "node1 holds $(vips_on n1) of $COUNT VIPs"; fi
wait_until 5 eval '[ "$(vips_on n2)" -eq 0 ]'
check "node2 let go of every VIP" [ "$(vips_on n2)" -eq 0 ]

t_done
