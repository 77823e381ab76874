#!/usr/bin/env bash
# Planned handover, admins only: the instance's row in backend vrrp put in
# maintenance ("set server vrrp/VI_1:MASTER state maint", HAProxy's own
# admin-level command) moves the VIP to the other node, "state ready"
# brings it back. A socket with level user can do neither, and the Lua
# commands "vrrp resign" / "vrrp resume" only say how.
#
# What a handover guarantees to a client: the VIP always has an owner, but
# a request in flight at the moment the client's ARP entry moves reaches
# the new master, which has no such connection. The probe sends one request
# at a time, so at most one request fails per switch, and the longest gap
# between two successful requests stays short.
source "$(dirname "$0")/common.sh"

t_start_pair elect
lab_probe_start 120
sleep 1
cli_user() { echo "${*:2}" | lab_ns "$1" socat - "UNIX-CONNECT:$LAB_DIR/stats-$1.sock.user"; }

# The Lua commands say how, and do nothing.
out=$(lab_cli n1 vrrp resign)
check "vrrp resign gives the admin command" grep -q "set server vrrp/VI_1:MASTER state maint" <<<"$out"
check "vrrp resume gives the admin command" grep -q "set server vrrp/VI_1:MASTER state ready" <<<"$(lab_cli n1 vrrp resume VI_1)"
check "an unknown instance is named" grep -q "no VRRP instance named VI_2" <<<"$(lab_cli n1 vrrp resign VI_2)"
check "help lists vrrp resign" grep -q "vrrp resign" <<<"$(lab_cli n1 help)"

# A read-only socket cannot hand over.
out=$(cli_user n1 set server vrrp/VI_1:MASTER state maint)
check "level user: set server is refused ($out)" grep -qi "permission denied" <<<"$out"
out=$(cli_user n1 disable server vrrp/VI_1:MASTER)
check "level user: disable server is refused" grep -qi "permission denied" <<<"$out"
cli_user n1 vrrp resign >/dev/null
sleep 1.5
check "level user: node1 is still MASTER" [ "$(field n1 state)" = MASTER ]
check "level user: effective priority still 250" [ "$(field n1 effective_priority)" = 250 ]
check "level user: the VIP did not move" [ "$(lab_vip_holder)" = n1 ]

# Resign from the admin socket.
t=$(lab_now_ms)
lab_cli n1 set server vrrp/VI_1:MASTER state maint >/dev/null
# (The stats task looks at the rows every 2 s.)
expect_vip n2 5 "resign: VIP moves to node2"
check "node1 is BACKUP at effective priority 1" \
	grep -q "^VI_1 state=BACKUP priority=250 effective_priority=1 " <<<"$(lab_show_vrrp n1)"
sleep 4
check "node1 stays BACKUP (it does not preempt while resigned)" [ "$(field n1 state)" = BACKUP ]
check "its row stays in maintenance under its new name" \
	grep -q "^[0-9]* vrrp [0-9]* VI_1:BACKUP [^ ]* [0-9]* 1 " <<<"$(lab_cli n1 show servers state vrrp)"
t_end=$(lab_now_ms)
fails=$(probe_failures "$t" "$t_end")
gap=$(probe_longest_gap "$t" "$t_end")
check_between "resign: failed requests ($fails), at most the one in flight" "$fails" 0 1
check_between "resign: longest gap between successful requests (${gap} ms)" "$gap" 0 999

# Resume: node1 takes the VIP back (preempt).
t=$(lab_now_ms)
lab_cli n1 set server vrrp/VI_1:BACKUP state ready >/dev/null
expect_vip n1 6 "resume: node1 takes the VIP back (preempt)"
sleep 1.5
check "node1 back at effective priority 250" [ "$(field n1 effective_priority)" = 250 ]
t_end=$(lab_now_ms)
fails=$(probe_failures "$t" "$t_end")
gap=$(probe_longest_gap "$t" "$t_end")
check_between "resume: failed requests ($fails), at most the one in flight" "$fails" 0 1
check_between "resume: longest gap between successful requests (${gap} ms)" "$gap" 0 999
lab_probe_stop
check "node2 never saw a bad packet" \
	[ "$(lab_show_vrrp n2 | grep -o 'rx_[a-z_]*=[1-9][0-9]*' | grep -cv 'rx_adverts\|rx_stop')" -eq 0 ]

t_done
