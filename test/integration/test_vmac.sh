#!/usr/bin/env bash
# keepalived's use_vmac: each node makes the macvlan vrrp.51 (mode
# private, MAC 00:00:5e:00:01:33) on eth0 and the master holds the VIP on
# it, so the client's neighbour entry for the VIP is the virtual MAC and
# stays so across a failover. Checked in the kernels: the vmac and its
# settings, the VIP on the master's vmac only, the client's neighbour
# entry, a failover on a clean stop and back, a reload (the vmac and the
# VIP stay), a SIGKILL's leftover vmac reused by the next start, a name
# taken by something else refused, and nothing left after the final stops
# (SIGTERM's last gasp and a soft stop); then a mixed pair with Debian's
# keepalived using use_vmac on node2, pairs with vmac_xmit_base and with
# unicast peers, and an IPv6 pair, ours and with keepalived.
source "$(dirname "$0")/common.sh"

VMAC=vrrp.51
VMAC_MAC=00:00:5e:00:01:33

lab_up || exit 1
for n in n1 n2; do
	lab_vrrp_conf "$n" "    use_vmac" >/dev/null
done

# Whether NODE has the vmac as keepalived makes it: a private macvlan of
# eth0 with the virtual MAC, up.
vmac_ok() {
	local d
	d=$(ip -d -n "${LAB}$1" link show "$VMAC" 2>/dev/null) || return 1
	grep -q "$VMAC@$LAB_IF" <<<"$d" && grep -q "link/ether $VMAC_MAC " <<<"$d" &&
		grep -q "macvlan mode private" <<<"$d" && grep -q "state UP\|,UP" <<<"$d"
}
vmac_gone() { ! ip -n "${LAB}$1" link show "$VMAC" >/dev/null 2>&1; }
vmac_index() { ip -n "${LAB}$1" -o link show "$VMAC" 2>/dev/null | cut -d: -f1; }
# NODE's IPv4 setting $2 of interface $3 (default the vmac).
conf_of() { lab_ns "$1" cat "/proc/sys/net/ipv4/conf/${3:-$VMAC}/$2"; }
# Which nodes hold the VIP on their vmac; and whether any has it on eth0.
vmac_vip_holder() {
	local h=() n
	for n in n1 n2; do
		ip -n "${LAB}$n" -4 addr show dev "$VMAC" 2>/dev/null | grep -q "inet $LAB_VIP/" && h+=("$n")
	done
	[ ${#h[@]} -eq 0 ] && echo none || echo "${h[*]}"
}
vip_on_eth0() { ip -n "${LAB}$1" -4 addr show dev "$LAB_IF" | grep -q "inet $LAB_VIP/"; }
vip_anywhere() { ip -n "${LAB}$1" -4 addr show | grep -q "inet $LAB_VIP/"; }
holder_is() { [ "$(vmac_vip_holder)" = "$1" ]; }
expect_holder() {
	local t0
	t0=$(lab_now_ms)
	if wait_until "$2" holder_is "$1"; then
		ok "$3 (VIP on $1's $VMAC after $(( $(lab_now_ms) - t0 )) ms)"
	else
		not_ok "$3 (VIP on $(vmac_vip_holder), wanted $1 within $2 s)"
	fi
}
# The client's neighbour entry for the VIP, after one ping.
client_neigh() {
	lab_ns cl ping -c1 -W1 -q "$LAB_VIP" >/dev/null 2>&1
	ip -n "${LAB}cl" neigh show "$LAB_VIP" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }'
}
client_neigh_is_vmac() { [ "$(client_neigh)" = "$VMAC_MAC" ]; }
stopped_clean() { vmac_gone "$1" && ! vip_anywhere "$1"; }

check "haproxy-vrrp-check: use_vmac is used" \
	grep -q "use_vmac *used" <<<"$("$VRRP_CHECK" "$LAB_DIR/vrrp-n1.conf")"

# Debian's systemd sets net.ipv4.conf.all.rp_filter=2, which would drop
# every advert on a vmac (no address of that subnet): node2 starts so,
# in its own namespace.
lab_ns n2 sysctl -qw net.ipv4.conf.all.rp_filter=2
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_holder n1 8 "node1 (250) is master"
check "node2 follows node1" wait_until 3 eval '[ "$(field n2 master)" = "${LAB_ADDR[n1]}" ]'
check "node2: all.rp_filter 0, $LAB_IF's own raised to 2, as keepalived does" \
	[ "$(conf_of n2 rp_filter all)/$(conf_of n2 rp_filter "$LAB_IF")" = 0/2 ]
check "... and it says so" grep -q "net.ipv4.conf.all.rp_filter was 2" "$LAB_DIR/haproxy-n2.log"
for n in n1 n2; do
	check "$n has $VMAC: private macvlan of $LAB_IF, MAC $VMAC_MAC, up" vmac_ok "$n"
	check "$n's $VMAC: arp_ignore 1, accept_local 1, rp_filter 0" \
		[ "$(conf_of "$n" arp_ignore)/$(conf_of "$n" accept_local)/$(conf_of "$n" rp_filter)" = 1/1/0 ]
	check "$n's $LAB_IF: arp_ignore 1, arp_filter 1 (only the vmac answers for the VIP)" \
		[ "$(conf_of "$n" arp_ignore "$LAB_IF")/$(conf_of "$n" arp_filter "$LAB_IF")" = 1/1 ]
	check "$n: the VIP is not on $LAB_IF" eval '! vip_on_eth0 '"$n"
done
check "the client's neighbour entry for the VIP is the virtual MAC" \
	wait_until 5 client_neigh_is_vmac
check "the client reaches HAProxy on node1 through the VIP" \
	grep -q "api on n1" <<<"$(lab_request 2)"

# Clean stop of node1 (SIGTERM, systemctl stop): the last gasp removes
# its vmac; node2 takes the VIP, the MAC stays the same for the client.
lab_haproxy_stop n1 TERM
expect_holder n2 5 "node1 stops: node2 takes over"
check "node2 counted node1's priority 0 (sent out of the vmac before its removal)" \
	[ "$(field n2 rx_stop)" -ge 1 ]
check "node1 left no vmac and no VIP" wait_until 3 stopped_clean n1
check "the client's neighbour entry is still the virtual MAC" client_neigh_is_vmac
check "the client reaches HAProxy on node2 through the VIP" \
	wait_until 5 eval 'grep -q "api on n2" <<<"$(lab_request 1)"'

# Failback: node1 preempts.
lab_haproxy_start n1 || exit 1
expect_holder n1 8 "node1 back: preempts"
check "node1's vmac is back" vmac_ok n1
check "node2 holds no VIP any more" eval '! vip_anywhere n2'

# The vmac deleted under a running master: made again (as an interface
# created anew), and node1 is master on it again.
ip -n "${LAB}n1" link del "$VMAC"
check "node1's deleted vmac is made again" wait_until 5 vmac_ok n1
expect_holder n1 10 "... and node1 is master on it again"
check "... saying so" grep -q \
	"(VI_1) sockets reopened on $LAB_IF .*created anew (vmac $VMAC made again)" \
	"$LAB_DIR/haproxy-n1.log"

# A reload hands the vmac and the VIP to the new worker. (Counted once
# node2 follows node1 again: while the vmac was gone node2 may have been
# master for a moment, node1's priority 0 having no way out.)
check "node2 follows node1 again" wait_until 5 eval '[ "$(field n2 master)" = "${LAB_ADDR[n1]}" ]'
idx=$(vmac_index n1)
masters=$(grep -c "Entering MASTER" "$LAB_DIR/haproxy-n2.log")
lab_haproxy_reload n1 || not_ok "reload of node1"
check "the previous worker left VRRP to the new one" wait_until 5 grep -q \
	"(VI_1) reload: left to the new worker" "$LAB_DIR/haproxy-n1.log"
check "after a reload node1 is still master" [ "$(field n1 state)" = MASTER ]
check "... with the VIP on its $VMAC" [ "$(vmac_vip_holder)" = n1 ]
check "... which is the same interface (index $idx, now $(vmac_index n1))" \
	[ "$(vmac_index n1)" = "$idx" ]
check "node2 did not become master during the reload" \
	[ "$(grep -c "Entering MASTER" "$LAB_DIR/haproxy-n2.log")" = "$masters" ]

# A SIGKILL leaves the vmac (and the VIP until its lease runs out); the
# next start uses it as it is.
lab_worker_signal n1 KILL
lab_haproxy_stop n1 KILL
expect_holder n2 10 "node1 killed: node2 takes over"
check "the crash left node1's vmac" vmac_ok n1
idx=$(vmac_index n1)
lab_haproxy_start n1 || exit 1
expect_holder n1 8 "node1 restarted on the leftover vmac: master again"
check "... the same interface (index $idx, now $(vmac_index n1))" [ "$(vmac_index n1)" = "$idx" ]

# An interface of that name that is not our vmac: refused, left alone;
# and the vmac this start made for an earlier instance is removed again.
lab_haproxy_stop n2 TERM
check "node2 left no vmac and no VIP" wait_until 3 stopped_clean n2
cp "$LAB_DIR/vrrp-n2.conf" "$LAB_DIR/vrrp-n2.good"
cat >>"$LAB_DIR/vrrp-n2.conf" <<CONF
vrrp_instance VI_2 {
    interface $LAB_IF
    virtual_router_id 52
    use_vmac vmbad
    virtual_ipaddress {
        192.0.2.101
    }
}
CONF
ip -n "${LAB}n2" link add vmbad type veth peer name vmbad-peer
lab_haproxy_start n2 >/dev/null 2>&1
rc=$?
check_refused "node2 does not start with a veth named vmbad" "$rc"
line=$(grep -n "use_vmac vmbad" "$LAB_DIR/vrrp-n2.conf" | cut -d: -f1)
check "... saying why, naming the line ($line)" grep -q \
	"interface vmbad exists and is not this instance's vmac.*it is not a macvlan.*(line $line)" \
	"$LAB_DIR/haproxy-n2.log"
check "... and leaves the veth alone" ip -n "${LAB}n2" link show vmbad type veth
check "... and removes the $VMAC it had made for VI_1" vmac_gone n2
lab_haproxy_stop n2 TERM
ip -n "${LAB}n2" link del vmbad
mv "$LAB_DIR/vrrp-n2.good" "$LAB_DIR/vrrp-n2.conf"

# Soft stop (SIGUSR1 to the master, no new worker): vrrp_node_stop()
# removes the VIP and the vmac.
lab_haproxy_stop n1 USR1
check "node1's soft stop leaves no vmac and no VIP" wait_until 5 stopped_clean n1
lab_haproxy_stop n1 TERM

# A mixed pair: Debian's keepalived 2.2.7 with use_vmac on node2 (behind
# a plain HAProxy, as the seed runs it), ours on node1.
LAB_PLAIN=1 lab_haproxy_start n2 || exit 1
lab_keepalived_start n2 "    use_vmac"
lab_haproxy_start n1 || exit 1
expect_holder n1 8 "with keepalived on node2: node1 (250) is master"
check "keepalived made its $VMAC on node2" wait_until 3 vmac_ok n2
check "keepalived on node2 is BACKUP" grep -q "(VI_1) Entering BACKUP STATE" "$LAB_DIR/keepalived-n2.log"
ip -n "${LAB}cl" neigh flush to "$LAB_VIP"
check "the client's neighbour entry for the VIP is the virtual MAC" \
	wait_until 5 client_neigh_is_vmac
lab_haproxy_stop n1 TERM
expect_holder n2 5 "node1 stops: keepalived on node2 takes over"
check "node1 left no vmac and no VIP" wait_until 3 stopped_clean n1
check "the client reaches node2 through the VIP, at the same MAC" \
	wait_until 5 eval 'grep -q "api on n2" <<<"$(lab_request 1)" && client_neigh_is_vmac'
lab_haproxy_start n1 || exit 1
expect_holder n1 8 "node1 back: preempts keepalived"
check "node1 heard keepalived's adverts on its vmac (rx_adverts $(field n1 rx_adverts))" \
	[ "$(field n1 rx_adverts)" -ge 1 ]
bad=$(grep -hiE "invalid|bad |wrong|mismatch|ttl|checksum" "$LAB_DIR/keepalived-n2.log" |
	grep -v "max_auto_priority" | head -3)
check "keepalived logged no invalid packet${bad:+ ($bad)}" [ -z "$bad" ]
lab_keepalived_stop n2
lab_haproxy_stop n1 TERM
lab_haproxy_stop n2 TERM
check "no vmac and no VIP left on either node" eval 'stopped_clean n1 && stopped_clean n2'

# vmac_xmit_base on both: adverts leave from eth0 with its own MAC (so
# both nodes' eth0 sockets hear them), the VIP still on the vmac.
for n in n1 n2; do
	lab_vrrp_conf "$n" "    use_vmac
    vmac_xmit_base" >/dev/null
done
: >"$LAB_DIR/haproxy-n2.log"
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_holder n1 8 "vmac_xmit_base: node1 is master"
check "vmac_xmit_base: node2 follows node1" \
	wait_until 3 eval '[ "$(field n2 master)" = "${LAB_ADDR[n1]}" ]'
check "vmac_xmit_base: the log says where adverts go" \
	grep -q "VIPs on vmac $VMAC (adverts out of the base interface)" "$LAB_DIR/haproxy-n2.log"
ip -n "${LAB}cl" neigh flush to "$LAB_VIP"
check "vmac_xmit_base: the client's neighbour entry is the virtual MAC" \
	wait_until 5 client_neigh_is_vmac
lab_haproxy_stop n1 TERM
expect_holder n2 5 "vmac_xmit_base: node1 stops: node2 takes over"
check "vmac_xmit_base: node2 counted node1's priority 0" [ "$(field n2 rx_stop)" -ge 1 ]
lab_haproxy_stop n2 TERM
check "vmac_xmit_base: no vmac and no VIP left on either node" \
	eval 'stopped_clean n1 && stopped_clean n2'

# Unicast peers: keepalived sets vmac_xmit_base for them, and so do we,
# saying so.
lab_vrrp_conf n1 "    use_vmac
    unicast_peer {
        ${LAB_ADDR[n2]}
    }" >/dev/null
lab_vrrp_conf n2 "    use_vmac
    unicast_peer {
        ${LAB_ADDR[n1]}
    }" >/dev/null
: >"$LAB_DIR/haproxy-n2.log"
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_holder n1 8 "unicast: node1 is master"
check "unicast: node2 follows node1" \
	wait_until 3 eval '[ "$(field n2 master)" = "${LAB_ADDR[n1]}" ]'
check "unicast: the log says vmac_xmit_base is set" \
	grep -q "use_vmac: VI_1: unicast adverts go out of $LAB_IF: vmac_xmit_base is set" \
	"$LAB_DIR/haproxy-n2.log"
lab_haproxy_stop n1 TERM
expect_holder n2 5 "unicast: node1 stops: node2 takes over"
check "unicast: node2 counted node1's priority 0" [ "$(field n2 rx_stop)" -ge 1 ]
lab_haproxy_stop n2 TERM
check "unicast: no vmac and no VIP left on either node" \
	eval 'stopped_clean n1 && stopped_clean n2'

# IPv6 (VRRPv3): the vmac vrrp.52 has 00:00:5e:00:02:34 and, as in
# keepalived, the base interface's link-local address, the adverts'
# source; the VIP 2001:db8::100 moves on it.
VMAC=vrrp.52
VMAC_MAC=00:00:5e:00:02:34
for n in n1 n2; do
	case $n in n1) prio=250 state=MASTER ;; *) prio=200 state=BACKUP ;; esac
	cat >"$LAB_DIR/vrrp-$n.conf" <<CONF
vrrp_instance VI_6 {
    state $state
    interface $LAB_IF
    virtual_router_id 52
    priority $prio
    advert_int 1
    use_vmac
    virtual_ipaddress {
        $LAB_VIP6
    }
}
CONF
done
v6_holder() {
	local h=() n
	for n in n1 n2; do
		ip -n "${LAB}$n" -6 addr show dev "$VMAC" 2>/dev/null | grep -q "inet6 $LAB_VIP6/" && h+=("$n")
	done
	[ ${#h[@]} -eq 0 ] && echo none || echo "${h[*]}"
}
v6_holder_is() { [ "$(v6_holder)" = "$1" ]; }
# NODE's eth0 link-local address (with its length).
ll_of() { ip -n "${LAB}$1" -6 addr show dev "$LAB_IF" scope link | awk '/inet6/ { print $2; exit }'; }
# ... is on its vmac too, and is the vmac's only one (none made from the
# virtual MAC, which every node's vmac has).
ll_on_vmac() {
	local ll
	ll=$(ll_of "$1")
	[ -n "$ll" ] && ip -n "${LAB}$1" -6 addr show dev "$VMAC" | grep -q "inet6 $ll " &&
		[ "$(ip -n "${LAB}$1" -6 addr show dev "$VMAC" scope link | grep -c inet6)" = 1 ]
}
client_neigh6() {
	lab_ns cl ping -6 -c1 -W1 -q "$LAB_VIP6" >/dev/null 2>&1
	ip -n "${LAB}cl" -6 neigh show "$LAB_VIP6" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }'
}
client_neigh6_is_vmac() { [ "$(client_neigh6)" = "$VMAC_MAC" ]; }
v6_clean() { vmac_gone "$1" && ! ip -n "${LAB}$1" -6 addr show | grep -q "inet6 $LAB_VIP6/"; }
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
check "IPv6: node1 is master on its $VMAC" wait_until 8 v6_holder_is n1
n1_ll=$(ll_of n1)
check "IPv6: node2 follows node1 (${n1_ll%/*})" \
	wait_until 3 eval '[ "$(field n2 master VI_6)" = "${n1_ll%/*}" ]'
for n in n1 n2; do
	check "IPv6: $n has $VMAC with MAC $VMAC_MAC" vmac_ok "$n"
	check "IPv6: $n's $LAB_IF link-local address is on $VMAC too, its only one" ll_on_vmac "$n"
done
check "IPv6: the client's neighbour entry for the VIP is the virtual MAC" \
	wait_until 5 client_neigh6_is_vmac
lab_haproxy_stop n1 TERM
check "IPv6: node1 stops: node2 takes over" wait_until 5 v6_holder_is n2
check "IPv6: node2 counted node1's priority 0" [ "$(field n2 rx_stop VI_6)" -ge 1 ]
check "IPv6: node1 left no vmac and no VIP" wait_until 3 v6_clean n1
check "IPv6: the client's neighbour entry is still the virtual MAC" \
	wait_until 5 client_neigh6_is_vmac
lab_haproxy_start n1 || exit 1
check "IPv6: node1 back: preempts" wait_until 8 v6_holder_is n1
lab_haproxy_stop n1 TERM
lab_haproxy_stop n2 TERM
check "IPv6: no vmac and no VIP left on either node" eval 'v6_clean n1 && v6_clean n2'

# IPv6 against Debian's keepalived with the same file on node2.
: >"$LAB_DIR/keepalived-n2.log"
lab_keepalived_run n2 "$LAB_DIR/vrrp-n2.conf"
lab_haproxy_start n1 || exit 1
check "IPv6 with keepalived on node2: node1 is master" wait_until 8 v6_holder_is n1
check "IPv6: keepalived made its $VMAC on node2" wait_until 3 vmac_ok n2
lab_haproxy_stop n1 TERM
check "IPv6: node1 stops: keepalived on node2 takes over" wait_until 5 v6_holder_is n2
check "IPv6: node1 left no vmac and no VIP" wait_until 3 v6_clean n1
lab_haproxy_start n1 || exit 1
check "IPv6: node1 back: preempts keepalived" wait_until 8 v6_holder_is n1
check "IPv6: node1 heard keepalived's adverts (rx_adverts $(field n1 rx_adverts VI_6))" \
	[ "$(field n1 rx_adverts VI_6)" -ge 1 ]
bad=$(grep -hiE "invalid|bad |wrong|mismatch|ttl|checksum" "$LAB_DIR/keepalived-n2.log" |
	grep -v "max_auto_priority" | head -3)
check "IPv6: keepalived logged no invalid packet${bad:+ ($bad)}" [ -z "$bad" ]
lab_keepalived_stop n2
lab_haproxy_stop n1 TERM
check "IPv6: no vmac and no VIP left on either node" eval 'v6_clean n1 && v6_clean n2'
t_done
