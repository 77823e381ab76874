#!/usr/bin/env bash
# HAProxy without master-worker mode: "haproxy -D" starts and runs VRRP,
# but the old way to reload ("haproxy -D ... -sf <old pids>") is refused
# at once with a message pointing to -W / -Ws: it used to make the new
# process delete the VIPs the old one held, and the old one send priority
# 0 half a second later: two failovers for a reload.
source "$(dirname "$0")/common.sh"

lab_up || exit 1
lab_vrrp_conf n1 >/dev/null
lab_vrrp_conf n2 >/dev/null
lab_haproxy_start n2 || exit 1
cfg=$(lab_haproxy_cfg n1 "$LAB_DIR/vrrp-n1.conf")
# A daemon has no stdout for "log stdout": log to a file-less sink.
sed -i 's#^    log stdout format raw local0 info#    log 127.0.0.1:9 local0 info#' "$cfg"
pidfile=$LAB_DIR/daemon-n1.pid

lab_ns n1 "$VRRP_HAPROXY" -D -f "$cfg" -p "$pidfile" >"$LAB_DIR/daemon1.log" 2>&1
check "haproxy -D (no master-worker) starts" [ $? -eq 0 ]
old=$(cat "$pidfile" 2>/dev/null)
LAB_PIDS+=($old)
expect_vip n1 8 "the daemon becomes master"
ip -ts -n "${LAB}n1" monitor address >"$LAB_DIR/addr-events.log" 2>&1 &
LAB_PIDS+=($!)
sleep 0.5
became0=$(field n2 became_master)

lab_ns n1 timeout 10 "$VRRP_HAPROXY" -D -f "$cfg" -p "$pidfile.new" -sf $old >"$LAB_DIR/daemon2.log" 2>&1
check_refused "haproxy -D ... -sf <old> is refused" "$?"
check "the message says to use master-worker mode" \
	grep -q "reloading with -sf/-st outside master-worker mode is not supported.*-Ws" "$LAB_DIR/daemon2.log"
sleep 2
check "the old daemon still runs" kill -0 "$old"
check "the VIP never left node1" bash -c '! grep -q "Deleted.*$1" "$2"' _ "$LAB_VIP" "$LAB_DIR/addr-events.log"
check "VIP on node1 only" [ "$(lab_vip_holder)" = n1 ]
check "node2 never saw priority 0" [ "$(field n2 rx_stop)" = 0 ]
check "node2 did not become master again" [ "$(field n2 became_master)" = "$became0" ]
kill -TERM "$old"
expect_vip n2 3 "the daemon's stop hands over"

t_done
