#!/usr/bin/env bash
# Configuration errors stop HAProxy (and "haproxy -c") with a message that
# names file, line and keyword; the shipped files pass "haproxy -c".
source "$(dirname "$0")/common.sh"

lab_up || exit 1
cfg_for() { lab_haproxy_cfg n1 "$1"; }

# The shipped haproxy.cfg and vrrp.conf files, paths pointed at this build.
for n in 1 2; do
	sed -e "s#/usr/local/lib/haproxy-vrrp#$VRRP_SO_DIR#" \
	    -e "s#/usr/local/share/haproxy-vrrp/haproxy-vrrp.lua#$VRRP_LUA#" \
	    -e "s#/etc/haproxy/vrrp.conf#$VRRP_SRC/haproxy-conf/vrrp-node$n.conf#" \
	    -e "s#/var/lib/haproxy/stats#$LAB_DIR/shipped.sock#" \
	    "$VRRP_SRC/haproxy-conf/haproxy.cfg" >"$LAB_DIR/shipped-$n.cfg"
	out=$(lab_ns n1 "$VRRP_HAPROXY" -c -f "$LAB_DIR/shipped-$n.cfg" 2>&1)
	check "haproxy -c passes on the shipped haproxy.cfg + vrrp-node$n.conf" [ $? -eq 0 ]
	check "haproxy -c explains vrrp_script (node$n)" grep -q "vrrp_script check_haproxy: not run" <<<"$out"
done
check "haproxy -c left no address behind" [ "$(lab_ns n1 ip -4 -o addr show dev "$LAB_IF" | wc -l)" -eq 1 ]
no_haproxy_left() { ! ip netns pids "${LAB}n1" | xargs -r ps -o comm= -p | grep -qx haproxy; }
check "haproxy -c left no process behind" no_haproxy_left

# A misspelt keyword: "haproxy -c" fails and says where.
conf=$(lab_vrrp_conf n1)
sed -i 's/^    priority 250/    priorty 250/' "$conf"
line=$(grep -n priorty "$conf" | cut -d: -f1)
out=$(lab_ns n1 "$VRRP_HAPROXY" -c -f "$(cfg_for "$conf")" 2>&1)
rc=$?
check "haproxy -c fails on a misspelt keyword (rc $rc)" [ $rc -ne 0 ]
check "the message names file, line and keyword" grep -qF "$conf:$line: priorty: unknown keyword in vrrp_instance" <<<"$out"

# The same config stops HAProxy from starting.
lab_ns n1 timeout 10 "$VRRP_HAPROXY" -Ws -f "$(cfg_for "$conf")" >"$LAB_DIR/start.log" 2>&1
rc=$?
check_refused "HAProxy refuses to start with it" "$rc"
check "start error names file, line and keyword" grep -qF "$conf:$line: priorty:" "$LAB_DIR/start.log"

# Out-of-range value.
conf=$(lab_vrrp_conf n1)
sed -i 's/virtual_router_id 51/virtual_router_id 300/' "$conf"
out=$(lab_ns n1 "$VRRP_HAPROXY" -c -f "$(cfg_for "$conf")" 2>&1)
check "virtual_router_id 300 is refused" grep -qF "virtual_router_id: 300 is out of range 1..255" <<<"$out"

# A vrrp.conf that does not exist.
out=$(lab_ns n1 "$VRRP_HAPROXY" -c -f "$(cfg_for "$LAB_DIR/nowhere.conf")" 2>&1)
check "a missing vrrp.conf is named" grep -qF "$LAB_DIR/nowhere.conf: cannot open: No such file or directory" <<<"$out"

# An interface that does not exist: the config is valid, the start fails.
conf=$(lab_vrrp_conf n1)
sed -i "s/interface $LAB_IF/interface eth9/" "$conf"
lab_ns n1 timeout 10 "$VRRP_HAPROXY" -Ws -f "$(cfg_for "$conf")" >"$LAB_DIR/start.log" 2>&1
rc=$?
check_refused "HAProxy refuses to start without the interface" "$rc"
check "start error names instance and interface" grep -q "vrrp_instance VI_1.*interface eth9: No such device" "$LAB_DIR/start.log"

# A VIP the system already has as a permanent address: refused at start,
# and left alone (it used to become a 5 s lease, removed at stop).
conf=$(lab_vrrp_conf n1)
lab_ns n1 ip addr add "$LAB_VIP/32" dev "$LAB_IF"
lab_ns n1 timeout 10 "$VRRP_HAPROXY" -Ws -f "$(cfg_for "$conf")" >"$LAB_DIR/start.log" 2>&1
check_refused "HAProxy refuses to start with the VIP configured permanently" "$?"
check "the error names the address and says why" \
	grep -q "virtual_ipaddress $LAB_VIP (line [0-9]*) is already configured on $LAB_IF as a permanent address" "$LAB_DIR/start.log"
check "the permanent address is left in place, still permanent" \
	grep -q "valid_lft forever" <<<"$(lab_ns n1 ip -4 addr show dev "$LAB_IF" to "$LAB_VIP/32")"
lab_ns n1 ip addr del "$LAB_VIP/32" dev "$LAB_IF"

# "lua-load <file> <vrrp.conf>": HAProxy 2.7 and later pass the argument
# to the file; it takes precedence over HAPROXY_VRRP_CONF.
version=$(lab_haproxy_version)
conf=$(lab_vrrp_conf n1)
cfg=$(cfg_for "$LAB_DIR/nowhere.conf")
sed -i "s#^    lua-load $VRRP_LUA\$#    lua-load $VRRP_LUA $conf lab_id#" "$cfg"
out=$(lab_ns n1 "$VRRP_HAPROXY" -c -f "$cfg" 2>&1)
rc=$?
if [ "$version" -ge 207 ]; then
	check "lua-load with the vrrp.conf as argument passes haproxy -c ($version)" [ $rc -eq 0 ]
	line=$(grep -n "^vrrp_script" "$conf" | cut -d: -f1)
	check "... and reads that file, not HAPROXY_VRRP_CONF" grep -q "$conf:$line: vrrp_script" <<<"$out"
	check "... and logs the config id, the third word" \
		grep -qF "$conf: config id 'lab_id' (lua-load argument)" <<<"$out"
else
	# HAProxy 2.6 drops lua-load arguments without a word: the file falls
	# back to HAPROXY_VRRP_CONF, here a missing file, and says which.
	check "HAProxy $version: lua-load argument not passed, HAPROXY_VRRP_CONF used (rc $rc)" [ $rc -ne 0 ]
	check "... and the error names that file" grep -qF "$LAB_DIR/nowhere.conf: cannot open" <<<"$out"
	# The third word (config id) is dropped too: the log says which id
	# is used instead, so the loss is seen.
	check "... and logs the config id used, not the dropped third word" \
		grep -qE "nowhere.conf: config id '[^']*' \(node name\)" <<<"$out"
fi

# A Lua state without the package library (HAProxy 3.4's
# "tune.lua.openlibs" without "package"; here a lua-load before ours
# removes it, on any version): a clear error naming the keyword, not
# "attempt to call a nil value".
cat >"$LAB_DIR/drop-package.lua" <<'LUA'
package = nil
require = nil
LUA
# refused_without_package WHAT SED: haproxy -c on a config edited by SED
# fails, naming tune.lua.openlibs and the package library.
refused_without_package() {
	local cfg out
	cfg=$(cfg_for "$(lab_vrrp_conf n1)")
	sed -i "$2" "$cfg"
	out=$(lab_ns n1 timeout 10 "$VRRP_HAPROXY" -c -f "$cfg" 2>&1)
	check_refused "$1: haproxy -c fails" "$?"
	check "$1: the error names tune.lua.openlibs and package" \
		grep -q 'tune.lua.openlibs" in the global section leaves out: package' <<<"$out"
}
refused_without_package "without Lua's package library" \
	"s#^    lua-load $VRRP_LUA\$#    lua-load $LAB_DIR/drop-package.lua\n    lua-load $VRRP_LUA#"
if [ "$version" -ge 304 ]; then
	refused_without_package "HAProxy $version with tune.lua.openlibs string,table,os" \
		"s#^global\$#global\n    tune.lua.openlibs string,table,os#"
fi

t_done
