#!/usr/bin/env bash
# "systemctl reload haproxy" is invisible to VRRP: 100 reloads on the
# master under client load, no failed request, no VIP move, no priority 0,
# and no descriptor growth in the master or the newest worker.
source "$(dirname "$0")/common.sh"

RELOADS=${RELOADS:-100}
t_start_pair elect
sleep 1

fd_master0=$(lab_fd_count "$(lab_master_pid n1)")
fd_worker0=$(lab_fd_count "$(lab_worker_pid n1)")
reloads_under_load "$RELOADS" 100
check "VIP on node1 only" [ "$(lab_vip_holder)" = n1 ]
check "node1's newest worker is MASTER" [ "$(field n1 state)" = MASTER ]
check "node2 never became master" [ "$(field n2 became_master)" = 0 ]
check "node2 never saw priority 0" [ "$(field n2 rx_stop)" = 0 ]
check "node2 still follows 192.0.2.11" [ "$(field n2 master)" = 192.0.2.11 ]
check "node2 saw no bad packet" [ "$(lab_show_vrrp n2 | grep -o 'rx_[a-z_]*=[1-9]' | grep -v rx_adverts | wc -l)" -eq 0 ]

# Old workers drain and exit; descriptors do not pile up.
for i in $(seq 50); do
	[ "$(pgrep -c -P "$(lab_master_pid n1)")" -eq 1 ] && break
	sleep 0.1
done
check "old workers have exited" [ "$(pgrep -c -P "$(lab_master_pid n1)")" -eq 1 ]
fd_master1=$(lab_fd_count "$(lab_master_pid n1)")
fd_worker1=$(lab_fd_count "$(lab_worker_pid n1)")
check "master descriptors: $fd_master0 before, $fd_master1 after" [ "$fd_master1" -le "$fd_master0" ]
check "newest worker descriptors: $fd_worker0 for the first, $fd_worker1 for the last" \
	[ "$fd_worker1" -le $((fd_worker0 + 2)) ]
check "the new worker logged the takeover" \
	grep -q "reload: the previous worker is master, carrying on as master" "$LAB_DIR/haproxy-n1.log"

# A real stop after all that still hands over at once.
lab_haproxy_stop n1 TERM
expect_vip n2 2 "stop after the reloads hands over"

t_done
