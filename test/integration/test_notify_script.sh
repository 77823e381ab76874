#!/usr/bin/env bash
# keepalived's notify scripts: notify_master, notify_backup, notify_stop
# and notify (INSTANCE NAME STATE PRIORITY; a sync group's GROUP NAME
# STATE 0), run in order by the module's
# helper process as script_user, with enable_script_security; node1's
# HAProxy runs chrooted and the scripts live outside the chroot. A reload
# notifies nothing (the state carries on); a soft stop notifies STOP; an
# unsafe script refuses the start.
source "$(dirname "$0")/common.sh"

lab_up || exit 1
dir="$LAB_DIR/scripts"
mkdir -p "$dir" "$LAB_DIR/chroot"
chmod 755 "$dir"
cat >"$dir/notify.sh" <<SH
#!/bin/sh
# node word...: one line per call in notify-NODE.log, with the time.
n=\$1; shift
echo "\$(date +%s%3N) \$*" >>"$LAB_DIR/notify-\$n.log"
SH
chmod 755 "$dir/notify.sh"

conf_for() {
	LAB_GLOBAL_DEFS_EXTRA="   script_user root
   enable_script_security" lab_vrrp_conf "$1" "    notify_master \"$dir/notify.sh $1 master\"
    notify_backup \"$dir/notify.sh $1 backup\"
    notify_stop \"$dir/notify.sh $1 stop\"
    notify \"$dir/notify.sh $1\"" >/dev/null
}
# What NODE's scripts were called with, in order, without the times.
calls() { cut -d' ' -f2- "$LAB_DIR/notify-$1.log" 2>/dev/null | paste -sd'|'; }

conf_for n1
conf_for n2
LAB_GLOBAL_EXTRA="    chroot $LAB_DIR/chroot" lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_vip n1 8 "node1 (250) is master"
check "node1's worker runs chrooted" [ "$(readlink "/proc/$(lab_worker_pid n1)/root")" = "$LAB_DIR/chroot" ]
check "node1's scripts: backup, then master, each followed by notify" \
	wait_until 3 eval '[ "$(calls n1)" = "backup|INSTANCE VI_1 BACKUP 250|master|INSTANCE VI_1 MASTER 250" ]'
check "node2's scripts: backup" \
	wait_until 3 eval '[ "$(calls n2)" = "backup|INSTANCE VI_1 BACKUP 200" ]'
check "the helper is no child of HAProxy's master" \
	[ -z "$(pgrep -P "$(lab_master_pid n1)" | grep -vx "$(lab_worker_pid n1)")" ]

# node1 stops (SIGTERM: its last gasp, no script), node2 takes over.
t0=$(lab_now_ms)
lab_haproxy_stop n1 TERM
expect_vip n2 2 "node1 stops: node2 takes over"
check "node2's notify_master ran, then notify" \
	wait_until 3 eval '[ "$(calls n2)" = "backup|INSTANCE VI_1 BACKUP 200|master|INSTANCE VI_1 MASTER 200" ]'
took=$(( $(awk '$2 == "master" { print $1 }' "$LAB_DIR/notify-n2.log") - t0 ))
echo "# node2's notify_master started ${took} ms after node1's stop (the takeover itself takes Skew_Time, 218 ms)"
check_between "node2's notify_master within 2 s of node1's stop ($took ms)" "$took" 0 2000

# A reload of node2 notifies nothing: the new worker carries the state on.
lines=$(wc -l <"$LAB_DIR/notify-n2.log")
lab_haproxy_reload n2 || not_ok "reload of node2"
sleep 3
check "node2's reload: no script ran ($(calls n2))" [ "$(wc -l <"$LAB_DIR/notify-n2.log")" = "$lines" ]
check "node2 is still master" [ "$(field n2 state)" = MASTER ]

# A soft stop of node2 (SIGUSR1: no new worker comes) says STOP.
kill -USR1 "$(lab_master_pid n2)"
check "node2's soft stop: notify_stop, then notify STOP" \
	wait_until 8 eval '[ "$(calls n2 | cut -d"|" -f5-)" = "stop|INSTANCE VI_1 STOP 200" ]'
lab_haproxy_stop n2 TERM
lab_wait_vip none 5

# A sync group's scripts: GROUP NAME STATE 0, when the group's state changes
# (both members master: MASTER; one leaving: BACKUP).
group_conf() {
	local n=$1 prio=$2
	cat >"$LAB_DIR/group-$n.conf" <<CONF
global_defs {
   script_user root
   enable_script_security
}
vrrp_sync_group G {
    group {
        VI_1
        VI_2
    }
    notify_master "$dir/notify.sh $n-group master"
    notify "$dir/notify.sh $n-group"
}
vrrp_instance VI_1 {
    state BACKUP
    interface $LAB_IF
    virtual_router_id 51
    priority $prio
    virtual_ipaddress {
        $LAB_VIP
    }
}
vrrp_instance VI_2 {
    state BACKUP
    interface $LAB_IF
    virtual_router_id 52
    priority $prio
    virtual_ipaddress {
        192.0.2.101
    }
}
CONF
	echo "$LAB_DIR/group-$n.conf"
}
lab_haproxy_start n1 "$(group_conf n1 250)" || exit 1
lab_haproxy_start n2 "$(group_conf n2 200)" || exit 1
check "the group is master on node1" wait_until 8 vips_on n1 "$LAB_VIP" 192.0.2.101
check "node1's group scripts: notify BACKUP, then notify_master and notify MASTER" \
	wait_until 3 eval '[ "$(calls n1-group)" = "GROUP G BACKUP 0|master|GROUP G MASTER 0" ]'
check "node2's group scripts: notify BACKUP" \
	wait_until 3 eval '[ "$(calls n2-group)" = "GROUP G BACKUP 0" ]'
lines=$(wc -l <"$LAB_DIR/notify-n1-group.log")
lab_haproxy_reload n1 || not_ok "reload of node1"
sleep 3
check "node1's reload, the group master: no group script ran ($(calls n1-group))" \
	[ "$(wc -l <"$LAB_DIR/notify-n1-group.log")" = "$lines" ]
lab_haproxy_stop n1 TERM
check "node1 stops: the group moves to node2" wait_until 3 vips_on n2 "$LAB_VIP" 192.0.2.101
check "node2's group scripts: MASTER" \
	wait_until 3 eval '[ "$(calls n2-group)" = "GROUP G BACKUP 0|master|GROUP G MASTER 0" ]'
lab_haproxy_stop n2 TERM
lab_wait_vip none 5

# enable_script_security: a script others may change refuses the start.
chmod 777 "$dir"
: >"$LAB_DIR/haproxy-n2.log"
lab_haproxy_start n2 2>/dev/null
check_refused "a script in a world-writable directory refuses the start" $?
check "and HAProxy says why" grep -q "scripts may be changed by others than root.*enable_script_security refuses it" "$LAB_DIR/haproxy-n2.log"
chmod 755 "$dir"

t_done
