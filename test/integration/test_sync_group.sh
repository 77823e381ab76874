#!/usr/bin/env bash
# vrrp_sync_group: VI_1 (VIP .100) and VI_2 (VIP .101) move together.
# A FAULT of one member (its tracked backend) puts the other in FAULT and
# the peer takes both; a member that loses mastership to a higher
# priority (a weight) takes the other out, and the other waits as Backup
# while its group mate hears a master: never one VIP on each node.
source "$(dirname "$0")/common.sh"

BE=kubernetes-apiserver
VIP1=192.0.2.100
VIP2=192.0.2.101

# vrrp.conf for NODE: the group, then VI_1 (tracking backend $2, if
# given) and VI_2.
group_conf() {
	local n=$1 track="" prio conf="$LAB_DIR/group-$1.conf"
	if [ "$n" = n1 ]; then prio=250; else prio=200; fi
	[ -n "${2:-}" ] && track="track_backend { $2 }"
	cat >"$conf" <<CONF
global_defs {
    vrrp_version 3
    $( [ "$n" = n1 ] && echo "notify_fifo $FIFO" )
}
vrrp_sync_group VG_1 {
    group {
        VI_1
        VI_2
    }
}
vrrp_instance VI_1 {
    interface $LAB_IF
    virtual_router_id 51
    priority $prio
    advert_int 1
    $track
    virtual_ipaddress {
        $VIP1
    }
}
vrrp_instance VI_2 {
    interface $LAB_IF
    virtual_router_id 52
    priority $prio
    advert_int 1
    virtual_ipaddress {
        $VIP2
    }
}
CONF
	echo "$conf"
}

both_on() { vips_on "$1" $VIP1 $VIP2; }
# show vrrp field K of instance I on NODE.
ifield() {
	lab_show_vrrp "$1" | awk -v i="$2" -v k="$3" '$1 == i {
		for (j = 2; j <= NF; j++) { split($j, kv, "="); if (kv[1] == k) print kv[2] } }'
}
lab_up || exit 1
# node1's notify FIFO, read by a reader of our own (stopped with the lab).
FIFO="$LAB_DIR/notify.fifo"
mkfifo "$FIFO"
lab_ns n1 bash -c 'while IFS= read -r l; do echo "$l"; done <"$1"' _ "$FIFO" \
	>"$LAB_DIR/notify.log" 2>&1 &
LAB_PIDS+=($!)
disown $!
group_lines() { grep -F 'GROUP "VG_1"' "$LAB_DIR/notify.log" | tr '\n' ';'; }

# ---- FAULT of one member: the group is in FAULT, the peer takes both ----
lab_haproxy_start n1 "$(group_conf n1 "$BE")" || exit 1
lab_haproxy_start n2 "$(group_conf n2)" || exit 1
check "both VIPs on node1" wait_until 8 both_on n1
wait_until 3 eval '[ "$(ifield n2 VI_2 master)" = "${LAB_ADDR[n1]}" ]'
check "node2 is BACKUP of both" \
	[ "$(ifield n2 VI_1 state)/$(ifield n2 VI_2 state)" = BACKUP/BACKUP ]

: >"$LAB_DIR/holders.log"
watch_vip_pair $VIP1 $VIP2 &
watcher=$!
lab_backend_state n1 "$BE" maint
check "VI_1's backend down: both VIPs on node2 within 3 s" wait_until 3 both_on n2
check "node1: VI_1 in FAULT for its backend" [ "$(ifield n1 VI_1 fault)" = "$BE" ]
check "node1: VI_2 in FAULT for its group" \
	[ "$(ifield n1 VI_2 state)/$(ifield n1 VI_2 fault)" = FAULT/VG_1 ]
check "the log says why" grep -q "(VI_2) Entering FAULT STATE (sync group VG_1: VI_1 is in FAULT" \
	"$LAB_DIR/haproxy-n1.log"
lab_backend_state n1 "$BE" ready
check "backend back: both VIPs on node1 again" wait_until 10 both_on n1
check "node1: both MASTER" [ "$(ifield n1 VI_1 state)/$(ifield n1 VI_2 state)" = MASTER/MASTER ]
touch "$LAB_DIR/stop-watch"
wait "$watcher"
rm -f "$LAB_DIR/stop-watch"
check "FAULT and back: never one VIP without the other on a node ($(vip_pair_splits) split)" \
	[ "$(vip_pair_splits)" -eq 0 ]
# keepalived's group lines on the FIFO, priority 0, each group change once.
# (Out of FAULT every member is a Backup first, then the group is master.)
check "the FIFO heard the group: BACKUP, MASTER, FAULT, BACKUP, MASTER ($(group_lines))" \
	wait_until 2 eval '[ "$(group_lines)" = "GROUP \"VG_1\" BACKUP 0;GROUP \"VG_1\" MASTER 0;GROUP \"VG_1\" FAULT 0;GROUP \"VG_1\" BACKUP 0;GROUP \"VG_1\" MASTER 0;" ]'

# ---- one member outranked: the other follows it out, and waits ----
# A third router (the client, 192.0.2.50) claims VI_1 only, at priority
# 254, for 5 s. node1's VI_1 follows it; VI_2 goes out with it (priority
# 0), and neither node's VI_2 may take over while its group mate hears
# that master: the group is MASTER nowhere rather than split. Once the
# third router is silent, node1 (250) takes both back.
ip -n "${LAB}cl" addr add 192.0.2.50/24 dev "$LAB_IF"
advert254=3133fe0100640000c0000264   # VRRPv3, vrid 51, priority 254, 1 s, 192.0.2.100
: >"$LAB_DIR/holders.log"
watch_vip_pair $VIP1 $VIP2 &
watcher=$!
for i in $(seq 10); do
	lab_ns cl "$VRRP_SEND" -c 3 -s 192.0.2.50 "$LAB_IF" "$advert254" || not_ok "advert $i not sent"
	sleep 0.5
done &
sender=$!
check "VI_1 outranked: node1 lets go of both VIPs" wait_until 3 both_on none
check "node1: both BACKUP" [ "$(ifield n1 VI_1 state)/$(ifield n1 VI_2 state)" = BACKUP/BACKUP ]
check "node1: VI_1 follows the 254 router" [ "$(ifield n1 VI_1 master)" = 192.0.2.50 ]
wait "$sender"
# node1's VI_2 (250) hears no master at all, yet waits for its group
# mate: 5 s of the third router were more than a Master_Down_Interval.
check "while the third router speaks, no VIP on either node" both_on none
check "node2's VI_2 did not take over either" [ "$(ifield n2 VI_2 state)" = BACKUP ]
check "the third router silent: both VIPs back on node1" wait_until 6 both_on n1
touch "$LAB_DIR/stop-watch"
wait "$watcher"
split=$(vip_pair_splits)
samples=$(wc -l <"$LAB_DIR/holders.log")
check "never one VIP without the other on a node ($samples samples, $split split)" [ "$split" -eq 0 ]

# ---- a planned handover of one member hands over the group ----
# (Alone, node2's VI_1 could not take over: its group mate still hears
# node1's VI_2, and node1's VI_1 would send priority 0 forever.)
lab_cli n1 "set server vrrp/VI_1:MASTER state maint" >/dev/null
check "VI_1 resigned on node1: both VIPs on node2 within 6 s" wait_until 6 both_on n2
check "node1: both resigned (priority 1)" \
	[ "$(ifield n1 VI_1 effective_priority)/$(ifield n1 VI_2 effective_priority)" = 1/1 ]
check "node1's VI_2 row followed into maintenance" wait_until 5 eval \
	'lab_cli n1 show servers state vrrp | grep -q "^[0-9]* vrrp [0-9]* VI_2:BACKUP [^ ]* [0-9]* 1 "'
sleep 4
check "4 s later, both VIPs still on node2" both_on n2
lab_cli n1 "set server vrrp/VI_1:BACKUP state ready" >/dev/null
check "VI_1 ready again: node1 takes both back" wait_until 8 both_on n1
check "node1: both at 250 again" \
	[ "$(ifield n1 VI_1 effective_priority)/$(ifield n1 VI_2 effective_priority)" = 250/250 ]

t_done
