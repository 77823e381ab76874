#!/usr/bin/env bash
# What keepalived users write beyond the seed: several instances and VIPs
# with address options, unicast peers, track_interface, garp refresh; and
# the check mode on an existing keepalived.conf.
source "$(dirname "$0")/common.sh"

lab_up || exit 1

# Two instances: VI_1 prefers node1, VI_2 prefers node2; VIP options.
conf_two() {
	local n=$1 p1 p2
	if [ "$n" = n1 ]; then p1=250 p2=100; else p1=200 p2=150; fi
	cat >"$LAB_DIR/vrrp-$n.conf" <<CONF
global_defs {
    router_id lab
    vrrp_garp_master_delay 1
    vrrp_garp_master_refresh 1
    notification_email {
        ops@example.org
    }
}
vrrp_instance VI_1 {
    interface $LAB_IF
    virtual_router_id 51
    priority $p1
    advert_int 1
    virtual_ipaddress {
        192.0.2.100
        192.0.2.101/24 label $LAB_IF:api brd 192.0.2.255 scope global
        192.0.2.102/32 scope host
        192.0.2.103/26 broadcast + noprefixroute no_track
    }
}
vrrp_instance VI_2 {
    interface $LAB_IF
    virtual_router_id 52
    priority $p2
    advert_int 1
    virtual_ipaddress {
        192.0.2.110
    }
}
CONF
}
conf_two n1; conf_two n2
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
sleep 4.5
vi() { lab_show_vrrp "$1" | awk -v i="$2" -v k="$3" '$1 == i {
	for (f = 2; f <= NF; f++) { split($f, kv, "="); if (kv[1] == k) print kv[2] } }'; }
check "VI_1 master on node1" [ "$(vi n1 VI_1 state)" = MASTER ]
check "VI_2 master on node2" [ "$(vi n2 VI_2 state)" = MASTER ]
check "VI_1 lists its four VIPs" [ "$(vi n1 VI_1 vips)" = "192.0.2.100/32,192.0.2.101/24,192.0.2.102/32,192.0.2.103/26" ]
addrs=$(lab_ns n1 ip -4 addr show dev "$LAB_IF")
check "192.0.2.101/24 with brd and label" grep -q "inet 192.0.2.101/24 brd 192.0.2.255 scope global secondary dynamic $LAB_IF:api" <<<"$addrs"
check "192.0.2.102 with scope host" grep -q "inet 192.0.2.102/32 scope host" <<<"$addrs"
# keepalived's VIP flags: "broadcast +", noprefixroute.
check "192.0.2.103/26 with brd + and noprefixroute" \
	grep -qE "inet 192.0.2.103/26 brd 192.0.2.127 .*noprefixroute" <<<"$addrs"
check "... and no prefix route" [ -z "$(ip -n "${LAB}n1" route show 192.0.2.64/26)" ]
check "VI_2's VIP on node2 only" bash -c "! grep -q 192.0.2.110 <<<\"\$1\"" _ "$addrs"
check "node2 holds 192.0.2.110" lab_ns n2 bash -c "ip -4 addr show dev $LAB_IF | grep -q 'inet 192.0.2.110/32'"
g1=$(vi n1 VI_1 garp_sent); sleep 2.2; g2=$(vi n1 VI_1 garp_sent)
check "garp_master_refresh 1: node1 keeps sending gratuitous ARPs ($g1 -> $g2)" [ "$g2" -ge $((g1 + 3 * 2)) ]
csv=$(lab_ns cl curl -s -u admin:admin "http://${LAB_ADDR[n1]}:1080/admin?stats;csv")
check "stats page shows VI_1:MASTER on node1" grep -q '^vrrp,VI_1:MASTER,' <<<"$csv"
check "stats page shows VI_2:BACKUP on node1" grep -q '^vrrp,VI_2:BACKUP,' <<<"$csv"
lab_haproxy_stop n1 TERM; lab_haproxy_stop n2 TERM
rm -f "$LAB_DIR"/stats-n*.sock

# track_interface: node1 tracks trk0 (a veth pair inside node1); when its
# peer goes down node1 enters FAULT and node2 takes over; then back.
lab_ns n1 ip link add trk0 type veth peer name trk1
lab_ns n1 ip link set trk0 up
lab_ns n1 ip link set trk1 up
LAB_NO_AUTH=0 lab_vrrp_conf n1 "    track_interface {
        trk0
    }" >/dev/null
lab_vrrp_conf n2 >/dev/null
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_vip n1 8 "track_interface: node1 master while trk0 is up"
lab_ns n1 ip link set trk1 down
expect_vip n2 3 "trk0 down: node1 in FAULT, node2 takes over"
check "show vrrp: FAULT on trk0" grep -q "^VI_1 state=FAULT .* fault=trk0 " <<<"$(lab_show_vrrp n1)"
lab_ns n1 ip link set trk1 up
expect_vip n1 6 "trk0 up again: node1 leaves FAULT and preempts"
check "fault cleared" [ "$(field n1 fault)" = none ]
lab_haproxy_stop n1 TERM

# With keepalived's weight: trk0 down lowers node1 to 190, under node2's
# 200, which preempts within its Master_Down_Interval; up, node1 is back
# at 250 and preempts in turn.
LAB_NO_AUTH=0 lab_vrrp_conf n1 "    track_interface {
        trk0 weight -60
    }" >/dev/null
lab_wait_vip n2 3
lab_haproxy_start n1 || exit 1
expect_vip n1 8 "track_interface weight -60: node1 preempts while trk0 is up"
lab_ns n1 ip link set trk1 down
expect_vip n2 6 "trk0 down: node1 at 190, node2 (200) takes over"
check "node1 BACKUP at 190, not in FAULT" \
	[ "$(field n1 state)/$(field n1 effective_priority)" = BACKUP/190 ]
check "the log says so" grep -q "(VI_1) tracked interface trk0 is down (weight -60)" \
	"$LAB_DIR/haproxy-n1.log"
lab_ns n1 ip link set trk1 up
expect_vip n1 6 "trk0 up again: node1 at 250 preempts"
check "node1 at 250 again" [ "$(field n1 effective_priority)" = 250 ]
lab_haproxy_stop n1 TERM; lab_haproxy_stop n2 TERM
rm -f "$LAB_DIR"/stats-n*.sock

# mcast_src_ip (keepalived's same setting as unicast_src_ip, as guides
# use it): multicast adverts from a secondary address of the interface.
ip -n "${LAB}n1" addr add 192.0.2.31/24 dev "$LAB_IF"
lab_vrrp_conf n1 "    mcast_src_ip 192.0.2.31" >/dev/null
lab_vrrp_conf n2 >/dev/null
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_vip n1 8 "mcast_src_ip: election"
check "mcast_src_ip: node2 follows node1 at 192.0.2.31" \
	wait_until 3 eval '[ "$(field n2 master)" = 192.0.2.31 ]'
check "mcast_src_ip: adverts stay multicast" [ "$(field n1 mode)" = multicast ]
lab_haproxy_stop n1 TERM
expect_vip n2 2 "mcast_src_ip: priority 0 hands over"
lab_haproxy_stop n2 TERM
rm -f "$LAB_DIR"/stats-n*.sock
ip -n "${LAB}n1" addr del 192.0.2.31/24 dev "$LAB_IF"

# Unicast: adverts only to the configured peer, accepted only from it.
for n in n1 n2; do
	[ $n = n1 ] && me=${LAB_ADDR[n1]} peer=${LAB_ADDR[n2]} || { me=${LAB_ADDR[n2]}; peer=${LAB_ADDR[n1]}; }
	lab_vrrp_conf "$n" "    unicast_src_ip $me
    unicast_peer {
        $peer
    }" >/dev/null
done
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_vip n1 8 "unicast: election"
check "unicast: show vrrp names the peer" [ "$(field n1 mode)" = "unicast:192.0.2.12" ]
rx=$(field n2 rx_adverts)
sleep 1.2
check "unicast: node2 hears node1" [ "$(field n2 rx_adverts)" -gt "$rx" ]
# Adverts at priority 255 from the client, which is not a peer: sent to
# node2's own address they are counted and dropped; sent to 224.0.0.18
# they do not even arrive (no multicast group joined).
check "advert sent to node2 from a stranger" \
	lab_ns cl "$VRRP_SEND" -c 2 -d "${LAB_ADDR[n2]}" "$LAB_IF" 2133ff0101010000c00002646365623162336563
check "advert multicast by a stranger" \
	lab_ns cl "$VRRP_SEND" -c 2 "$LAB_IF" 2133ff0101010000c00002646365623162336563
# (node2, a backup, reads its socket every Skew_Time: 218 ms here.)
wait_until 3 eval '[ "$(field n2 rx_not_peer)" -ge 1 ]'
check "unicast: the stranger's advert to node2 counted as not_peer" [ "$(field n2 rx_not_peer)" = 1 ]
check "unicast: node2 still BACKUP, following node1" [ "$(field n2 master)" = 192.0.2.11 ]
check "unicast: node1 still master" [ "$(field n1 state)" = MASTER ]
lab_haproxy_stop n1 TERM
expect_vip n2 2 "unicast: priority 0 to the peer hands over"
lab_haproxy_stop n2 TERM
rm -f "$LAB_DIR"/stats-n*.sock

# Unicast with keepalived as the peer, both sending TTL 64 (unicast_ttl:
# peers may be routers apart; keepalived checks a unicast advert's TTL
# no more than we do).
lab_vrrp_conf n1 "    unicast_src_ip ${LAB_ADDR[n1]}
    unicast_ttl 64
    unicast_peer {
        ${LAB_ADDR[n2]}
    }" >/dev/null
lab_haproxy_start n1 || exit 1
LAB_PLAIN=1 lab_haproxy_start n2 || exit 1
lab_keepalived_start n2 "    unicast_src_ip ${LAB_ADDR[n2]}
    unicast_ttl 64
    unicast_peer {
        ${LAB_ADDR[n1]}
    }"
expect_vip n1 8 "unicast with keepalived: election agrees on node1"
# TTLs of two of node1's adverts, as node2 receives them.
ttls=$(lab_ns n2 timeout 5 tcpdump -i "$LAB_IF" -c 2 -n -v "ip proto 112 and src ${LAB_ADDR[n1]}" 2>/dev/null |
	grep -o "ttl [0-9]*" | sort -u | tr '\n' ' ')
check "unicast_ttl 64: node1's adverts leave with TTL 64 (${ttls:-none seen})" [ "$ttls" = "ttl 64 " ]
lab_haproxy_stop n1 TERM
expect_vip n2 2 "unicast with keepalived: node1's stop hands over"
lab_haproxy_start n1 || exit 1
# node1 (priority 250) preempts on keepalived's first advert it reads: it
# reads its TTL 64 adverts, which a multicast instance would drop.
check "unicast_ttl: node1 hears keepalived's TTL 64 adverts" \
	wait_until 5 eval '[ "$(field n1 rx_adverts)" -ge 1 ]'
check "unicast_ttl: ... and drops none for their TTL" [ "$(field n1 rx_bad_ttl)" = 0 ]
expect_vip n1 8 "unicast with keepalived: failback"
bad=$(grep -iE "invalid|bad |wrong|checksum" "$LAB_DIR/keepalived-n2.log" | head -2)
check "unicast with keepalived: no invalid packet logged${bad:+ ($bad)}" [ -z "$bad" ]
lab_keepalived_stop n2

# The check mode on a production-style keepalived.conf.
cat >"$LAB_DIR/keepalived.conf" <<'CONF'
global_defs {
    router_id lb1
    notification_email {
        ops@example.org
    }
    vrrp_strict
}
vrrp_script chk {
    script "/usr/bin/pgrep haproxy"
    interval 2
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 300
    use_vmac
    virtual_ipaddress {
        192.0.2.100/24 dev eth0 label eth0:1
    }
    track_script {
        chk
    }
}
virtual_server 192.0.2.100 80 {
    real_server 192.0.2.11 80 {
    }
}
CONF
out=$("$VRRP_CHECK" "$LAB_DIR/keepalived.conf")
rc=$?
echo "$out" | sed 's/^/    /'
check "check mode: exit 1 (does not load as it is)" [ $rc -eq 1 ]
line_is() { grep -qE "^ +$1 +$2 +$3" <<<"$out"; }
check "check mode: router_id used" line_is 2 router_id used
check "check mode: notification_email no effect" line_is 3 notification_email "no effect"
check "check mode: vrrp_strict unsupported" line_is 6 vrrp_strict unsupported
check "check mode: vrrp_script replaced" line_is 8 vrrp_script replaced
check "check mode: priority 300 without effect (keepalived keeps 100)" line_is 15 priority "no effect"
check "check mode: use_vmac used" line_is 16 use_vmac used
check "check mode: VIP with options used" line_is 18 192.0.2.100/24 used
check "check mode: track_script replaced" line_is 20 track_script replaced
check "check mode: virtual_server unsupported" line_is 24 virtual_server unsupported
check "check mode: summary" grep -q "^8 used, 5 replaced by HAProxy.s liveness, 2 without effect, 2 unsupported, 0 invalid" <<<"$out"
"$VRRP_CHECK" "$VRRP_SRC/haproxy-conf/vrrp-node1.conf" >/dev/null
check "check mode: the seed's file loads as it is (exit 0)" [ $? -eq 0 ]

t_done
