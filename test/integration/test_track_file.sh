#!/usr/bin/env bash
# track_file (keepalived's vrrp_track_file) with node1's HAProxy chrooted,
# as Debian's stock haproxy.cfg runs it: the files are outside the chroot,
# and are read through descriptors opened before it, when the kernel
# (inotify) says they changed. A file with weight 0 ("maint") puts node1
# in FAULT while it holds a number other than 0; one with weight -60
# ("drain", replaced by a rename as careful writers do) lowers node1 to
# 190, below node2's 200, and node2 preempts; removing it brings node1
# back.
source "$(dirname "$0")/common.sh"

lab_up || exit 1
dir="$LAB_DIR/track"
mkdir -p "$dir" "$LAB_DIR/chroot"
conf=$(lab_vrrp_conf n1 "    track_file {
        maint
        drain weight -60
    }")
cat >>"$conf" <<CONF
vrrp_track_file maint {
    file $dir/maint
    weight 0
    init_file 0
}
vrrp_track_file drain {
    file $dir/drain
}
CONF
lab_vrrp_conf n2 >/dev/null
LAB_GLOBAL_EXTRA="    chroot $LAB_DIR/chroot" lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_vip n1 8 "node1 (250) is master"
check "node1's worker runs chrooted" [ "$(readlink "/proc/$(lab_worker_pid n1)/root")" = "$LAB_DIR/chroot" ]
check "init_file created the file with 0" [ "$(cat "$dir/maint")" = 0 ]
check "node1 follows no fault" [ "$(field n1 fault)" = none ]

# maint = 1: FAULT, priority 0 sent, node2 takes over within Skew_Time
# (plus the read: the task reads the kernel's news at its next wake).
t0=$(lab_now_ms)
echo 1 >"$dir/maint"
expect_vip n2 3 "maint holds 1: node1 in FAULT, node2 takes over"
check "show vrrp says FAULT" [ "$(field n1 state)" = FAULT ]
check "because of the file" [ "$(field n1 fault)" = maint ]
check "the metrics name the cause" \
	eval 'lab_ns cl curl -s "http://${LAB_ADDR[n1]}:8405/metrics" | grep -q "^haproxy_vrrp_instance_fault_cause{vrrp_instance=\"VI_1\",cause=\"file\"} 1$"'
echo 0 >"$dir/maint"
expect_vip n1 8 "maint holds 0: node1 leaves FAULT and preempts"

# drain = 1, by rename: 250 - 60 = 190 < 200: node2 preempts after its
# Master_Down_Interval.
echo 1 >"$dir/drain.new" && mv "$dir/drain.new" "$dir/drain"
check "drain holds 1: node1's effective priority is 190" \
	wait_until 3 eval '[ "$(field n1 effective_priority)" = 190 ]'
expect_vip n2 8 "node2 (200) preempts node1 (190)"
rm -f "$dir/drain"
check "drain removed: node1 back to 250" \
	wait_until 3 eval '[ "$(field n1 effective_priority)" = 250 ]'
expect_vip n1 8 "node1 preempts again"
check "node1 logged each change of the files" \
	[ "$(grep -c "track_file .*holds" "$LAB_DIR/haproxy-n1.log")" -ge 4 ]

t_done
