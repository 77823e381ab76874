#!/usr/bin/env bash
# "cmake -S . -B build" works with only the Lua headers of the HAProxy it
# builds for: configured with the other Lua's headers nowhere to be found,
# the build still configures and builds the module, and only the
# wrong-Lua test is left out (said at configure time).
# Usage: cmake_one_lua.sh SOURCE_DIR LUA_INCLUDE_DIR
set -u
src=$1 lua_inc=$2
dir=$(mktemp -d /tmp/hv-cmake-one-lua.XXXXXX)
trap 'rm -rf "$dir"' EXIT
fail=0
out=$(cmake -S "$src" -B "$dir" -DLUA_INCLUDE_DIR="$lua_inc" \
	-DVRRP_OTHER_LUA_HINT="$dir/no-such-dir" 2>&1)
if [ $? -ne 0 ]; then
	echo "not ok - cmake configures with one Lua's headers"; echo "$out"; fail=1
else
	echo "ok - cmake configures with one Lua's headers"
fi
if grep -q "integration.test_wrong_lua is left out" <<<"$out"; then
	echo "ok - and says which test it leaves out"
else
	echo "not ok - no word about the wrong-Lua test"; fail=1
fi
if cmake --build "$dir" --target vrrp >/dev/null 2>&1 && [ -f "$dir/vrrp.so" ]; then
	echo "ok - vrrp.so builds"
else
	echo "not ok - vrrp.so does not build"; fail=1
fi
tests=$(ctest --test-dir "$dir" -N 2>/dev/null)
if grep -q "integration.test_failover" <<<"$tests" && ! grep -q "test_wrong_lua" <<<"$tests"; then
	echo "ok - every other test is there"
else
	echo "not ok - the test list is wrong"; fail=1
fi
out=$(cmake -S "$src" -B "$dir" -DLUA_INCLUDE_DIR="$lua_inc" -DVRRP_REQUIRE_OTHER_LUA=ON \
	-DVRRP_OTHER_LUA_HINT="$dir/no-such-dir" 2>&1)
if [ $? -ne 0 ] && grep -q "the wrong-Lua test needs the Lua 5\.[34] headers" <<<"$out"; then
	echo "ok - with VRRP_REQUIRE_OTHER_LUA the missing headers stop the configure"
else
	echo "not ok - VRRP_REQUIRE_OTHER_LUA did not stop the configure"; fail=1
fi
exit $fail
