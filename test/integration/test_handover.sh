#!/usr/bin/env bash
# Planned handover from the stats socket: "vrrp resign" moves the VIP to
# the other node with no failed request (the VIP stays until the other
# node has taken over), "vrrp resume" brings it back, also without one.
source "$(dirname "$0")/common.sh"

t_start_pair elect
lab_probe_start 120
sleep 1

out=$(lab_cli n1 vrrp resign VI_2)
check "resigning an unknown instance says so" grep -q "no VRRP instance named VI_2" <<<"$out"
check "help lists vrrp resign and vrrp resume" \
	bash -c "grep -q 'vrrp resign' <<<\"\$1\" && grep -q 'vrrp resume' <<<\"\$1\"" _ "$(lab_cli n1 help)"

t=$(lab_now_ms)
out=$(lab_cli n1 vrrp resign)
check "vrrp resign answers" grep -q "resigned 1 instance" <<<"$out"
expect_vip n2 3 "resign: VIP moves to node2"
check "node1 is BACKUP at effective priority 1" \
	grep -q "^VI_1 state=BACKUP priority=250 effective_priority=1 " <<<"$(lab_show_vrrp n1)"
sleep 4
check "node1 stays BACKUP (it does not preempt while resigned)" [ "$(field n1 state)" = BACKUP ]
fails=$(awk -v t="$t" '$1 >= t && $2 == "fail"' "$LAB_DIR/probe.log" | wc -l)
check "no failed request during the resign ($fails)" [ "$fails" -eq 0 ]

t=$(lab_now_ms)
out=$(lab_cli n1 vrrp resume VI_1)
check "vrrp resume answers" grep -q "resumed 1 instance" <<<"$out"
expect_vip n1 6 "resume: node1 takes the VIP back (preempt)"
sleep 1.5
check "node1 back at effective priority 250" [ "$(field n1 effective_priority)" = 250 ]
fails=$(awk -v t="$t" '$1 >= t && $2 == "fail"' "$LAB_DIR/probe.log" | wc -l)
check "no failed request during the resume ($fails)" [ "$fails" -eq 0 ]
lab_probe_stop
check "node2 never saw a bad packet" \
	[ "$(lab_show_vrrp n2 | grep -o 'rx_[a-z_]*=[1-9][0-9]*' | grep -cv 'rx_adverts\|rx_stop')" -eq 0 ]

t_done
