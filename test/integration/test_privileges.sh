#!/usr/bin/env bash
# HAProxy as the seed's unit runs it: User=haproxy with only the ambient
# capabilities of our drop-in (setpriv stands in for systemd here). Without
# them, a clear error names the capability. With "user haproxy" in global
# the module keeps the two capabilities it needs across HAProxy's uid
# change; where HAProxy is told to keep others only (setcap, 2.9+), the
# worker stays silent and says why, and the other node is master.
source "$(dirname "$0")/common.sh"

id haproxy >/dev/null 2>&1 || { echo "$TEST_NAME: needs the haproxy user (Debian's haproxy package)"; exit 1; }
lab_up || exit 1
# The unprivileged HAProxy reads its files and creates its socket here.
chmod 1777 "$LAB_DIR"
lab_vrrp_conf n1 >/dev/null
lab_vrrp_conf n2 >/dev/null
chmod 644 "$LAB_DIR"/vrrp-n*.conf
lab_haproxy_start n2 || exit 1

as_haproxy="setpriv --reuid=haproxy --regid=haproxy --init-groups"
drop_in_caps="--inh-caps=+net_admin,+net_raw,+net_bind_service --ambient-caps=+net_admin,+net_raw,+net_bind_service"

# 1. The drop-in's capabilities: everything works.
LAB_WRAP="$as_haproxy $drop_in_caps" lab_haproxy_start n1 || exit 1
w=$(lab_worker_pid n1)
check "worker runs as user haproxy" [ "$(ps -o user= -p "$w")" = haproxy ]
check "worker holds only the drop-in's capabilities" \
	grep -q "^CapEff:.*00003400$" "/proc/$w/status"
expect_vip n1 8 "unprivileged node1 becomes master and adds the VIP"
check "client reaches the VIP" lab_request 2
lab_haproxy_stop n1 TERM
expect_vip n2 2 "unprivileged node1's stop hands over (priority 0, VIP removed)"

# 2. No capabilities: HAProxy refuses to start and names the first missing one.
rm -f "$LAB_DIR/stats-n1.sock"
: >"$LAB_DIR/haproxy-n1.log"
lab_ns n1 timeout 10 $as_haproxy "$VRRP_HAPROXY" -Ws -f "$(lab_haproxy_cfg n1 "$LAB_DIR/vrrp-n1.conf")" \
	>"$LAB_DIR/nocaps.log" 2>&1
rc=$?
check_refused "without capabilities HAProxy does not start" "$rc"
check "the error names CAP_NET_ADMIN" grep -q "lacks CAP_NET_ADMIN" "$LAB_DIR/nocaps.log"

# 3. CAP_NET_ADMIN alone: the raw socket is refused, the error says why.
lab_ns n1 timeout 10 $as_haproxy --inh-caps=+net_admin --ambient-caps=+net_admin \
	"$VRRP_HAPROXY" -Ws -f "$(lab_haproxy_cfg n1 "$LAB_DIR/vrrp-n1.conf")" >"$LAB_DIR/noraw.log" 2>&1
rc=$?
check_refused "without CAP_NET_RAW HAProxy does not start" "$rc"
check "the error names CAP_NET_RAW" grep -q "CAP_NET_RAW" "$LAB_DIR/noraw.log"
check "no VIP was added by the failed starts" [ "$(lab_vip_holder)" = n2 ]

# 4. Started as root with "user haproxy" in global (Debian's stock file):
# HAProxy drops every capability at that change unless told to keep some;
# the module keeps CAP_NET_ADMIN and CAP_NET_RAW, and nothing else, in
# every thread of the worker.
LAB_GLOBAL_EXTRA="    user haproxy\n    group haproxy" lab_haproxy_start n1 || exit 1
# The VIP first: HAProxy runs no task before every thread has started (and
# run the module's per-thread function), so the threads are all there.
expect_vip n1 8 "with user haproxy: node1 becomes master"
w=$(lab_worker_pid n1)
check "worker runs as user haproxy" [ "$(ps -o user= -p "$w")" = haproxy ]
caps=$(for t in /proc/"$w"/task/*; do grep -E "^Cap(Eff|Prm):" "$t/status"; done | awk '{ print $2 }' | sort -u | tr '\n' ' ')
check "every thread: CAP_NET_ADMIN and CAP_NET_RAW only, effective and permitted ($caps)" \
	[ "$caps" = "0000000000003000 " ]
check "show vrrp: no fault" [ "$(field n1 fault)" = none ]
lab_haproxy_stop n1 TERM
expect_vip n2 2 "with user haproxy: the stop hands over (priority 0, VIP removed)"

# 5. HAProxy 2.9 and later can keep capabilities across "user":
# "setcap cap_net_admin,cap_net_raw" in global. (2.6 has no setcap.)
if [ "$(lab_haproxy_version)" -ge 209 ]; then
	lab_haproxy_stop n1 TERM
	rm -f "$LAB_DIR/stats-n1.sock"
	LAB_GLOBAL_EXTRA="    user haproxy\n    group haproxy\n    setcap cap_net_admin,cap_net_raw" \
		lab_haproxy_start n1 || exit 1
	check "with setcap: worker runs as user haproxy" [ "$(ps -o user= -p "$(lab_worker_pid n1)")" = haproxy ]
	expect_vip n1 8 "with setcap: node1 becomes master"
	lab_haproxy_stop n1 TERM
	expect_vip n2 2 "with setcap: the stop hands over"

	# 6. A setcap that leaves out what VRRP needs is HAProxy's choice, kept
	# as is: the worker must not advertise, and must say why.
	rm -f "$LAB_DIR/stats-n1.sock"
	rx_before=$(field n2 rx_adverts)
	LAB_GLOBAL_EXTRA="    user haproxy\n    group haproxy\n    setcap cap_net_bind_service" \
		lab_haproxy_start n1 || exit 1
	sleep 4.5
	check "setcap without them: show vrrp says FAULT" [ "$(field n1 state)" = FAULT ]
	check "setcap without them: show vrrp names the missing capability" \
		grep -q "^# fault: the HAProxy worker lacks CAP_NET_ADMIN" <<<"$(lab_show_vrrp n1)"
	check "setcap without them: node2 stays master" [ "$(lab_vip_holder)" = n2 ]
	check "setcap without them: node2 heard no advert from node1" [ "$(field n2 rx_adverts)" = "$rx_before" ]
fi

t_done
