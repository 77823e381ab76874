#!/usr/bin/env bash
# The two-node lab by hand: namespaces hvlab-n1, hvlab-n2
# (HAProxy with haproxy-vrrp, the seed's configs), hvlab-cl (a client) on a
# bridge in hvlab-sw; 192.0.2.0/24, VIP 192.0.2.100. Run as root after a
# build. Everything stays inside the namespaces.
#
#   ./scripts/lab.sh up       build the lab and start HAProxy on both nodes
#   ./scripts/lab.sh status   VIP holder and "show vrrp" of each node
#   ./scripts/lab.sh down     stop everything, remove the namespaces
#
# Then, for instance:
#   ip netns exec hvlab-cl curl http://192.0.2.100:16443/
#   ip netns exec hvlab-n1 ip addr show eth0
set -euo pipefail
cd "$(dirname "$0")/.."

export LAB=hvlab-
export LAB_DIR=/run/haproxy-vrrp-lab
mkdir -p "$LAB_DIR"
source scripts/lib/lab.sh

# lab.sh's helpers remember the masters in $LAB_DIR, so status and down
# work from another invocation.
case "${1:-}" in
up)
	[ -f "$VRRP_SO_DIR/vrrp.so" ] || { echo "lab.sh: build first (cmake -S . -B build && cmake --build build)" >&2; exit 1; }
	lab_up
	for n in n1 n2; do lab_vrrp_conf "$n" >/dev/null; lab_haproxy_start "$n"; done
	echo "lab up; HAProxy logs in $LAB_DIR; VIP on: $(lab_wait_vip n1 8 && lab_vip_holder || lab_vip_holder)"
	;;
status)
	echo "VIP 192.0.2.100 on: $(lab_vip_holder)"
	for n in n1 n2; do
		echo "-- $n"
		lab_show_vrrp "$n" 2>/dev/null | cut -c1-160 || echo "(HAProxy not running)"
	done
	;;
down)
	lab_down
	echo "lab down"
	;;
*)
	sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
	;;
esac
