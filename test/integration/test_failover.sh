#!/usr/bin/env bash
# The seed's verification with VRRP inside HAProxy: election, clean stop,
# start again (failback with preempt), SIGKILL, SIGSTOP.
source "$(dirname "$0")/common.sh"

t_start_pair

# Election at startup: node1 (250) over node2 (200), within
# Master_Down_Interval (3 s + skew) plus slack.
expect_vip n1 8 "election at startup"
check "node1 is MASTER" [ "$(field n1 state)" = MASTER ]
check "node2 is BACKUP" [ "$(field n2 state)" = BACKUP ]
# (A backup reads the link within Skew_Time, 218 ms here.)
wait_until 2 eval '[ "$(field n2 master)" = 192.0.2.11 ]'
check "node2 sees node1 as master" [ "$(field n2 master)" = 192.0.2.11 ]
check "client reaches the VIP" lab_request 2

# Clean stop: priority 0, the backup takes over after Skew_Time.
lab_probe_start 120
sleep 1
t=$(lab_now_ms)
lab_haproxy_stop n1 TERM
expect_vip n2 2 "clean stop hands over"
check "node2 counted node1's priority 0" [ "$(field n2 rx_stop)" -ge 1 ]
sleep 1
out=$(lab_outage_ms "$t")
check_between "client recovered after clean stop (outage ${out} ms)" "$out" 0 1999

# Start again: node1 preempts.
t=$(lab_now_ms)
lab_haproxy_start n1 || exit 1
expect_vip n1 8 "failback with preempt"
sleep 1
out=$(lab_outage_ms "$t")
check_between "client recovered after failback (outage ${out} ms)" "$out" 0 1999

# SIGKILL: nothing runs on node1, node2 waits Master_Down_Interval.
t=$(lab_now_ms)
kill -KILL "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
t0=$(lab_now_ms)
if lab_wait_vip "n1 n2" 8 || lab_wait_vip n2 1; then
	ok "SIGKILL: node2 took the VIP after $(( $(lab_now_ms) - t0 )) ms"
else
	not_ok "SIGKILL: VIP on $(lab_vip_holder)"
fi
check "node2 is MASTER after SIGKILL" [ "$(field n2 state)" = MASTER ]
sleep 1
out=$(lab_outage_ms "$t")
check_between "client recovered after SIGKILL (outage ${out} ms)" "$out" 0 5999
# Clean up node1's leftover VIP (what a crash leaves behind) and start it again.
ip -n "${LAB}n1" addr del "$LAB_VIP/32" dev "$LAB_IF" 2>/dev/null
rm -f "$LAB_DIR/stats-n1.sock"
lab_haproxy_start n1 || exit 1
expect_vip n1 8 "node1 back after SIGKILL"

# SIGSTOP: HAProxy hangs with its process alive; keepalived's check
# script never notices this, the adverts simply stop.
sleep 1
t=$(lab_now_ms)
kill -STOP "$(lab_worker_pid n1)"
t0=$(lab_now_ms)
if lab_wait_vip "n1 n2" 8; then
	ok "SIGSTOP: node2 took the VIP after $(( $(lab_now_ms) - t0 )) ms"
else
	not_ok "SIGSTOP: VIP on $(lab_vip_holder)"
fi
sleep 1
out=$(lab_outage_ms "$t")
check_between "client recovered after SIGSTOP (outage ${out} ms)" "$out" 0 5999
kill -CONT "$(lab_worker_pid n1)"
expect_vip n1 5 "node1 resumes as master after SIGCONT"
lab_probe_stop

t_done
