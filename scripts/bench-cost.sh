#!/usr/bin/env bash
# Benchmark (not a test): what VRRP costs inside HAProxy, next to
# keepalived, in the same lab and the same run. Run as root after a build
# (./scripts/test.sh, or cmake --build build).
#
#   ./scripts/bench-cost.sh [SECONDS]   (default 20 s per CPU measurement)
#
# Prints, each time for "HAProxy + haproxy-vrrp" against "HAProxy (without
# the module) + keepalived 2.2.7", VRRPv3, node1 master of every instance:
#   1. CPU, % of one core, both nodes' processes (HAProxy's master and
#      worker; keepalived's), for N instances x advert_int, and the HAProxy
#      workers' wake-ups per second;
#   2. HAProxy's throughput (wrk through the VIP, a response HAProxy makes
#      itself), with the module against without, alternating runs, median
#      ratio of BENCH_ROUNDS rounds;
#   3. failover per advert_int as a client sees it (test/tools/vrrp_probe:
#      a request every 2 ms), after a clean stop, SIGKILL and SIGSTOP of
#      node1's HAProxy, next to Skew_Time and Master_Down_Interval;
#   4. under wrk saturating node1 at advert_int 0.05 s for BENCH_LOAD_SECS:
#      spurious takeovers by node2, and the advert interval node2 sees
#      (deviation from 50 ms, p50 and p99);
# and draws the CPU and failover figures as doc/bench-cpu.png and
# doc/bench-failover.png (gnuplot).
#
# N stops at 250: every VIP is an address of TEST-NET-1 (192.0.2.0/24),
# and the lab's nodes and client use three of its 254 host addresses.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-20}
ROUNDS=${BENCH_ROUNDS:-5}
LOAD_SECS=${BENCH_LOAD_SECS:-60}
SIZES=${BENCH_SIZES:-"1:1 50:1 250:1 1:0.1 50:0.1 250:0.1"}
PARTS=${BENCH_PARTS:-"cpu throughput failover load plots"}   # a subset runs just those
part() { [[ " $PARTS " == *" $1 "* ]]; }
PROBE=${VRRP_PROBE:-build/test/vrrp_probe}
[ -f build/vrrp.so ] && [ -x "$PROBE" ] ||
	{ echo "bench-cost.sh: build first (cmake --build build)" >&2; exit 1; }
for tool in wrk tcpdump gnuplot keepalived; do
	command -v $tool >/dev/null ||
		{ echo "bench-cost.sh: $tool missing (./scripts/install-deps.sh)" >&2; exit 1; }
done

LAB=hvcost-
source scripts/lib/lab.sh
trap lab_down EXIT
trap 'exit 130' INT TERM
lab_up >/dev/null
# The figures behind the plots, kept after the run (BENCH_PARTS=plots
# draws them again from there).
OUT=${BENCH_OUT:-/tmp/haproxy-vrrp-bench}
mkdir -p "$OUT"

# The VIPs: host addresses of 192.0.2.0/24 the lab does not use, the
# lab's own VIP first.
VIPS=()
for h in 100 $(seq 1 254); do
	case $h in 11 | 12 | 50) continue ;; esac
	[ ${#VIPS[@]} -gt 0 ] && [ "$h" = 100 ] && continue
	VIPS+=("192.0.2.$h")
done

# keepalived.conf with N VRRPv3 instances at advert_int ADV for NODE
# (node1 priority 250, node2 200).
many_conf() {
	local n=$1 count=$2 adv=$3 k prio state
	if [ "$n" = n1 ]; then prio=250 state=MASTER; else prio=200 state=BACKUP; fi
	printf 'global_defs {\n    router_id cost-%s\n    vrrp_version 3\n}\n' "$n"
	for k in $(seq "$count"); do
		printf 'vrrp_instance VI_%d {\n    state %s\n    interface %s\n' "$k" "$state" "$LAB_IF"
		printf '    virtual_router_id %d\n    priority %d\n    advert_int %s\n' "$k" "$prio" "$adv"
		printf '    virtual_ipaddress {\n        %s\n    }\n}\n' "${VIPS[$((k - 1))]}"
	done
}

# CPU time in ns of PIDs and all their threads (schedstat: time on CPU).
cpu_ns() {
	local p t sum=0
	for p in "$@"; do
		for t in /proc/"$p"/task/*/schedstat; do
			[ -r "$t" ] && sum=$((sum + $(cut -d' ' -f1 "$t" 2>/dev/null || echo 0)))
		done
	done
	echo "$sum"
}

# The processes of one setup, on both nodes.
our_pids() { local n; for n in n1 n2; do lab_master_pid "$n"; lab_worker_pid "$n"; done; }
ka_pids() {
	local n
	for n in n1 n2; do
		lab_master_pid "$n"; lab_worker_pid "$n"
		pgrep -f "keepalived .*keepalived-$n.conf" || true
	done
}

# Voluntary context switches of all threads of PID: every time one of
# them went to sleep, so a bound on its wake-ups.
switches() { awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }' /proc/"$1"/task/*/status; }

# Over SECS seconds: % of one core used by PIDS, and the wake-ups per
# second of node1's and node2's HAProxy workers (all their threads; the
# VRRP task is one cause among others: health checks, the stats task).
measure() {
	local w1 w2 a b s1a s1b s2a s2b
	w1=$(lab_worker_pid n1); w2=$(lab_worker_pid n2)
	a=$(cpu_ns "$@"); s1a=$(switches "$w1"); s2a=$(switches "$w2")
	sleep "$SECS"
	b=$(cpu_ns "$@"); s1b=$(switches "$w1"); s2b=$(switches "$w2")
	awk -v d=$((b - a)) -v s="$SECS" -v k1=$((s1b - s1a)) -v k2=$((s2b - s2a)) \
		'BEGIN { printf "%.2f %d/%d\n", d / (s * 1e7), k1 / s, k2 / s }'
}

wait_masters() {
	local count=$1 i
	for i in $(seq 300); do
		[ "$(ip -n "${LAB}n1" -4 addr show dev "$LAB_IF" | grep -c 'inet .*/32')" -ge "$count" ] && return 0
		sleep 0.1
	done
	lab_log "node1 holds fewer than $count VIPs"
}

# Starts a pair: "ours" (HAProxy with the module) or "ka" (HAProxy
# without it, and keepalived), both nodes on CONF-n1/CONF-n2.
start_pair() {
	local kind=$1 conf=$2 n
	for n in n1 n2; do
		if [ "$kind" = ours ]; then
			LAB_PLAIN=0 lab_haproxy_start "$n" "$conf-$n"
		else
			LAB_PLAIN=1 lab_haproxy_start "$n"
			cp "$conf-$n" "$LAB_DIR/keepalived-$n.conf"
			lab_keepalived_run "$n" "$LAB_DIR/keepalived-$n.conf"
		fi
	done
}

# Stops whatever runs and removes every VIP, so the next pair starts clean.
stop_all() {
	local n p
	for n in n1 n2; do
		p=$(lab_worker_pid "$n" 2>/dev/null) && kill -CONT "$p" 2>/dev/null
		lab_haproxy_stop "$n" TERM
		pkill -f "keepalived .*keepalived-$n.conf" 2>/dev/null || true
	done
	for n in n1 n2; do
		for p in $(seq 50); do pgrep -f "keepalived .*keepalived-$n.conf" >/dev/null || break; sleep 0.1; done
		ip -n "${LAB}$n" -4 addr show dev "$LAB_IF" | awk '/inet .*\/32/ { print $2 }' |
			while read -r a; do ip -n "${LAB}$n" addr del "$a" dev "$LAB_IF" 2>/dev/null || true; done
	done
	rm -f "$LAB_DIR"/stats-n?.sock
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }


# ---- 1. CPU ----------------------------------------------------------------
if part cpu; then
printf '\n1. CPU, %% of one core, both nodes (node1 master of every instance), %s s each\n' "$SECS"
printf '%-20s %-24s %-22s %s\n' "instances x advert" "HAProxy + haproxy-vrrp" "HAProxy + keepalived" "HAProxy worker wake-ups/s, node1/node2 (with ; without the module)"
: >"$OUT/cpu.dat"
for size in $SIZES; do
	count=${size%%:*} adv=${size#*:}
	for n in n1 n2; do many_conf "$n" "$count" "$adv" >"$LAB_DIR/many-$n"; done
	start_pair ours "$LAB_DIR/many"
	wait_masters "$count"; sleep 2
	read -r ours wk < <(measure $(our_pids))
	stop_all
	start_pair ka "$LAB_DIR/many"
	wait_masters "$count"; sleep 2
	read -r ka kwk < <(measure $(ka_pids))
	stop_all
	printf '%-20s %-24s %-22s %s ; %s\n' "$count x ${adv} s" "$ours" "$ka" "$wk" "$kwk"
	echo "$adv $count $ours $ka" >>"$OUT/cpu.dat"
done
fi

# ---- 2. throughput ----------------------------------------------------------
# wrk from the client to the VIP on the metrics frontend's port, whose
# "http-request return" HAProxy answers itself: HAProxy's own work.
wrk_rps() {
	lab_ns cl wrk -t2 -c50 -d"$1" --latency "http://$LAB_VIP:8405/" 2>/dev/null |
		awk '/^Requests\/sec/ { printf "%d", $2 }'
}
part throughput &&
printf '\n2. HAProxy throughput through the VIP, with the module / without (keepalived holds the VIP), %s rounds\n' "$ROUNDS"
part throughput &&
for size in 1:1 250:0.1; do
	count=${size%%:*} adv=${size#*:}
	for n in n1 n2; do many_conf "$n" "$count" "$adv" >"$LAB_DIR/many-$n"; done
	ratios=()
	for r in $(seq "$ROUNDS"); do
		# Alternating which goes first; each settled for 3 s first.
		for kind in $( [ $((r % 2)) = 1 ] && echo "ours ka" || echo "ka ours"); do
			start_pair "$kind" "$LAB_DIR/many"; wait_masters "$count"; sleep 3
			rps=$(wrk_rps 10); stop_all
			if [ "$kind" = ours ]; then with=$rps; else without=$rps; fi
		done
		ratios+=("$(awk -v a="${with:-0}" -v b="${without:-1}" 'BEGIN { printf "%.3f", a / b }')")
	done
	printf '  %-12s req/s ratio median %s (rounds: %s)\n' "$count x ${adv} s" "$(median "${ratios[@]}")" "${ratios[*]}"
done

# ---- 3. failover per advert_int ----------------------------------------------
# One instance; node2 (priority 200) takes over after Skew_Time on a clean
# stop (priority 0), after Master_Down_Interval when node1 dies or hangs.
one_conf() {
	local n=$1 adv=$2 prio=250
	[ "$n" = n2 ] && prio=200
	printf 'global_defs {\n    vrrp_version 3\n}\nvrrp_instance VI_1 {\n    interface %s\n' "$LAB_IF"
	printf '    virtual_router_id 51\n    priority %d\n    advert_int %s\n' "$prio" "$adv"
	printf '    virtual_ipaddress {\n        %s\n    }\n}\n' "$LAB_VIP"
}
outage() {   # ADV EVENT: one round, prints the client's outage in ms
	local adv=$1 ev=$2 t w
	start_pair ours "$LAB_DIR/one"
	lab_wait_vip n1 10 >/dev/null || true
	sleep 1
	rm -f "$LAB_DIR/probe.stop"
	PROBE_STOP=$LAB_DIR/probe.stop lab_ns cl "$PWD/$PROBE" "$LAB_VIP" 16443 20 2 50 >"$LAB_DIR/probe.raw" &
	local probe=$!
	sleep 1
	w=$(lab_worker_pid n1)
	t=$(lab_now_ms)
	case $ev in
	stop) lab_haproxy_stop n1 TERM ;;
	kill) kill -KILL "$w" ;;
	freeze) kill -STOP "$w" ;;
	esac
	wait_until_vip_n2
	sleep 1
	touch "$LAB_DIR/probe.stop"; wait "$probe" 2>/dev/null || true
	sort -n "$LAB_DIR/probe.raw" >"$LAB_DIR/probe.log"
	lab_outage_ms "$t"
	stop_all
}
wait_until_vip_n2() {
	local i
	for i in $(seq 500); do lab_has_vip n2 && return 0; sleep 0.01; done
}
if part failover; then
printf '\n3. Failover as the client sees it (ms, median of 3; probe: a request every 2 ms)\n'
printf '%-11s %-10s %-8s %-11s %-9s %-9s\n' advert_int Skew_Time MDI "clean stop" SIGKILL SIGSTOP
: >"$OUT/failover.dat"
for adv in 1 0.1 0.05 0.02; do
	for n in n1 n2; do one_conf "$n" "$adv" >"$LAB_DIR/one-$n"; done
	cs=$(awk -v a="$adv" 'BEGIN { printf "%d", a * 100 + 0.5 }')
	skew=$(( 56 * cs * 10 / 256 )); mdi=$(( 3 * cs * 10 + skew ))
	res=()
	for ev in stop kill freeze; do
		v=()
		for r in 1 2 3; do v+=("$(outage "$adv" "$ev")"); done
		res+=("$(median "${v[@]}")")
	done
	printf '%-11s %-10s %-8s %-11s %-9s %-9s\n' "$adv s" "$skew" "$mdi" "${res[0]}" "${res[1]}" "${res[2]}"
	echo "$adv $skew $mdi ${res[*]}" >>"$OUT/failover.dat"
done
fi

# ---- 4. under load -----------------------------------------------------------
# node1 saturated by wrk at advert_int 0.05 s: does node2 ever take over
# without cause, and how regular are node1's adverts as node2 sees them?
jitter() {   # the capture's deviation from 50 ms between adverts: p50 p99 max
	awk '{ if (last) print ($1 - last) * 1000; last = $1 }' "$1" |
		awk '{ d = $1 - 50; if (d < 0) d = -d; print d }' | sort -n |
		awk 'function at(q,  i) { i = int(NR * q) + 1; if (i > NR) i = NR; return v[i] }
			{ v[NR] = $1 }
			END { if (!NR) { print "- - -"; exit }
			      printf "%.1f %.1f %.1f\n", at(0.5), at(0.99), v[NR] }'
}
if part load; then
printf '\n4. Under load: wrk saturating node1 for %s s, advert_int 0.05 s\n' "$LOAD_SECS"
printf '%-24s %-18s %-22s %s\n' setup "node2 took over" "advert interval - 50 ms" "(p50 / p99 / max, ms, as node2 sees them)"
for n in n1 n2; do one_conf "$n" 0.05 >"$LAB_DIR/one-$n"; done
for kind in ours ka; do
	start_pair "$kind" "$LAB_DIR/one"
	lab_wait_vip n1 10 >/dev/null || true
	sleep 1
	lab_ns n2 timeout $((LOAD_SECS + 2)) tcpdump -i "$LAB_IF" -n -tt -l "ip proto 112 and src ${LAB_ADDR[n1]}" \
		>"$LAB_DIR/adverts.txt" 2>/dev/null &
	dump=$!
	ip -ts -n "${LAB}n2" monitor address >"$LAB_DIR/n2-addr.log" 2>&1 &
	mon=$!
	lab_ns cl wrk -t2 -c200 -d"$LOAD_SECS" "http://$LAB_VIP:8405/" >/dev/null 2>&1 || true
	kill "$mon" 2>/dev/null; wait "$dump" 2>/dev/null || true
	moves=$(grep -v Deleted "$LAB_DIR/n2-addr.log" | grep -c "inet ${LAB_VIP//./\\.}/" || true)
	read -r p50 p99 max < <(jitter "$LAB_DIR/adverts.txt")
	label="HAProxy + haproxy-vrrp"; [ "$kind" = ka ] && label="HAProxy + keepalived"
	printf '%-24s %-18s %s / %s / %s\n' "$label" "${moves} times" "$p50" "$p99" "$max"
	stop_all
done
fi

# ---- plots -------------------------------------------------------------------
part plots && [ -s "$OUT/cpu.dat" ] && [ -s "$OUT/failover.dat" ] || exit 0
mkdir -p doc
gnuplot <<GP
set terminal pngcairo size 800,480 noenhanced
set output "doc/bench-cpu.png"
set title "CPU of both nodes vs instances (VRRPv3; node1 master of all)"
set xlabel "instances"
set ylabel "% of one core"
set key top left
set grid
plot "< awk '\$1 == 1' $OUT/cpu.dat" using 2:3 with linespoints title "haproxy-vrrp, advert_int 1 s", \
     "< awk '\$1 == 1' $OUT/cpu.dat" using 2:4 with linespoints title "keepalived, advert_int 1 s", \
     "< awk '\$1 == 0.1' $OUT/cpu.dat" using 2:3 with linespoints title "haproxy-vrrp, advert_int 0.1 s", \
     "< awk '\$1 == 0.1' $OUT/cpu.dat" using 2:4 with linespoints title "keepalived, advert_int 0.1 s"
set output "doc/bench-failover.png"
set title "Failover seen by a client vs advert_int (node2 priority 200)"
set xlabel "advert_int (s)"
set ylabel "outage (ms)"
set logscale xy
set key top left
plot "$OUT/failover.dat" using 1:3 with lines dashtype 2 title "Master_Down_Interval", \
     "$OUT/failover.dat" using 1:2 with lines dashtype 3 title "Skew_Time", \
     "$OUT/failover.dat" using 1:4 with linespoints title "clean stop", \
     "$OUT/failover.dat" using 1:5 with linespoints title "SIGKILL", \
     "$OUT/failover.dat" using 1:6 with linespoints title "SIGSTOP"
GP
printf '\nplots: doc/bench-cpu.png doc/bench-failover.png\n'
