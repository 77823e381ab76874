#!/usr/bin/env bash
# Rolling migration from the seed's setup (HAProxy + keepalived + its check
# script on both nodes) to haproxy-vrrp, one node at a time, backup first,
# while a client keeps requesting the VIP: the README's "Migrating from
# keepalived" procedure, with the outage of each step.
source "$(dirname "$0")/common.sh"

lab_up || exit 1
for n in n1 n2; do
	LAB_PLAIN=1 lab_haproxy_start "$n" || exit 1
	lab_keepalived_start "$n"
done
expect_vip n1 8 "start: the seed's setup elects node1"
lab_probe_start 120
sleep 2

# outage_since T: the client's outage after T, also printed.
step_outage() {
	local o
	o=$(lab_outage_ms "$1")
	echo "# outage: $o ms" >&2
	echo "$o"
}

# Step 1, node2 (backup): stop keepalived, then reload HAProxy with the
# lua-load lines. No VIP moves.
t=$(lab_now_ms)
lab_keepalived_stop n2
lab_vrrp_conf n2 >/dev/null
LAB_PLAIN=0 lab_haproxy_cfg n2 "$LAB_DIR/vrrp-n2.conf" >/dev/null
check "node2: systemctl reload haproxy with the module" lab_haproxy_reload n2
sleep 5
check "node2 runs the module as BACKUP under keepalived's master" [ "$(field n2 state)" = BACKUP ]
check "node2 follows node1's keepalived" [ "$(field n2 master)" = 192.0.2.11 ]
check "VIP still on node1" [ "$(lab_vip_holder)" = n1 ]
o1=$(step_outage "$t")
check "step 1 (node2 migrated): no outage (${o1} ms)" [ "$o1" -eq 0 ]

# Step 2, node1 (master): stop keepalived (it sends priority 0, node2 takes
# over after Skew_Time), then reload HAProxy with the module; node1 takes
# the VIP back (preempt).
t=$(lab_now_ms)
lab_keepalived_stop n1
lab_wait_vip n2 3 || not_ok "node2 did not take over from the stopped keepalived"
lab_vrrp_conf n1 >/dev/null
LAB_PLAIN=0 lab_haproxy_cfg n1 "$LAB_DIR/vrrp-n1.conf" >/dev/null
check "node1: systemctl reload haproxy with the module" lab_haproxy_reload n1
expect_vip n1 8 "node1 runs the module and is master again"
sleep 1.5
o2=$(step_outage "$t")
check_between "step 2 (node1 migrated): outage under 1 s (${o2} ms)" "$o2" 0 999
lab_probe_stop
no_keepalived() { ! { ip netns pids "${LAB}n1"; ip netns pids "${LAB}n2"; } | xargs -r ps -o comm= -p | grep -q keepalived; }
check "no keepalived left on either node" no_keepalived
echo "# migration outages: step 1 (node2) ${o1} ms, step 2 (node1) ${o2} ms"

t_done
