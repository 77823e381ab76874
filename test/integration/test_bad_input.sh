#!/usr/bin/env bash
# Malformed and foreign adverts are counted and dropped: no crash, no state
# change, counters in "show vrrp".
source "$(dirname "$0")/common.sh"

t_start_pair elect

# keepalived's own v2 advert (test/vectors/ka227_v2_pass_prio250.hex) and
# variants; -c 2 recomputes the checksum so only the named field is wrong.
good=2133fa0101019437c00002646365623162336563
inject() {
	local hex=${*: -1}
	lab_ns cl "$VRRP_SEND" "${@:1:$#-1}" "$LAB_IF" "$hex" || not_ok "vrrp_send $*"
}

inject -n 20 2133fa01                                          # short
inject -n 20 2133fa0101019438c00002646365623162336563          # bad checksum
inject -n 20 -t 64 "$good"                                     # TTL 64
inject -n 20 -c 2 2134fa0101010000c00002646365623162336563     # VRID 52
inject -n 20 -c 2 2133fa0101010000c00002646365623162336564     # wrong password
inject -n 20 -c 2 2133fa0100010000c00002640000000000000000     # no auth
inject -n 20 -c 2 2133fa0101020000c00002646365623162336563     # interval 2 s
inject -n 20 -c 2 2233fa0101010000c00002646365623162336563     # type 2
inject -n 20 -c 2 2133fa0001010000c00002646365623162336563     # 0 addresses
inject -n 20 -c 2 3133fa0100640000c0000264                     # VRRPv3
inject -n 20 -c 2 2133fa0101010000c0000264636562316233656300   # one byte too many
# A master reads its socket every half advert interval, a backup every
# Skew_Time: wait until both have read the last kind sent.
for n in n1 n2; do
	wait_until 3 eval '[ "$(field '"$n"' rx_bad_length)" -ge 20 ]'
done

for n in n1 n2; do
	for c in short bad_checksum bad_ttl other_vrid bad_auth bad_interval bad_type \
	         bad_addr_count bad_version bad_length; do
		v=$(field "$n" "rx_$c")
		check "$n counted rx_$c ($v)" [ "${v:-0}" -ge 20 ]
	done
	v=$(field "$n" rx_bad_auth)
	check "$n counted both auth errors ($v)" [ "${v:-0}" -ge 40 ]
done
check "node1 still MASTER" [ "$(field n1 state)" = MASTER ]
check "node1 never left master" [ "$(field n1 left_master)" = 0 ]
check "node2 still BACKUP, never master" [ "$(field n2 became_master)" = 0 ]
check "VIP still on node1 only" [ "$(lab_vip_holder)" = n1 ]

# A flood of random bytes: HAProxy survives and keeps its role.
for i in $(seq 50); do
	inject -n 20 "$(head -c $((RANDOM % 80 + 1)) /dev/urandom | od -An -tx1 | tr -d ' \n')"
done
sleep 0.5
check "node1 worker alive after 1000 random packets" kill -0 "$(lab_worker_pid n1)"
check "node1 still MASTER after random packets" [ "$(field n1 state)" = MASTER ]
check "client still served" lab_request 2

t_done
