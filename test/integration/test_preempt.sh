#!/usr/bin/env bash
# nopreempt holds a lower-priority master in place; preempt_delay delays
# the takeover; a priority tie goes to the higher primary address.
source "$(dirname "$0")/common.sh"

lab_up || exit 1
lab_vrrp_conf n2 >/dev/null

# node2 alone becomes master.
lab_haproxy_start n2 || exit 1
expect_vip n2 8 "node2 alone becomes master"

# nopreempt: node1 (250) joins and leaves node2 (200) in charge.
LAB_STATE=BACKUP lab_vrrp_conf n1 "    nopreempt" >/dev/null
lab_haproxy_start n1 || exit 1
sleep 6
check "nopreempt: VIP stays on node2 for 6 s" [ "$(lab_vip_holder)" = n2 ]
check "nopreempt: node1 is BACKUP" [ "$(field n1 state)" = BACKUP ]
check "nopreempt: node1 follows node2" [ "$(field n1 master)" = 192.0.2.12 ]
# Clean stop of node2: node1 takes over even though it does not preempt.
lab_haproxy_stop n2 TERM
expect_vip n1 2 "nopreempt node takes over when the master stops"
lab_haproxy_stop n1 TERM
lab_wait_vip none 2

# preempt_delay 4: node1 waits about 4 s before it preempts node2.
lab_haproxy_start n2 || exit 1
lab_wait_vip n2 8
LAB_STATE=BACKUP lab_vrrp_conf n1 "    preempt_delay 4" >/dev/null
t0=$(lab_now_ms)
lab_haproxy_start n1 || exit 1
sleep 3.5
check "preempt_delay: VIP still on node2 after 3.5 s" [ "$(lab_vip_holder)" = n2 ]
if lab_wait_vip n1 10; then
	took=$(( $(lab_now_ms) - t0 ))
	check "preempt_delay: node1 preempts after the delay (${took} ms)" [ "$took" -ge 4000 ]
else
	not_ok "preempt_delay: node1 never preempted"
fi

# Tie on priority: node1 is master at 250; a router with the same priority
# and a lower address is ignored, one with a higher address wins.
# node2 leaves first, and node1 reads what node2 sent before it became a
# backup, so that the only advert node1 can count next is the injected one.
lab_haproxy_stop n2 TERM
prev=-1
wait_until 5 eval 'cur=$(field n1 rx_adverts); sleep 1.1; [ "$cur" = "$prev" ] || { prev=$cur; false; }'
ip -n "${LAB}cl" addr add 192.0.2.5/24 dev "$LAB_IF"
advert250=2133fa0101010000c00002646365623162336563   # v2 PASS, vrid 51, prio 250
left=$(field n1 left_master)
rx=$(field n1 rx_adverts)
check "advert sent from 192.0.2.5" lab_ns cl "$VRRP_SEND" -c 2 -s 192.0.2.5 "$LAB_IF" "$advert250"
# A master reads its socket every half advert interval (0.5 s here).
wait_until 3 eval '[ "$(field n1 rx_adverts)" -gt "$rx" ]'
check "node1 received it" [ "$(field n1 rx_adverts)" = $((rx + 1)) ]
check "tie, lower address (192.0.2.5): node1 stays MASTER" [ "$(field n1 state)" = MASTER ]
check "tie, lower address: node1 did not leave master" [ "$(field n1 left_master)" = "$left" ]
check "advert sent from 192.0.2.50" lab_ns cl "$VRRP_SEND" -c 2 -s 192.0.2.50 "$LAB_IF" "$advert250"
wait_until 3 eval '[ "$(field n1 left_master)" -gt "$left" ]'
check "tie, higher address (192.0.2.50): node1 steps down" [ "$(field n1 left_master)" = $((left + 1)) ]
check "tie, higher address: node1 follows 192.0.2.50" [ "$(field n1 master)" = 192.0.2.50 ]
# That router never speaks again: node1 takes back over.
expect_vip n1 6 "node1 master again once the other router is silent"

t_done
