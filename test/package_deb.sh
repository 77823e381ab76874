#!/usr/bin/env bash
# The Debian package: scripts/build-deb.sh builds it, lintian finds no
# error, "apt-get install ./haproxy-vrrp_*.deb" installs it, Debian's stock
# setup runs on the installed files (integration.test_stock_config with the
# installed module, Lua file, drop-in and example lines), and "apt-get purge"
# leaves none of its files behind. Needs root; refuses to touch a system
# where haproxy-vrrp is already installed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=$(mktemp -d /tmp/hvt-deb.XXXXXX)
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
check() { local w=$1; shift; if "$@"; then ok "$w"; else not_ok "$w"; fi; }
installed() { dpkg-query -W -f='${Status}' haproxy-vrrp 2>/dev/null | grep -q "ok installed"; }
# Known to dpkg in any state (installed, unpacked, half-configured,
# config-files...), as opposed to "not-installed" or unknown.
known() {
	local st
	st=$(dpkg-query -W -f='${Status}' haproxy-vrrp 2>/dev/null) || return 1
	[ -n "$st" ] && ! grep -q "not-installed" <<<"$st"
}

[ "$(id -u)" -eq 0 ] || { echo "package_deb: needs root (apt-get)"; exit 1; }
command -v lintian >/dev/null || { echo "package_deb: needs lintian (scripts/install-deps.sh)"; exit 1; }
if known; then
	echo "package_deb: haproxy-vrrp is already on this system ($(dpkg-query -W -f='${Status}' haproxy-vrrp)); not touching it"
	exit 1
fi
we_installed=0
cleanup() {
	if [ "$we_installed" = 1 ] && known; then
		DEBIAN_FRONTEND=noninteractive apt-get purge -y haproxy-vrrp >/dev/null 2>&1 ||
			dpkg --purge --force-all haproxy-vrrp >/dev/null 2>&1
	fi
	rm -rf "$out"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

deb=$(HAPROXY=${VRRP_HAPROXY:-/usr/sbin/haproxy} "$repo/scripts/build-deb.sh" "$out" 2>"$out/build.log" | tail -1)
check "build-deb.sh builds $(basename "${deb:-nothing}")" [ -f "${deb:-/nonexistent}" ]
[ -f "${deb:-/nonexistent}" ] || { cat "$out/build.log"; exit 1; }
check "the file is named haproxy-vrrp_<version>_<arch>.deb" \
	grep -qE "/haproxy-vrrp_[0-9.]+-[0-9]+_$(dpkg --print-architecture)\.deb$" <<<"$deb"
depends=$(dpkg-deb -f "$deb" Depends)
check "Depends has the Lua library HAProxy links ($depends)" grep -qE "liblua5\.[34]-0" <<<"$depends"
check "Depends has libmnl0" grep -q "libmnl0" <<<"$depends"

lintian --tag-display-limit 0 "$deb" >"$out/lintian.log" 2>&1
sed 's/^/  lintian: /' "$out/lintian.log" | grep -v "root privileges" || true
check "lintian reports no error" bash -c '! grep -q "^E: " "$1"' _ "$out/lintian.log"

we_installed=1   # before: an interrupted install is cleaned up too
DEBIAN_FRONTEND=noninteractive apt-get install -y "$deb" >"$out/install.log" 2>&1
rc=$?
check "apt-get install ./$(basename "$deb") (rc $rc)" [ "$rc" -eq 0 ]
installed || { tail -20 "$out/install.log"; exit 1; }
dpkg -L haproxy-vrrp >"$out/files"
for f in /usr/lib/haproxy-vrrp/vrrp.so /usr/share/haproxy-vrrp/haproxy-vrrp.lua \
	/usr/bin/haproxy-vrrp-check /usr/share/man/man1/haproxy-vrrp-check.1.gz \
	/lib/systemd/system/haproxy.service.d/haproxy-vrrp.conf \
	/usr/share/doc/haproxy-vrrp/examples/append-to-haproxy.cfg \
	/usr/share/doc/haproxy-vrrp/examples/vrrp-node1.conf \
	/usr/share/doc/haproxy-vrrp/examples/bird-vip.conf \
	/usr/share/doc/haproxy-vrrp/copyright; do
	check "installs $f" [ -f "$f" ]
done
check "the example lines point at the installed files" \
	grep -q "lua-load /usr/share/haproxy-vrrp/haproxy-vrrp.lua" /usr/share/doc/haproxy-vrrp/examples/append-to-haproxy.cfg
check "haproxy-vrrp-check reads the example vrrp.conf" \
	haproxy-vrrp-check /usr/share/doc/haproxy-vrrp/examples/vrrp-node1.conf

# Debian's stock setup on the installed files.
VRRP_SO_DIR=/usr/lib/haproxy-vrrp VRRP_LUA=/usr/share/haproxy-vrrp/haproxy-vrrp.lua \
	STOCK_APPEND=/usr/share/doc/haproxy-vrrp/examples/append-to-haproxy.cfg \
	STOCK_DROPIN=/lib/systemd/system/haproxy.service.d/haproxy-vrrp.conf \
	LAB=hvt-pkg- bash "$here/integration/test_stock_config.sh" >"$out/stock.log" 2>&1
rc=$?
grep -E "^(ok|not ok) " "$out/stock.log" | sed 's/^/  stock: /'
check "Debian's stock setup runs on the installed package (rc $rc)" [ "$rc" -eq 0 ]

DEBIAN_FRONTEND=noninteractive apt-get purge -y haproxy-vrrp >"$out/purge.log" 2>&1
check "apt-get purge haproxy-vrrp" [ "$?" -eq 0 ]
check "the package is gone from dpkg's database" bash -c '! dpkg-query -W haproxy-vrrp >/dev/null 2>&1'
left=$(while read -r f; do [ -f "$f" ] && echo "$f"; done <"$out/files")
check "none of its files is left (${left:-none})" [ -z "$left" ]
for d in /usr/lib/haproxy-vrrp /usr/share/haproxy-vrrp /usr/share/doc/haproxy-vrrp; do
	check "$d is gone" [ ! -e "$d" ]
done

echo "package_deb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
