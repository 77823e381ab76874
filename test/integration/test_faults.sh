#!/usr/bin/env bash
# Netlink and socket failures, injected into node1's real HAProxy by a
# preloaded library (test/tools/faultinj.c; the module is the shipped one):
#
#  1. one netlink answer that never comes: the renewal is given up after
#     200 ms and counted, and the next renewal works (answers are matched
#     to requests by sequence number);
#  2. renewals that keep timing out: the master steps aside before its
#     lease runs out (FAULT with the reason, priority 0), node2 serves, and
#     node1 comes back once netlink works again;
#  3. renewals the kernel refuses: the master steps aside at once;
#  4. receive errors on the VRRP socket are counted as rx_errors, not
#     tx_errors.
source "$(dirname "$0")/common.sh"

[ -n "${VRRP_FAULTINJ:-}" ] || { echo "$TEST_NAME: VRRP_FAULTINJ not set (run through ctest)"; exit 1; }
faults=$LAB_DIR/faults-n1
lab_up || exit 1
: >"$faults"
chmod 644 "$faults"
lab_vrrp_conf n1 >/dev/null
lab_vrrp_conf n2 >/dev/null
LAB_WRAP="env LD_PRELOAD=$VRRP_FAULTINJ VRRP_FAULTS=$faults" lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
lab_wait_vip n1 8 || { not_ok "no election: VIP on $(lab_vip_holder)"; exit 1; }
inject() { printf '%s\n' "$@" >"$faults"; }

# valid_lft of the VIP on node1 in seconds (empty if absent).
vip_lft() {
	lab_ns n1 ip -4 addr show dev "$LAB_IF" | awk -v vip="inet $LAB_VIP/" '
		index($0, vip) { found = 1; next }
		found { sub("sec", "", $2); print $2; exit }'
}
lease=$(vip_lft)

# 1. One answer lost.
inject "nl_drop_acks 1"
sleep 5
check "one stalled reply: node1 is still MASTER" [ "$(field n1 state)" = MASTER ]
check "... the renewal that timed out was counted (vip_errors $(field n1 vip_errors))" \
	[ "$(field n1 vip_errors)" = 1 ]
check "... later renewals work again (log)" grep -q "(VI_1) virtual addresses renewed again" "$LAB_DIR/haproxy-n1.log"
l=$(vip_lft)
check_between "... the VIP's lifetime is renewed (${l:-none} s of $lease)" "${l:-0}" $((lease - 2)) "$lease"
check "... node2 never became master" [ "$(field n2 became_master)" = 0 ]

# 2. Every reply stalled: renewals keep timing out. The master steps aside
# while its lease still runs (two advert intervals before the end).
t0=$(lab_now_ms)
inject "nl_drop_acks 1000000"
if wait_until 8 lab_has_vip n2; then
	took=$(( $(lab_now_ms) - t0 ))
	check_between "timeouts: node2 took over after ${took} ms (lease ${lease} s)" "$took" 0 $((lease * 1000))
else
	not_ok "timeouts: node2 did not take over (VIP on $(lab_vip_holder))"
fi
check "timeouts: node1 says FAULT" [ "$(field n1 state)" = FAULT ]
check "timeouts: fault=vip" [ "$(field n1 fault)" = vip ]
check "timeouts: show vrrp gives the reason" \
	grep -q "^# fault VI_1: cannot renew the virtual addresses on $LAB_IF: .*Connection timed out" <<<"$(lab_show_vrrp n1)"
check "timeouts: node2 saw node1's priority 0" [ "$(field n2 rx_stop)" -ge 1 ]
check "timeouts: node1's stale VIP lapses with its lease" lab_wait_vip n2 $((lease + 2))

# Netlink works again: after its hold (5 s) node1 leaves FAULT, and
# preempts as usual.
t0=$(lab_now_ms)
inject
if lab_wait_vip n1 15; then
	ok "recovered: node1 master again after $(( $(lab_now_ms) - t0 )) ms"
else
	not_ok "recovered: VIP on $(lab_vip_holder), not node1"
fi
check "recovered: node1 is MASTER" [ "$(field n1 state)" = MASTER ]
check "recovered: fault cleared" [ "$(field n1 fault)" = none ]

# 3. The kernel refuses the renewal (EINVAL): no point waiting.
sleep 1
t0=$(lab_now_ms)
inject nl_refuse_newaddr
if lab_wait_vip n2 4; then
	took=$(( $(lab_now_ms) - t0 ))
	check_between "refused: node1 stepped aside and node2 serves after ${took} ms" "$took" 0 2500
else
	not_ok "refused: VIP on $(lab_vip_holder), wanted node2 alone"
fi
check "refused: the reason names the kernel's answer" \
	grep -q "^# fault VI_1: cannot renew the virtual addresses on $LAB_IF: .*Invalid argument" <<<"$(lab_show_vrrp n1)"
check "refused: effective priority 0 while in FAULT" [ "$(field n1 effective_priority)" = 0 ]
# Back after the hold, doubled to 10 s: this second fault came less than a
# minute after the first.
inject
lab_wait_vip n1 25 || not_ok "refused: node1 did not come back (VIP on $(lab_vip_holder))"
check "refused: the hold doubled" grep -q "Invalid argument; trying again in 10 s" "$LAB_DIR/haproxy-n1.log"

# 4. Receive errors.
tx0=$(field n1 tx_errors)
inject "raw_recv_error 3"
sleep 1
check "receive errors counted as rx_errors ($(field n1 rx_errors))" [ "$(field n1 rx_errors)" -ge 1 ]
check "... not as tx_errors" [ "$(field n1 tx_errors)" = "$tx0" ]
check "... and logged as receive errors" grep -q "VRRP socket of index [0-9]* from ${LAB_ADDR[n1]}: receive: Input/output error" "$LAB_DIR/haproxy-n1.log"
check "node1 still MASTER after the receive errors" [ "$(field n1 state)" = MASTER ]

t_done
