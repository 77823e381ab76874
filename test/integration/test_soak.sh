#!/usr/bin/env bash
# The chaos soak, short: scripts/soak.sh for 2 minutes with a fixed seed
# (two rounds of its six fault kinds, each on a random node, with a client
# and background load on the VIP all along); passes iff it exits 0, i.e. its
# monitor saw no violation of the lease, no-holder, agreement, crash or
# settle invariants. Longer runs by hand: scripts/soak.sh --minutes N.
# Its namespaces are hvsoak-t-*, not hvt-*: the soak is a script of its own
# that others run by hand too.
LAB=${LAB:-hvsoak-t-}
source "$(dirname "$0")/common.sh"

SOAK_SECONDS=${SOAK_SECONDS:-120}
SOAK_SEED=${SOAK_SEED:-20261128}

LAB=$LAB VRRP_SO_DIR=$VRRP_SO_DIR VRRP_HAPROXY=$VRRP_HAPROXY VRRP_LUA=$VRRP_LUA \
	bash "$(dirname "$0")/../../scripts/soak.sh" --seconds "$SOAK_SECONDS" --seed "$SOAK_SEED"
rc=$?
check "soak.sh --seconds $SOAK_SECONDS --seed $SOAK_SEED: no violation (rc $rc)" [ "$rc" -eq 0 ]

t_done
