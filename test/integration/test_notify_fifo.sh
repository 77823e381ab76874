#!/usr/bin/env bash
# keepalived's notify_fifo: each state change as keepalived writes it
# (INSTANCE "VI_1" MASTER 250), for the readers keepalived users have. The
# FIFO is created at start; lines written before a reader comes wait in
# it; a reload's new worker tells the reader the current state again; a
# soft stop says STOP; an existing file that is no FIFO stops the start.
source "$(dirname "$0")/common.sh"

FIFO="$LAB_DIR/notify.fifo"
lab_up || exit 1

# vrrp_notify_fifo beside it: keepalived writes every line to both.
FIFO2="$LAB_DIR/vrrp-notify.fifo"
LAB_GLOBAL_DEFS_EXTRA="   notify_fifo $FIFO
   vrrp_notify_fifo $FIFO2" lab_vrrp_conf n1 >/dev/null
lab_vrrp_conf n2 >/dev/null
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

# Something else at the FIFO's path: the start fails, naming it.
rm -f "$FIFO" && touch "$FIFO"
lab_haproxy_start n1 2>/dev/null && not_ok "HAProxy started with a plain file as notify_fifo"
check "the log names the path and why" grep -q "notify_fifo: $FIFO exists and is not a FIFO" \
	"$LAB_DIR/haproxy-n1.log"

t_done
