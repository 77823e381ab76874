#!/usr/bin/env bash
# The instance's interface deleted and created again under the same name
# (a veth or VLAN re-created by the network configuration). Sockets bound
# to the old index hear and send nothing: the node must notice the new
# index, reopen, and take part again; while the interface is gone (or has
# no address yet) it is in FAULT, saying why, not a MASTER that sends
# nothing.
source "$(dirname "$0")/common.sh"

t_start_pair elect

# Recreates node1's interface with its address (and a new MAC).
recreate_n1() {
	ip -n "${LAB}sw" link add p-n1 type veth peer name "$LAB_IF" netns "${LAB}n1"
	ip -n "${LAB}sw" link set p-n1 master br0 up
	ip -n "${LAB}n1" addr add "${LAB_ADDR[n1]}/24" dev "$LAB_IF"
	ip -n "${LAB}n1" link set "$LAB_IF" up
}
follows_n1() { [ "$(field n2 state)" = BACKUP ] && [ "$(field n2 master)" = "${LAB_ADDR[n1]}" ]; }
sends() { local a; a=$(field n1 tx_adverts); sleep 2.1; [ "$(field n1 tx_adverts)" -ge $((a + 2)) ]; }

# 1. Deleted: FAULT with the reason; node2 takes over.
ip -n "${LAB}sw" link del p-n1
is_fault() { [ "$(field n1 state)" = FAULT ]; }
check "interface gone: node1 enters FAULT" wait_until 2 is_fault
check "... fault=$LAB_IF" [ "$(field n1 fault)" = "$LAB_IF" ]
check "... and says the interface is gone" grep -q "^# fault VI_1: $LAB_IF is gone" <<<"$(lab_show_vrrp n1)"
expect_vip n2 6 "interface gone: node2 takes over"

# 2. Created again: reopened, BACKUP, then master again (preempt).
recreate_n1
expect_vip n1 8 "interface back: node1 is master again"
check "node1 logged the reopening" grep -q "(VI_1) sockets reopened on $LAB_IF (index [0-9]*): an interface of the instance was created anew" "$LAB_DIR/haproxy-n1.log"
check "node1 says MASTER" [ "$(field n1 state)" = MASTER ]
check "node1's adverts are on the wire again" sends
check "node2 follows node1 again" wait_until 3 follows_n1
check "the client reaches the VIP" lab_request 2

# 3. Deleted and created again at once, between two checks of the link.
ip -n "${LAB}sw" link del p-n1 && recreate_n1
expect_vip n1 10 "recreated at once: node1 is master"
check "recreated at once: node2 follows node1 again" wait_until 3 follows_n1
check "recreated at once: node1's adverts are on the wire" sends
check "recreated at once: node1 no longer in FAULT" [ "$(field n1 fault)" = none ]

# 4. Created again without its address at first: reopening cannot pick a
# source address yet, so node1 stays in FAULT saying so, and retries.
ip -n "${LAB}sw" link del p-n1
ip -n "${LAB}sw" link add p-n1 type veth peer name "$LAB_IF" netns "${LAB}n1"
ip -n "${LAB}sw" link set p-n1 master br0 up
ip -n "${LAB}n1" link set "$LAB_IF" up
says_no_address() { grep -q "^# fault VI_1: .*reopening: .*has no IPv4 address" <<<"$(lab_show_vrrp n1)"; }
check "no address yet: node1 in FAULT saying why" wait_until 3 says_no_address
ip -n "${LAB}n1" addr add "${LAB_ADDR[n1]}/24" dev "$LAB_IF"
expect_vip n1 10 "address back: node1 is master again"
check "address back: node2 follows node1" wait_until 3 follows_n1

t_done
