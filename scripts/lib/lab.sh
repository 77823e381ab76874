# shellcheck shell=bash
# The two-node lab (node1, node2, a client, a bridge), in network namespaces, for the demo and
# the integration tests. Source this file; nothing here touches the host's
# interfaces: the bridge lives in its own namespace and every address is
# from TEST-NET-1 (192.0.2.0/24).
#
#   lab_up             namespaces ${LAB}n1 ${LAB}n2 ${LAB}cl ${LAB}sw, the
#                      bridge, addresses, a tiny "API server" on :6443 in n1/n2
#                      (LAB_NODES="n1 n2 n3": a third node, up to n4;
#                      LAB_ROUTER=1: a router ${LAB}rt at 192.0.2.1, for BGP)
#   lab_haproxy_start NODE [vrrp.conf]   HAProxy -Ws with our module in NODE
#   lab_haproxy_stop NODE [SIGNAL]       signal the master (default TERM)
#   lab_vip_holder     which node has the VIP (n1, n2, "n1 n2" or none)
#   lab_keepalived_start NODE            the seed's keepalived + check script
#                      (with LAB_PLAIN=1, HAProxy runs without our module)
#   lab_down           kill everything we started, delete the namespaces
#
# LAB is the namespace prefix (default "hvlab-"); every test uses its own.

LAB=${LAB:-hvlab-}
LAB_DIR=${LAB_DIR:-$(mktemp -d "/tmp/${LAB}XXXXXX")}
# Where HAProxy's VRRP keeps each file's routes between runs (README:
# virtual routes): the lab's own directory, not the host's /run/haproxy-vrrp.
export HAPROXY_VRRP_STATE_DIR=$LAB_DIR/state
LAB_VIP=192.0.2.100
LAB_VIP6=2001:db8::100
LAB_IF=eth0
LAB_REPO=${LAB_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
VRRP_HAPROXY=${VRRP_HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}
VRRP_SO_DIR=${VRRP_SO_DIR:-$LAB_REPO/build}
VRRP_LUA=${VRRP_LUA:-$LAB_REPO/lua/haproxy-vrrp.lua}

declare -A LAB_ADDR=([n1]=192.0.2.11 [n2]=192.0.2.12 [n3]=192.0.2.13 [n4]=192.0.2.14
                    [cl]=192.0.2.50 [rt]=192.0.2.1)
# IPv6 (2001:db8::/32, RFC 3849) on the same link. Duplicate address
# detection is off in the lab's namespaces: an interface's link-local
# address (a VRRPv3 IPv6 router's source) is usable at once.
declare -A LAB_ADDR6=([n1]=2001:db8::11 [n2]=2001:db8::12 [n3]=2001:db8::13
                     [n4]=2001:db8::14 [cl]=2001:db8::50 [rt]=2001:db8::1)
# The nodes lab_up makes: the seed's two by default; tests of more than
# two routers add n3 (and n4).
LAB_NODES=${LAB_NODES:-n1 n2}
# LAB_ROUTER=1: one more namespace on the bridge, "rt", for a router that
# peers with the nodes (integration.test_bgp). Nothing runs in it here.
LAB_ROUTER=${LAB_ROUTER:-0}
LAB_PIDS=()

lab_log() { printf '%s %s\n' "$(date +%H:%M:%S.%3N)" "$*" >&2; }
lab_now_ms() { date +%s%3N; }

lab_ns() { ip netns exec "${LAB}$1" "${@:2}"; }

lab_up() {
	local n
	lab_down_quiet
	ip netns add "${LAB}sw"
	ip -n "${LAB}sw" link add br0 type bridge
	ip -n "${LAB}sw" link set br0 up
	ip -n "${LAB}sw" link set lo up
	local others=cl
	[ "$LAB_ROUTER" = 1 ] && others="cl rt"
	for n in $LAB_NODES $others; do
		ip netns add "${LAB}$n"
		lab_ns "$n" sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0
		ip -n "${LAB}sw" link add "p-$n" type veth peer name "$LAB_IF" netns "${LAB}$n"
		ip -n "${LAB}sw" link set "p-$n" master br0 up
		ip -n "${LAB}$n" link set lo up
		ip -n "${LAB}$n" addr add "${LAB_ADDR[$n]}/24" dev "$LAB_IF"
		ip -n "${LAB}$n" addr add "${LAB_ADDR6[$n]}/64" dev "$LAB_IF" nodad
		ip -n "${LAB}$n" link set "$LAB_IF" up
	done
	for n in n1 n2; do
		lab_apiserver_start "$n"
	done
	# Wait until the links are up and forwarding (bridge learning).
	local i all
	for i in $(seq 50); do
		all=1
		for n in $LAB_NODES; do
			lab_ns cl ping -c1 -W1 -q "${LAB_ADDR[$n]}" >/dev/null 2>&1 || { all=0; break; }
		done
		[ "$all" = 1 ] && return 0
		sleep 0.1
	done
	lab_log "lab: nodes do not answer ping"
	return 1
}

# The seed's backend is two Kubernetes API servers on :6443; here a plain
# HAProxy answers "api on NODE" so the client sees the whole path work.
lab_apiserver_start() {
	local n=$1 cfg="$LAB_DIR/api-$1.cfg"
	cat >"$cfg" <<CFG
global
    pidfile $LAB_DIR/api-$n.pid
defaults
    mode http
    timeout client 10s
    timeout server 10s
    timeout connect 2s
frontend api
    bind ${LAB_ADDR[$n]}:6443
    http-request return status 200 content-type text/plain lf-string "api on $n\n"
CFG
	# Under another name, so that the seed's check script (pgrep -x
	# haproxy) sees only the load balancer.
	ln -sf "$VRRP_HAPROXY" "$LAB_DIR/apiserver"
	lab_ns "$n" "$LAB_DIR/apiserver" -f "$cfg" -D
}

# Writes the node's haproxy.cfg: the seed's file plus the lua-load lines
# (without them when LAB_PLAIN=1: the seed's setup with keepalived).
lab_haproxy_cfg() {
	local n=$1 conf=$2 cfg="$LAB_DIR/haproxy-$1.cfg" plain=cat
	[ "${LAB_PLAIN:-0}" = 1 ] && plain="sed -e /VRRP/d -e /vrrp/d -e /lua-/d"
	$plain "$LAB_REPO/test/integration/lab-haproxy.cfg.in" |
	sed -e "s#@VRRP_SO_DIR@#$VRRP_SO_DIR#g" -e "s#@VRRP_LUA@#$VRRP_LUA#g" \
	    -e "s#@VRRP_CONF@#$conf#g" -e "s#@STATS_SOCKET@#$LAB_DIR/stats-$n.sock#g" \
	    -e "s#@N1@#${LAB_ADDR[n1]}#g" -e "s#@N2@#${LAB_ADDR[n2]}#g" \
	    -e "s#^global\$#global\n${LAB_GLOBAL_EXTRA:-}#" >"$cfg"
	# Sections of a test's own for this node (e.g. a bind in another
	# namespace: integration.test_net_namespace).
	if [ -f "$LAB_DIR/haproxy-extra-$n.cfg" ]; then
		cat "$LAB_DIR/haproxy-extra-$n.cfg" >>"$cfg"
	fi
	echo "$cfg"
}

# Writes a vrrp.conf for NODE from the seed's keepalived.conf (node1 is
# MASTER 250, node2 BACKUP 200, node3 BACKUP 150). Extra instance lines can be
# passed as $2. With LAB_WITH_V6=1, an IPv6 instance VI_6 follows, with the
# same VRID, state and priority and the VIP $LAB_VIP6.
lab_vrrp_conf() {
	local n=$1 extra=${2:-} prio state conf="$LAB_DIR/vrrp-$1.conf"
	case $n in
	n1) prio=250 state=MASTER ;;
	n2) prio=200 state=BACKUP ;;
	n3) prio=150 state=BACKUP ;;
	*)  prio=100 state=BACKUP ;;
	esac
	# (keepalived clears nopreempt and preempt_delay with state MASTER:
	# LAB_STATE=BACKUP for those.)
	state=${LAB_STATE:-$state}
	cat >"$conf" <<CONF
! Configuration File for keepalived (the seed's, interface and VIP changed)

global_defs {
   router_id k8s
${LAB_GLOBAL_DEFS_EXTRA:-}
}

vrrp_script check_haproxy {
    script "/usr/local/keepalived/etc/keepalived/scripts/haproxy_check.sh"
    interval 2
    weight -100
    fall 3
    rise 2
}

vrrp_instance VI_1 {
    state $state
    interface $LAB_IF
    virtual_router_id 51
    priority $prio
    advert_int 1
$extra
$( [ "${LAB_NO_AUTH:-0}" = 1 ] || printf '%s\n' \
'    authentication {' \
'        auth_type PASS' \
'        auth_pass ceb1b3ec013d66163d6ab' \
'    }')

    virtual_ipaddress {
        $LAB_VIP
    }

    track_script {
        check_haproxy
    }
}
CONF
	[ "${LAB_WITH_V6:-0}" = 1 ] && cat >>"$conf" <<CONF

vrrp_instance VI_6 {
    state $state
    interface $LAB_IF
    virtual_router_id 51
    priority $prio
    advert_int 1
    virtual_ipaddress {
        $LAB_VIP6
    }
}
CONF
	echo "$conf"
}

# The seed's keepalived.conf (plus instance lines $2) and check script for
# NODE, started with
# Debian's keepalived in the node's namespace. The check script is the
# seed's, except that pgrep looks only at the node's own namespace (all
# namespaces share one PID space here).
lab_keepalived_start() {
	local n=$1 extra=${2:-} conf="$LAB_DIR/keepalived-$1.conf" check="$LAB_DIR/haproxy_check.sh"
	cat >"$check" <<'SH'
#!/bin/bash
HAPROXY_COUNT=$(pgrep -x haproxy --ns $$ --nslist net | wc -l)
if [ "$HAPROXY_COUNT" -eq 0 ]; then
    echo "HAProxy not running"
    exit 1
else
    echo "HAProxy running"
    exit 0
fi
SH
	chmod 755 "$check"
	lab_vrrp_conf "$n" "$extra" >/dev/null
	sed -e "s#/usr/local/keepalived/etc/keepalived/scripts/haproxy_check.sh#$check#" \
	    -e "s#router_id k8s#router_id k8s\n   script_user root\n   enable_script_security#" \
	    "$LAB_DIR/vrrp-$n.conf" >"$conf"
	lab_keepalived_run "$n" "$conf"
}

# Runs Debian's keepalived in NODE's namespace on CONF (in the foreground
# of a background job, logging to keepalived-NODE.log); lab_keepalived_stop
# stops it.
lab_keepalived_run() {
	local n=$1 conf=$2
	ip netns exec "${LAB}$n" keepalived -n -l -D -f "$conf" -p "$LAB_DIR/ka-$n.pid" \
		-r "$LAB_DIR/ka-vrrp-$n.pid" -c "$LAB_DIR/ka-chk-$n.pid" \
		>>"$LAB_DIR/keepalived-$n.log" 2>&1 &
	LAB_PIDS+=($!)
	echo $! >"$LAB_DIR/ka-main-$n.pid"
	disown $!
}

# Stops NODE's keepalived as "systemctl stop keepalived" does (SIGTERM:
# a master sends priority 0) and waits for it to exit.
lab_keepalived_stop() {
	local p i
	p=$(cat "$LAB_DIR/ka-main-$1.pid" 2>/dev/null) || return 0
	kill -TERM "$p" 2>/dev/null
	for i in $(seq 100); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.05
	done
	rm -f "$LAB_DIR/ka-main-$1.pid"
}

# Starts HAProxy in master-worker mode (as the seed's unit: -Ws) in NODE.
lab_haproxy_start() {
	local n=$1 conf=${2:-$LAB_DIR/vrrp-$1.conf} cfg
	[ -f "$conf" ] || lab_vrrp_conf "$n" >/dev/null
	cfg=$(lab_haproxy_cfg "$n" "$conf")
	# Not through lab_ns: a backgrounded function would leave a subshell
	# between $! and HAProxy's master.
	# LAB_WRAP: a command to run HAProxy through, e.g. setpriv to start
	# it as an unprivileged user with chosen capabilities.
	# shellcheck disable=SC2086
	ip netns exec "${LAB}$n" ${LAB_WRAP:-} "$VRRP_HAPROXY" -Ws -f "$cfg" -p "$LAB_DIR/haproxy-$n.pid" \
		>>"$LAB_DIR/haproxy-$n.log" 2>&1 &
	LAB_PIDS+=($!)
	echo $! >"$LAB_DIR/master-$n.pid"
	disown $!   # we reap it ourselves; keeps bash from reporting "Killed"
	local i
	for i in $(seq 100); do
		[ -S "$LAB_DIR/stats-$n.sock" ] && lab_worker_pid "$n" >/dev/null && return 0
		kill -0 "$(cat "$LAB_DIR/master-$n.pid")" 2>/dev/null || break
		sleep 0.05
	done
	lab_log "haproxy in $n did not start:"; tail -20 "$LAB_DIR/haproxy-$n.log" >&2
	return 1
}

lab_master_pid() { cat "$LAB_DIR/master-$1.pid" 2>/dev/null; }

# The newest worker of NODE's master.
lab_worker_pid() {
	local m
	m=$(lab_master_pid "$1") || return 1
	pgrep -n -P "$m" | grep .
}

lab_haproxy_stop() {
	local n=$1 sig=${2:-TERM} m
	m=$(lab_master_pid "$n") || return 0
	kill -"$sig" "$m" 2>/dev/null
	if [ "$sig" = TERM ] || [ "$sig" = KILL ]; then
		local i
		for i in $(seq 100); do
			kill -0 "$m" 2>/dev/null || break
			sleep 0.05
		done
		rm -f "$LAB_DIR/master-$n.pid" "$LAB_DIR/stats-$n.sock"
	fi
}

# Kills NODE's worker with SIGNAL (KILL, STOP, CONT) without the master.
lab_worker_signal() {
	local w
	w=$(lab_worker_pid "$1") && kill -"$2" "$w"
}

# Whether NODE holds address $2 (default: the lab's VIP; IPv4 or IPv6).
lab_has_vip() { ip -n "${LAB}$1" addr show dev "$LAB_IF" 2>/dev/null | grep -qE "inet6? ${2:-$LAB_VIP}/"; }

# Which nodes hold address $1 (default: the lab's VIP): n1, "n1 n2", none.
lab_vip_holder() {
	local h=() n
	for n in $LAB_NODES; do
		lab_has_vip "$n" "${1:-$LAB_VIP}" && h+=("$n")
	done
	[ ${#h[@]} -eq 0 ] && echo none || echo "${h[*]}"
}

# Waits up to $2 seconds for lab_vip_holder (of address $3, default the
# lab's VIP) to print $1.
lab_wait_vip() {
	local want=$1 limit=$2 vip=${3:-$LAB_VIP} t0 now
	t0=$(lab_now_ms)
	while :; do
		[ "$(lab_vip_holder "$vip")" = "$want" ] && return 0
		now=$(lab_now_ms)
		[ $((now - t0)) -ge $((limit * 1000)) ] && return 1
		sleep 0.02
	done
}

# "show vrrp" on NODE's stats socket.
lab_show_vrrp() {
	echo "show vrrp" | lab_ns "$1" socat - "UNIX-CONNECT:$LAB_DIR/stats-$1.sock"
}

# How a URL names address $1: 192.0.2.100, or [2001:db8::100].
lab_url_host() { case $1 in *:*) echo "[$1]" ;; *) echo "$1" ;; esac; }

# One request from the client to the VIP (or to address $2): prints "api
# on nX" or fails.
lab_request() {
	lab_ns cl curl -s --max-time "${1:-0.5}" "http://$(lab_url_host "${2:-$LAB_VIP}"):16443/"
}

# Client loop: requests the VIP (or address $2) every 20 ms (200 ms
# timeout) for at most $1 seconds (or until $LAB_DIR/probe.stop exists) and
# logs "start_ms ok|fail" lines to $LAB_DIR/probe.log.
lab_probe_start() {
	local limit=${1:-60} host
	host=$(lab_url_host "${2:-$LAB_VIP}")
	rm -f "$LAB_DIR/probe.stop" "$LAB_DIR/probe.log"
	(
		end=$(( $(lab_now_ms) + limit * 1000 ))
		while [ ! -e "$LAB_DIR/probe.stop" ] && [ "$(lab_now_ms)" -lt "$end" ]; do
			t=$(lab_now_ms)   # when the request started, not when it gave up
			if lab_ns cl curl -s -o /dev/null --max-time 0.2 "http://$host:16443/"; then
				echo "$t ok"
			else
				echo "$t fail"
			fi
			sleep 0.02
		done
	) >"$LAB_DIR/probe.log" 2>/dev/null &
	LAB_PROBE_PID=$!
	LAB_PIDS+=($LAB_PROBE_PID)
}

lab_probe_stop() {
	touch "$LAB_DIR/probe.stop"
	wait "$LAB_PROBE_PID" 2>/dev/null
}

# Outage seen by the client after an event at time $1 (ms): from the start
# of the first failed request to the start of the first success after it;
# 0 if nothing failed, -1 if it never recovered. A request started up to
# 250 ms before the event (its 200 ms timeout) may be the one it broke.
lab_outage_ms() {
	awk -v from="$(( $1 - 250 ))" '
		$1 < from { next }
		$2 == "fail" && !down { down = 1; t0 = $1; next }
		$2 == "ok" && down && !up { up = 1; print $1 - t0; exit }
		END { if (down && !up) print -1; else if (!down) print 0 }' "$LAB_DIR/probe.log"
}

lab_down_quiet() {
	local n p
	# Also used under "set -e -o pipefail": nothing here may fail.
	for p in "${LAB_PIDS[@]}"; do kill -CONT "$p" 2>/dev/null || true; done
	for n in n1 n2 n3 n4 cl rt sw; do
		{ ip netns pids "${LAB}$n" 2>/dev/null | xargs -r kill -CONT; } 2>/dev/null || true
		{ ip netns pids "${LAB}$n" 2>/dev/null | xargs -r kill -KILL; } 2>/dev/null || true
	done
	for p in "${LAB_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	LAB_PIDS=()
	for n in n1 n2 n3 n4 cl rt sw; do
		ip netns del "${LAB}$n" 2>/dev/null || true
	done
	return 0
}

lab_down() {
	lab_down_quiet
	[ -n "${LAB_KEEP_DIR:-}" ] || rm -rf "$LAB_DIR"
}

# Reloads NODE's HAProxy as "systemctl reload" does (SIGUSR2 to the master)
# and waits until the new worker runs. Returns 1 if it does not show up.
lab_haproxy_reload() {
	local n=$1 old new i
	old=$(lab_worker_pid "$n")
	kill -USR2 "$(lab_master_pid "$n")"
	for i in $(seq 200); do
		new=$(pgrep -P "$(lab_master_pid "$n")" -n 2>/dev/null)
		[ -n "$new" ] && [ "$new" != "$old" ] && break
		sleep 0.02
	done
	[ -n "$new" ] && [ "$new" != "$old" ] || return 1
	# The master forks the new worker before it re-executes itself into
	# its waiting loop, with signals blocked until then: a signal sent in
	# that window (the next reload, a soft stop) can be lost. Wait until
	# it catches SIGUSR1 again and no longer blocks it.
	for i in $(seq 250); do
		lab_master_listens "$n" && return 0
		sleep 0.02
	done
	return 1
}

# Whether NODE's master catches SIGUSR1 and does not block it: it is in
# its loop, where a signal to it is acted upon.
lab_master_listens() {
	local st blk cgt
	st=$(cat "/proc/$(lab_master_pid "$1")/status" 2>/dev/null) || return 1
	blk=$(awk '/^SigBlk:/ { print $2 }' <<<"$st")
	cgt=$(awk '/^SigCgt:/ { print $2 }' <<<"$st")
	[ -n "$blk" ] && [ -n "$cgt" ] && (( (0x$cgt & 0x200) && !(0x$blk & 0x200) ))
}

# Open descriptors of a process.
lab_fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

# Any command on NODE's stats socket.
lab_cli() {
	echo "${*:2}" | lab_ns "$1" socat - "UNIX-CONNECT:$LAB_DIR/stats-$1.sock"
}

# Every server of BACKEND on NODE to STATE (ready, drain, maint).
lab_backend_state() {
	local n=$1 be=$2 state=$3 s
	for s in $(lab_cli "$n" show servers state "$be" | awk '$1 ~ /^[0-9]+$/ { print $4 }'); do
		lab_cli "$n" "set server $be/$s state $state" >/dev/null
	done
}

# HAProxy's version as a number: 2.6.12 -> 206, 3.0.11 -> 300.
lab_haproxy_version() {
	"$VRRP_HAPROXY" -v | awk 'NR == 1 { split($3, v, "."); print v[1] * 100 + v[2]; exit }'
}

# ---- faults: dropped adverts (soak, split brain) ----
# VRRP lost between the nodes while everything else gets through, as with a
# firewall that forgot protocol 112 or a switch that drops the multicast: an
# nftables table of the bridge family ("lab_faults", package nftables) in
# ${LAB}sw whose forward hook drops IP protocol 112 (multicast and unicast
# adverts) from one node's bridge port to the other's. The bridge floods a
# multicast advert to each port separately, so only the copy for the other
# node is dropped: the client still receives the adverts, and ARP, the
# client's requests and the health checks between the nodes pass.
#
#   lab_block_vrrp [FROM TO]  drops VRRP from node FROM to node TO (e.g.
#                             n1 n2: node2 no longer hears node1); without
#                             arguments both ways between n1 and n2, which
#                             makes a split brain once Master_Down_Interval
#                             has passed. Replaces any block already there.
#   lab_unblock_vrrp          lets VRRP through again (nothing to do if not
#                             blocked)
#   lab_vrrp_blocked          succeeds while a block is in place
#   lab_vrrp_dropped          adverts dropped since the last lab_block_vrrp
LAB_NFT_TABLE=lab_faults

lab_block_vrrp() {
	local from=${1:-} to=${2:-} pairs p
	if [ -n "$from" ]; then
		case "$from $to" in
		"n1 n2" | "n2 n1" | "n1 cl" | "n2 cl" | "cl n1" | "cl n2") pairs=("$from $to") ;;
		*) lab_log "lab_block_vrrp: FROM TO are two of n1 n2 cl, got '$from' '$to'"; return 1 ;;
		esac
	else
		pairs=("n1 n2" "n2 n1")
	fi
	command -v nft >/dev/null || { lab_log "lab_block_vrrp: nft not found (Debian package nftables)"; return 1; }
	{
		# Declaring the table first makes the delete succeed when there
		# is none; the whole file is one transaction.
		echo "table bridge $LAB_NFT_TABLE"
		echo "delete table bridge $LAB_NFT_TABLE"
		echo "table bridge $LAB_NFT_TABLE {"
		echo "	chain vrrp_forward {"
		echo "		type filter hook forward priority 0; policy accept;"
		for p in "${pairs[@]}"; do
			echo "		iifname \"p-${p% *}\" oifname \"p-${p#* }\" ip protocol 112 counter drop"
		done
		echo "	}"
		echo "}"
	} | lab_ns sw nft -f -
}

lab_unblock_vrrp() {
	command -v nft >/dev/null || return 0
	printf 'table bridge %s\ndelete table bridge %s\n' "$LAB_NFT_TABLE" "$LAB_NFT_TABLE" |
		lab_ns sw nft -f -
}

lab_vrrp_blocked() {
	lab_ns sw nft list table bridge "$LAB_NFT_TABLE" >/dev/null 2>&1
}

lab_vrrp_dropped() {
	lab_ns sw nft list table bridge "$LAB_NFT_TABLE" 2>/dev/null | awk '
		{ for (i = 1; i < NF; i++) if ($i == "packets") n += $(i + 1) }
		END { print n + 0 }'
}
