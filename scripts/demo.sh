#!/usr/bin/env bash
# The README's demo: on a fresh Debian machine (as root) installs what it
# needs, builds, starts the two-node lab in network namespaces and replays
# the seed's verification with VRRP inside HAProxy: VIP on node1; stop
# HAProxy on node1, VIP on node2; start it, VIP back on node1; then what
# the seed's setup never catches: SIGKILL and SIGSTOP (a hung HAProxy).
# Each step prints the outage a client polling the VIP saw, in ms.
#
# Then, for comparison, the same steps with the seed's own setup (HAProxy
# + keepalived + its pgrep check script) in the same lab.
#
#   ./scripts/demo.sh                 both
#   ./scripts/demo.sh --no-keepalived haproxy-vrrp only
set -euo pipefail
cd "$(dirname "$0")/.."

with_keepalived=1
[ "${1:-}" = --no-keepalived ] && with_keepalived=0

echo "== preparing: packages and build" >&2
scripts/install-deps.sh >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target vrrp >/dev/null

LAB=hvdemo-
source scripts/lib/lab.sh
trap lab_down EXIT
trap 'exit 130' INT TERM

WAIT=15            # seconds we give each step before calling it "never"
declare -A RESULT

say() { printf '%s\n' "$*"; }
step() { printf '\n-- %s\n' "$*"; }

# Waits for the VIP to serve from $1 after an event at $2 (ms), prints and
# records the client's outage under key $3.
measure() {
	local want=$1 t0=$2 key=$3 moved out
	if lab_wait_vip_contains "$want" "$WAIT"; then
		moved="VIP on $want after $(( $(lab_now_ms) - t0 )) ms"
	else
		moved="VIP not on $want after ${WAIT} s (on: $(lab_vip_holder))"
	fi
	sleep 1.5   # let the client log a few requests after the move
	out=$(lab_outage_ms "$t0")
	if [ "$out" = -1 ]; then
		RESULT[$key]="never (still failing after ${WAIT} s)"
	else
		RESULT[$key]="$out ms"
	fi
	say "   $moved; client outage: ${RESULT[$key]}"
}

lab_wait_vip_contains() {
	local want=$1 limit=$2 t0
	t0=$(lab_now_ms)
	while [ $(( $(lab_now_ms) - t0 )) -lt $((limit * 1000)) ]; do
		case " $(lab_vip_holder) " in *" $want "*) return 0 ;; esac
		sleep 0.02
	done
	return 1
}

show_vip() {
	say "   ip a s $LAB_IF on node1 | grep inet:"
	lab_ns n1 ip -4 addr show dev "$LAB_IF" | grep inet | sed 's/^/      /'
}

# One full run. $1 = vrrp | keepalived.
run() {
	local mode=$1 t
	lab_up
	if [ "$mode" = keepalived ]; then
		LAB_PLAIN=1
		for n in n1 n2; do lab_haproxy_start "$n"; lab_keepalived_start "$n"; done
	else
		LAB_PLAIN=0
		for n in n1 n2; do lab_vrrp_conf "$n" >/dev/null; lab_haproxy_start "$n"; done
	fi
	lab_probe_start 200

	step "[$mode] (1) both nodes started: VIP on node1"
	t=$(lab_now_ms)
	lab_wait_vip_contains n1 "$WAIT" && say "   VIP on node1 after $(( $(lab_now_ms) - t )) ms" \
		|| say "   VIP not on node1 (on: $(lab_vip_holder))"
	show_vip
	say "   client: $(lab_request 1 || echo FAILED)"
	sleep 1

	step "[$mode] (2) systemctl stop haproxy on node1 (SIGTERM to the master)"
	t=$(lab_now_ms)
	lab_haproxy_stop n1 TERM
	measure n2 "$t" "$mode.stop"
	show_vip

	step "[$mode] (3) systemctl start haproxy on node1: VIP comes back"
	t=$(lab_now_ms)
	lab_haproxy_start n1
	measure n1 "$t" "$mode.start"
	show_vip
	sleep 2

	step "[$mode] (4) HAProxy on node1 crashes (SIGKILL)"
	t=$(lab_now_ms)
	kill -KILL "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
	measure n2 "$t" "$mode.kill"
	# A crash leaves what it held; clear it like a reboot would.
	ip -n "${LAB}n1" addr del "$LAB_VIP/32" dev "$LAB_IF" 2>/dev/null || true
	rm -f "$LAB_DIR/stats-n1.sock"
	lab_haproxy_start n1
	lab_wait_vip_contains n1 "$WAIT" || true
	sleep 2

	step "[$mode] (5) HAProxy on node1 hangs (SIGSTOP): the process is still there"
	t=$(lab_now_ms)
	kill -STOP "$(lab_worker_pid n1)" "$(lab_master_pid n1)"
	measure n2 "$t" "$mode.hang"
	kill -CONT "$(lab_worker_pid n1)" "$(lab_master_pid n1)"

	lab_probe_stop
	lab_down_quiet
}

say "== the lab: namespaces ${LAB}n1 (node1 192.0.2.11), ${LAB}n2 (node2 192.0.2.12),"
say "   ${LAB}cl (client 192.0.2.50) on a bridge; VIP 192.0.2.100; the client requests"
say "   http://192.0.2.100:16443/ (the seed's kubernetes-apiserver frontend) every 20 ms"

run vrrp
[ "$with_keepalived" = 1 ] && run keepalived

printf '\n== summary: client-observed outage (advert_int 1)\n'
printf '%-34s %-22s %s\n' "step" "haproxy-vrrp" "seed (keepalived + pgrep)"
for k in stop:"(2) stop HAProxy on node1" start:"(3) start it again (failback)" \
         kill:"(4) SIGKILL" hang:"(5) SIGSTOP (hang)"; do
	key=${k%%:*} label=${k#*:}
	printf '%-34s %-22s %s\n' "$label" "${RESULT[vrrp.$key]:-}" "${RESULT[keepalived.$key]:-skipped}"
done
