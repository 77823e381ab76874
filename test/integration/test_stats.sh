#!/usr/bin/env bash
# The role in words: "show vrrp" on the stats socket and the seed's stats
# page (/admin?stats and its ;csv export), following a failover.
source "$(dirname "$0")/common.sh"

t_start_pair elect

stats() { lab_ns cl curl -s -u admin:admin "http://${LAB_ADDR[$1]}:1080/admin?stats$2"; }
# Waits up to 3 s for the stats page of $1 (suffix $2) to contain $3.
page_shows() {
	local i
	for i in $(seq 30); do
		stats "$1" "$2" | grep -qF "$3" && return 0
		sleep 0.1
	done
	return 1
}

# show vrrp: header, then one line per instance with the documented fields.
out=$(lab_show_vrrp n1)
check "show vrrp has a header" grep -q '^# name state priority effective_priority master vips' <<<"$out"
line=$(grep '^VI_1 ' <<<"$out")
for f in state=MASTER priority=250 effective_priority=250 master=192.0.2.11 \
         vips=192.0.2.100/32 interface=eth0 vrid=51 version=2 family=ipv4; do
	check "show vrrp on node1: $f" grep -q " $f" <<<"$line"
done
check "show vrrp on node1 counts adverts sent" [ "$(field n1 tx_adverts)" -ge 1 ]
check "show vrrp on node2: BACKUP following 192.0.2.11" \
	grep -q "^VI_1 state=BACKUP priority=200 effective_priority=200 master=192.0.2.11 " <<<"$(lab_show_vrrp n2)"
check "show vrrp on node2 counts adverts received" [ "$(field n2 rx_adverts)" -ge 1 ]
check "show vrrp counts receive errors apart (rx_errors)" grep -q " rx_errors=0 " <<<"$line"

# show vrrp json: one object per instance, the same fields and values.
json=$(lab_cli n1 show vrrp json)
check "show vrrp json is JSON: an array of one object" jq -e 'type == "array" and length == 1' <<<"$json"
jf() { jq -r ".[0].$1 | if type == \"array\" then join(\",\") else tostring end" <<<"$json"; }
text=$(lab_show_vrrp n1 | grep '^VI_1 ')
tv() { tr ' ' '\n' <<<"$text" | awk -F= -v k="$1" '$1 == k { print $2 }'; }
for k in state priority effective_priority master vips interface vrid version family fault; do
	check "show vrrp json: $k = $(jf "$k") as in the text form" [ "$(jf "$k")" = "$(tv "$k")" ]
done
check "show vrrp json: name" [ "$(jf name)" = VI_1 ]
check "show vrrp json: mode" [ "$(jf mode)" = multicast ]
check "show vrrp json: fault_reason is null when there is no fault" [ "$(jf fault_reason)" = null ]
# Counters move between the two queries; compare the ones that are still.
for k in rx_stop tx_stop became_master left_master tx_errors rx_errors vip_errors rx_short rx_bad_ttl rx_bad_checksum rx_other_vrid; do
	check "show vrrp json: counters.$k as in the text form" [ "$(jf "counters.$k")" = "$(tv "$k")" ]
done
check "show vrrp json: every counter of the text form" \
	[ "$(jq '.[0].counters | length' <<<"$json")" -eq "$(tr ' ' '\n' <<<"$text" | grep -cE '^(rx_|tx_|became_|left_|garp_|na_|vip_|route_)[a-z_]*=')" ]
check "show vrrp with another word says how to use it" grep -q "usage: show vrrp \[json\]" <<<"$(lab_cli n1 show vrrp xml)"
# The start line names the Lua once ("Lua 5.3", not "Lua Lua 5.3").
check "the start line names HAProxy's Lua" \
	grep -qE "haproxy-vrrp [0-9.]+: .* \(HAPROXY_VRRP_CONF, config id '[^']*' from node name\), Lua 5\.[34]\.?$" "$LAB_DIR/haproxy-n1.log"
check "... once" bash -c '! grep -q "Lua Lua" "$1"' _ "$LAB_DIR/haproxy-n1.log"
check "help lists show vrrp" grep -q "show vrrp" <<<"$(echo help | lab_ns n1 socat - "UNIX-CONNECT:$LAB_DIR/stats-n1.sock")"

# The stats page, HTML and CSV, on both nodes.
check "node1 HTML page shows VI_1:MASTER" page_shows n1 "" ">VI_1:MASTER<"
check "node1 CSV shows vrrp,VI_1:MASTER" page_shows n1 ";csv" "vrrp,VI_1:MASTER,"
check "node2 HTML page shows VI_1:BACKUP" page_shows n2 "" ">VI_1:BACKUP<"
check "node2 CSV shows vrrp,VI_1:BACKUP" page_shows n2 ";csv" "vrrp,VI_1:BACKUP,"
check "node1 CSV has one row for VI_1" [ "$(stats n1 ';csv' | grep -c '^vrrp,VI_1:')" -eq 1 ]

# After a failover the role follows.
lab_haproxy_stop n1 TERM
lab_wait_vip n2 3
check "node2 HTML page shows VI_1:MASTER after failover" page_shows n2 "" ">VI_1:MASTER<"
check "node2 CSV shows vrrp,VI_1:MASTER after failover" page_shows n2 ";csv" "vrrp,VI_1:MASTER,"
check "node2 CSV no longer shows BACKUP" [ "$(stats n2 ';csv' | grep -c '^vrrp,VI_1:BACKUP')" -eq 0 ]

t_done
