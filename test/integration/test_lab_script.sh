#!/usr/bin/env bash
# scripts/lab.sh, the lab by hand: up, status, down, and nothing left.
set -u
cd "$(dirname "$0")/../.."
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
check() { local w=$1; shift; if "$@"; then ok "$w"; else not_ok "$w"; fi; }
trap 'scripts/lab.sh down >/dev/null 2>&1' EXIT

# ctest's environment (VRRP_SO_DIR, VRRP_HAPROXY) picks this build.
out=$(scripts/lab.sh up 2>&1)
check "lab.sh up elects node1 ($out)" grep -q "VIP on: n1" <<<"$out"
out=$(scripts/lab.sh status 2>&1)
check "lab.sh status shows the VIP and both nodes" grep -q "VIP 192.0.2.100 on: n1" <<<"$out"
check "lab.sh status shows node2 BACKUP" grep -q "^VI_1 state=BACKUP" <<<"$out"
check "the client reaches the VIP" ip netns exec hvlab-cl curl -s --max-time 2 -o /dev/null http://192.0.2.100:16443/
scripts/lab.sh down >/dev/null
check "lab.sh down removes the namespaces" bash -c "! ip netns list | grep -q '^hvlab-'"
check "lab.sh down stops HAProxy" bash -c "! pgrep -f 'haproxy-vrrp-la[b]/haproxy-n' >/dev/null"
echo "test_lab_script: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
