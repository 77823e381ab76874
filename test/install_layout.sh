#!/usr/bin/env bash
# "cmake --install build --prefix P" lays the files out as the README says (Build and install),
# and the module is linked to libmnl but never to liblua.
set -u
build=$1
prefix=$(mktemp -d /tmp/hv-install-XXXXXX)
trap 'rm -rf "$prefix"' EXIT
passed=0 failed=0
check() { local w=$1; shift; if "$@"; then passed=$((passed + 1)); echo "ok - $w"; else failed=$((failed + 1)); echo "not ok - $w"; fi; }

cmake --install "$build" --prefix "$prefix" >/dev/null
check "module at P/lib/haproxy-vrrp/vrrp.so" [ -f "$prefix/lib/haproxy-vrrp/vrrp.so" ]
check "Lua file at P/share/haproxy-vrrp/haproxy-vrrp.lua" [ -f "$prefix/share/haproxy-vrrp/haproxy-vrrp.lua" ]
check "check mode at P/bin/haproxy-vrrp-check" [ -x "$prefix/bin/haproxy-vrrp-check" ]
deps=$(ldd "$prefix/lib/haproxy-vrrp/vrrp.so")
check "vrrp.so links libmnl" grep -q libmnl <<<"$deps"
check "vrrp.so does not link liblua" bash -c "! grep -qi liblua <<<\"\$1\"" _ "$deps"
check "vrrp.so exports luaopen_vrrp" bash -c "nm -D --defined-only '$prefix/lib/haproxy-vrrp/vrrp.so' | grep -q ' T luaopen_vrrp$'"
echo "install_layout: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
