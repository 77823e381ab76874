#!/usr/bin/env bash
# Split brain heals at once. With VRRP dropped between the nodes (nftables
# on the bridge, everything else passes), node2 also becomes master and its
# gratuitous ARPs draw the client to it. When the link heals, node2 steps
# down and removes the VIP; unless node1 announces itself again, the client
# keeps sending to node2's MAC until its ARP entry ages out (about 5 s seen
# with keepalived, its issue #166). The rightful master answers the first
# lower-priority advert it hears with a GARP burst (and a master that
# steps down sends one last advert so that there is one to hear): the
# client is back on node1 within about one advert interval.
source "$(dirname "$0")/common.sh"

command -v nft >/dev/null || { echo "$TEST_NAME: needs nft (Debian package nftables)"; exit 1; }
# No delayed second GARP burst (keepalived's garp_master_delay, 5 s by
# default): one landing during the test would move the client back by
# chance and hide whether healing works.
LAB_GLOBAL_DEFS_EXTRA="   vrrp_garp_master_delay 0"
t_start_pair elect
lab_probe_start 120

mac() { lab_ns "$1" ip link show "$LAB_IF" | awk '/link\/ether/ { print $2 }'; }
client_mac() { lab_ns cl ip neigh show "$LAB_VIP" dev "$LAB_IF" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }'; }
mac1=$(mac n1) mac2=$(mac n2)
client_on() { [ "$(client_mac)" = "$1" ]; }
healed() { client_on "$mac1" && ! lab_has_vip n2; }

rounds=3
times=()
for r in $(seq $rounds); do
	lab_block_vrrp || { not_ok "round $r: cannot block VRRP on the bridge"; break; }
	check "round $r: split: node2 also takes the VIP" wait_until 6 lab_has_vip n2
	check "round $r: split: both hold it" lab_has_vip n1
	check "round $r: split: the client follows node2's ARP" wait_until 3 client_on "$mac2"
	sleep 1
	t0=$(lab_now_ms)
	lab_unblock_vrrp
	if wait_until 6 healed; then
		took=$(( $(lab_now_ms) - t0 ))
		times+=("$took")
		check_between "round $r: healed: client back on node1, node2 without VIP, after ${took} ms" "$took" 0 2000
	else
		not_ok "round $r: not healed after 6 s (client on $(client_mac), node1 $mac1; VIP on $(lab_vip_holder))"
	fi
	check "round $r: the client is served" lab_request 1
	check "round $r: node2 is BACKUP following node1" wait_until 2 eval '[ "$(field n2 master)" = "${LAB_ADDR[n1]}" ]'
	sleep 1.5
done
lab_probe_stop
echo "# split-brain heal times (ms from the link healing to the client on node1): ${times[*]}"
check "node1 never left MASTER" [ "$(field n1 left_master)" = 0 ]

t_done
