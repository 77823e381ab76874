#!/usr/bin/env bash
# Installs what building and testing haproxy-vrrp needs, from Debian's
# packages. Run as root on Debian 12 (or a derivative).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: run as root (it uses apt-get)" >&2
	exit 1
fi

packages=(
	build-essential cmake pkg-config   # the build
	libmnl-dev                         # rtnetlink for the VIPs (linked)
	liblua5.3-dev liblua5.4-dev        # headers of HAProxy's Lua (never linked)
	haproxy                            # Debian's 2.6, Lua 5.3: what we load into
	keepalived                         # the seed's setup, as a peer and baseline
	iproute2 iputils-ping curl socat procps  # the lab and its client
	nftables                           # the lab's dropped adverts (lab_block_vrrp: soak, split brain)
	jq                                 # tests read "show vrrp json"
	dpkg-dev lintian                   # scripts/build-deb.sh and its test
	wrk tcpdump gnuplot-nox            # scripts/bench-cost.sh: load, adverts seen by the peer, plots
	tshark                             # integration.test_ipv6: Wireshark's dissector reads our IPv6 adverts
	chromium chromium-driver fonts-dejavu-core  # integration.test_stats_page: the stats page in a real browser
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	apt-get install -y --no-install-recommends "${missing[@]}"
fi

# BIRD 2 (tests only: integration.test_bgp runs one in each of its own
# namespaces, with a config, control socket and pid file of its own).
# Debian's bird2 would also start a BIRD on the host's own interfaces when
# installed (bird.service, or /etc/init.d/bird without systemd), and at
# every boot after: a routing daemon on the host that nobody asked for.
# So it is installed on its own, under a policy-rc.d
# that refuses every start (unless the machine's own already refuses it),
# and its unit is disabled afterwards. Installed by someone else already:
# left as it is.
if ! dpkg-query -W -f='${Status}' bird2 2>/dev/null | grep -q "ok installed"; then
	policy=/usr/sbin/policy-rc.d
	saved=""
	ours=0
	restore_policy() {
		[ "$ours" = 1 ] || return 0
		rm -f "$policy"
		[ -z "$saved" ] || mv "$saved" "$policy"
		ours=0
	}
	if [ -x "$policy" ] && { "$policy" bird start >/dev/null 2>&1; [ $? -eq 101 ]; }; then
		: # already refuses (e.g. a container's "exit 101")
	else
		if [ -e "$policy" ]; then
			saved=$(mktemp "$policy.haproxy-vrrp.XXXXXX")
			mv "$policy" "$saved"
		fi
		ours=1
		trap restore_policy EXIT
		printf '#!/bin/sh\n# haproxy-vrrp scripts/install-deps.sh, while bird2 is installed\nexit 101\n' >"$policy"
		chmod 755 "$policy"
	fi
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y --no-install-recommends bird2; then
		apt-get update
		apt-get install -y --no-install-recommends bird2
	fi
	restore_policy
	trap - EXIT
	# Not at boot either: systemd's unit and the SysV links.
	systemctl disable bird.service >/dev/null 2>&1 || true
	update-rc.d bird disable >/dev/null 2>&1 || true
fi

# promtool (tests only: integration.test_metrics checks the metrics page
# with it) comes in Debian's "prometheus" package, whose installation would
# also start a Prometheus server on a machine that runs systemd. So the
# package is only unpacked, into a cache directory of ours: nothing is
# installed, no service, no user.
promtool_dir=${VRRP_PROMTOOL_DIR:-/var/cache/haproxy-vrrp/prometheus}
if [ ! -x "$promtool_dir/usr/bin/promtool" ]; then
	tmp=$(mktemp -d /tmp/haproxy-vrrp-prometheus.XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
	chown _apt "$tmp" 2>/dev/null || true
	if ! (cd "$tmp" && apt-get download prometheus); then
		apt-get update
		(cd "$tmp" && apt-get download prometheus)
	fi
	# Unpacked aside and moved in whole: an interrupted run leaves no
	# half-written promtool behind.
	dpkg-deb -x "$tmp"/prometheus_*.deb "$tmp/root"
	"$tmp/root/usr/bin/promtool" --version >/dev/null
	rm -rf "$promtool_dir"
	mkdir -p "$(dirname "$promtool_dir")"
	mv "$tmp/root" "$promtool_dir"
fi
