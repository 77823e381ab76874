#!/usr/bin/env bash
# Debian's stock HAProxy setup, as a user who installs the package has it:
# the package's own /etc/haproxy/haproxy.cfg (chroot /var/lib/haproxy,
# user haproxy, daemon, stats socket /run/haproxy/admin.sock level admin)
# with nothing added but haproxy-conf/append-to-haproxy.cfg, started the
# way the package's haproxy.service does, with our systemd drop-in
# (stock-node.sh plays systemd). The node runs as configured, the worker
# holds CAP_NET_ADMIN and CAP_NET_RAW and nothing else, its role shows on
# the stats page, "show vrrp" works on the stock admin socket, and 100
# reloads (SIGUSR2, as systemctl reload) under load fail no request and
# never move the VIP; a static route a reload drops from the file goes.
source "$(dirname "$0")/common.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
RELOADS=${RELOADS:-100}
STOCK=/etc/haproxy/haproxy.cfg
UNIT=$(dpkg -L haproxy 2>/dev/null | grep -m1 '/haproxy\.service$')
# From the source tree, or (test/package_deb.sh) as the package installed them.
DROPIN=${STOCK_DROPIN:-$LAB_REPO/haproxy-conf/haproxy.service.d/haproxy-vrrp.conf}
APPEND=${STOCK_APPEND:-$LAB_REPO/haproxy-conf/append-to-haproxy.cfg}

# The package's own file, unmodified: dpkg's record of its checksum.
want_md5=$(dpkg-query -W -f='${Conffiles}\n' haproxy | awk -v f="$STOCK" '$1 == f { print $2 }')
have_md5=$(md5sum <"$STOCK" | cut -d' ' -f1)
check "$STOCK is the haproxy package's file as shipped (md5 $have_md5)" \
	[ "${want_md5:-not recorded}" = "$have_md5" ]
check "the package's unit is there ($UNIT)" [ -f "$UNIT" ]
[ "$T_FAILED" -eq 0 ] || { t_done; exit 1; }

# The stock file, then the lines the README says to append, pointed at
# this build. A second file holds what the stock one lacks for the lab:
# a frontend for the client's load, and a log the test can read.
stock_cfg() {
	local n=$1
	{
		cat "$STOCK"
		echo
		if [ -n "${STOCK_APPEND:-}" ]; then
			# The installed lines as they are: only vrrp.conf is the lab's.
			sed -e "s#/etc/haproxy/vrrp.conf#$LAB_DIR/vrrp-$n.conf#" "$APPEND"
		else
			sed -e "s#/etc/haproxy/vrrp.conf#$LAB_DIR/vrrp-$n.conf#" \
			    -e "s#/usr/local/lib/haproxy-vrrp#$VRRP_SO_DIR#" \
			    -e "s#/usr/local/share/haproxy-vrrp/haproxy-vrrp.lua#$VRRP_LUA#" \
			    "$APPEND"
		fi
	} >"$LAB_DIR/stock-$n.cfg"
	cat >"$LAB_DIR/extra-$n.cfg" <<CFG
global
    log stdout format raw local0 info
frontend kubernetes-apiserver
    mode tcp
    option tcplog
    bind :16443
    default_backend kubernetes-apiserver
backend kubernetes-apiserver
    mode tcp
    server api1 ${LAB_ADDR[n1]}:6443 check inter 1s
    server api2 ${LAB_ADDR[n2]}:6443 check inter 1s
CFG
}

# Starts NODE as the unit would; the lab's helpers reach its admin socket
# through the master's view of the filesystem.
stock_start() {
	local n=$1 i
	ip netns exec "${LAB}$n" unshare -m --propagation private \
		bash "$HERE/stock-node.sh" "$UNIT" "$DROPIN" "$LAB_DIR/stock-$n.cfg" \
		"$LAB_DIR/extra-$n.cfg" >>"$LAB_DIR/haproxy-$n.log" 2>&1 &
	LAB_PIDS+=($!)
	echo $! >"$LAB_DIR/master-$n.pid"
	disown $!
	ln -sf "/proc/$!/root/run/haproxy/admin.sock" "$LAB_DIR/stats-$n.sock"
	for i in $(seq 100); do
		[ -S "$LAB_DIR/stats-$n.sock" ] && lab_worker_pid "$n" >/dev/null && return 0
		kill -0 "$(lab_master_pid "$n")" 2>/dev/null || break
		sleep 0.05
	done
	lab_log "haproxy in $n did not start:"; tail -20 "$LAB_DIR/haproxy-$n.log" >&2
	return 1
}

# Effective and permitted capabilities of every thread of PID, one
# "eff/prm" per line.
thread_caps() {
	local t
	for t in /proc/"$1"/task/*; do
		awk '$1 == "CapEff:" { e = $2 } $1 == "CapPrm:" { p = $2 } END { print e "/" p }' "$t/status"
	done | sort -u
}

lab_up || exit 1
for n in n1 n2; do
	lab_vrrp_conf "$n" >/dev/null
	stock_cfg "$n"
done
check "haproxy -c accepts the stock file plus the module's lines" \
	"$VRRP_HAPROXY" -c -q -f "$LAB_DIR/stock-n1.cfg" -f "$LAB_DIR/extra-n1.cfg"
stock_start n1 || exit 1
stock_start n2 || exit 1
expect_vip n1 8 "node1 (MASTER 250) takes the VIP"
wait_until 5 sh -c "[ \"\$(echo 'show vrrp' | socat - UNIX-CONNECT:$LAB_DIR/stats-n2.sock | grep -o 'state=[A-Z]*')\" = state=BACKUP ]"

w1=$(lab_worker_pid n1)
check "the worker runs as user haproxy" [ "$(stat -c %U "/proc/$w1")" = haproxy ]
check "the worker is chrooted in /var/lib/haproxy" [ "$(readlink "/proc/$w1/root")" = /var/lib/haproxy ]
caps=$(thread_caps "$w1" | tr '\n' ' ')
check "every worker thread holds CAP_NET_ADMIN and CAP_NET_RAW, nothing else ($caps)" \
	[ "$caps" = "0000000000003000/0000000000003000 " ]
check "no FAULT on node1" [ "$(field n1 fault)" = none ]
check "show vrrp on the stock admin socket: node1 MASTER" [ "$(field n1 state)" = MASTER ]
check "show vrrp on the stock admin socket: node2 BACKUP" [ "$(field n2 state)" = BACKUP ]
row_on_page() { lab_cli "$1" "show stat" | grep -q "^vrrp,VI_1:$2,"; }
check "stats page of node1 shows VI_1:MASTER" wait_until 5 row_on_page n1 MASTER
check "stats page of node2 shows VI_1:BACKUP" wait_until 5 row_on_page n2 BACKUP
check "the module found the stock admin socket by itself" \
	grep -q "stats page through /run/haproxy/admin.sock, from HAPROXY_CLI" "$LAB_DIR/haproxy-n1.log"
check "a request through the VIP is served" lab_request 2

# Reloads as "systemctl reload haproxy" does them (ExecReload: a check,
# then SIGUSR2 to the master), under the client's load.
reloads_under_load "$RELOADS" "$RELOADS"
# Each old worker must hear from its successor (the hand-off works in the
# chroot) and go quiet, never hand over as if HAProxy were stopping.
forked=$(grep -c "New worker .* forked" "$LAB_DIR/haproxy-n1.log")
retired=$(grep -c "reload: left to the new worker" "$LAB_DIR/haproxy-n1.log")
# (A stopping worker's line may reach the log once or twice.)
check_between "every replaced worker saw its successor from inside the chroot" \
	"$retired" $((forked - 1)) $((2 * (forked - 1)))
check "no old worker handed over" \
	[ "$(grep -c "no new worker took over" "$LAB_DIR/haproxy-n1.log")" -eq 0 ]
check "node2 never became master" [ "$(field n2 became_master)" = 0 ]
check "node2 never saw priority 0" [ "$(field n2 rx_stop)" = 0 ]
check "node1's newest worker is MASTER" [ "$(field n1 state)" = MASTER ]
check "stats page of node1 still shows VI_1:MASTER" wait_until 5 row_on_page n1 MASTER
caps=$(thread_caps "$(lab_worker_pid n1)" | tr '\n' ' ')
check "the newest worker's threads: the two capabilities only ($caps)" \
	[ "$caps" = "0000000000003000/0000000000003000 " ]

# A static route a reload adds, and the next reload, whose file no longer
# has it, takes out: the list of what the file had is kept where the
# drop-in's RuntimeDirectory= puts it (this node's own /run).
route_301() { [ -n "$(ip -n "${LAB}n1" route show table 301 192.0.2.8/29)" ]; }
cp "$LAB_DIR/vrrp-n1.conf" "$LAB_DIR/vrrp-n1.first"
cat >>"$LAB_DIR/vrrp-n1.conf" <<CONF
static_routes {
    192.0.2.8/29 via 192.0.2.1 dev $LAB_IF table 301
}
CONF
lab_haproxy_reload n1 || not_ok "reload of node1 with a static route"
check "a reload adds the static route" wait_until 3 route_301
check "the list is in /run/haproxy-vrrp" \
	nsenter -t "$(lab_master_pid n1)" -m sh -c 'ls /run/haproxy-vrrp/*.routes'
check "... which only root may write to" \
	[ "$(nsenter -t "$(lab_master_pid n1)" -m stat -c %U:%a /run/haproxy-vrrp)" = root:700 ]
cp "$LAB_DIR/vrrp-n1.first" "$LAB_DIR/vrrp-n1.conf"
lab_haproxy_reload n1 || not_ok "reload of node1 without it"
check "the next reload takes it out" wait_until 3 eval '! route_301'
check "... as one the file no longer has" \
	grep -q "removing route 192.0.2.8/29 via 192.0.2.1 dev $LAB_IF table 301: no longer in the file" \
	"$LAB_DIR/haproxy-n1.log"
check "node1's worker is still MASTER" [ "$(field n1 state)" = MASTER ]

# A stop ("systemctl stop": SIGTERM to the master) hands over at once and
# leaves no VIP behind.
lab_haproxy_stop n1 TERM
expect_vip n2 2 "stop hands over to node2"
check "node1 kept no VIP" [ "$(lab_vip_holder)" = n2 ]

t_done
