#!/usr/bin/env bash
# VRRPv3 over IPv6 (RFC 9568). Each node's vrrp.conf holds the seed's IPv4
# instance VI_1 and an IPv6 instance VI_6 with the same VRID 51 (over two
# families they are two virtual routers), VIP 2001:db8::100. A client on
# IPv6 reaches HAProxy through the VIP across a clean stop, a killed
# worker and the failbacks; the takeover's unsolicited neighbour
# advertisement moves the client's neighbour entry at once. Hostile IPv6
# adverts (hop limit, checksum, foreign VRID) are dropped and counted.
# Wireshark's dissector decodes our adverts with a good checksum. Then
# mixed pairs with the real keepalived 2.2.7, each side master in turn.
source "$(dirname "$0")/common.sh"

lab_up || exit 1
VIP6=$LAB_VIP6

# The seed's vrrp.conf with the IPv6 instance VI_6 beside VI_1.
for n in n1 n2; do LAB_NO_AUTH=1 LAB_WITH_V6=1 lab_vrrp_conf "$n" >/dev/null; done

ll_of() { ip -n "${LAB}$1" -6 -o addr show dev "$LAB_IF" scope link | awk '{ sub("/.*", "", $4); print $4 }'; }
mac_of() { ip -n "${LAB}$1" -o link show dev "$LAB_IF" | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2; }
# The client's neighbour entry for the IPv6 VIP: the MAC it sends to.
client_neigh() { ip -n "${LAB}cl" -6 neigh show "$VIP6" dev "$LAB_IF" | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2; }
v6_holder() { lab_vip_holder "$VIP6"; }
# Waits for the IPv6 VIP on $1 and reports how long it took from $t0.
v6_moved() {
	local want=$1 limit=$2 what=$3
	if lab_wait_vip "$want" "$limit" "$VIP6"; then
		ok "$what (IPv6 VIP on $want after $(( $(lab_now_ms) - t0 )) ms)"
	else
		not_ok "$what (IPv6 VIP on $(v6_holder), wanted $want)"
	fi
}

lab_haproxy_start n1 || exit 1
# node2's link-local address is still in duplicate address detection when
# HAProxy starts (as right after a boot): the start waits for it.
ll2=$(ll_of n2)
# (Detection takes one retransmission time: 2.5 s here, so the address is
# surely tentative when looked at, and done within the start's 5 s wait.)
lab_ns n2 sysctl -qw "net.ipv6.conf.$LAB_IF.accept_dad=1" "net.ipv6.neigh.$LAB_IF.retrans_time_ms=2500"
ip -n "${LAB}n2" -6 addr del "$ll2/64" dev "$LAB_IF"
ip -n "${LAB}n2" -6 addr add "$ll2/64" dev "$LAB_IF"
check "node2's link-local address is tentative" \
	eval 'ip -n "${LAB}n2" -6 addr show dev "$LAB_IF" scope link | grep -q tentative'
t0=$(lab_now_ms)
lab_haproxy_start n2 || exit 1
echo "# node2's start waited $(( $(lab_now_ms) - t0 )) ms for duplicate address detection"
check "node2 started once detection was done, from its link-local address" \
	eval '! ip -n "${LAB}n2" -6 addr show dev "$LAB_IF" scope link | grep -q tentative'
lab_ns n2 sysctl -qw "net.ipv6.neigh.$LAB_IF.retrans_time_ms=1000"
t0=$(lab_now_ms)
v6_moved n1 8 "IPv6 election: node1 (250) is master"
check "the IPv4 instance beside it too" lab_wait_vip n1 3
check "node2 follows node1's link-local address" \
	wait_until 3 eval '[ "$(field n2 master VI_6)" = "$(ll_of n1)" ]'
check "show vrrp says ipv6" [ "$(field n1 family VI_6)" = ipv6 ]
check "the IPv6 VIP has no duplicate address detection (not tentative)" \
	eval '! ip -n "${LAB}n1" -6 addr show dev "$LAB_IF" | grep "$VIP6/" -A0 | grep -q tentative'
check "the IPv6 VIP has a lease (valid_lft is not forever)" \
	eval 'ip -n "${LAB}n1" -6 addr show dev "$LAB_IF" | grep -A1 "inet6 $VIP6/" | grep -q "valid_lft [0-9]"'
check "node1 sent unsolicited neighbour advertisements" [ "$(field n1 na_sent VI_6)" -gt 0 ]
check "client over IPv6 reaches HAProxy through the VIP" \
	eval 'lab_request 1 "$VIP6" | grep -q "api on"'
check "the client's neighbour entry for the VIP is node1's MAC" \
	wait_until 2 eval '[ "$(client_neigh)" = "$(mac_of n1)" ]'

# Clean stop: priority 0, node2 takes over within Skew_Time, and its NA
# moves the client's neighbour entry (no waiting for neighbour
# unreachability detection).
lab_probe_start 60 "$VIP6"
sleep 1
t0=$(lab_now_ms)
lab_haproxy_stop n1 TERM
v6_moved n2 2 "node1 stops: node2 takes the IPv6 VIP"
stop_ms=$(( $(lab_now_ms) - t0 ))
check "the client's neighbour entry moved to node2's MAC" \
	wait_until 2 eval '[ "$(client_neigh)" = "$(mac_of n2)" ]'
sleep 2
lab_probe_stop
out_stop=$(lab_outage_ms "$t0")
check_between "client outage over IPv6 after a clean stop: $out_stop ms" "$out_stop" 0 2000
check "node1 left nothing behind" [ "$(v6_holder)" = n2 ]

# Failback (preemption), then a killed worker: node2 takes over after
# Master_Down_Interval, node1's copy lapses with its lease.
lab_haproxy_start n1 || exit 1
t0=$(lab_now_ms)
v6_moved n1 8 "node1 back: it preempts node2 over IPv6"
lab_probe_start 60 "$VIP6"
sleep 1
t0=$(lab_now_ms)
lab_worker_signal n1 KILL
check "node1's worker killed: node2 takes over" wait_until 6 eval 'lab_has_vip n2 "$VIP6"'
kill_ms=$(( $(lab_now_ms) - t0 ))
v6_moved n2 8 "and node1's copy lapses with its lease"
sleep 2
lab_probe_stop
out_kill=$(lab_outage_ms "$t0")
check_between "client outage over IPv6 after SIGKILL: $out_kill ms" "$out_kill" 0 6000
echo "# IPv6: VIP moved ${stop_ms} ms after a clean stop (client outage ${out_stop} ms), ${kill_ms} ms after SIGKILL (client outage ${out_kill} ms)"
lab_haproxy_stop n1 KILL
lab_haproxy_start n1 || exit 1
t0=$(lab_now_ms)
v6_moved n1 8 "node1 restarted: master again"

# Hostile adverts from the client's namespace to node2 (backup): each is
# dropped and counted, and none changes who is master.
cl_ll=$(ll_of cl)
advert="3133ff0100640000${VIP6_HEX:=20010db8000000000000000000000100}"
before() { field n2 "$1" VI_6; }
ttl0=$(before rx_bad_ttl); sum0=$(before rx_bad_checksum); vrid0=$(before rx_other_vrid)
lab_ns cl "$VRRP_SEND" -6 -s "$cl_ll" -c 3 -t 254 -n 3 "$LAB_IF" "$advert" || not_ok "vrrp_send hop limit"
lab_ns cl "$VRRP_SEND" -6 -s "$cl_ll" -n 3 "$LAB_IF" "$advert" || not_ok "vrrp_send checksum"
lab_ns cl "$VRRP_SEND" -6 -s "$cl_ll" -c 3 -n 3 "$LAB_IF" "3163ff0100640000$VIP6_HEX" || not_ok "vrrp_send vrid"
check "hop limit 254: dropped and counted" wait_until 3 eval '[ "$(before rx_bad_ttl)" -eq $((ttl0 + 3)) ]'
check "bad checksum: dropped and counted" wait_until 3 eval '[ "$(before rx_bad_checksum)" -eq $((sum0 + 3)) ]'
check "foreign VRID 99: counted" wait_until 3 eval '[ "$(before rx_other_vrid)" -ge $((vrid0 + 3)) ]'
check "none of them moved the VIP" [ "$(v6_holder)" = n1 ]
check "node2 still follows node1" [ "$(field n2 master VI_6)" = "$(ll_of n1)" ]

# Wireshark's dissector on our adverts.
if command -v tshark >/dev/null; then
	lab_ns cl timeout 3 tcpdump -i "$LAB_IF" -w "$LAB_DIR/v6.pcap" -U ip6 proto 112 2>/dev/null
	decoded=$(tshark -r "$LAB_DIR/v6.pcap" -Y vrrp -T fields -e ipv6.src -e vrrp.version \
		-e vrrp.checksum.status 2>/dev/null | sort -u)
	echo "# tshark: $decoded"
	check "tshark decodes our IPv6 adverts as VRRPv3 from node1 with a good checksum" \
		[ "$decoded" = "$(printf '%s\t3\t1' "$(ll_of n1)")" ]
else
	not_ok "tshark is missing (scripts/install-deps.sh installs it)"
fi
lab_haproxy_stop n1 TERM
lab_haproxy_stop n2 TERM
lab_wait_vip none 5 "$VIP6"

# Mixed pairs with keepalived 2.2.7 on the same configuration (its
# check script is never given a vrrp_script here: the pair is VRRP only).
ka_conf() { sed '/track_script/,/}/d; /vrrp_script/,/^}/d' "$LAB_DIR/vrrp-$1.conf" >"$LAB_DIR/ka6-$1.conf"; echo "$LAB_DIR/ka6-$1.conf"; }
mixed() {
	local ka=$1 ours=$2 what
	what="keepalived on $ka, haproxy-vrrp on $ours"
	: >"$LAB_DIR/keepalived-$ka.log"
	lab_keepalived_run "$ka" "$(ka_conf "$ka")"
	lab_haproxy_start "$ours" || return
	t0=$(lab_now_ms)
	v6_moved n1 8 "$what: node1 (250) is master"
	t0=$(lab_now_ms)
	if [ "$ka" = n1 ]; then lab_keepalived_stop n1; else lab_haproxy_stop n1 TERM; fi
	v6_moved n2 3 "$what: node1 stops, node2 takes over"
	t0=$(lab_now_ms)
	if [ "$ka" = n1 ]; then lab_keepalived_run n1 "$LAB_DIR/ka6-n1.conf"; else lab_haproxy_start n1; fi
	v6_moved n1 8 "$what: node1 back, it preempts"
	check "$what: keepalived read every IPv6 advert" \
		eval '! grep -qiE "invalid|bad checksum|ttl" "$LAB_DIR/keepalived-$ka.log"'
	if [ "$ours" = n2 ]; then
		check "$what: ours counted no bad advert" [ "$(field n2 rx_bad_checksum VI_6)" = 0 ]
	fi
	lab_keepalived_stop "$ka"
	lab_haproxy_stop "$ours" TERM
	lab_haproxy_stop n1 TERM
	lab_wait_vip none 5 "$VIP6"
}
mixed n1 n2
mixed n2 n1

# Unicast over IPv6 (unicast_src_ip and unicast_peer of the other node's
# global address), ours on both nodes, then keepalived on node2.
uni_conf() {
	local n=$1 peer=$2 prio=$3
	cat >"$LAB_DIR/uni-$n.conf" <<CONF
vrrp_instance VI_6 {
    state BACKUP
    interface $LAB_IF
    virtual_router_id 52
    priority $prio
    advert_int 1
    unicast_src_ip ${LAB_ADDR6[$n]}
    unicast_peer {
        ${LAB_ADDR6[$peer]}
    }
    virtual_ipaddress {
        $VIP6
    }
}
CONF
	echo "$LAB_DIR/uni-$n.conf"
}
lab_haproxy_start n1 "$(uni_conf n1 n2 250)" || exit 1
lab_haproxy_start n2 "$(uni_conf n2 n1 200)" || exit 1
t0=$(lab_now_ms)
v6_moved n1 8 "IPv6 unicast: node1 (250) is master"
check "IPv6 unicast: node2 follows node1's global address" \
	wait_until 3 eval '[ "$(field n2 master VI_6)" = "${LAB_ADDR6[n1]}" ]'
check "IPv6 unicast: show vrrp names the peer" \
	eval 'lab_show_vrrp n2 | grep -q "mode=unicast:${LAB_ADDR6[n1]}"'
t0=$(lab_now_ms)
lab_haproxy_stop n1 TERM
v6_moved n2 2 "IPv6 unicast: node1 stops, node2 takes over (priority 0 sent to it)"
check "IPv6 unicast: no advert refused on node2" \
	[ "$(( $(field n2 rx_not_peer VI_6) + $(field n2 rx_bad_checksum VI_6) ))" = 0 ]
lab_haproxy_stop n2 TERM
lab_wait_vip none 5 "$VIP6"
: >"$LAB_DIR/keepalived-n2.log"
lab_keepalived_run n2 "$LAB_DIR/uni-n2.conf"
lab_haproxy_start n1 "$LAB_DIR/uni-n1.conf" || exit 1
t0=$(lab_now_ms)
v6_moved n1 8 "IPv6 unicast with keepalived on node2: node1 (ours, 250) is master"
# keepalived's Master_Down_Interval is 3.2 s: past it, it still hears us.
sleep 4
check "IPv6 unicast with keepalived: keepalived stays backup (it reads our adverts)" \
	[ "$(v6_holder)" = n1 ]
t0=$(lab_now_ms)
lab_haproxy_stop n1 TERM
v6_moved n2 3 "IPv6 unicast: ours stops, keepalived takes over"
check "IPv6 unicast: keepalived read every advert" \
	eval '! grep -qiE "invalid|bad checksum|ttl" "$LAB_DIR/keepalived-n2.log"'
lab_keepalived_stop n2
lab_wait_vip none 5 "$VIP6"

t_done
