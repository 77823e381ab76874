#!/usr/bin/env bash
# keepalived's vrrp_startup_delay: VRRP starts that long after HAProxy
# (for a network that comes up slowly), not after a reload. node1 alone,
# with a 4 s delay: 2.5 s after HAProxy started it is still INIT with no
# VIP (without the delay it would be BACKUP, waiting Master_Down_Interval),
# then master; after a reload it keeps the VIP at once.
source "$(dirname "$0")/common.sh"

lab_up || exit 1
LAB_GLOBAL_DEFS_EXTRA="   vrrp_startup_delay 4" lab_vrrp_conf n1 >/dev/null
t0=$(lab_now_ms)
lab_haproxy_start n1 || exit 1
check "the start log says VRRP waits" wait_until 3 grep -q "vrrp_startup_delay: VRRP starts in 4.000 s" \
	"$LAB_DIR/haproxy-n1.log"
sleep_until_ms() { local d=$(( $1 - $(lab_now_ms) )); [ "$d" -gt 0 ] && sleep "$(awk -v d="$d" 'BEGIN { printf "%.3f", d / 1000 }')"; return 0; }
sleep_until_ms $((t0 + 2500))
check "2.5 s after HAProxy started: INIT, not started" [ "$(field n1 state)" = INIT ]
check "... and no VIP" [ "$(lab_vip_holder)" = none ]
expect_vip n1 12 "then master: 4 s, then Master_Down_Interval (3 s)"
took=$(( $(lab_now_ms) - t0 ))
check_between "VIP after ${took} ms: at least the delay and Master_Down_Interval" "$took" 7000 14000
lab_haproxy_reload n1 || not_ok "reload"
sleep 1.5
check "a reload does not wait again: node1 keeps the VIP" [ "$(lab_vip_holder)" = n1 ]
check "... and is master" [ "$(field n1 state)" = MASTER ]
t_done
