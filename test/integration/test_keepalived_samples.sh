#!/usr/bin/env bash
# The keepalived.conf files Debian's keepalived package ships as samples
# (/usr/share/doc/keepalived/samples, read from there: none is copied into
# this repository), and our own files in the layouts of public deployments
# (test/configs), each as vrrp.conf: what haproxy-vrrp-check says of it,
# and what "haproxy -c" says, against the verdict expected here. A file
# that starts to load (or stops loading) changes this table on purpose.
source "$(dirname "$0")/common.sh"

SAMPLES=${VRRP_KEEPALIVED_SAMPLES:-/usr/share/doc/keepalived/samples}
[ -d "$SAMPLES" ] ||
	{ echo "$TEST_NAME: no $SAMPLES (Debian's keepalived package: scripts/install-deps.sh)"; exit 1; }

# File -> "loads", or the keyword "haproxy -c" stops at (line:keyword).
# VRRP only:
declare -A EXPECT=(
	[keepalived.conf.vrrp]=loads                      # a VIP listed twice: left out, noted
	[keepalived.conf.vrrp.localcheck]=loads           # track_interface weights
	[keepalived.conf.vrrp.sync]=loads                 # a sync group's notify scripts
	[keepalived.conf.vrrp.scripts]=loads              # an instance's and a group's
	[keepalived.conf.vrrp.routes]=loads               # static and virtual routes
	[keepalived.conf.vrrp.rules]=loads                # rules; "192.168.100./24" left out
	[keepalived.conf.vrrp.static_ipaddress]=loads
	[keepalived.conf.track_interface]=loads
	[keepalived.conf.conditional_conf]=loads          # use_vmac; @high/@low lines left
	                                                  # out: the config id is the node name
	# LVS (virtual_server): HAProxy is the load balancer.
	[keepalived.conf.vrrp.lvs_syncd]=4:VI_2           # a pre-2.0 vrrp_sync_group without group {}
	[keepalived.conf.sample]=26:virtual_server
	[keepalived.conf.HTTP_GET.port]=13:virtual_server
	[keepalived.conf.PING_CHECK]=14:virtual_server
	[keepalived.conf.SMTP_CHECK]=25:virtual_server
	[keepalived.conf.UDP_CHECK]=14:virtual_server
	[keepalived.conf.fwmark]=7:virtual_server
	[keepalived.conf.inhibit]=13:virtual_server
	[keepalived.conf.misc_check]=14:virtual_server
	[keepalived.conf.misc_check_arg]=13:virtual_server
	[keepalived.conf.quorum]=23:virtual_server
	[keepalived.conf.status_code]=14:virtual_server
	[keepalived.conf.virtualhost]=13:virtual_server
	[keepalived.conf.virtual_server_group]=13:virtual_server_group
	[keepalived.conf.IPv6]=7:virtual_server_group
	[keepalived.conf.SSL_GET]=20:auth_type            # AH authentication
)

# Our own files in the layouts of public deployments (test/configs).
LAYOUTS="$VRRP_SRC/test/configs"
EXPECT+=(
	[k8s-apiserver.conf]=loads     # CRLF, no final newline, mcast_src_ip
	[ansible-role.conf]=loads      # $NAME, @node lines, include
	[container.conf]=loads         # one-line blocks, } }
	[router.conf]=loads            # sync group, routes and rules, IPv6
	[track-process.conf]=loads     # vrrp_track_process of haproxy: replaced
	[vmac.conf]=loads              # use_vmac NAME
)

seen=0 loads=0
for f in "$SAMPLES"/keepalived.conf.* "$LAYOUTS"/*.conf; do
	b=$(basename "$f")
	want=${EXPECT[$b]:-}
	if [ -z "$want" ]; then
		not_ok "$b: a file this test does not know (add its verdict)"
		continue
	fi
	seen=$((seen + 1))
	check_out=$("$VRRP_CHECK" "$f" 2>&1)
	check_rc=$?
	ha_out=$("$VRRP_HAPROXY" -c -f "$(lab_haproxy_cfg n1 "$f")" 2>&1)
	ha_rc=$?
	if [ "$want" = loads ]; then
		loads=$((loads + 1))
		check "$b: haproxy-vrrp-check says it loads (rc $check_rc)" \
			grep -q "^=> loads as it is" <<<"$check_out"
		check "$b: haproxy -c passes (rc $ha_rc)" [ "$ha_rc" -eq 0 ]
	else
		check "$b: haproxy-vrrp-check says it does not load (rc $check_rc)" \
			grep -q "^=> does not load as it is" <<<"$check_out"
		check "$b: haproxy -c stops at ${want/://} and names it" \
			grep -qF "$b:${want%%:*}: ${want#*:}: " <<<"$ha_out"
		check "$b: ... and fails (rc $ha_rc)" [ "$ha_rc" -ne 0 ]
	fi
done
# keepalived -i high: the sample's @high lines apply, its @low ones not.
cond=$("$VRRP_CHECK" -i high "$SAMPLES/keepalived.conf.conditional_conf" 2>&1)
check "conditional_conf, -i high: its @high net_namespace (line 3) is read and used" \
	grep -qE "^ +3  net_namespace +used" <<<"$cond"
check "conditional_conf, -i high: its @high priority (line 19) is read, @low's (20) not" \
	grep -qE "^ +19  priority +used" <<<"$cond"
check "conditional_conf, -i high: ... and @low's priority (line 20) is not" \
	bash -c '! grep -qE "^ +20  priority" <<<"$1"' _ "$cond"
check "every sample has a verdict here ($seen of ${#EXPECT[@]} seen)" [ "$seen" -eq "${#EXPECT[@]}" ]
echo "$loads of ${#EXPECT[@]} files load unchanged (Debian's samples and test/configs)"
t_done
