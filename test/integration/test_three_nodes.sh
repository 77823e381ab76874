#!/usr/bin/env bash
# More than two routers. Three nodes in one VRID (priorities 250, 200,
# 150): the highest is master, the next takes over when it stops or dies,
# the third only when both are gone, and preemption brings them back in
# order. Then two VRIDs active-active over two nodes (each master of one,
# backup of the other): a node that dies hands both to the other.
source "$(dirname "$0")/common.sh"

LAB_NODES="n1 n2 n3"
lab_up || exit 1

# Waits for the VIP on $1 and checks it took at most $2 ms from $t0.
took_at_most() {
	local want=$1 max=$2 what=$3 ms
	if lab_wait_vip "$want" 10; then
		ms=$(( $(lab_now_ms) - t0 ))
		check_between "$what (VIP on $want after $ms ms)" "$ms" 0 "$max"
	else
		not_ok "$what (VIP on $(lab_vip_holder), wanted $want)"
	fi
}
follows() { [ "$(field "$1" master)" = "${LAB_ADDR[$2]}" ]; }

for n in n1 n2 n3; do lab_vrrp_conf "$n" >/dev/null; done
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
lab_haproxy_start n3 || exit 1
expect_vip n1 8 "three nodes: node1 (250) is master"
check "node2 follows node1" wait_until 3 follows n2 n1
check "node3 follows node1" wait_until 3 follows n3 n1

# A clean stop: priority 0, and the next in line (node2, Skew_Time 218 ms,
# before node3's 414 ms) takes over.
t0=$(lab_now_ms)
lab_haproxy_stop n1 TERM
took_at_most n2 2000 "node1 stops: node2 (200) takes over, not node3"
check "node3 now follows node2" wait_until 3 follows n3 n2
check "node3 stayed BACKUP" [ "$(field n3 became_master)" = 0 ]
# Dead (its worker SIGKILLed: no priority 0): node3 takes over after its
# Master_Down_Interval (3.41 s), and the VIP is node3's alone once node2's
# copy lapses with its lease.
t0=$(lab_now_ms)
lab_worker_signal n2 KILL
took_at_most n3 6000 "node2's worker killed: node3 (150) takes over"
check "only now did node3 become master" [ "$(field n3 became_master)" = 1 ]
# Back in order: node2 preempts node3, node1 preempts node2.
lab_haproxy_stop n2 KILL
lab_haproxy_start n2 || exit 1
expect_vip n2 8 "node2 back: preempts node3"
check "node3 follows node2 again" wait_until 3 follows n3 n2
lab_haproxy_start n1 || exit 1
expect_vip n1 8 "node1 back: preempts node2"
check "node2 follows node1" wait_until 3 follows n2 n1
check "node3 follows node1" wait_until 3 follows n3 n1
check "no node but node1 holds the VIP" [ "$(lab_vip_holder)" = n1 ]
for n in n1 n2 n3; do lab_haproxy_stop "$n" TERM; done
lab_wait_vip none 5

# Active-active: VI_1 (.100, vrid 51) master on node1, VI_2 (.101, vrid 52)
# master on node2.
VIP2=192.0.2.101
aa_conf() {
	local n=$1 p1 p2 conf="$LAB_DIR/aa-$1.conf"
	if [ "$n" = n1 ]; then p1=250 p2=200; else p1=200 p2=250; fi
	cat >"$conf" <<CONF
vrrp_instance VI_1 {
    interface $LAB_IF
    virtual_router_id 51
    priority $p1
    virtual_ipaddress {
        $LAB_VIP
    }
}
vrrp_instance VI_2 {
    interface $LAB_IF
    virtual_router_id 52
    priority $p2
    virtual_ipaddress {
        $VIP2
    }
}
CONF
	echo "$conf"
}
holds() { ip -n "${LAB}$1" -4 addr show dev "$LAB_IF" | grep -q "inet $2/"; }
lab_haproxy_start n1 "$(aa_conf n1)" || exit 1
lab_haproxy_start n2 "$(aa_conf n2)" || exit 1
check "active-active: node1 holds VI_1's VIP" wait_until 8 holds n1 "$LAB_VIP"
check "active-active: node2 holds VI_2's VIP" wait_until 8 holds n2 "$VIP2"
check "... and not each other's" \
	bash -c '! ip -n "$1n1" -4 addr show | grep -q "inet $2/" && ! ip -n "$1n2" -4 addr show | grep -q "inet $3/"' \
	_ "$LAB" "$VIP2" "$LAB_VIP"
lab_worker_signal n1 KILL
check "node1 dies: node2 takes VI_1's VIP as well" wait_until 6 holds n2 "$LAB_VIP"
check "node2 kept VI_2's" holds n2 "$VIP2"
lab_haproxy_stop n1 KILL
lab_haproxy_start n1 "$LAB_DIR/aa-n1.conf" || exit 1
check "node1 back: preempts VI_1 only" wait_until 8 holds n1 "$LAB_VIP"
check "node2 gave VI_1's VIP up" wait_until 3 bash -c '! ip -n "$1n2" -4 addr show | grep -q "inet $2/"' _ "$LAB" "$LAB_VIP"
check "node2 still holds VI_2's VIP" holds n2 "$VIP2"

t_done
