#!/usr/bin/env bash
# The README's test command: installs what it needs, builds, and runs every
# test through ctest. Needs root (network namespaces).
#
#   1. build/     the module for Debian's HAProxy 2.6 (Lua 5.3): unit tests
#                 (plain and ASan+UBSan), fuzz runs, integration tests
#   2. build-30/  HAProxy 3.0 built from Debian trixie's source
#                 (scripts/build-haproxy.sh, cached) and the module for it
#                 (Lua 5.4): the integration tests again
#
# Extra arguments go to both ctest runs (e.g. -R failover).
# HAPROXY_VRRP_SKIP_30=1 runs step 1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
t0=$SECONDS

echo "== haproxy-vrrp for $(haproxy -v | head -1)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVRRP_REQUIRE_OTHER_LUA=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure "$@"
echo "== step 1 took $((SECONDS - t0)) s"

if [ "${HAPROXY_VRRP_SKIP_30:-0}" != 1 ]; then
	t1=$SECONDS
	haproxy30=$(scripts/build-haproxy.sh | tail -1)
	echo "== haproxy-vrrp for $("$haproxy30" -v | head -1)"
	cmake -S . -B build-30 -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHAPROXY="$haproxy30" -DVRRP_REQUIRE_OTHER_LUA=ON
	cmake --build build-30 -j"$(nproc)"
	ctest --test-dir build-30 --output-on-failure -L integration "$@"
	echo "== step 2 (HAProxy 3.0 build and integration tests) took $((SECONDS - t1)) s"
fi
echo "== all tests took $((SECONDS - t0)) s"
