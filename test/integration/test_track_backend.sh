#!/usr/bin/env bash
# track_backend: a backend of haproxy.cfg with no usable server puts the
# instance in FAULT (or, with a weight, lowers its priority), so the VIP
# moves to the peer, and comes back once a server is usable again. The
# lab's backend is the seed's kubernetes-apiserver (two checked servers).
source "$(dirname "$0")/common.sh"

BE=kubernetes-apiserver
SERVERS=(master01.k8s.io master02.k8s.io)

# promtool, as scripts/install-deps.sh unpacks it (or one in PATH).
PROMTOOL=${VRRP_PROMTOOL:-/var/cache/haproxy-vrrp/prometheus/usr/bin/promtool}
[ -x "$PROMTOOL" ] || PROMTOOL=$(command -v promtool) ||
	{ echo "$TEST_NAME: needs promtool (scripts/install-deps.sh unpacks Debian's prometheus)"; exit 1; }

lab_up || exit 1

# Both servers UP as node1's health checks see them (the start and each
# "ready" wait for the next check, 1 s apart).
backend_up() { [ "$(lab_cli n1 "show stat $BE -1 4 -1" | grep -c ',UP,')" -eq 2 ]; }

# node1's haproxy_vrrp_track_backend_usable for the backend is $1.
usable_metric_is() {
	lab_ns cl curl -s --max-time 2 "http://${LAB_ADDR[n1]}:8405/metrics" |
		grep -qx "haproxy_vrrp_track_backend_usable{vrrp_instance=\"VI_1\",backend=\"$BE\"} $1"
}

# ---- haproxy -c: a name that is not a backend ----
conf=$(lab_vrrp_conf n1 "    track_backend {
        no-such-backend
    }")
line=$(grep -n no-such-backend "$conf" | cut -d: -f1)
out=$(lab_ns n1 "$VRRP_HAPROXY" -c -f "$(lab_haproxy_cfg n1 "$conf")" 2>&1)
rc=$?
check "haproxy -c fails on a track_backend that is not a backend (rc $rc)" [ $rc -ne 0 ]
check "the error names vrrp.conf's line and the name" \
	grep -q "vrrp-n1.conf:$line: no-such-backend: not a backend in" <<<"$out"
conf=$(lab_vrrp_conf n1 "    track_backend {
        $BE weight -300
    }")
out=$(lab_ns n1 "$VRRP_HAPROXY" -c -f "$(lab_haproxy_cfg n1 "$conf")" 2>&1)
check "haproxy -c fails on a weight out of range" grep -q "weight -300 is out of range -254..254" <<<"$out"

# ---- without weight: FAULT, and the VIP moves within Skew_Time ----
lab_vrrp_conf n1 "    track_backend {
        $BE
    }" >/dev/null
lab_vrrp_conf n2 >/dev/null
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_vip n1 8 "node1 (tracking $BE) becomes master"
check "haproxy -c passes with a real backend" \
	lab_ns n1 "$VRRP_HAPROXY" -c -f "$LAB_DIR/haproxy-n1.cfg"
wait_until 5 backend_up
check "show vrrp lists the tracked backend as usable" \
	[ "$(field n1 track_backend)" = "$BE:usable" ]
check "the metrics too" usable_metric_is 1
wait_until 3 eval '[ "$(field n2 master)" = "${LAB_ADDR[n1]}" ]'

lab_probe_start 300
sleep 0.5
t0=$(lab_now_ms)
lab_backend_state n1 "$BE" maint
# node1 steps down with priority 0: node2 takes over after its Skew_Time
# (0.22 s) once node1 saw the change (within 0.1 s).
expect_vip n2 3 "no usable server: node2 takes over"
took=$(( $(lab_now_ms) - t0 ))
check "node1 is in FAULT" [ "$(field n1 state)" = FAULT ]
check "node1's fault names the backend" [ "$(field n1 fault)" = "$BE" ]
check "show vrrp says the backend is down" [ "$(field n1 track_backend)" = "$BE:down" ]
check_between "VIP served by node2 within 2 s (${took} ms)" "$took" 0 2000
sleep 1
check "node1 stays in FAULT while the backend has no usable server" [ "$(field n1 state)" = FAULT ]
check "the metrics say so" usable_metric_is 0
lab_ns cl curl -s --max-time 2 "http://${LAB_ADDR[n1]}:8405/metrics" >"$LAB_DIR/n1.prom"
check "promtool check metrics accepts the page" "$PROMTOOL" check metrics <"$LAB_DIR/n1.prom"
check "the fault cause is the backend" grep -qx \
	'haproxy_vrrp_instance_fault_cause{vrrp_instance="VI_1",cause="backend"} 1' "$LAB_DIR/n1.prom"
check "the log says why, in keepalived's words" \
	grep -q "(VI_1) Entering FAULT STATE (backend $BE has no usable server)" "$LAB_DIR/haproxy-n1.log"

t1=$(lab_now_ms)
lab_probe_stop
# What a client of the VIP saw: the longest time without an answer.
gap=$(probe_longest_gap "$t0" "$t1")
check_between "client: longest gap ${gap} ms (backend lost -> served by node2)" "$gap" 0 3000
# One server back (ready; usable once its health check passes again).
lab_cli n1 "set server $BE/${SERVERS[0]} state ready" >/dev/null
expect_vip n1 10 "one server usable again: node1 preempts back"
check "node1 left FAULT" [ "$(field n1 state)" = MASTER ]
lab_backend_state n1 "$BE" ready

# ---- weight -60: node1 250 -> 190 < node2 200, node2 preempts ----
lab_haproxy_stop n1 TERM
lab_wait_vip n2 3
lab_vrrp_conf n1 "    track_backend {
        $BE weight -60
    }" >/dev/null
lab_haproxy_start n1 || exit 1
expect_vip n1 8 "node1 (weight -60) preempts back"
wait_until 5 backend_up
t0=$(lab_now_ms)
# Draining servers take no new traffic: unusable.
lab_backend_state n1 "$BE" drain
expect_vip n2 8 "backend drained: node2 (200) preempts node1 (190)"
took=$(( $(lab_now_ms) - t0 ))
check "node1's effective priority is 190" [ "$(field n1 effective_priority)" = 190 ]
check "node1 is BACKUP, not in FAULT" [ "$(field n1 state)" = BACKUP ]
check "show vrrp shows the weight" [ "$(field n1 track_backend)" = "$BE:down:-60" ]
# Master_Down_Interval of node2 at priority 200: 3 s + 0.22 s.
check_between "node2 took over within Master_Down_Interval + 1 s (${took} ms)" "$took" 0 4300
check "the log says so" grep -q "(VI_1) Changing effective priority from 250 to 190" \
	"$LAB_DIR/haproxy-n1.log"
lab_backend_state n1 "$BE" ready
expect_vip n1 8 "servers ready again: node1 back at 250 preempts"
check "node1's effective priority is 250 again" [ "$(field n1 effective_priority)" = 250 ]

# ---- in FAULT from the start: what a previous run left is removed ----
# backend vrrp (the stats page's rows) has no usable server at start.
lab_haproxy_stop n1 TERM
lab_wait_vip n2 3
# as a crashed run leaves it: with the lease a master gives it
lab_ns n1 ip addr add "$LAB_VIP/32" dev "$LAB_IF" valid_lft 30 preferred_lft 30
lab_vrrp_conf n1 "    track_backend {
        vrrp
    }" >/dev/null
lab_haproxy_start n1 || exit 1
check "started in FAULT for its backend" wait_until 3 eval '[ "$(field n1 fault)" = vrrp ]'
check "the leftover VIP is gone from node1" wait_until 3 eval '! lab_has_vip n1'
check "node2 stays master" [ "$(lab_vip_holder)" = n2 ]

t_done
