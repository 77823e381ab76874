#!/usr/bin/env bash
# Prometheus metrics from the lua.vrrp-metrics service: promtool accepts
# the page, and the series say what "show vrrp" says, before and after a
# failover.
source "$(dirname "$0")/common.sh"

# promtool, as scripts/install-deps.sh unpacks it (or one in PATH).
PROMTOOL=${VRRP_PROMTOOL:-/var/cache/haproxy-vrrp/prometheus/usr/bin/promtool}
[ -x "$PROMTOOL" ] || PROMTOOL=$(command -v promtool) ||
	{ echo "$TEST_NAME: needs promtool (scripts/install-deps.sh unpacks Debian's prometheus)"; exit 1; }

# The metrics page of NODE, fetched by the client.
metrics() { lab_ns cl curl -s --max-time 2 "http://${LAB_ADDR[$1]}:8405/metrics"; }
# The value of one series (exact name and labels) on NODE.
value() { metrics "$1" | awk -v s="$2" '$1 == s { print $2 }'; }

t_start_pair elect
sleep 1.5   # a few adverts each way
metrics n1 >"$LAB_DIR/n1.prom"
metrics n2 >"$LAB_DIR/n2.prom"
check "node1 serves metrics" [ -s "$LAB_DIR/n1.prom" ]
check "promtool check metrics accepts node1's page" "$PROMTOOL" check metrics <"$LAB_DIR/n1.prom"
check "promtool check metrics accepts node2's page" "$PROMTOOL" check metrics <"$LAB_DIR/n2.prom"
check "node1: state MASTER is 1" [ "$(value n1 'haproxy_vrrp_instance_state{vrrp_instance="VI_1",state="MASTER"}')" = 1 ]
check "node1: state BACKUP is 0" [ "$(value n1 'haproxy_vrrp_instance_state{vrrp_instance="VI_1",state="BACKUP"}')" = 0 ]
check "node2: state BACKUP is 1" [ "$(value n2 'haproxy_vrrp_instance_state{vrrp_instance="VI_1",state="BACKUP"}')" = 1 ]
check "node1: configured priority 250" [ "$(value n1 'haproxy_vrrp_instance_priority{vrrp_instance="VI_1"}')" = 250 ]
check "node2: effective priority 200" [ "$(value n2 'haproxy_vrrp_instance_effective_priority{vrrp_instance="VI_1"}')" = 200 ]
# The same counter as show vrrp's, read a moment later: at least one, and
# never more than show vrrp then says.
sent=$(value n1 'haproxy_vrrp_adverts_sent_total{vrrp_instance="VI_1"}')
check_between "node1 counts the adverts it sent, as show vrrp does" "$sent" 1 "$(field n1 tx_adverts)"
check_between "node2 counts adverts received" \
	"$(value n2 'haproxy_vrrp_adverts_received_total{vrrp_instance="VI_1"}')" 1 1000
check "the interface, VRID, version and family are labels of the info series" \
	grep -q '^haproxy_vrrp_instance_info{vrrp_instance="VI_1",interface="eth0",vrid="51",version="2",family="ipv4",mode="multicast"} 1$' "$LAB_DIR/n1.prom"
check "no fault, and every fault cause at 0" \
	[ "$(grep -c '^haproxy_vrrp_instance_fault\(_cause\)\?{vrrp_instance="VI_1"[^}]*} 0$' "$LAB_DIR/n1.prom")" -eq 7 ]
check "drops by reason, e.g. bad checksum, start at 0" \
	grep -q '^haproxy_vrrp_adverts_dropped_total{vrrp_instance="VI_1",reason="bad_checksum"} 0$' "$LAB_DIR/n1.prom"
check "a path other than /metrics is not the service" \
	[ "$(lab_ns cl curl -s -o /dev/null -w '%{http_code}' "http://${LAB_ADDR[n1]}:8405/other")" = 404 ]

# The Grafana dashboard shipped in haproxy-conf/ asks only for series the
# page has, by the label the page uses.
dash=$LAB_REPO/haproxy-conf/grafana-dashboard.json
check "the dashboard is valid JSON" jq -e .panels "$dash"
missing=$(jq -r '.. | .expr? // empty' "$dash" | grep -o 'haproxy_vrrp_[a-z_]*' | sort -u |
	while read -r m; do grep -q "^$m{" "$LAB_DIR/n1.prom" || echo "$m"; done)
check "every metric the dashboard uses is on the page (missing: ${missing:-none})" [ -z "$missing" ]
check "the dashboard selects by the vrrp_instance label" \
	[ "$(jq -r '.. | .expr? // empty' "$dash" | grep -c 'vrrp_instance=~')" -ge 10 ]

lab_haproxy_stop n1 TERM
expect_vip n2 2 "node1 stops, node2 takes over"
n2_master() { [ "$(value n2 'haproxy_vrrp_instance_state{vrrp_instance="VI_1",state="MASTER"}')" = 1 ]; }
check "node2: state MASTER is 1 after the failover" wait_until 2 n2_master
check "node2: became_master counted once" [ "$(value n2 'haproxy_vrrp_became_master_total{vrrp_instance="VI_1"}')" = 1 ]
check "node2: priority 0 received once" [ "$(value n2 'haproxy_vrrp_priority_zero_received_total{vrrp_instance="VI_1"}')" = 1 ]
metrics n2 >"$LAB_DIR/n2b.prom"
check "promtool still accepts node2's page" "$PROMTOOL" check metrics <"$LAB_DIR/n2b.prom"

t_done
