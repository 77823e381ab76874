#!/usr/bin/env bash
# The module built against the other Lua's headers (5.4 for a 5.3 HAProxy,
# and the other way round) refuses to load with a message saying why,
# instead of corrupting HAProxy's Lua. Registered only when the build found
# those headers (scripts/test.sh makes sure it does).
source "$(dirname "$0")/common.sh"

[ -n "${VRRP_OTHER_LUA_SO_DIR:-}" ] || { echo "$TEST_NAME: VRRP_OTHER_LUA_SO_DIR not set (run through ctest)"; exit 1; }
lab_up || exit 1
conf=$(lab_vrrp_conf n1)
cfg=$(VRRP_SO_DIR=$VRRP_OTHER_LUA_SO_DIR lab_haproxy_cfg n1 "$conf")
out=$(lab_ns n1 "$VRRP_HAPROXY" -c -f "$cfg" 2>&1)
check_refused "module for the other Lua: haproxy -c fails" "$?"
check "module for the other Lua: clear message" \
	grep -q "vrrp.so was built for Lua 5\.[34] but this HAProxy runs Lua 5\.[34]" <<<"$out"
lab_ns n1 timeout 10 "$VRRP_HAPROXY" -Ws -f "$cfg" >"$LAB_DIR/start.log" 2>&1
check_refused "module for the other Lua: HAProxy does not start" "$?"
check "... and says why" grep -q "vrrp.so was built for Lua 5\.[34] but this HAProxy runs" "$LAB_DIR/start.log"

t_done
