#!/usr/bin/env bash
# Benchmark (not a test): client-observed outage in ms when the master's
# VRRP speaker stops (failover) and starts again (failback), for every
# pairing of haproxy-vrrp and Debian's keepalived, in the same lab and the
# same run; then the rolling migration from the seed's setup. Run as root
# after a build (./scripts/test.sh or cmake --build build).
#
#   ./scripts/bench.sh [ROUNDS]     (default 3 rounds per pairing)
#
# "stop" is systemctl stop of the master's speaker: HAProxy (SIGTERM to its
# master) for haproxy-vrrp, keepalived for keepalived; both send priority 0.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
[ -f build/vrrp.so ] || { echo "bench.sh: build first (cmake --build build)" >&2; exit 1; }

LAB=hvbench-
source scripts/lib/lab.sh
trap lab_down EXIT
trap 'exit 130' INT TERM
lab_up >/dev/null

start() {
	if [ "$2" = vrrp ]; then
		LAB_PLAIN=0 lab_vrrp_conf "$1" >/dev/null
		LAB_PLAIN=0 lab_haproxy_start "$1"
	else
		LAB_PLAIN=1 lab_haproxy_start "$1"
		lab_keepalived_start "$1"
	fi
}
stop() {
	if [ "$2" = vrrp ]; then lab_haproxy_stop "$1" TERM; else lab_keepalived_stop "$1"; fi
}
stop_all() {
	for n in n1 n2; do
		lab_haproxy_stop "$n" TERM; lab_keepalived_stop "$n"; rm -f "$LAB_DIR/stats-$n.sock"
	done
	lab_wait_vip none 6 || true
}

# Median of its arguments.
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-34s %-22s %-22s\n' "pair (node1 master / node2)" "failover ms (median)" "failback ms (median)"
for pair in vrrp:vrrp vrrp:keepalived keepalived:vrrp keepalived:keepalived; do
	k1=${pair%%:*} k2=${pair#*:}
	fo=() fb=()
	start n1 "$k1"; start n2 "$k2"
	lab_wait_vip n1 10 || true
	lab_probe_start 300
	for r in $(seq "$ROUNDS"); do
		sleep 1.5
		t=$(lab_now_ms); stop n1 "$k1"; lab_wait_vip n2 10 || true; sleep 1
		fo+=("$(lab_outage_ms "$t")")
		t=$(lab_now_ms); start n1 "$k1"; lab_wait_vip n1 10 || true; sleep 1.5
		fb+=("$(lab_outage_ms "$t")")
	done
	lab_probe_stop
	stop_all
	printf '%-34s %-22s %-22s\n' "$k1 / $k2" "$(median "${fo[@]}") (${fo[*]})" "$(median "${fb[@]}") (${fb[*]})"
done

# Rolling migration, as in the README.
for n in n1 n2; do LAB_PLAIN=1 lab_haproxy_start "$n"; lab_keepalived_start "$n"; done
lab_wait_vip n1 10 || true
lab_probe_start 120
sleep 1.5
t=$(lab_now_ms)
lab_keepalived_stop n2; lab_vrrp_conf n2 >/dev/null
LAB_PLAIN=0 lab_haproxy_cfg n2 "$LAB_DIR/vrrp-n2.conf" >/dev/null; lab_haproxy_reload n2; sleep 4
s1=$(lab_outage_ms "$t")
t=$(lab_now_ms)
lab_keepalived_stop n1; lab_vrrp_conf n1 >/dev/null
LAB_PLAIN=0 lab_haproxy_cfg n1 "$LAB_DIR/vrrp-n1.conf" >/dev/null; lab_haproxy_reload n1
lab_wait_vip n1 10 || true; sleep 1.5
s2=$(lab_outage_ms "$t")
lab_probe_stop
printf '\nrolling migration from the seed setup: step 1 (node2) %s ms, step 2 (node1) %s ms\n' "$s1" "$s2"
