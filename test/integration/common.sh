# shellcheck shell=bash
# Shared by the integration tests: a lab of our own (namespace prefix from
# the test's name), removed on any exit, and small assertions that count
# into the closing "N passed, N failed" line.
set -u
TEST_NAME=$(basename "$0" .sh)
LAB=${LAB:-hvt-${TEST_NAME#test_}-}
LAB=${LAB:0:10}   # keeps "${LAB}sw" and friends short
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/lab.sh"

T_PASSED=0
T_FAILED=0

t_cleanup() {
	local rc=$?
	if [ "$T_FAILED" -ne 0 ] || [ "$rc" -ne 0 ]; then
		local n
		for n in n1 n2; do
			[ -f "$LAB_DIR/haproxy-$n.log" ] || continue
			echo "---- last lines of haproxy in $n ----" >&2
			tail -25 "$LAB_DIR/haproxy-$n.log" >&2
		done
	fi
	lab_down
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

ok() { T_PASSED=$((T_PASSED + 1)); echo "ok - $*"; }
not_ok() { T_FAILED=$((T_FAILED + 1)); echo "not ok - $*"; }

# check "what" command...: passes if the command succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# check_between "what" VALUE LO HI: passes if VALUE is an integer in LO..HI.
# One call holds the whole assertion: "check ... [ a ] && [ b ]" would run
# [ b ] outside check, where its failure is never counted.
check_between() {
	local what=$1 v=$2 lo=$3 hi=$4
	if [[ $v =~ ^-?[0-9]+$ ]] && [ "$v" -ge "$lo" ] && [ "$v" -le "$hi" ]; then
		ok "$what"
	else
		not_ok "$what (got '$v', wanted $lo..$hi)"
	fi
}

# check_refused "what" RC: a command that had to refuse by itself: it failed
# (RC not 0), was not stopped by timeout(1) (124) and did not die of a
# signal (128 and up, e.g. 139 for a crash).
check_refused() {
	local what=$1 rc=$2
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$rc" -lt 128 ]; then
		ok "$what (rc $rc)"
	else
		not_ok "$what (rc $rc: $( [ "$rc" -eq 0 ] && echo "it succeeded" ||
		        { [ "$rc" -eq 124 ] && echo "timed out"; } || echo "killed by a signal"))"
	fi
}

# wait_until SECONDS COMMAND...: runs COMMAND every 20 ms until it succeeds
# (returns 0) or SECONDS have passed (returns 1).
wait_until() {
	local limit=$1 t0
	shift
	t0=$(lab_now_ms)
	until "$@"; do
		[ $(( $(lab_now_ms) - t0 )) -ge $((limit * 1000)) ] && return 1
		sleep 0.02
	done
}

# Failed probe requests that started between $1 and $2 (ms).
probe_failures() {
	awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $2 == "fail"' "$LAB_DIR/probe.log" | wc -l
}

# reloads_under_load N MIN_REQUESTS: N reloads of node1 as "systemctl
# reload" does them (SIGUSR2 to the master), 0.1 s apart, while the client
# requests the VIP and node1's address changes are recorded; then checks
# that all N happened, that the client made more than MIN_REQUESTS
# requests and none failed, and that the VIP never left node1.
reloads_under_load() {
	local n=$1 min=$2 i t0 took failed=0 requests fails
	ip -ts -n "${LAB}n1" monitor address >"$LAB_DIR/addr-events.log" 2>&1 &
	LAB_PIDS+=($!)
	lab_probe_start 300
	sleep 0.5
	t0=$(lab_now_ms)
	for i in $(seq "$n"); do
		lab_haproxy_reload n1 || failed=$((failed + 1))
		sleep 0.1
	done
	took=$(( $(lab_now_ms) - t0 ))
	sleep 1.5
	lab_probe_stop
	check "$n reloads done in ${took} ms" [ "$failed" -eq 0 ]
	requests=$(wc -l <"$LAB_DIR/probe.log")
	fails=$(grep -c fail "$LAB_DIR/probe.log")
	check "client: $requests requests during the reloads" [ "$requests" -gt "$min" ]
	check "client: none of them failed ($fails)" [ "$fails" -eq 0 ]
	check "VIP never left node1" [ "$(grep -c "Deleted.* ${LAB_VIP//./\\.}/" "$LAB_DIR/addr-events.log")" -eq 0 ]
}

# Longest time in ms between two successful probe requests (by their
# start) between $1 and $2: how long the client went without service.
probe_longest_gap() {
	awk -v a="$1" -v b="$2" '
		$1 < a || $1 > b || $2 != "ok" { next }
		last && $1 - last > gap { gap = $1 - last }
		{ last = $1 }
		END { print gap + 0 }' "$LAB_DIR/probe.log"
}

# Waits for the VIP holder and reports how long it took.
expect_vip() {
	local want=$1 limit=$2 what=$3 t0
	t0=$(lab_now_ms)
	if lab_wait_vip "$want" "$limit"; then
		ok "$what (VIP on $want after $(( $(lab_now_ms) - t0 )) ms)"
	else
		not_ok "$what (VIP on $(lab_vip_holder), wanted $want within ${limit}s)"
	fi
}

# show vrrp field of instance VI_1 (or $3) on NODE, e.g. field n1 state.
field() {
	lab_show_vrrp "$1" | awk -v k="$2" -v inst="${3:-VI_1}" '$1 == inst {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }'
}

# The seed's pair: the lab, node1 (250) and node2 (200) with the seed's
# vrrp.conf, HAProxy started on both. With "elect", also waits for node1
# to hold the VIP and node2 to follow it (the test stops if not).
t_start_pair() {
	lab_up || exit 1
	lab_vrrp_conf n1 >/dev/null
	lab_vrrp_conf n2 >/dev/null
	lab_haproxy_start n1 || exit 1
	lab_haproxy_start n2 || exit 1
	if [ "${1:-}" = elect ] && ! lab_wait_vip n1 8; then
		not_ok "no election: VIP on $(lab_vip_holder)"
		exit 1
	fi
	# node2 hears node1's first advert within Skew_Time (it reads the
	# link at least that often): the election is over once it follows.
	if [ "${1:-}" = elect ] &&
	   ! wait_until 3 eval '[ "$(field n2 master)" = "${LAB_ADDR[n1]}" ]'; then
		not_ok "no election: node2 does not follow node1 ($(field n2 master))"
		exit 1
	fi
	return 0
}

# Two VIPs that must move together (a sync group): whether NODE (or
# none) holds both.
vips_on() { [ "$(lab_vip_holder "$2")" = "$1" ] && [ "$(lab_vip_holder "$3")" = "$1" ]; }

# Every 20 ms until $LAB_DIR/stop-watch exists (60 s at most), how many of
# the addresses VIP_A VIP_B each of node1 and node2 holds, into
# $LAB_DIR/holders.log ("n1:2 n2:0"; one address dump per node, so a
# node's count is never half of a change).
watch_vip_pair() {
	local i n line
	for i in $(seq 3000); do
		[ -e "$LAB_DIR/stop-watch" ] && break
		line=""
		for n in n1 n2; do
			line+="$n:$(ip -n "${LAB}$n" -o -4 addr show dev "$LAB_IF" |
				grep -c -e "inet $1/" -e "inet $2/") "
		done
		echo "$line" >>"$LAB_DIR/holders.log"
		sleep 0.02
	done
}

# Samples of watch_vip_pair where a node held one VIP without the other,
# in two samples in a row (a node adds or removes both in one go, a few
# microseconds apart: one sample may fall between; two 20 ms apart may
# not).
vip_pair_splits() {
	awk '{ for (f = 1; f <= NF; f++) { s = ($f ~ /:1$/); if (s && prev[f]) n++; prev[f] = s } }
	     END { print n + 0 }' "$LAB_DIR/holders.log"
}

t_done() {
	echo "$TEST_NAME: $T_PASSED passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ]
}

[ "$(id -u)" -eq 0 ] || { echo "$TEST_NAME: needs root (network namespaces)"; exit 1; }
