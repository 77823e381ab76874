#!/usr/bin/env bash
# keepalived's notify_fifo: each state change as keepalived writes it
# (INSTANCE "VI_1" MASTER 250), for the readers keepalived users have. The
# FIFO is created at start; lines written before a reader comes wait in
# it; a reload's new worker tells the reader the current state again; a
# soft stop says STOP; an existing file that is no FIFO stops the start;
# a notify_fifo_script reads its FIFO while HAProxy runs.
source "$(dirname "$0")/common.sh"

FIFO="$LAB_DIR/notify.fifo"
lab_up || exit 1

# vrrp_notify_fifo beside it: keepalived writes every line to both.
FIFO2="$LAB_DIR/vrrp-notify.fifo"
# node1 also says what keepalived says beyond state changes: a lower
# priority heard as master (notify_master_rx_lower_pri, and a FIFO line)
# and its priority moving (notify_priority_changes: a tracked interface
# of weight -10).
RXLOW="$LAB_DIR/rx-lower.sh"
printf '#!/bin/sh\necho "ran $#" >>%s/rx-lower.log\n' "$LAB_DIR" >"$RXLOW"
chmod 755 "$RXLOW"
ip -n "${LAB}n1" link add hvtrk9 type veth peer name hvtrk9p
ip -n "${LAB}n1" link set hvtrk9p up
ip -n "${LAB}n1" link set hvtrk9 up
LAB_GLOBAL_DEFS_EXTRA="   notify_fifo $FIFO
   vrrp_notify_fifo $FIFO2" lab_vrrp_conf n1 "    notify_master_rx_lower_pri $RXLOW
    notify_priority_changes
    track_interface {
        hvtrk9 weight -10
    }" >/dev/null
# node2's FIFO has keepalived's notify_fifo_script: a reader HAProxy's
# VRRP starts, with the FIFO's path, and sends SIGTERM when it stops.
FIFO_N2="$LAB_DIR/notify-n2.fifo"
READER="$LAB_DIR/reader.sh"
cat >"$READER" <<EOF
#!/bin/bash
log="$LAB_DIR/reader.log"
trap 'echo TERM >>"\$log"; exit 0' TERM
echo "ARGS \$#:\$1" >>"\$log"
exec 3<"\$1"
for ((i = 0; i < 600; i++)); do   # 10 min at most
	IFS= read -r -t 1 l <&3 && echo "\$l" >>"\$log"
done
EOF
chmod 755 "$READER"
LAB_GLOBAL_DEFS_EXTRA="   notify_fifo $FIFO_N2
   notify_fifo_script $READER" lab_vrrp_conf n2 >/dev/null
lab_haproxy_start n1 || exit 1
check "the FIFO was created" test -p "$FIFO"
# A reader of our own, timestamping lines (stopped with the lab).
lab_ns n1 bash -c 'while IFS= read -r l; do echo "$(date +%s%3N) $l"; done <"$1"' _ "$FIFO" \
	>"$LAB_DIR/notify.log" 2>&1 &
LAB_PIDS+=($!)
disown $!
lab_ns n1 bash -c 'while IFS= read -r l; do echo "$l"; done <"$1"' _ "$FIFO2" \
	>"$LAB_DIR/notify2.log" 2>&1 &
LAB_PIDS+=($!)
disown $!
lab_haproxy_start n2 || exit 1
expect_vip n1 8 "node1 is master"
lines() { grep -c -F "$1" "$LAB_DIR/notify.log"; }
check "the reader got BACKUP first (written before it came)" \
	wait_until 3 eval '[ "$(lines "INSTANCE \"VI_1\" BACKUP 250")" -ge 1 ]'
check "then MASTER" wait_until 3 eval '[ "$(lines "INSTANCE \"VI_1\" MASTER 250")" -eq 1 ]'
check "in that order" [ "$(awk '{ print $4 }' "$LAB_DIR/notify.log" | head -2 | tr '\n' ' ')" = "BACKUP MASTER " ]
check "vrrp_notify_fifo's reader got the same lines" \
	wait_until 3 eval '[ "$(awk "{ print \$3 }" "$LAB_DIR/notify2.log" | head -2 | tr "\n" " ")" = "BACKUP MASTER " ]'

# An advert of priority 100 for VRID 51 from the client: node1, master at
# 250, runs notify_master_rx_lower_pri (no arguments) and tells the FIFO.
check "a lower-priority advert sent from the client" \
	lab_ns cl "$VRRP_SEND" -c 2 "$LAB_IF" 2133640101010000c00002646365623162336563
check "notify_master_rx_lower_pri ran, without arguments" \
	wait_until 5 grep -qx "ran 0" "$LAB_DIR/rx-lower.log"
check "the FIFO says MASTER_RX_LOWER_PRI" \
	wait_until 3 eval '[ "$(lines "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 250")" -ge 1 ]'
# The tracked interface down: priority 240, told as MASTER_PRIORITY.
ip -n "${LAB}n1" link set hvtrk9 down
check "notify_priority_changes: the FIFO says MASTER_PRIORITY 240" \
	wait_until 3 eval '[ "$(lines "INSTANCE \"VI_1\" MASTER_PRIORITY 240")" -eq 1 ]'
ip -n "${LAB}n1" link set hvtrk9 up
check "... and MASTER_PRIORITY 250 when it is back" \
	wait_until 3 eval '[ "$(lines "INSTANCE \"VI_1\" MASTER_PRIORITY 250")" -eq 1 ]'

# A reload: the new worker says where it stands.
lab_haproxy_reload n1 || not_ok "reload"
check "after a reload the reader hears MASTER again" \
	wait_until 5 eval '[ "$(lines "INSTANCE \"VI_1\" MASTER 250")" -eq 2 ]'

# Soft stop (SIGUSR1: no new worker comes): STOP, and node2 takes over.
t0=$(lab_now_ms)
lab_haproxy_stop n1 USR1
expect_vip n2 5 "soft stop: node2 takes over"
check "the reader hears STOP" wait_until 3 eval '[ "$(lines "INSTANCE \"VI_1\" STOP 250")" -eq 1 ]'
stop_at=$(awk '/ STOP /{ print $1; exit }' "$LAB_DIR/notify.log")
check_between "STOP written within 2 s of the signal ($((stop_at - t0)) ms)" "$((stop_at - t0))" 0 2000
lab_haproxy_stop n1 TERM

# node2's notify_fifo_script: started with its FIFO, heard it all, and
# stopped with HAProxy.
reader_has() { grep -qxF "$1" "$LAB_DIR/reader.log"; }
check "notify_fifo_script got its FIFO's path as its one argument" reader_has "ARGS 1:$FIFO_N2"
check "... read BACKUP" reader_has 'INSTANCE "VI_1" BACKUP 200'
check "... then MASTER once node1 stopped" wait_until 3 reader_has 'INSTANCE "VI_1" MASTER 200'
reader_running() { pgrep -f "^/bin/bash $READER" >/dev/null; }
check "... and runs while HAProxy does" reader_running
# A reload, as keepalived's: a new reader starts, the old one gets SIGTERM
# (once the old worker has left VRRP to the new one).
reader_count() { grep -cx "$1" "$LAB_DIR/reader.log"; }
lab_haproxy_reload n2 || not_ok "reload of node2"
check "a reload starts a second reader" wait_until 5 eval '[ "$(reader_count "ARGS 1:$FIFO_N2")" -eq 2 ]'
check "... and stops the first" wait_until 5 eval '[ "$(reader_count TERM)" -eq 1 ]'
lab_haproxy_stop n2 TERM
check "HAProxy's stop sends the second SIGTERM" wait_until 5 eval '[ "$(reader_count TERM)" -eq 2 ]'
check "... and no reader is left" wait_until 5 eval '! reader_running'

# Something else at the FIFO's path: the start fails, naming it.
rm -f "$FIFO" && touch "$FIFO"
lab_haproxy_start n1 2>/dev/null && not_ok "HAProxy started with a plain file as notify_fifo"
check "the log names the path and why" grep -q "notify_fifo: $FIFO exists and is not a FIFO" \
	"$LAB_DIR/haproxy-n1.log"

t_done
