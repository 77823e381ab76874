#!/usr/bin/env bash
# A soft stop with no successor (SIGUSR1 to the master: HAProxy finishes
# its connections and exits, no new worker) is a stop, not a reload: the
# master hands over with priority 0 once no new worker has announced itself
# (within 1 s), and leaves no VIP behind. A hand-off message from another
# user, sent to the worker's abstract socket, is not taken for a successor.
source "$(dirname "$0")/common.sh"

t_start_pair elect
w=$(lab_worker_pid n1)
# The name the worker bound: haproxy-vrrp/<worker pid>/<its vrrp.conf>.
name="haproxy-vrrp/$w/$LAB_DIR/vrrp-n1.conf"
check "node1's worker listens for a successor on @$name" \
	grep -q "@$name" <<<"$(lab_ns n1 ss -xl 2>/dev/null)"
# The very bytes a successor sends, but from another user.
check "a forged hand-off from user nobody is sent" \
	lab_ns n1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
	sh -c "printf 'haproxy-vrrp successor' | socat -u - 'ABSTRACT-SENDTO:$name'"

rx_stop0=$(field n2 rx_stop)
t0=$(lab_now_ms)
kill -USR1 "$(lab_master_pid n1)"
expect_vip n2 4 "soft stop without successor hands over"
took=$(( $(lab_now_ms) - t0 ))
# 1 s of waiting for a successor, then priority 0 and Skew_Time: about
# 1.3 s. Without the priority 0 it would be 1 s + Master_Down_Interval
# (4.2 s); the bound sits between, generous for a loaded machine, and the
# next check asks node2 directly.
check_between "handed over before Master_Down_Interval would have passed (${took} ms)" "$took" 0 4000
check "node2 heard priority 0" [ "$(field n2 rx_stop)" -gt "$rx_stop0" ]
check "node1's log says no new worker took over" \
	grep -q "stopping, and no new worker took over" "$LAB_DIR/haproxy-n1.log"
check "node1 kept no VIP" [ "$(lab_vip_holder)" = n2 ]

t_done
