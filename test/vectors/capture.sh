#!/bin/bash
# Re-capture the keepalived VRRP test vectors in this directory.
#
# Needs root, iproute2, tcpdump, python3 and keepalived (Debian 12: 2.2.7).
# Everything happens inside two network namespaces created here,
# hvvec-a and hvvec-b, joined by a veth pair created *inside* hvvec-a
# (the host's interfaces are never touched) and numbered from
# 192.0.2.0/24 (TEST-NET-1):
#     hvvec-a: veth0 192.0.2.11/24   <-->   hvvec-b: veth1 192.0.2.12/24
# keepalived runs in hvvec-a; tcpdump listens on veth1 in hvvec-b.
# A trap kills the keepalived/tcpdump processes started here (by PID)
# and deletes both namespaces, whatever happens.
#
# Usage: sudo test/vectors/capture.sh [OUTDIR]   (default: this directory)
# Scratch files (configs, pcaps, logs) go to $KAVEC_TMP (default /tmp/kavec).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE}
TMP=${KAVEC_TMP:-/tmp/kavec}
NSA=hvvec-a
NSB=hvvec-b
MKVEC="python3 $HERE/mkvec.py"
PIDS=()          # every background process started here

cleanup() {
    set +e
    local p
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    sleep 1
    for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
    # keepalived's VRRP child, should it have outlived its parent
    for f in "$TMP"/*.vrrp.pid; do
        [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null
    done
    ip netns del "$NSA" 2>/dev/null
    ip netns del "$NSB" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }
for n in $NSA $NSB; do
    if ip netns list | grep -qw "$n"; then
        echo "namespace $n already exists; refusing to reuse it" >&2
        trap - EXIT; exit 1
    fi
done
mkdir -p "$TMP" "$OUT"
rm -f "$TMP"/*.pid "$TMP"/*.pcap "$TMP"/*.log

# --- topology ------------------------------------------------------------
ip netns add $NSA
ip netns add $NSB
ip -n $NSA link add veth0 type veth peer name veth1 netns $NSB
for n in $NSA $NSB; do
    ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
                                net.ipv6.conf.default.disable_ipv6=1 || true
    ip -n $n link set lo up
done
ip -n $NSA addr add 192.0.2.11/24 dev veth0
ip -n $NSB addr add 192.0.2.12/24 dev veth1
ip -n $NSA link set veth0 up
ip -n $NSB link set veth1 up
sleep 1

# --- helpers -------------------------------------------------------------
KA_OPTS='-n -P -l -D -G'
ka_cmd() {  # name -> the command line used (for the vector comments)
    echo "ip netns exec $NSA keepalived $KA_OPTS -f $TMP/$1.conf" \
         "-p $TMP/$1.pid -r $TMP/$1.vrrp.pid -c $TMP/$1.chk.pid -b $TMP/$1.bfd.pid"
}
start_tcpdump() {  # name filter
    ip netns exec $NSB tcpdump -i veth1 -n -U -s 0 -w "$TMP/$1.pcap" "$2" \
        2>"$TMP/$1.tcpdump.log" &
    PIDS+=($!)
    echo $! >"$TMP/$1.tcpdump.pid"
}
stop_tcpdump() {  # name
    local p; p=$(cat "$TMP/$1.tcpdump.pid")
    kill -INT "$p"; wait "$p" 2>/dev/null || true
}
# run NAME SECONDS [extra tcpdump NAME FILTER]:
#   start tcpdump, start keepalived, wait, SIGTERM keepalived, wait 2 s,
#   stop tcpdump.  The SIGTERM makes keepalived send its priority-0 advert.
run() {
    local name=$1 secs=$2 extra=${3:-} extra_filter=${4:-}
    start_tcpdump "$name" 'ip proto 112'
    [ -n "$extra" ] && start_tcpdump "$extra" "$extra_filter"
    sleep 1
    # shellcheck disable=SC2046
    $(ka_cmd "$name") >"$TMP/$name.log" 2>&1 &
    local kp=$!
    PIDS+=($kp)
    sleep "$secs"
    kill -TERM "$kp"
    wait "$kp" 2>/dev/null || true
    sleep 2
    stop_tcpdump "$name"
    [ -n "$extra" ] && stop_tcpdump "$extra"
    return 0
}
conf() {  # name  (config text on stdin)
    cat >"$TMP/$1.conf"
}

# --- 1+2: VRRPv2, PASS auth, priority 250; then SIGTERM -> priority 0 -----
conf v2pass <<'EOF'
global_defs {
    vrrp_version 2
}
vrrp_instance VI_1 {
    state MASTER
    interface veth0
    virtual_router_id 51
    priority 250
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass ceb1b3ec013d66163d6ab
    }
    virtual_ipaddress {
        192.0.2.100
    }
}
EOF
run v2pass 6 v2pass_arp arp
ip netns exec $NSB tcpdump -n -v -r "$TMP/v2pass.pcap" >"$TMP/v2pass.tcpdump-v.txt" 2>&1 || true

$MKVEC vrrp "$OUT/ka227_v2_pass_prio250.hex" "$TMP/v2pass.pcap" \
    --select first --prio 250 --expect-csum vrrp-only \
    --title "VRRPv2 advertisement, PASS auth, vrid 51, priority 250, one VIP (keepalived 2.2.7)" \
    --conf "$TMP/v2pass.conf" --nscmd "$(ka_cmd v2pass)" --filter 'ip proto 112' \
    --log "$TMP/v2pass.log" \
    --note "auth_pass is 21 characters; keepalived truncates it to 8 ('ceb1b3ec') and logs a warning"
$MKVEC vrrp "$OUT/ka227_v2_pass_prio0_shutdown.hex" "$TMP/v2pass.pcap" \
    --select last --prio 0 --expect-csum vrrp-only \
    --title "VRRPv2 priority-0 advertisement sent by keepalived 2.2.7 on SIGTERM (same instance as ka227_v2_pass_prio250)" \
    --conf "$TMP/v2pass.conf" --nscmd "$(ka_cmd v2pass) ; then kill -TERM <pid>" \
    --filter 'ip proto 112' --log "$TMP/v2pass.log"
$MKVEC arp "$OUT/ka227_garp_master.hex" "$TMP/v2pass_arp.pcap" \
    --select first --arp-ip 192.0.2.100 \
    --title "Gratuitous ARP for the VIP sent by keepalived 2.2.7 on becoming MASTER (Ethernet frame)" \
    --conf "$TMP/v2pass.conf" --nscmd "$(ka_cmd v2pass)" --filter arp

# --- 3: VRRPv3, advert_int 1, default checksum (with pseudo-header) -------
conf v3 <<'EOF'
global_defs {
    vrrp_version 3
}
vrrp_instance VI_1 {
    state MASTER
    interface veth0
    virtual_router_id 51
    priority 250
    advert_int 1
    virtual_ipaddress {
        192.0.2.100
    }
}
EOF
run v3 5
ip netns exec $NSB tcpdump -n -v -r "$TMP/v3.pcap" >"$TMP/v3.tcpdump-v.txt" 2>&1 || true
$MKVEC vrrp "$OUT/ka227_v3_prio250.hex" "$TMP/v3.pcap" \
    --select first --prio 250 --expect-csum ipv4-pseudo-header \
    --title "VRRPv3 advertisement, vrid 51, priority 250, advert_int 1 s, default checksum (keepalived 2.2.7)" \
    --conf "$TMP/v3.conf" --nscmd "$(ka_cmd v3)" --filter 'ip proto 112' --log "$TMP/v3.log"
$MKVEC vrrp "$OUT/ka227_v3_prio0_shutdown.hex" "$TMP/v3.pcap" \
    --select last --prio 0 --expect-csum ipv4-pseudo-header \
    --title "VRRPv3 priority-0 advertisement sent by keepalived 2.2.7 on SIGTERM (same instance as ka227_v3_prio250)" \
    --conf "$TMP/v3.conf" --nscmd "$(ka_cmd v3) ; then kill -TERM <pid>" --filter 'ip proto 112' --log "$TMP/v3.log"

# --- 4: VRRPv3 checksum without pseudo-header ----------------------------
# keepalived 2.2.7 has no option for this.  The upstream keyword is the
# vrrp_instance option "v3_checksum_as_v2", added in keepalived 2.2.8;
# "vrrp_checksum_with_no_pseudo_header" exists in no keepalived version.
# Record what 2.2.7 says about both, then derive the vector from capture 3.
for kw in v3_checksum_as_v2 vrrp_checksum_with_no_pseudo_header; do
    sed "s/^    advert_int 1$/    advert_int 1\n    $kw/" "$TMP/v3.conf" >"$TMP/v3_$kw.conf"
    ip netns exec $NSA keepalived -t -f "$TMP/v3_$kw.conf" >"$TMP/v3_$kw.configtest.log" 2>&1 || true
done
$MKVEC vrrp "$OUT/derived_v3_nopseudo_prio250.hex" "$TMP/v3.pcap" \
    --select first --prio 250 --recompute-csum vrrp-only --expect-csum vrrp-only \
    --title "DERIVED, NOT CAPTURED: ka227_v3_prio250 with its checksum recomputed without the IPv4 pseudo-header" \
    --conf "$TMP/v3.conf" --nscmd "$(ka_cmd v3)" --filter 'ip proto 112' \
    --note "keepalived 2.2.7 cannot send this: v3_checksum_as_v2 appeared in 2.2.8 (upstream commit b57d7d7a);" \
    --note "2.2.7 -t output: $(tr '\n' ' ' <"$TMP/v3_v3_checksum_as_v2.configtest.log" | cut -c1-200)" \
    --note "Only bytes 26-27 of the IP packet (the VRRP checksum) differ from ka227_v3_prio250."

# --- 5: VRRPv3, advert_int 0.5 (50 centiseconds) --------------------------
conf v3_fast <<'EOF'
global_defs {
    vrrp_version 3
}
vrrp_instance VI_1 {
    state MASTER
    interface veth0
    virtual_router_id 51
    priority 250
    advert_int 0.5
    virtual_ipaddress {
        192.0.2.100
    }
}
EOF
run v3_fast 4
$MKVEC vrrp "$OUT/ka227_v3_advint50cs.hex" "$TMP/v3_fast.pcap" \
    --select first --prio 250 --expect-csum ipv4-pseudo-header \
    --title "VRRPv3 advertisement, vrid 51, priority 250, advert_int 0.5 s = 50 centiseconds (keepalived 2.2.7)" \
    --conf "$TMP/v3_fast.conf" --nscmd "$(ka_cmd v3_fast)" --filter 'ip proto 112' --log "$TMP/v3_fast.log"

# --- 6: VRRPv2, two VIPs, priority 100, no authentication -----------------
conf v2_2vip <<'EOF'
global_defs {
    vrrp_version 2
}
vrrp_instance VI_1 {
    state MASTER
    interface veth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.100
        192.0.2.101
    }
}
EOF
run v2_2vip 7
$MKVEC vrrp "$OUT/ka227_v2_2vip_prio100.hex" "$TMP/v2_2vip.pcap" \
    --select first --prio 100 --expect-csum vrrp-only \
    --title "VRRPv2 advertisement, no auth, vrid 51, priority 100, two VIPs (keepalived 2.2.7)" \
    --conf "$TMP/v2_2vip.conf" --nscmd "$(ka_cmd v2_2vip)" --filter 'ip proto 112' --log "$TMP/v2_2vip.log"

echo "done; scratch files in $TMP"
