#!/usr/bin/env bash
# Starts HAProxy the way Debian's haproxy.service does, for
# test_stock_config.sh, inside a node's network namespace and a mount
# namespace of its own (unshare -m --propagation private), so that each
# node has its own /run/haproxy and nothing is mounted on the host.
#
#   stock-node.sh UNIT DROPIN CONFIG EXTRA
#
# What systemd would do for UNIT plus the DROPIN (no systemd here):
#   - /run is empty but for /run/haproxy (Debian's tmpfiles.d line
#     "d /run/haproxy 2775 haproxy haproxy -");
#   - every BindReadOnlyPaths=/BindPaths= of the unit and the drop-in is
#     mounted ("-src" is skipped if src is missing; so is /dev/log, the
#     syslog socket, which this machine does not run), the chroot
#     directory being a tmpfs here so that mount points can be made
#     without writing to the host's /var/lib/haproxy;
#   - every RuntimeDirectory= is made under /run with RuntimeDirectoryMode=
#     (root's: Debian's unit has no User=), and the module keeps its route
#     lists in its default /run/haproxy-vrrp, this node's own /run;
#   - ExecStart as Debian's: haproxy -Ws -f $CONFIG -p $PIDFILE
#     -S /run/haproxy-master.sock, with EXTRA as a second -f (the lab's
#     frontend and a log to stdout).
set -eu
unit=$1 dropin=$2 config=$3 extra=$4

mount -t tmpfs -o mode=755 hvt-run /run
install -d -o haproxy -g haproxy -m 2775 /run/haproxy
mount -t tmpfs -o mode=755 hvt-chroot /var/lib/haproxy
mkdir -p /var/lib/haproxy/dev

grep -hE '^(BindReadOnlyPaths|BindPaths)=' "$unit" "$dropin" | while IFS='=' read -r key value; do
	for entry in $value; do
		# SRC[:DST[:OPTIONS]]; "-SRC": skipped if SRC is missing.
		IFS=: read -r src dst _ <<<"$entry"
		dst=${dst:-$src}
		optional=0
		[ "${src:0:1}" = - ] && { optional=1; src=${src:1}; [ "$dst" = "-$src" ] && dst=$src; }
		# Mount points are made only inside the chroot's tmpfs, never on
		# the host's filesystem.
		case $dst in
			/var/lib/haproxy/*) ;;
			*) echo "stock-node: $key=$entry: $dst is outside the chroot; not emulated" >&2; exit 1 ;;
		esac
		if [ ! -e "$src" ]; then
			[ "$optional" = 1 ] || [ "$src" = /dev/log ] || { echo "stock-node: $key: $src missing" >&2; exit 1; }
			continue
		fi
		if [ -d "$src" ]; then mkdir -p "$dst"; else mkdir -p "$(dirname "$dst")"; touch "$dst"; fi
		mount --bind "$src" "$dst"
		if [ "$key" = BindReadOnlyPaths ]; then mount -o remount,bind,ro "$dst"; fi
	done
done

rt_mode=$(grep -hE '^RuntimeDirectoryMode=' "$unit" "$dropin" | tail -1 | cut -d= -f2)
grep -hE '^RuntimeDirectory=' "$unit" "$dropin" | cut -d= -f2 | while read -r dirs; do
	for d in $dirs; do
		install -d -m "${rt_mode:-0755}" "/run/$d"
	done
done
unset HAPROXY_VRRP_STATE_DIR

exec "${VRRP_HAPROXY:-/usr/sbin/haproxy}" -Ws -f "$config" -f "$extra" -p /run/haproxy.pid \
	-S /run/haproxy-master.sock
