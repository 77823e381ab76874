#!/usr/bin/env bash
# Builds an HAProxy LTS release with Lua 5.4 from the source Debian carries,
# into a cache directory that later runs reuse, and prints the binary's
# absolute path as the last (and only) line on stdout. Progress goes to
# stderr; the build's own output goes to build.log in the cache directory.
#
#   scripts/build-haproxy.sh [BRANCH]     # BRANCH: 3.0 (default), 3.2 or 3.4
#     3.0  from trixie's source        -> /var/cache/haproxy-vrrp/haproxy-3.0/haproxy
#     3.2  from sid's source (3.2.x)   -> /var/cache/haproxy-vrrp/haproxy-3.2/haproxy
#     3.4  from experimental's source  -> /var/cache/haproxy-vrrp/haproxy-3.4/haproxy
#   HAPROXY_BUILD_CACHE=/some/dir scripts/build-haproxy.sh 3.2
#
# The source comes through apt from the Debian mirror this machine's apt
# already uses, with a private configuration kept in the cache directory
# (its own sources list holding only that suite's deb-src line, its own
# lists, package cache and status file), so /etc/apt and the machine's
# package lists are left alone. Only the upstream .orig.tar.gz is fetched
# (--tar-only): the build needs nothing else, and some mirrors lack the .dsc.
# The suite must carry that branch (e.g. 3.2.x for 3.2): anything else is an
# error, not a silent build of another release.
#
# Building needs root (apt-get install of the missing build dependencies from
# the machine's normal sources); when the cached binary is there and sound,
# the script prints its path at once and touches neither apt nor the network.
#
# Environment:
#   HAPROXY_BUILD_CACHE   cache directory (default /var/cache/haproxy-vrrp/haproxy-BRANCH)
#   HAPROXY_BUILD_MIRROR  Debian mirror URL (default: the one apt uses for
#                         this release's main suite)
#   HAPROXY_BUILD_SUITE   suite to take the source from (default: as above)
set -euo pipefail

# Everything but the final path goes to stderr; fd 3 is the real stdout.
exec 3>&1 1>&2

me=build-haproxy.sh
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

say() { echo "$me: $*" >&2; }
die() { echo "$me: error: $*" >&2; exit 1; }

branch=${1:-3.0}
case $branch in
	3.0) default_suite=trixie ;;
	3.2) default_suite=sid ;;
	3.4) default_suite=experimental ;;
	*) die "unknown HAProxy branch '$branch' (known: 3.0, 3.2, 3.4)" ;;
esac
cache=${HAPROXY_BUILD_CACHE:-/var/cache/haproxy-vrrp/haproxy-$branch}
suite=${HAPROXY_BUILD_SUITE:-$default_suite}

case $cache in /*) ;; *) cache=$PWD/$cache ;; esac
cache=${cache%/}
bin=$cache/haproxy
log=$cache/build.log

# A binary is good when it runs and reports Lua 5.4. Captured first and then
# matched, so that an early-exiting grep cannot SIGPIPE it under pipefail.
binary_ok() {
	local out
	[ -x "$1" ] || return 1
	out=$("$1" -vv 2>&1) || return 1
	grep -q '^Built with Lua version : Lua 5\.4' <<<"$out"
}

# Fast path: no lock, no apt, no network. The binary is only ever put in
# place by rename(2), so it is either absent or complete.
if binary_ok "$bin"; then
	echo "$bin" >&3
	exit 0
fi

[ "$(id -u)" -eq 0 ] || die "the cached binary $bin is missing; building it needs root (apt-get)"

mkdir -p "$cache"
exec 9>"$cache/.lock"
if ! flock -n 9; then
	say "another build is running in $cache; waiting for it"
	flock 9
fi
# That other run may have just built it.
if binary_ok "$bin"; then
	echo "$bin" >&3
	exit 0
fi

# Leftovers of an interrupted run (we hold the lock, so nobody uses them).
rm -rf "$cache"/.build.* "$cache"/.haproxy.new
work=$(mktemp -d "$cache/.build.XXXXXX")
cleanup() { rm -rf "$work" "$cache/.haproxy.new"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

: >"$log"
# Runs a command with its output in the log; on failure shows the log's tail.
run() {
	local rc=0
	echo "+ $*" >>"$log"
	"$@" >>"$log" 2>&1 </dev/null || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "$me: failed (exit $rc): $*" >&2
		echo "$me: last lines of $log:" >&2
		tail -n 40 "$log" >&2
		exit "$rc"
	fi
}
export DEBIAN_FRONTEND=noninteractive

# --- Build dependencies, from the machine's own apt sources (bookworm) ------
# (libsystemd-dev is on the list for parity with the seed's options; HAProxy
# 3.0's USE_SYSTEMD has its own sd_notify() and does not link libsystemd.)
deps=(build-essential dpkg-dev liblua5.4-dev libssl-dev libpcre2-dev
	libsystemd-dev zlib1g-dev)
missing=()
for p in "${deps[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing build dependencies: ${missing[*]}"
	run apt-get update
	run apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- The Debian mirror apt already uses -------------------------------------
# The URI of a "deb" entry for this release's main suite (e.g. bookworm), from
# one-line .list files and deb822 .sources files alike; apt ignores other
# file names in sources.list.d, and so does this.
find_mirror() {
	local codename=$1 f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v want="$codename" '
			$1 == "deb" {
				i = 2
				if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
				if ($(i + 1) == want) print $i
			}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v want="$codename" '
			BEGIN { RS = ""; FS = "\n" }
			{
				types = uris = suites = key = ""; enabled = "yes"
				for (i = 1; i <= NF; i++) {
					line = $i
					if (line ~ /^[ \t]*#/) continue
					if (match(line, /^[A-Za-z0-9-]+:/)) {
						key = tolower(substr(line, 1, RLENGTH - 1))
						val = substr(line, RLENGTH + 1)
					} else
						val = line
					if (key == "types") types = types " " val
					else if (key == "uris") uris = uris " " val
					else if (key == "suites") suites = suites " " val
					else if (key == "enabled") enabled = val
				}
				if (tolower(enabled) ~ /no/) next
				deb = 0; n = split(types, t, " ")
				for (j = 1; j <= n; j++) if (t[j] == "deb") deb = 1
				hit = 0; n = split(suites, s, " ")
				for (j = 1; j <= n; j++) if (s[j] == want) hit = 1
				if (deb && hit) { split(uris, u, " "); print u[1] }
			}' "$f"
	done
}
mirror=${HAPROXY_BUILD_MIRROR:-}
if [ -z "$mirror" ]; then
	# shellcheck disable=SC1091
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "cannot tell this release's codename from /etc/os-release; set HAPROXY_BUILD_MIRROR"
	mirror=$(find_mirror "$codename" | head -n 1)
	[ -n "$mirror" ] || die "no 'deb' source for $codename in /etc/apt; set HAPROXY_BUILD_MIRROR"
fi
mirror=${mirror%/}

# --- Private apt setup, holding only the suite's deb-src line ---------------
# trixie's, sid's and experimental's Release files are signed by the archive
# keys that bookworm's debian-archive-keyring ships (with bookworm's own key
# among them), so the signature is checked against it (no trusted=yes).
[ -r "$keyring" ] || die "$keyring missing (package debian-archive-keyring)"
apt_dir=$cache/apt
mkdir -p "$apt_dir/sources.list.d" "$apt_dir/preferences.d" \
	"$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
echo "deb-src [signed-by=$keyring] $mirror $suite main" >"$apt_dir/sources.list"
: >"$apt_dir/status"
apt_opts=(
	-o "Dir::Etc::SourceList=$apt_dir/sources.list"
	-o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
	-o "Dir::Etc::Preferences=$apt_dir/preferences"
	-o "Dir::Etc::PreferencesParts=$apt_dir/preferences.d"
	-o "Dir::State::Lists=$apt_dir/lists"
	-o "Dir::State::status=$apt_dir/status"
	-o "Dir::Cache=$apt_dir/cache"
)

say "fetching haproxy's source from $mirror $suite"
run apt-get "${apt_opts[@]}" --error-on=any update

# What apt will fetch: 'URI' file size SHA256:hash, for the .orig.tar.gz.
dl=$work/dl
mkdir -p "$dl"
# Let apt's unprivileged downloader write there (else it warns and runs as root).
if id _apt >/dev/null 2>&1; then chown _apt "$dl"; fi
uris=$(cd "$dl" && apt-get "${apt_opts[@]}" source --print-uris --tar-only haproxy 2>>"$log") ||
	{ tail -n 20 "$log" >&2; die "apt-get source --print-uris haproxy failed (see $log)"; }
orig_line=$(grep -E "^'[^']*/haproxy_[^' ]*\.orig\.tar\.[a-z0-9]+' " <<<"$uris" | head -n 1) ||
	die "no haproxy .orig tarball in $suite's source index"
read -r _ orig_file _ orig_hash <<<"$orig_line"
version=${orig_file#haproxy_}
version=${version%.orig.tar.*}
case $version in
	"$branch".*) ;;
	*) die "$suite carries HAProxy $version, not $branch.x" ;;
esac
(cd "$dl" && run apt-get "${apt_opts[@]}" source --download-only --tar-only haproxy)
[ -f "$dl/$orig_file" ] || die "apt-get source did not bring $orig_file"
case $orig_hash in
	SHA256:*)
		echo "${orig_hash#SHA256:}  $dl/$orig_file" | sha256sum -c --status ||
			die "$orig_file: SHA256 does not match $suite's source index" ;;
	*) say "note: no SHA256 in the index for $orig_file; relying on apt's own check" ;;
esac
# The big index is only needed while fetching; the next build updates it anew.
rm -rf "$apt_dir/lists" "$apt_dir/cache"

# --- Build -------------------------------------------------------------------
say "building HAProxy $version (USE_LUA=1 with Lua 5.4, OpenSSL, PCRE2, systemd, zlib); log: $log"
mkdir -p "$work/src"
run tar -xf "$dl/$orig_file" -C "$work/src"
srcdir=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d | head -n 1)
if [ -z "$srcdir" ] || [ ! -f "$srcdir/Makefile" ]; then
	die "$orig_file holds no HAProxy source tree"
fi
run make -C "$srcdir" -j"$(nproc)" \
	TARGET=linux-glibc \
	USE_LUA=1 LUA_INC=/usr/include/lua5.4 LUA_LIB_NAME=lua5.4 \
	USE_OPENSSL=1 USE_PCRE2=1 USE_PCRE2_JIT=1 USE_SYSTEMD=1 USE_ZLIB=1

binary_ok "$srcdir/haproxy" || {
	"$srcdir/haproxy" -vv >>"$log" 2>&1 || true
	tail -n 40 "$log" >&2
	die "the built haproxy does not report Lua 5.4"
}
"$srcdir/haproxy" -vv >"$work/haproxy-vv.txt" 2>&1

# --- Into place, atomically --------------------------------------------------
{
	echo "version=$version"
	echo "source=$mirror $suite $orig_file $orig_hash"
	echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$work/source.txt"
mv -f "$work/haproxy-vv.txt" "$cache/haproxy-vv.txt"
mv -f "$work/source.txt" "$cache/source.txt"
install -m 0755 "$srcdir/haproxy" "$cache/.haproxy.new"
mv -f "$cache/.haproxy.new" "$bin"
say "built HAProxy $version"
echo "$bin" >&3
