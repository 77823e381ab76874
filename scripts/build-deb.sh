#!/usr/bin/env bash
# Builds the Debian package haproxy-vrrp_<version>_<arch>.deb for one HAProxy
# (by default Debian's /usr/sbin/haproxy) and prints its path as the last
# line on stdout.
#
#   scripts/build-deb.sh [OUT_DIR]          # default: ./dist
#   HAPROXY=/path/to/haproxy scripts/build-deb.sh
#
# The module works only with the Lua its HAProxy links (5.3 in Debian's 2.6,
# 5.4 from 2.8 on), so the package is for that HAProxy: it depends on the
# Debian package of that HAProxy's Lua library, and, when that HAProxy is a
# Debian package, on that package's major.minor release. The rest of
# Depends (libc6, libmnl0) comes from dpkg-shlibdeps.
#
# Installed, in Debian's places:
#   /usr/lib/haproxy-vrrp/vrrp.so                the module
#   /usr/share/haproxy-vrrp/haproxy-vrrp.lua     the lua-load file
#   /usr/bin/haproxy-vrrp-check (+ man page)     check mode for a keepalived.conf
#   /lib/systemd/system/haproxy.service.d/haproxy-vrrp.conf   the drop-in
#   /usr/share/doc/haproxy-vrrp/examples/        append-to-haproxy.cfg, vrrp-node{1,2}.conf, bird-vip.conf
# Nothing under /etc: the user appends the example lines to haproxy.cfg.
set -euo pipefail
out=${1:-dist}
case $out in /*) ;; *) out=$PWD/$out ;; esac   # relative to the caller's directory
cd "$(dirname "$0")/.."
exec 3>&1 1>&2

me=build-deb.sh
die() { echo "$me: error: $*" >&2; exit 1; }

haproxy=${HAPROXY:-/usr/sbin/haproxy}
[ -x "$haproxy" ] || die "no HAProxy at $haproxy (set HAPROXY=...)"
for tool in dpkg-deb dpkg-shlibdeps dpkg-buildflags cmake; do
	command -v "$tool" >/dev/null || die "$tool missing (Debian: dpkg-dev, cmake)"
done

version=$(sed -n 's/^project(haproxy-vrrp VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || die "no project version in CMakeLists.txt"
debversion=$version-1
arch=$(dpkg --print-architecture)

work=$(mktemp -d /tmp/haproxy-vrrp-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
stage=$work/root
bdir=$work/build

# --- Build with Debian's hardening flags, without the tests -----------------
cmake -S . -B "$bdir" -DHAPROXY="$haproxy" -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=None \
	-DCMAKE_C_FLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)" \
	-DCMAKE_MODULE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" \
	-DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" >"$work/cmake.log" ||
	{ cat "$work/cmake.log"; die "cmake failed"; }
cmake --build "$bdir" -j"$(nproc)" >>"$work/cmake.log" ||
	{ tail -30 "$work/cmake.log"; die "build failed"; }
DESTDIR=$stage cmake --install "$bdir" --prefix /usr >>"$work/cmake.log" ||
	{ tail -30 "$work/cmake.log"; die "cmake --install failed"; }
lua_version=$("$haproxy" -vv 2>/dev/null | sed -n 's/^Built with Lua version : Lua \([0-9]*\.[0-9]*\).*/\1/p')
[ -n "$lua_version" ] || die "$haproxy -vv does not say which Lua it is built with"

strip --strip-unneeded --remove-section=.comment --remove-section=.note \
	"$stage/usr/lib/haproxy-vrrp/vrrp.so" "$stage/usr/bin/haproxy-vrrp-check"

# --- Documentation, examples, drop-in, man page -----------------------------
doc=$stage/usr/share/doc/haproxy-vrrp
install -d -m 755 "$doc/examples" "$stage/usr/share/man/man1" \
	"$stage/lib/systemd/system/haproxy.service.d"
sed -e 's#/usr/local/#/usr/#g' haproxy-conf/append-to-haproxy.cfg >"$doc/examples/append-to-haproxy.cfg"
install -m 644 haproxy-conf/vrrp-node1.conf haproxy-conf/vrrp-node2.conf haproxy-conf/bird-vip.conf "$doc/examples/"
install -m 644 haproxy-conf/haproxy.service.d/haproxy-vrrp.conf \
	"$stage/lib/systemd/system/haproxy.service.d/haproxy-vrrp.conf"
gzip -9n <README.md >"$doc/README.md.gz"
gzip -9n <doc/haproxy-vrrp-check.1 >"$stage/usr/share/man/man1/haproxy-vrrp-check.1.gz"
cat >"$doc/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: haproxy-vrrp

Files: *
Copyright: 2026 the haproxy-vrrp developers
License: GPL-2+
 This program is free software; you can redistribute it and/or modify it
 under the terms of the GNU General Public License as published by the Free
 Software Foundation; either version 2 of the License, or (at your option)
 any later version.
 .
 On Debian systems, the complete text of the GNU General Public License
 version 2 can be found in /usr/share/common-licenses/GPL-2.
COPYRIGHT
date_r=$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")
{
	echo "haproxy-vrrp ($debversion) unstable; urgency=medium"
	echo
	echo "  * Built from $(git describe --always --dirty 2>/dev/null || echo "a source tree")"
	echo "    for $("$haproxy" -v | head -1 | cut -d' ' -f1-3), Lua $lua_version."
	echo
	echo " -- haproxy-vrrp developers <haproxy-vrrp@lists.invalid>  $date_r"
} | gzip -9n >"$doc/changelog.Debian.gz"
find "$stage" -type d -exec chmod 755 {} +
find "$stage" -type f -exec chmod 644 {} +
chmod 755 "$stage/usr/bin/haproxy-vrrp-check"

# --- Depends ------------------------------------------------------------------
# libc6 and libmnl0 from the ELF files. (The Lua symbols vrrp.so uses come
# from the HAProxy that loads it: dpkg-shlibdeps cannot see them.)
mkdir -p "$work/shlibs/debian"
printf 'Source: haproxy-vrrp\n\nPackage: haproxy-vrrp\nArchitecture: any\n' >"$work/shlibs/debian/control"
shlibs=$(cd "$work/shlibs" && dpkg-shlibdeps -O --warnings=0 \
	"$stage/usr/lib/haproxy-vrrp/vrrp.so" "$stage/usr/bin/haproxy-vrrp-check" \
	2>"$work/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p') || true
[ -n "$shlibs" ] || { cat "$work/shlibdeps.log"; die "dpkg-shlibdeps found no dependencies"; }
depends=$shlibs
# The Lua library HAProxy links, and HAProxy's own package if it has one.
lualib=$(ldd "$haproxy" | awk '/liblua/ { print $3; exit }')
if [ -n "$lualib" ]; then
	luapkg=$(dpkg -S "$(readlink -f "$lualib")" 2>/dev/null | cut -d: -f1 | head -1) || true
	[ -n "$luapkg" ] || luapkg=$(dpkg -S "$lualib" 2>/dev/null | cut -d: -f1 | head -1) || true
	[ -n "$luapkg" ] || die "$lualib (the Lua $haproxy links) belongs to no Debian package"
	depends="$depends, $luapkg"
fi
hapkg=$(dpkg -S "$(readlink -f "$haproxy")" 2>/dev/null | cut -d: -f1 | head -1 || true)
if [ -n "$hapkg" ]; then
	hv=$(dpkg-query -W -f='${Version}' "$hapkg")
	major=${hv%%.*} rest=${hv#*.} minor=${rest%%.*}
	minor=${minor%%[!0-9]*}
	depends="$depends, $hapkg (>= $major.$minor), $hapkg (<< $major.$((minor + 1))~)"
fi

# --- Control, md5sums, the .deb -------------------------------------------------
install -d -m 755 "$stage/DEBIAN"
(cd "$stage" && find usr lib -type f | LC_ALL=C sort | xargs md5sum) >"$stage/DEBIAN/md5sums"
chmod 644 "$stage/DEBIAN/md5sums"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: haproxy-vrrp
Version: $debversion
Architecture: $arch
Maintainer: haproxy-vrrp developers <haproxy-vrrp@lists.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Section: net
Priority: optional
Description: VRRP inside HAProxy, in place of keepalived
 A Lua C module that runs VRRP (RFC 3768 and RFC 9568, keepalived's
 configuration syntax) inside HAProxy, so that HAProxy's own liveness
 decides which of two load balancers holds the virtual IP: no second
 daemon and no check script. Loaded with lua-load from haproxy.cfg; the
 stats page shows each instance's role, and reloads keep the VIP in place.
 .
 Built for HAProxy with Lua $lua_version.
CONTROL
mkdir -p "$out"
deb=$out/haproxy-vrrp_${debversion}_$arch.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$me: built $deb (Depends: $depends)"
echo "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")" >&3
