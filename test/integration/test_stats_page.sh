#!/usr/bin/env bash
# The stats page as an operator sees it, in a real browser: headless
# Chromium (Debian's, driven through Debian's ChromeDriver over the
# WebDriver protocol) opens the seed's /admin?stats on each node, and the
# row of VI_1 says its role in words and in HAProxy's colours: MASTER an
# active UP row, BACKUP a backup UP row, FAULT a DOWN row naming what it
# waits for. Screenshots are kept in $VRRP_ARTIFACT_DIR. Reloads leave one
# row per instance and add no more than the new row's two lines to the log.
source "$(dirname "$0")/common.sh"

ART=${VRRP_ARTIFACT_DIR:-$PWD/artifacts}
mkdir -p "$ART"
for tool in chromium chromedriver jq base64; do
	command -v "$tool" >/dev/null ||
		{ echo "$TEST_NAME: needs $tool (scripts/install-deps.sh)"; exit 1; }
done

BE=kubernetes-apiserver
lab_up || exit 1
lab_vrrp_conf n1 "    track_backend {
        $BE
    }" >/dev/null
lab_vrrp_conf n2 >/dev/null
lab_haproxy_start n1 || exit 1
lab_haproxy_start n2 || exit 1
expect_vip n1 8 "node1 is master"
wait_until 3 eval '[ "$(field n2 master)" = "${LAB_ADDR[n1]}" ]'

# ChromeDriver in the client's namespace: the browser reaches the nodes
# over the lab's link, as an operator's would.
lab_ns cl chromedriver --port=9515 >"$LAB_DIR/chromedriver.log" 2>&1 &
LAB_PIDS+=($!)
disown $!
# One WebDriver call: METHOD PATH [JSON]; prints the answer.
wd() {
	lab_ns cl curl -s --max-time 60 -X "$1" "http://127.0.0.1:9515$2" \
		${3:+-H 'Content-Type: application/json' -d "$3"}
}
wait_until 10 eval 'wd GET /status | jq -e .value.ready >/dev/null 2>&1' ||
	{ not_ok "chromedriver did not start"; cat "$LAB_DIR/chromedriver.log"; exit 1; }
caps=$(jq -cn --arg dir "$LAB_DIR/chromium" '{capabilities: {alwaysMatch: {
	"goog:chromeOptions": {binary: "/usr/bin/chromium", args: ["--headless=new",
	"--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900",
	("--user-data-dir=" + $dir)]}}}}')
SID=$(wd POST /session "$caps" | jq -r .value.sessionId)
[ -n "$SID" ] && [ "$SID" != null ] || SID=""
check "a Chromium session" [ -n "$SID" ]
[ -n "$SID" ] || exit 1

# Opens NODE's stats page, finds ROW's <tr>, and prints "class|colour|text"
# of it; saves a screenshot of the page as $ART/stats-<SHOT>.png.
row_seen() {
	local node=$1 row=$2 shot=$3 el
	wd POST "/session/$SID/url" \
		"$(jq -cn --arg u "http://admin:admin@${LAB_ADDR[$node]}:1080/admin?stats" '{url: $u}')" >/dev/null
	wd GET "/session/$SID/screenshot" | jq -r .value | base64 -d >"$ART/stats-$shot.png"
	el=$(wd POST "/session/$SID/element" "$(jq -cn --arg x "//tr[.//a[text()='$row']]" \
		'{using: "xpath", value: $x}')" | jq -r '.value | to_entries[0].value // empty')
	[ -n "$el" ] || { echo "none"; return; }
	printf '%s|%s|%s\n' \
		"$(wd GET "/session/$SID/element/$el/attribute/class" | jq -r .value)" \
		"$(wd GET "/session/$SID/element/$el/css/background-color" | jq -r .value)" \
		"$(wd GET "/session/$SID/element/$el/text" | jq -r .value | tr '\n' ' ')"
}

# HAProxy's own colours for these rows (its stats page CSS).
GREEN="rgba(192, 255, 192, 1)"      # .active_up   #c0ffc0
BLUE="rgba(176, 208, 255, 1)"       # .backup_up   #b0d0ff
RED="rgba(255, 144, 144, 1)"        # .active_down #ff9090

# Waits for NODE's ROW to be in the browser with CLASS; checks its colour
# and that its status column says STATUS.
expect_row() {
	local node=$1 row=$2 class=$3 colour=$4 status=$5 shot=$6 seen
	wait_until 5 eval 'seen=$(row_seen "$node" "$row" "$shot"); [ "${seen%%|*}" = "$class" ]'
	check "$node: the browser shows $row as an $class row ($seen)" [ "${seen%%|*}" = "$class" ]
	IFS='|' read -r _ c text <<<"$seen"
	check "$node: $row in HAProxy's colour for $class" [ "$c" = "$colour" ]
	check "$node: $row's status says $status" grep -qw "$status" <<<"$text"
	check "$node: the screenshot $ART/stats-$shot.png is a PNG" \
		bash -c '[ "$(head -c 4 "$1" | od -An -tx1 | tr -d " ")" = 89504e47 ]' _ "$ART/stats-$shot.png"
}

expect_row n1 VI_1:MASTER active_up "$GREEN" UP n1-master
expect_row n2 VI_1:BACKUP backup_up "$BLUE" UP n2-backup

# FAULT: every server of the tracked backend in maintenance on node1.
lab_backend_state n1 "$BE" maint
expect_vip n2 3 "node1 in FAULT: node2 takes over"
expect_row n1 "VI_1:FAULT:$BE" active_down "$RED" DOWN n1-fault
expect_row n2 VI_1:MASTER active_up "$GREEN" UP n2-master
check "node1 has one row left for VI_1 (the FAULT one)" \
	[ "$(lab_cli n1 show servers state vrrp | grep -c ' VI_1:')" -eq 1 ]
# A row's health set by someone else (or by its once-in-24-days check) is
# set back: node2's MASTER row forced DOWN turns green again.
lab_cli n2 "set server vrrp/VI_1:MASTER health down" >/dev/null
expect_row n2 VI_1:MASTER active_up "$GREEN" UP n2-master-restored
lab_backend_state n1 "$BE" ready
expect_vip n1 10 "servers back: node1 master again"
expect_row n1 VI_1:MASTER active_up "$GREEN" UP n1-master-again

# Reloads: the new worker shows one row, and the log gets only its row's
# two lines per reload (registered, ready), none about the old ones.
# (Once the BACKUP row is gone: the notices of its removal are written by
# then, and belong to the role change before.)
wait_until 5 eval '[ "$(lab_cli n1 show servers state vrrp | grep -c " VI_1:")" -eq 1 ]'
before=$(grep -c 'vrrp/VI_1' "$LAB_DIR/haproxy-n1.log")
for i in 1 2 3; do
	lab_haproxy_reload n1 || not_ok "reload $i"
	wait_until 5 eval '[ "$(lab_cli n1 show servers state vrrp | grep -c " VI_1:MASTER ")" -eq 1 ]'
done
sleep 1
check "after 3 reloads, one row for VI_1 on node1" \
	[ "$(lab_cli n1 show servers state vrrp | grep -c ' VI_1:')" -eq 1 ]
lines=$(( $(grep -c 'vrrp/VI_1' "$LAB_DIR/haproxy-n1.log") - before ))
check_between "log lines about the rows over 3 reloads: $lines" "$lines" 1 6
expect_row n1 VI_1:MASTER active_up "$GREEN" UP n1-after-reloads

wd DELETE "/session/$SID" >/dev/null

# No admin socket to reach: said once, tried again quietly, VRRP unharmed.
lab_haproxy_stop n1 TERM
LAB_GLOBAL_EXTRA="    setenv HAPROXY_VRRP_STATS_SOCKET $LAB_DIR/nowhere.sock" lab_haproxy_start n1 ||
	exit 1
expect_vip n1 8 "node1 master again without a stats page"
nowarn() { grep -c '^haproxy-vrrp: stats page: no stats socket of level admin' "$LAB_DIR/haproxy-n1.log"; }
# Said once the failure has lasted 5 s (not for a reload's brief moment),
# and then not again.
check "no admin socket: a warning within 10 s" wait_until 10 eval '[ "$(nowarn)" -ge 1 ]'
sleep 4
check "... said once" [ "$(nowarn)" -eq 1 ]
check "no rows on node1's page" [ "$(lab_cli n1 show servers state vrrp | grep -c ' VI_1:')" -eq 0 ]
echo "screenshots: $ART/stats-*.png"
t_done
