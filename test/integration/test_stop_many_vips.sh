#!/usr/bin/env bash
# SIGTERM with more to hand over than ever before: two instances, both
# master on node1, 32 VIPs each. The last gasp (priority 0 for each, and
# the deletion of all 64 VIPs, sent from the signal handler) must be sized
# from the config: a fixed set of 64 messages dropped the last two
# deletions in silence, and those VIPs stayed on the dead node until their
# lease ran out.
source "$(dirname "$0")/common.sh"

lab_up || exit 1
# VI_1: 192.0.2.100-131, VI_2: 192.0.2.140-171.
vips() { local i; for i in $(seq "$1" "$2"); do echo "        192.0.2.$i"; done; }
write_conf() {
	local n=$1 state=$2 prio=$3
	cat >"$LAB_DIR/vrrp-$n.conf" <<CONF
vrrp_instance VI_1 {
    state $state
    interface $LAB_IF
    virtual_router_id 51
    priority $prio
    advert_int 1
    virtual_ipaddress {
$(vips 100 131)
    }
}
vrrp_instance VI_2 {
    state $state
    interface $LAB_IF
    virtual_router_id 52
    priority $prio
    advert_int 1
    virtual_ipaddress {
$(vips 140 171)
    }
}
CONF
}
write_conf n1 MASTER 250
write_conf n2 BACKUP 200
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1

# How many of the 64 VIPs NODE holds.
held() { lab_ns "$1" ip -4 -o addr show dev "$LAB_IF" | grep -c "inet 192\.0\.2\.1[0-7][0-9]/32"; }
# A show vrrp field of instance $2 on node $1.
ifield() {
	lab_show_vrrp "$1" | awk -v inst="$2" -v k="$3" '$1 == inst {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }'
}
wait_until 10 eval '[ "$(held n1)" -eq 64 ]'
check "node1 holds all 64 VIPs ($(held n1))" [ "$(held n1)" -eq 64 ]
check "node2 holds none" [ "$(held n2)" -eq 0 ]

lab_haproxy_stop n1 TERM     # returns once node1's HAProxy has exited
left=$(held n1)
check "after SIGTERM node1 kept none of its 64 VIPs ($left left; their lease is 5 s)" [ "$left" -eq 0 ]
heard_stop() { [ "$(ifield n2 "$1" rx_stop)" -ge 1 ]; }
check "node2 heard priority 0 for VI_1" wait_until 2 heard_stop VI_1
check "node2 heard priority 0 for VI_2" wait_until 2 heard_stop VI_2
wait_until 3 eval '[ "$(held n2)" -eq 64 ]'
check "node2 took all 64 over ($(held n2))" [ "$(held n2)" -eq 64 ]

t_done
