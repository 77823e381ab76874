#!/usr/bin/env bash
# keepalived's down_timer_adverts: a backup waits that many advert
# intervals (plus Skew_Time) for a silent master instead of the RFC's 3.
# node2 waits 10 (advert_int 1 s): a master hung by SIGSTOP is not
# replaced after 6 s (it would be after 3.2 s with the default), and is
# within 12.5 s (10.2 s); vrrp_down_timer_adverts in global_defs is the
# default for every instance, and node1 takes it back after SIGCONT.
source "$(dirname "$0")/common.sh"

lab_up || exit 1
lab_vrrp_conf n1 >/dev/null
LAB_GLOBAL_DEFS_EXTRA="   vrrp_down_timer_adverts 10" lab_vrrp_conf n2 >/dev/null
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_vip n1 8 "node1 is master"
check "node2 follows node1" wait_until 3 eval '[ "$(field n2 master)" = "${LAB_ADDR[n1]}" ]'

w1=$(lab_worker_pid n1)
kill -STOP "$w1"
t0=$(lab_now_ms)
sleep 6
check "6 s after node1 hung, node2 still waits (down_timer_adverts 10)" \
	[ "$(field n2 state)" = BACKUP ]
expect_vip n2 7 "node2 takes over once 10 intervals have passed"
took=$(( $(lab_now_ms) - t0 ))
check_between "took ${took} ms: 10 intervals plus Skew_Time (10218 ms) and a read" "$took" 9000 13000
kill -CONT "$w1"
expect_vip n1 8 "node1 takes the VIP back after SIGCONT"
t_done
