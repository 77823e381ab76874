#!/usr/bin/env bash
# A dead or hung master leaves no VIP behind: the VIP's kernel lifetime
# (a little over Master_Down_Interval) is renewed after a third of it, so it
# lapses by itself; a crashed node removes leftovers when it starts again.
source "$(dirname "$0")/common.sh"

t_start_pair elect

# valid_lft of the VIP on NODE, in seconds ("forever" if none).
vip_lft() {
	lab_ns "$1" ip -4 addr show dev "$LAB_IF" | awk -v vip="inet $LAB_VIP/" '
		index($0, vip) { found = 1; next }
		found { sub("sec", "", $2); print $2; exit }'
}

# A healthy master: the lifetime is renewed every other second and never runs low.
lease=$(vip_lft n1)
check "the VIP has a finite lifetime on node1 (${lease} s)" [ "${lease:-forever}" != forever ]
low=$lease
for i in $(seq 25); do
	l=$(vip_lft n1)
	[ "${l:-0}" -lt "$low" ] && low=$l
	sleep 0.2
done
check "over 5 s the lifetime never fell below $((lease - 2)) s (lowest ${low} s)" [ "$low" -ge $((lease - 2)) ]

# SIGKILL: node2 takes over, and node1's VIP lapses within the lease.
kill -KILL "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
t0=$(lab_now_ms)
if lab_wait_vip n2 $((lease + 6)); then
	gone=$(( $(lab_now_ms) - t0 ))
	ok "SIGKILL: VIP only on node2 after ${gone} ms (lease ${lease} s)"
	check "SIGKILL: the stale VIP went within the lease + 1 s" [ "$gone" -le $(( (lease + 1) * 1000 )) ]
else
	not_ok "SIGKILL: VIP on $(lab_vip_holder) after $((lease + 6)) s"
fi
check "client served by node2" lab_request 2

# Start node1 again while node2 is master: nothing left to clean here, it
# takes back over (preempt). Then SIGSTOP: the hung node's VIP lapses too.
rm -f "$LAB_DIR/stats-n1.sock"
lab_haproxy_start n1 || exit 1
lab_wait_vip n1 8 || not_ok "node1 did not take back over"
sleep 1
kill -STOP "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
t0=$(lab_now_ms)
if lab_wait_vip n2 $((lease + 6)); then
	gone=$(( $(lab_now_ms) - t0 ))
	check "SIGSTOP: VIP only on node2 after ${gone} ms, while node1 is frozen" \
		[ "$gone" -le $(( (lease + 1) * 1000 )) ]
else
	not_ok "SIGSTOP: VIP on $(lab_vip_holder) after $((lease + 6)) s"
fi
check "client served by node2 while node1 hangs" lab_request 2
kill -CONT "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
lab_wait_vip n1 5 || not_ok "node1 did not come back after SIGCONT"

# Residual VIP: node1 crashes and is started again at once, before the
# lease lapses. node2 is master by then; node1 must not keep the VIP.
kill -KILL "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
rm -f "$LAB_DIR/stats-n1.sock"
lab_wait_vip "n1 n2" 6 || not_ok "node2 did not take over after the crash"
lab_haproxy_start n1 || exit 1
sleep 0.3
check "restarted node1 logs the leftover it removed" \
	grep -q "removing 1 virtual address(es) left on $LAB_IF by a previous run" "$LAB_DIR/haproxy-n1.log"
check "restarted node1 starts as BACKUP" [ "$(field n1 state)" = BACKUP ]
check "VIP only on node2 right after node1's restart" [ "$(lab_vip_holder)" = n2 ]
expect_vip n1 8 "node1 then preempts as usual"

t_done
