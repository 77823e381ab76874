#!/usr/bin/env bash
# Chaos soak: the two-node lab (node1 priority 250, node2 200, the seed's
# vrrp.conf) with a client requesting the VIP all along, under random
# faults, one after another, for a bounded time, while a monitor checks the
# invariants below about ten times a second. The faults come from a seeded
# generator, so a seed replays the same sequence. Run as root after a
# build; everything stays in namespaces ${LAB}* (default hvsoak-) with
# addresses from 192.0.2.0/24, and is removed on exit, also on failure or
# Ctrl-C.
#
#   scripts/soak.sh [--minutes N | --seconds N] [--seed S] [--build DIR]
#                   [--load N] [--keep-logs DIR]
#
#   --minutes N      how long faults are fired (default 10)
#   --seconds N      the same in seconds, for short runs
#   --seed S         seed of the fault sequence (default: from the clock)
#   --build DIR      the build to soak: DIR/vrrp.so and the HAProxy in
#                    DIR/CMakeCache.txt (default: $VRRP_SO_DIR and
#                    $VRRP_HAPROXY, else build/ and haproxy in PATH)
#   --load N         background load beside the probe: batches of requests
#                    to the VIP, N at a time (default 4; 0 for none)
#   --keep-logs DIR  copy the HAProxy logs, events, samples and probe log
#                    to DIR before cleaning up
#
# Faults, each on node1 or node2 at random (the six are shuffled into a
# fresh order every round), the lab settled between two:
#   reload       SIGUSR2 to the master (systemctl reload)
#   stop-start   SIGTERM to the master (systemctl stop), 0-4 s, start
#   kill-start   SIGKILL to the master and its workers, 0-4 s, start
#   sigstop      the worker frozen (SIGSTOP) for 1-7 s, then SIGCONT
#   link-down    the node's bridge port down for 1-6 s
#   vrrp-block   adverts dropped between the nodes for 1-8 s
#                (lab_block_vrrp; longer than 3.2 s makes a split brain)
# and, in one fault out of four that takes a node out, a reload of the
# other node once it holds the VIP (reload-survivor). One node at most is
# out at a time.
#
# Invariants; each violation is printed with its time and what was seen:
#   lease      no VIP on a node longer than the lease (5 s) + 1 s after it
#              stopped being master: from the fault (kill, stop, SIGSTOP,
#              link down) or from the first "show vrrp" not saying MASTER
#   no-holder  once faults have started, never no VIP anywhere for longer
#              than Master_Down_Interval of node2 (3.219 s) + 1.5 s
#   agree      a node whose "show vrrp" says MASTER has the VIP, one that
#              says BACKUP, FAULT or INIT has not: counted when it holds in
#              two answers 300 ms or more apart, with the same state and
#              the same became_master/left_master counters (no race)
#   crash      no worker exit but those the soak caused (the master's
#              "exited with code N" lines), no segfault or abort in the
#              logs, no HAProxy gone by itself
#   settle     after each fault, within 20 s: one VIP holder, MASTER, and
#              the other node BACKUP
# The VIP is read from the node's local routes (its namespace's
# /proc/PID/net/fib_trie: no fork, so no-holder is sampled every 50 ms in
# a loop of its own), before "show vrrp" in each sample of the main
# monitor, so a state and its counters vouch for the VIP read just before.
# A node that cannot answer (frozen, killed, or hung: "show vrrp" times out
# after 0.5 s) counts as unknown, never as a violation by itself.
#
# At the end: per fault kind, how many fired, the violations, the longest
# client outage after it (longest run of failed probe requests) and the
# longest time with no VIP holder. Exit status 0: no violation; 1:
# violations; 2: the lab could not be set up.
set -u -o pipefail
cd "$(dirname "$0")/.." || exit 2

RUN_S=600
SEED=
LOAD=4
KEEP_LOGS=
BUILD=
usage() { sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//'; exit "${1:-2}"; }
while [ $# -gt 0 ]; do
	case "$1" in
	--minutes) RUN_S=$(( ${2:?--minutes N} * 60 )); shift 2 ;;
	--seconds) RUN_S=${2:?--seconds N}; shift 2 ;;
	--seed) SEED=${2:?--seed S}; shift 2 ;;
	--load) LOAD=${2:?--load N}; shift 2 ;;
	--keep-logs) KEEP_LOGS=${2:?--keep-logs DIR}; shift 2 ;;
	--build) BUILD=${2:?--build DIR}; shift 2 ;;
	-h | --help) usage 0 ;;
	*) echo "soak.sh: unknown argument '$1'" >&2; usage 2 ;;
	esac
done
[[ $RUN_S =~ ^[0-9]+$ && $LOAD =~ ^[0-9]+$ ]] || { echo "soak.sh: --minutes, --seconds, --load take whole numbers" >&2; exit 2; }
[ -n "$SEED" ] || SEED=$(( $(date +%s%N) / 1000 % 1000000 ))
[[ $SEED =~ ^[0-9]+$ ]] || { echo "soak.sh: --seed takes a whole number" >&2; exit 2; }
if [ -n "$BUILD" ]; then
	VRRP_SO_DIR=$(cd "$BUILD" && pwd) || exit 2
	VRRP_HAPROXY=$(sed -n 's/^HAPROXY:FILEPATH=//p' "$BUILD/CMakeCache.txt" 2>/dev/null)
	[ -n "$VRRP_HAPROXY" ] || { echo "soak.sh: no HAPROXY in $BUILD/CMakeCache.txt" >&2; exit 2; }
	export VRRP_SO_DIR VRRP_HAPROXY
fi

[ "$(id -u)" -eq 0 ] || { echo "soak.sh: needs root (network namespaces)" >&2; exit 2; }
export LAB=${LAB:-hvsoak-}
unset LAB_DIR
# shellcheck source=lib/lab.sh
source scripts/lib/lab.sh

for c in nft socat ip timeout; do
	command -v "$c" >/dev/null || { echo "soak.sh: $c not found (scripts/install-deps.sh)" >&2; exit 2; }
done
[ -f "$VRRP_SO_DIR/vrrp.so" ] || { echo "soak.sh: no $VRRP_SO_DIR/vrrp.so: build first (cmake -S . -B build && cmake --build build) or pass --build DIR" >&2; exit 2; }

# ---- constants (advert_int 1, node2 at priority 200) ----
LEASE_MS=5000               # the VIP's kernel lifetime, renewed by a live master
LEASE_MARGIN_MS=1000
MDI_MS=3219                 # Master_Down_Interval of node2: 3 s + (256 - 200) / 256 s
NOHOLDER_MARGIN_MS=1500
AGREE_MS=300
SAMPLE_MS=100
SETTLE_S=20
KINDS=(reload stop-start kill-start sigstop link-down vrrp-block)

EV=$LAB_DIR/events.log      # what the fault runner did; the monitor follows it
VIOL=$LAB_DIR/violations.log
: >"$EV"; : >"$VIOL"; : >"$LAB_DIR/novip.log"; : >"$LAB_DIR/samples.log"

# ms since the epoch, without a fork, in $NOW
now() { NOW=${EPOCHREALTIME//[!0-9]/}; NOW=${NOW%???}; }
evt() { echo "$*" >>"$EV"; }      # evt TIME WHAT NODE [DETAIL]
ev() { now; evt "$NOW" "$@"; }
violation() { now; echo "$NOW $*" >>"$VIOL"; lab_log "VIOLATION $*"; }
ms_s() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

# A small LCG of our own, so that a seed means the same sequence whatever
# bash's $RANDOM does. rng N sets R to 0..N-1.
RNG=$SEED
rng() {
	RNG=$(( (RNG * 1103515245 + 12345) % 2147483648 ))
	R=$(( (RNG >> 8) % $1 ))
}

# ---- the monitor ----
VIP_RE="inet ${LAB_VIP//./\\.}/[0-9]+ [^"$'\n'"]*valid_lft ([0-9]+sec|forever)"
SV_RE="(^|"$'\n'")VI_1 state=([A-Z]+) [^"$'\n'"]* became_master=([0-9]+) left_master=([0-9]+)"

# One line of a HAProxy log: the master's "exited with code" lines, and any
# sign of a crash.
mon_log_line() {
	local n=$1 line=$2 who pid code
	if [[ $line =~ (Current|Former)\ worker\ \(([0-9]+)\)\ exited\ with\ code\ ([0-9]+) ]]; then
		who=${BASH_REMATCH[1]} pid=${BASH_REMATCH[2]} code=${BASH_REMATCH[3]}
		[ "$who" = Former ] && [ "$code" = 0 ] && return   # after a reload
		[[ ${expect[$n:$pid]:-} == *",$code,"* ]] && return
		violation crash "$n" "unexpected worker exit: $line"
	elif [[ $line =~ segfault|Segmentation\ fault|Aborted|core\ dumped|SIGSEGV|SIGABRT ]]; then
		violation crash "$n" "$line"
	fi
}

# New lines of the event log, applied to the monitor's view; NEWEV counts them.
mon_events() {
	local e et ek en ex
	local -a lines
	mapfile -t -s "$ev_seen" lines <"$EV"
	NEWEV=${#lines[@]}
	ev_seen=$((ev_seen + NEWEV))
	for e in "${lines[@]}"; do
		read -r et ek en ex <<<"$e"
		case $ek in
		fire) started=1 ;;
		down)   # the fault's time: the node stopped being master then (it
			# may have been master since its last answer, so this time
			# replaces an earlier one)
			down_since[$en]=$et down_why[$en]=$ex stale_rep[$en]=0 ;;
		dead | frozen)
			# From now on it is not asked (killed, stopped or frozen):
			# what it was in the meantime is unknown until the fault's
			# "down" line, which follows.
			[ "$ek" = dead ] && dead[$en]=$ex || frozen[$en]=$ex
			[ "$ex" = 1 ] && down_since[$en]=''
			[ "$ek $ex" = "dead 0" ] && starting[$en]=1 ;;
		started) starting[$en]=0 ;;
		linkdown) linkdown[$en]=$ex ;;
		expect-exit) read -r pid codes <<<"$ex"; expect[$en:$pid]=",$codes," ;;
		esac
	done
}

# Whether NODE has the VIP, in VIP_ON (1/0), without a fork: the kernel's
# local routes of the node's namespace, read through its API server's
# /proc (an IPv4 address has a "host LOCAL" route exactly while it is on
# an interface that is up; eth0 stays up, only its peer goes down). If
# that process is gone, ip(8).
vip_on() {
	local n=$1 l hit=0 pid
	local -a fib
	VIP_ON=0
	pid=${api_pid[$n]:-}
	if [ -n "$pid" ] && mapfile -t fib <"/proc/$pid/net/fib_trie" 2>/dev/null && [ ${#fib[@]} -gt 0 ]; then
		for l in "${fib[@]}"; do
			if [ "$hit" = 1 ] && [[ $l == *"/32 host LOCAL"* ]]; then VIP_ON=1; return; fi
			hit=0
			[[ $l == *"-- $LAB_VIP" ]] && hit=1
		done
	else
		lab_has_vip "$n" && VIP_ON=1
	fi
	return 0
}

# valid_lft of the VIP on NODE in VIP_LFT ("5sec", "forever", or -)
vip_lft() {
	local out
	out=$(ip -n "${LAB}$1" -o -4 addr show dev "$LAB_IF" 2>/dev/null)
	[[ $out =~ $VIP_RE ]] && VIP_LFT=${BASH_REMATCH[1]} || VIP_LFT=-
}

out_of_service() { [ "${dead[$1]:-0}" = 1 ] || [ "${frozen[$1]:-0}" = 1 ] || [ "${linkdown[$1]:-0}" = 1 ]; }

monitor() {
	local hard_end=$1 n fd sfd smp t line out ok key
	local -A api_pid=() down_since=() down_why=() dead=() frozen=() linkdown=() starting=() expect=() logfd=() part=()
	local -A vip=() r=() q=() qpid=() ans=() st=() bm=() lm=() pbm=() plm=() sus=() sus_rep=() stale_rep=() silent=()
	local -a got
	local ev_seen=0 started=0 last_t=0 max_gap=0 samples=0 max_lft=0 silent_max=0
	mkfifo "$LAB_DIR/sleep.fifo"
	exec {sfd}<>"$LAB_DIR/sleep.fifo"    # read -t on it: a sleep without a fork
	exec {smp}>>"$LAB_DIR/samples.log"
	for n in n1 n2; do
		read -r "api_pid[$n]" <"$LAB_DIR/api-$n.pid"
		: >>"$LAB_DIR/haproxy-$n.log"
		exec {fd}<"$LAB_DIR/haproxy-$n.log"
		logfd[$n]=$fd
		part[$n]=''
	done
	while :; do
		now; t=$NOW
		[ "$t" -ge "$hard_end" ] && break
		[ -e "$LAB_DIR/monitor.stop" ] && break
		[ "$last_t" -gt 0 ] && [ $((t - last_t)) -gt "$max_gap" ] && max_gap=$((t - last_t))
		last_t=$t
		samples=$((samples + 1))

		# 1. New log lines first, then the events: an exit the soak
		# caused was announced (expect-exit) before its signal.
		got=()
		for n in n1 n2; do
			while :; do
				if IFS= read -r -u "${logfd[$n]}" line; then
					line=${part[$n]}$line
					part[$n]=''
					[[ $line == *"exited with code"* || $line =~ segfault|Segmentation|Aborted|core\ dumped|SIGSEGV|SIGABRT ]] &&
						got+=("$n $line")
				else
					part[$n]+=$line
					break
				fi
			done
		done
		mon_events
		for line in "${got[@]}"; do mon_log_line "${line%% *}" "${line#* }"; done

		# 2. The sample: the VIP on each node, then its "show vrrp".
		for n in n1 n2; do
			now; r[$n]=$NOW
			vip_on "$n"; vip[$n]=$VIP_ON
		done
		if [ $((samples % 10)) = 1 ]; then   # the lease, now and then
			for n in n1 n2; do
				vip_lft "$n"
				[[ $VIP_LFT =~ ^([0-9]+)sec$ ]] && [ "${BASH_REMATCH[1]}" -gt "$max_lft" ] && max_lft=${BASH_REMATCH[1]}
			done
		fi
		# Both nodes asked at once; timeout: socat waits forever on a
		# HAProxy that hangs.
		for n in n1 n2; do
			if [ "${dead[$n]:-0}" = 1 ] || [ "${frozen[$n]:-0}" = 1 ]; then
				ans[$n]=skip
				continue
			fi
			ans[$n]=asked
			timeout -k 0.2 0.5 socat -t 0.5 - "UNIX-CONNECT:$LAB_DIR/stats-$n.sock" <<<"show vrrp" \
				>"$LAB_DIR/answer-$n" 2>/dev/null &
			qpid[$n]=$!
		done
		for n in n1 n2; do
			[ "${ans[$n]}" = asked ] || continue
			wait "${qpid[$n]}"
			now; q[$n]=$NOW
			out=''
			IFS= read -r -d '' out <"$LAB_DIR/answer-$n"
			if [[ $out =~ $SV_RE ]]; then
				ans[$n]=ok st[$n]=${BASH_REMATCH[2]} bm[$n]=${BASH_REMATCH[3]} lm[$n]=${BASH_REMATCH[4]}
				silent[$n]=''
			else
				ans[$n]=none
				if [ "${starting[$n]:-0}" = 0 ]; then
					[ -n "${silent[$n]:-}" ] || silent[$n]=${q[$n]}
					[ $((q[$n] - silent[$n])) -gt "$silent_max" ] && silent_max=$((q[$n] - silent[$n]))
				fi
			fi
		done
		printf '%s n1 vip=%s %s %s bm=%s lm=%s | n2 vip=%s %s %s bm=%s lm=%s\n' "$t" \
			"${vip[n1]}" "${ans[n1]}" "${st[n1]:--}" "${bm[n1]:--}" "${lm[n1]:--}" \
			"${vip[n2]}" "${ans[n2]}" "${st[n2]:--}" "${bm[n2]:--}" "${lm[n2]:--}" >&"$smp"

		# 3. An event during the sample (e.g. SIGCONT announced, then
		# sent): this sample may mix before and after; skip it.
		mon_events
		if [ "$NEWEV" -eq 0 ]; then
			for n in n1 n2; do
				# When it stopped being master, as far as we know. While
				# its link is down it is not master, whatever it says.
				if [ "${ans[$n]}" = ok ]; then
					if [ "${st[$n]}" = MASTER ]; then
						[ "${linkdown[$n]:-0}" = 1 ] || { down_since[$n]='' stale_rep[$n]=0; }
					elif [ -z "${down_since[$n]:-}" ]; then
						down_since[$n]=${q[$n]} down_why[$n]="show-vrrp:${st[$n]}"
					elif [ -n "${pbm[$n]:-}" ] && [ "${bm[$n]}" -gt 0 ] &&
					     { [ "${bm[$n]}" != "${pbm[$n]}" ] || [ "${lm[$n]}" != "${plm[$n]}" ]; }; then
						# It was master again between two answers.
						down_since[$n]=${q[$n]} down_why[$n]="show-vrrp:${st[$n]}" stale_rep[$n]=0
					fi
					pbm[$n]=${bm[$n]} plm[$n]=${lm[$n]}
				fi

				# lease: a VIP outliving the node's mastership. Only
				# where we know it is not master: its answer says so,
				# or it is killed or frozen.
				if [ "${vip[$n]}" = 1 ] && [ -n "${down_since[$n]:-}" ] && [ "${stale_rep[$n]:-0}" = 0 ] &&
				   { { [ "${ans[$n]}" = ok ] && [ "${st[$n]}" != MASTER ]; } || [ "${ans[$n]}" = skip ] ||
				     [ "${linkdown[$n]:-0}" = 1 ]; } &&
				   [ $((r[$n] - down_since[$n])) -gt $((LEASE_MS + LEASE_MARGIN_MS)) ]; then
					vip_lft "$n"
					violation lease "$n" "VIP still on $n (valid_lft $VIP_LFT) $((r[$n] - down_since[$n])) ms after it stopped being master (${down_why[$n]} at ${down_since[$n]}); show vrrp: ${ans[$n]} ${st[$n]:--}"
					stale_rep[$n]=1
				fi

				# agree: show vrrp against the kernel, twice, 300 ms apart.
				if [ "${ans[$n]}" = ok ]; then
					ok=1
					{ [ "${st[$n]}" = MASTER ] && [ "${vip[$n]}" = 0 ]; } && ok=0
					{ [ "${st[$n]}" != MASTER ] && [ "${vip[$n]}" = 1 ]; } && ok=0
					key="${st[$n]} ${bm[$n]} ${lm[$n]} ${vip[$n]}"
					if [ "$ok" = 1 ]; then
						sus[$n]=''
					elif [ -z "${sus[$n]:-}" ] || [ "${sus[$n]#* }" != "$key" ]; then
						sus[$n]="${q[$n]} $key" sus_rep[$n]=0
					elif [ "${sus_rep[$n]:-0}" = 0 ] && [ $((q[$n] - ${sus[$n]%% *})) -ge "$AGREE_MS" ]; then
						violation agree "$n" "show vrrp says ${st[$n]} (became_master=${bm[$n]} left_master=${lm[$n]}) but the VIP is $( [ "${vip[$n]}" = 1 ] && echo "on $n" || echo "not on $n") since $((q[$n] - ${sus[$n]%% *})) ms or more"
						sus_rep[$n]=1
					fi
				else
					sus[$n]=''
				fi
			done

		fi

		# 4. Sleep out the rest of the period.
		now
		t=$((SAMPLE_MS - (NOW - last_t)))
		[ "$t" -gt 0 ] && read -r -t "$(printf '0.%03d' "$t")" -u "$sfd" _
	done
	# The last log lines.
	for n in n1 n2; do
		while IFS= read -r -u "${logfd[$n]}" line; do
			line=${part[$n]}$line
			part[$n]=''
			mon_log_line "$n" "$line"
		done
	done
	echo "$samples $max_gap $max_lft $silent_max" >"$LAB_DIR/monitor.stats"
}

# The no-holder check, in a loop of its own every 50 ms: it reads nothing
# but the kernel's routes (no fork), so a HAProxy that hangs and slows the
# main monitor's "show vrrp" does not thin out its samples. A violation
# needs samples without any VIP spanning more than the limit (a lower
# bound of the real gap). Windows where both nodes are out (killed,
# stopped, frozen or cut off) do not count; the soak never makes one.
novip_monitor() {
	local hard_end=$1 sfd t n v1 v2 nh_first='' nh_last='' nh_rep=0 ev_seen=0 started=0
	local -A api_pid=() down_since=() down_why=() dead=() frozen=() linkdown=() starting=() expect=() stale_rep=()
	mkfifo "$LAB_DIR/sleep-nh.fifo"
	exec {sfd}<>"$LAB_DIR/sleep-nh.fifo"
	for n in n1 n2; do read -r "api_pid[$n]" <"$LAB_DIR/api-$n.pid"; done
	while :; do
		now; t=$NOW
		[ "$t" -ge "$hard_end" ] && break
		[ -e "$LAB_DIR/monitor.stop" ] && break
		mon_events
		vip_on n1; v1=$VIP_ON
		vip_on n2; v2=$VIP_ON
		if [ "$v1" = 0 ] && [ "$v2" = 0 ] && [ "$started" = 1 ] &&
		   ! { out_of_service n1 && out_of_service n2; }; then
			[ -n "$nh_first" ] || { nh_first=$t; nh_rep=0; }
			nh_last=$t
			if [ "$nh_rep" = 0 ] && [ $((t - nh_first)) -gt $((MDI_MS + NOHOLDER_MARGIN_MS)) ]; then
				violation no-holder - "no node has held the VIP for $((t - nh_first)) ms (since $nh_first)"
				nh_rep=1
			fi
		elif [ -n "$nh_first" ]; then
			echo "$nh_first $nh_last" >>"$LAB_DIR/novip.log"
			nh_first=''
		fi
		read -r -t 0.05 -u "$sfd" _
	done
	[ -n "$nh_first" ] && echo "$nh_first $nh_last" >>"$LAB_DIR/novip.log"
	return 0
}

# ---- the fault runner's helpers ----
# state of VI_1 in NODE's "show vrrp", or "none"
sv_state() {
	local out
	out=$(timeout -k 0.5 1 socat -t 0.5 - "UNIX-CONNECT:$LAB_DIR/stats-$1.sock" <<<"show vrrp" 2>/dev/null)
	[[ $out =~ $SV_RE ]] && echo "${BASH_REMATCH[2]}" || echo none
}

other() { [ "$1" = n1 ] && echo n2 || echo n1; }

# Starts NODE's HAProxy (a second try after a second); a failure is a violation.
start_node() {
	local n=$1
	ev dead "$n" 0
	lab_haproxy_start "$n" && { ev started "$n" "$(lab_worker_pid "$n")"; return 0; }
	violation crash "$n" "HAProxy did not start (log: $(tail -3 "$LAB_DIR/haproxy-$n.log" | tr '\n' ' '))"
	sleep 1
	rm -f "$LAB_DIR/stats-$n.sock"
	lab_haproxy_start "$n" && { ev started "$n" "$(lab_worker_pid "$n")"; return 0; }
	return 1
}

# Whether every PID has exited (a zombie counts: the workers of a killed
# master are reaped by init, whenever it gets to it).
gone() {
	local p st
	for p; do
		read -r _ _ st _ 2>/dev/null <"/proc/$p/stat" || continue
		[ "$st" = Z ] || return 1
	done
	return 0
}

# The master and every worker of NODE.
# shellcheck disable=SC2046
node_pids() { local m; m=$(lab_master_pid "$1") || return 0; echo "$m" $(pgrep -P "$m"); }

fault_stop() {   # NODE: systemctl stop
	local n=$1 p m t
	for p in $(pgrep -P "$(lab_master_pid "$n")"); do ev expect-exit "$n" "$p 143,0"; done
	m=$(lab_master_pid "$n")
	ev dead "$n" 1
	now; t=$NOW
	lab_haproxy_stop "$n" TERM
	if kill -0 "$m" 2>/dev/null; then
		violation crash "$n" "master $m still there 5 s after SIGTERM; killed"
		kill -KILL "$m" $(pgrep -P "$m") 2>/dev/null
	fi
	evt "$t" down "$n" stop
}

fault_kill() {   # NODE: SIGKILL, master first (so that it logs nothing)
	local n=$1 pids p i t
	pids=$(node_pids "$n")
	for p in ${pids#* }; do ev expect-exit "$n" "$p 137"; done
	now; t=$NOW
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null
	ev dead "$n" 1; evt "$t" down "$n" kill
	for i in $(seq 100); do
		# shellcheck disable=SC2086
		gone $pids && break
		sleep 0.02
	done
	rm -f "$LAB_DIR/stats-$n.sock" "$LAB_DIR/master-$n.pid"
}

# Sleeps MS milliseconds; with "survivor NODE", reloads NODE once it holds
# the VIP (only if it answers MASTER: never in the middle of its takeover).
hold() {
	local ms=$1 mode=${2:-} s=${3:-} end done=0
	now; end=$((NOW + ms))
	while now; [ "$NOW" -lt "$end" ]; do
		if [ "$mode" = survivor ] && [ "$done" = 0 ] && lab_has_vip "$s" && [ "$(sv_state "$s")" = MASTER ]; then
			ev fire reload-survivor "$s" -
			printf '           + reload of %s, the survivor\n' "$s"
			lab_haproxy_reload "$s" || violation reload "$s" "no new worker within 4 s of SIGUSR2"
			done=1
		fi
		now
		if [ $((end - NOW)) -gt 100 ]; then sleep 0.1; elif [ "$end" -gt "$NOW" ]; then sleep "$(ms_s $((end - NOW)))"; fi
	done
}

# Waits until one node holds the VIP as MASTER and the other is BACKUP.
settle() {
	local t0 h o sh so
	now; t0=$NOW
	while :; do
		h=$(lab_vip_holder)
		if [ "$h" = n1 ] || [ "$h" = n2 ]; then
			o=$(other "$h")
			sh=$(sv_state "$h"); so=$(sv_state "$o")
			[ "$sh" = MASTER ] && [ "$so" = BACKUP ] && { now; SETTLED_MS=$((NOW - t0)); SETTLED_ON=$h; return 0; }
		else
			sh=$(sv_state n1); so=$(sv_state n2)
		fi
		now
		if [ $((NOW - t0)) -ge $((SETTLE_S * 1000)) ]; then
			violation settle - "not settled after ${SETTLE_S} s: VIP on $h, show vrrp n1=$(sv_state n1) n2=$(sv_state n2)"
			return 1
		fi
		sleep 0.1
	done
}

# Both HAProxy masters must be running between faults.
check_alive() {
	local n m
	for n in n1 n2; do
		m=$(lab_master_pid "$n")
		if [ -z "$m" ] || ! kill -0 "$m" 2>/dev/null; then
			violation crash "$n" "HAProxy is gone (master ${m:-?}); last log lines: $(grep -a -v -e ' api ' -e kubernetes "$LAB_DIR/haproxy-$n.log" | tail -3 | tr '\n' ' ')"
			ev dead "$n" 1; ev down "$n" gone
			rm -f "$LAB_DIR/stats-$n.sock"
			start_node "$n" || return 1
		fi
	done
	return 0
}

# One fault: KIND NODE MS SURVIVOR(0/1)
fire() {
	local kind=$1 n=$2 ms=$3 surv=$4 o desc mode='' t w
	o=$(other "$n")
	[ "$surv" = 1 ] && mode=survivor
	case $kind in
	reload) desc=-; ms=0; mode='' ;;
	stop-start | kill-start) desc="down=$(ms_s "$ms")s" ;;
	sigstop | link-down) desc="hold=$(ms_s "$ms")s" ;;
	vrrp-block) desc="hold=$(ms_s "$ms")s"; n=n1+n2; mode='' ;;
	esac
	now
	printf '[+%7s s] #%-3d %-10s %-5s %s\n' "$(ms_s $((NOW - T_BEGIN)))" "$EVENTS" "$kind" "$n" "$desc"
	ev fire "$kind" "$n" "$desc"
	case $kind in
	reload)
		lab_haproxy_reload "$n" || violation reload "$n" "no new worker within 4 s of SIGUSR2"
		;;
	stop-start)
		fault_stop "$n"
		hold "$ms" $mode "$o"
		start_node "$n" || return 1
		;;
	kill-start)
		fault_kill "$n"
		hold "$ms" $mode "$o"
		start_node "$n" || return 1
		;;
	sigstop)
		w=$(lab_worker_pid "$n")
		ev frozen "$n" 1
		now; t=$NOW
		kill -STOP "$w"
		evt "$t" down "$n" sigstop
		hold "$ms" $mode "$o"
		ev frozen "$n" 0    # before the signal: see the monitor's step 3
		kill -CONT "$w"
		;;
	link-down)
		now; t=$NOW
		ip -n "${LAB}sw" link set "p-$n" down
		evt "$t" down "$n" link-down; ev linkdown "$n" 1
		hold "$ms" $mode "$o"
		ev linkdown "$n" 0
		ip -n "${LAB}sw" link set "p-$n" up
		;;
	vrrp-block)
		lab_block_vrrp || { violation setup - "lab_block_vrrp failed"; return 1; }
		ev block - 1
		hold "$ms"
		BLOCK_DROPS=$((BLOCK_DROPS + $(lab_vrrp_dropped)))
		lab_unblock_vrrp
		ev block - 0
		;;
	esac
	return 0
}

# ---- the report ----
report() {
	local samples=0 max_gap=0 max_lft=0 silent_max=0
	[ -f "$LAB_DIR/monitor.stats" ] && read -r samples max_gap max_lft silent_max <"$LAB_DIR/monitor.stats"
	awk -v begin="$T_BEGIN" -v kinds="${KINDS[*]} reload-survivor" '
	function rel(t) { return sprintf("+%.1f s", (t - begin) / 1000) }
	# the fault (index) a time belongs to: the last one fired 250 ms or
	# more before it (a probe request started up to 250 ms earlier may be
	# the one it broke)
	function at(t,   i, k) { k = 0; for (i = 1; i <= nf; i++) if (ft[i] - 250 <= t) k = i; return k }
	FILENAME == ARGV[1] && $2 == "fire" { nf++; ft[nf] = $1; fk[nf] = $3; fn[nf] = $4; fd[nf] = $5; fired[$3]++; next }
	FILENAME == ARGV[1] { next }
	FILENAME == ARGV[2] { nv++; vt[nv] = $1; vl[nv] = $0; next }
	FILENAME == ARGV[3] {   # probe: runs of failed requests
		np++
		if ($2 == "fail" && !down) { down = 1; f0 = $1 }
		else if ($2 == "ok" && down) { down = 0; runs++; rs[runs] = f0; rl[runs] = $1 - f0 }
		if ($2 == "fail") fails++
		last = $1; next
	}
	FILENAME == ARGV[4] { nn++; ns[nn] = $1; nl[nn] = $2 - $1; next }
	END {
		if (down) { runs++; rs[runs] = f0; rl[runs] = last - f0; unrec = 1 }
		for (i = 1; i <= runs; i++) { k = at(rs[i]); if (rl[i] > out[k]) out[k] = rl[i] }
		for (i = 1; i <= nn; i++) { k = at(ns[i]); if (nl[i] > nov[k]) nov[k] = nl[i] }
		for (i = 1; i <= nv; i++) { k = at(vt[i] + 250); vio[k]++ }
		printf "\n%-5s %-9s %-16s %-6s %-26s %10s %9s %5s\n", "#", "at", "fault", "node", "", "outage ms", "no-VIP ms", "viol"
		for (i = 1; i <= nf; i++) {
			printf "%-5d %-9s %-16s %-6s %-26s %10d %9d %5d\n", i, rel(ft[i]), fk[i], fn[i], fd[i], out[i], nov[i], vio[i]
			kv[fk[i]] += vio[i]
			if (out[i] > kout[fk[i]]) kout[fk[i]] = out[i]
			if (nov[i] > knov[fk[i]]) knov[fk[i]] = nov[i]
		}
		printf "\n%-16s %6s %11s %19s %18s\n", "fault", "fired", "violations", "longest outage ms", "longest no-VIP ms"
		n = split(kinds, K, " ")
		for (j = 1; j <= n; j++)
			printf "%-16s %6d %11d %19d %18d\n", K[j], fired[K[j]], kv[K[j]], kout[K[j]], knov[K[j]]
		if (vio[0] || out[0] || nov[0])
			printf "%-16s %6s %11d %19d %18d\n", "(before faults)", "-", vio[0], out[0], nov[0]
		printf "%-16s %6d %11d\n", "total", nf, nv
		printf "\nclient: %d requests, %d failed%s\n", np, fails, unrec ? " (still failing at the end)" : ""
		if (nv) {
			printf "\nviolations:\n"
			for (i = 1; i <= nv; i++) { split(vl[i], w, " "); sub(/^[0-9]+ /, "", vl[i]); printf "  %s  %s\n", rel(w[1]), vl[i] }
		}
	}' "$EV" "$VIOL" "$LAB_DIR/probe.log" "$LAB_DIR/novip.log"
	echo "monitor: $samples samples, longest gap between two $max_gap ms; VIP valid_lft at most ${max_lft} s; longest a running node left show vrrp unanswered: $silent_max ms"
	echo "adverts dropped by vrrp-block: $BLOCK_DROPS"
}

# ---- setup, cleanup ----
MON_PID=
NH_PID=
PROBE_PID=
LOAD_PID=
BLOCK_DROPS=0
T_BEGIN=0
EVENTS=0
cleanup() {
	local rc=$? i
	trap - EXIT INT TERM
	touch "$LAB_DIR/monitor.stop" "$LAB_DIR/load.stop" "$LAB_DIR/probe.stop" 2>/dev/null
	for i in $(seq 40); do
		{ [ -z "$MON_PID" ] || ! kill -0 "$MON_PID" 2>/dev/null; } &&
			{ [ -z "$NH_PID" ] || ! kill -0 "$NH_PID" 2>/dev/null; } &&
			{ [ -z "$PROBE_PID" ] || ! kill -0 "$PROBE_PID" 2>/dev/null; } &&
			{ [ -z "$LOAD_PID" ] || ! kill -0 "$LOAD_PID" 2>/dev/null; } && break
		sleep 0.05
	done
	if [ -n "$KEEP_LOGS" ] && [ -d "$LAB_DIR" ]; then
		mkdir -p "$KEEP_LOGS" &&
			cp "$LAB_DIR"/*.log "$LAB_DIR"/*.cfg "$LAB_DIR"/*.conf "$KEEP_LOGS"/ 2>/dev/null
		echo "logs kept in $KEEP_LOGS"
	fi
	lab_down
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The client: one bash in ${LAB}cl that forks a subshell per request and
# execs nothing (a curl costs tens of ms of CPU here, which would starve
# the lab). A request is a new TCP connection to the VIP (bash's /dev/tcp)
# and "GET /"; it succeeds on a 200 status line.
#   probe: one request at a time, 200 ms timeout, 20 ms apart, logged as
#          "start_ms ok|fail" (as lab_probe_start does)
#   load:  PAR requests at once every 100 ms, 1 s timeout, not logged
# Both stop at the stop file or after LIMIT seconds; a request that has
# not finished in time is killed.
client_main() {   # probe|load LIMIT_S STOP_FILE DIR VIP PORT PAR
	local mode=$1 limit=$2 stop=$3 dir=$4 addr=$5 port=$6 par=$7
	local end t p r rt rem out sfd rfd i pids tmo
	local -a batches=()
	end=$(( ${EPOCHREALTIME%.*} + limit ))
	exec {sfd}<>"$dir/sleep-$mode.fifo"   # never written: read -t sleeps
	if [ "$mode" = probe ]; then exec {rfd}<>"$dir/result.fifo"; tmo=0.2; else exec {rfd}>/dev/null; tmo=1; fi
	req() {
		if exec 3<>"/dev/tcp/$addr/$port"; then
			printf 'GET / HTTP/1.0\r\n\r\n' >&3
			IFS= read -r -t "$tmo" line <&3
			[[ $line == HTTP/1.?\ 200* ]] && { echo "$1 ok" >&"$rfd"; exit 0; }
		fi
		echo "$1 fail" >&"$rfd"
	}
	while [ ! -e "$stop" ] && [ "${EPOCHREALTIME%.*}" -lt "$end" ]; do
		t=${EPOCHREALTIME//[!0-9]/}; t=${t%???}
		if [ "$mode" = probe ]; then
			( req "$t" ) 2>/dev/null &
			p=$!
			out=fail
			while :; do
				rem=${EPOCHREALTIME//[!0-9]/}; rem=$(( t + 200 - ${rem%???} ))
				[ "$rem" -gt 0 ] || break
				printf -v rem '%d.%03d' $((rem / 1000)) $((rem % 1000))
				read -r -t "$rem" -u "$rfd" rt r || break
				[ "$rt" = "$t" ] && { out=$r; break; }
			done
			[ "$out" = ok ] || kill "$p" 2>/dev/null
			wait "$p" 2>/dev/null
			echo "$t $out"
			read -r -t 0.02 -u "$sfd" _
		else
			pids=''
			for ((i = 0; i < par; i++)); do
				( req "$t" ) >/dev/null 2>&1 &
				pids+=" $!"
			done
			batches+=("$pids")
			if [ ${#batches[@]} -gt 10 ]; then   # the batch of 1 s ago
				# shellcheck disable=SC2086
				{ kill ${batches[0]}; wait ${batches[0]}; } 2>/dev/null
				batches=("${batches[@]:1}")
			fi
			read -r -t 0.1 -u "$sfd" _
		fi
	done
	for pids in "${batches[@]}"; do
		# shellcheck disable=SC2086
		{ kill $pids; wait $pids; } 2>/dev/null
	done
}

client_start() {   # probe|load LIMIT_S STOP_FILE LOG
	# shellcheck disable=SC2016
	ip netns exec "${LAB}cl" bash -c "$(declare -f client_main)"'; client_main "$@"' _ \
		"$1" "$2" "$3" "$LAB_DIR" "$LAB_VIP" 16443 "$LOAD" >"$4" 2>/dev/null &
}

probe_start() {
	mkfifo "$LAB_DIR/sleep-probe.fifo" "$LAB_DIR/sleep-load.fifo" "$LAB_DIR/result.fifo"
	rm -f "$LAB_DIR/probe.stop" "$LAB_DIR/load.stop"
	client_start probe "$1" "$LAB_DIR/probe.stop" "$LAB_DIR/probe.log"
	PROBE_PID=$!
	LAB_PIDS+=("$PROBE_PID")
	[ "$LOAD" -gt 0 ] || return 0
	client_start load "$1" "$LAB_DIR/load.stop" /dev/null
	LOAD_PID=$!
	LAB_PIDS+=("$LOAD_PID")
}

echo "== haproxy-vrrp chaos soak: seed $SEED, $(ms_s $((RUN_S * 1000))) s of faults, load $LOAD"
echo "== $("$VRRP_HAPROXY" -v | head -1); module $VRRP_SO_DIR/vrrp.so; lab ${LAB}*; logs in $LAB_DIR"
echo "== replay: $0 --seconds $RUN_S --seed $SEED"
lab_up || { echo "soak.sh: the lab did not come up" >&2; exit 2; }
lab_vrrp_conf n1 >/dev/null
lab_vrrp_conf n2 >/dev/null
lab_haproxy_start n1 || exit 2
lab_haproxy_start n2 || exit 2
lab_wait_vip n1 10 || { echo "soak.sh: no election (VIP on $(lab_vip_holder))" >&2; exit 2; }

# Everything below is bounded by the deadline plus the longest fault and
# a settle; the monitor, the probe and the load stop on their own after
# that even if we are killed.
now; T_BEGIN=$NOW
DEADLINE=$((T_BEGIN + RUN_S * 1000))
HARD_S=$((RUN_S + 120))
probe_start "$HARD_S"
monitor $((T_BEGIN + HARD_S * 1000)) &
MON_PID=$!
LAB_PIDS+=("$MON_PID")
novip_monitor $((T_BEGIN + HARD_S * 1000)) &
NH_PID=$!
LAB_PIDS+=("$NH_PID")
sleep 2   # the steady state, monitored, before the first fault

deck=()
while :; do
	if [ ${#deck[@]} -eq 0 ]; then   # a new round: the six kinds shuffled
		deck=("${KINDS[@]}")
		for ((i = ${#deck[@]} - 1; i > 0; i--)); do
			rng $((i + 1)); tmp=${deck[i]}; deck[i]=${deck[R]}; deck[R]=$tmp
		done
	fi
	kind=${deck[0]}
	# Four draws per fault whatever its kind: node, duration, survivor
	# reload, pause after.
	rng 2; node=n$((R + 1))
	case $kind in
	stop-start | kill-start) rng 4001; ms=$R ;;
	sigstop) rng 6001; ms=$((1000 + R)) ;;
	link-down) rng 5001; ms=$((1000 + R)) ;;
	vrrp-block) rng 7001; ms=$((1000 + R)) ;;
	*) rng 2; ms=0 ;;
	esac
	rng 4; surv=$(( R == 0 ? 1 : 0 ))
	rng 2501; pause=$((500 + R))
	now
	# Room for the fault, its settle and the pause before the deadline?
	[ $((DEADLINE - NOW)) -lt $((ms + 12000)) ] && break
	deck=("${deck[@]:1}")
	EVENTS=$((EVENTS + 1))
	fire "$kind" "$node" "$ms" "$surv" || { echo "soak.sh: cannot go on" >&2; break; }
	if settle; then
		printf '           settled after %s s, VIP on %s\n' "$(ms_s "$SETTLED_MS")" "$SETTLED_ON"
	fi
	check_alive || { echo "soak.sh: cannot go on" >&2; break; }
	sleep "$(ms_s "$pause")"
done
now
[ "$NOW" -lt "$DEADLINE" ] && sleep "$(ms_s $((DEADLINE - NOW)))"
settle >/dev/null || true
check_alive || true
sleep 1   # the monitor's last samples
touch "$LAB_DIR/monitor.stop"
wait "$MON_PID" "$NH_PID" 2>/dev/null
touch "$LAB_DIR/probe.stop" "$LAB_DIR/load.stop"
wait "$PROBE_PID" "$LOAD_PID" 2>/dev/null

report
nv=$(wc -l <"$VIOL")
if [ "$nv" -eq 0 ]; then
	echo "== soak passed: $EVENTS faults, no violation (seed $SEED)"
	exit 0
fi
echo "== soak FAILED: $nv violation(s) (seed $SEED)"
for n in n1 n2; do
	echo "---- haproxy-vrrp lines of $n ----"
	grep -a -e 'haproxy-vrrp' -e 'exited with code' "$LAB_DIR/haproxy-$n.log" | grep -v '^\[info' | tail -40
done
exit 1
