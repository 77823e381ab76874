-- haproxy-vrrp: VRRP inside HAProxy.
--
-- Loaded by "lua-load" (not lua-load-per-thread). This file only schedules
-- and presents; the protocol lives in vrrp.so (require "vrrp").
--
--   body           runs in the master, also under "haproxy -c": parse the
--                  config only, so a bad vrrp.conf fails the check
--   register_init  runs in the master before the fork, as root: open the
--                  sockets (a missing capability stops HAProxy here)
--   register_task  runs in the worker: the VRRP loop
--   register_cli   "show vrrp" on the stats socket ("vrrp resign" / "vrrp
--                  resume" say how an admin hands over)
--   a second task  the role on the stats page, and the handover (below)

-- HAProxy 3.4's "tune.lua.openlibs" may leave standard libraries out. Say
-- which ones this file needs, naming the keyword, rather than fail later
-- with "attempt to index a nil value". (Only the base library is sure to
-- be there: no table.concat here.)
do
	local needed = { "package", "string", "table", "os" }
	local missing = ""
	for _, lib in ipairs(needed) do
		if type(_G[lib]) ~= "table" or (lib == "package" and type(require) ~= "function") then
			missing = missing .. (missing == "" and "" or ",") .. lib
		end
	end
	if missing ~= "" then
		error("haproxy-vrrp: needs Lua's package, string, table and os libraries, and "
			.. "\"tune.lua.openlibs\" in the global section leaves out: " .. missing
			.. " (e.g. \"tune.lua.openlibs package,string,table,os,math\", or \"all\")", 0)
	end
end

local vrrp = require("vrrp")

-- Which vrrp.conf: "lua-load <this file> <vrrp.conf>" (HAProxy 2.7+; 2.6
-- drops lua-load arguments), else HAPROXY_VRRP_CONF, else the default.
local args = table.pack(...)
local conf_path, conf_from = args[1], "lua-load argument"
if not conf_path then
	conf_path, conf_from = os.getenv("HAPROXY_VRRP_CONF"), "HAPROXY_VRRP_CONF"
end
if not conf_path then
	conf_path, conf_from = "/etc/haproxy/vrrp.conf", "default"
end

-- The task sleeps until the node's next deadline (node:poll() says when:
-- its timers, and how soon a Backup must read its socket; see
-- module/README.md, "When the task wakes"), at most this long, so that a
-- soft stop is noticed.
local MAX_SLEEP_MS = 1000

-- Which "@ID" lines of vrrp.conf apply (keepalived's -i/--config-id):
-- "lua-load <this file> <vrrp.conf> <id>", else HAPROXY_VRRP_CONFIG_ID,
-- else keepalived's default, the node name up to its first '.'. HAProxy
-- 2.6 drops lua-load's extra words without a word, so the id used, and
-- where it came from, is always logged: a node reading the wrong "@ID"
-- lines is then seen at once.
local config_id, id_from = args[2], "lua-load argument"
if not config_id then
	config_id, id_from = os.getenv("HAPROXY_VRRP_CONFIG_ID"), "HAPROXY_VRRP_CONFIG_ID"
end
if not config_id then
	config_id, id_from = vrrp.default_config_id(), "node name"
end

-- What the loader has to say about the config (e.g. that track_script is
-- replaced) goes to stderr while the config is parsed, like HAProxy's own
-- config warnings, so "haproxy -c" shows it too: HAProxy 3.x keeps Lua's
-- log off stderr once the config has a "log" line.
-- (Without the io library, they go to HAProxy's log instead.)
local function parse_notice(msg)
	if io then
		io.stderr:write("[NOTICE]   haproxy-vrrp: " .. msg .. "\n")
	else
		core.Info("haproxy-vrrp: " .. msg .. "\n")
	end
end
-- Before the load, so that an error the id explains comes after it.
parse_notice(conf_path .. ": config id '" .. config_id .. "' (" .. id_from .. ")")

local node = vrrp.load(conf_path, config_id)   -- raises "file:line: keyword: reason"

-- track_backend names backends of haproxy.cfg. HAProxy has not parsed the
-- sections after lua-load yet, so "haproxy -c" checks them against the
-- files on its command line; the start checks HAProxy's own list.
do
	local ok, err = node:check_tracked()
	if not ok then error(err, 0) end
end

local log_fn = {
	info = core.Info,
	warning = core.Warning,
	alert = core.Alert,
}

local function flush_logs()
	for _, entry in ipairs(node:logs()) do
		log_fn[entry[1]]("haproxy-vrrp: " .. entry[2] .. "\n")
	end
end

-- The loader's notes, as the config id above.
for _, entry in ipairs(node:logs()) do
	parse_notice(entry[2])
end

core.register_init(function()
	core.Info("haproxy-vrrp " .. vrrp.version .. ": " .. conf_path .. " (" .. conf_from
		.. ", config id '" .. config_id .. "' from " .. id_from .. "), "
		.. vrrp.lua_version .. "\n")
	for _, name in ipairs(node:tracked_backends()) do
		if not core.backends[name] then
			error("haproxy-vrrp: " .. conf_path .. ": track_backend " .. name
				.. ": HAProxy has no backend of that name", 0)
		end
	end
	local ok, err = node:open()
	flush_logs()
	if not ok then
		error("haproxy-vrrp: " .. err)
	end
end)

local function now_ms()
	local t = core.now()
	return t.sec * 1000 + t.usec // 1000
end

-- HAProxy is stopping (soft stop): on a reload a new worker already runs
-- VRRP and this one must go quiet; on a real stop it hands over. HAProxy's
-- own flag when the binary exports it (free to read), else "show info".
local function stopping()
	local flag = node:stopping()
	if flag ~= nil then return flag end
	local s = core.get_info().Stopping
	return s ~= nil and tonumber(s) ~= 0
end
local stopping_is_free = node:stopping() ~= nil

local retired, deciding = false, false
local next_stop_check = 0

-- Tracked backends (track_backend): "usable" means a server of the
-- backend takes traffic, which HAProxy counts itself: its active and
-- backup servers that are up, not in maintenance, not draining, with a
-- weight. While any is tracked, the task wakes at least every
-- TRACK_POLL_MS so that a change reaches the state machine within that.
-- Where HAProxy has server events (2.8+), the backends are read again
-- after an event, and every TRACK_RECHECK_MS (a weight set to 0 raises
-- none); on 2.6, at every wake.
local TRACK_POLL_MS, TRACK_RECHECK_MS = 100, 1000
local tracked = node:tracked_backends()
local track_dirty, next_track_check = true, 0
local track_events = nil   -- nil: not tried yet; then whether subscribed

local function backend_usable(name)
	local st = core.backends[name]:get_stats()
	return (tonumber(st.act) or 0) + (tonumber(st.bck) or 0) > 0
end

local function check_tracked()
	if track_events == nil then
		-- Subscribed from the task: the callbacks run on its thread.
		track_events = core.event_sub ~= nil and pcall(core.event_sub, { "SERVER_STATE",
			"SERVER_ADMIN", "SERVER_ADD", "SERVER_DEL" }, function() track_dirty = true end)
	end
	local now = now_ms()
	if track_events and not track_dirty and now < next_track_check then return end
	track_dirty, next_track_check = false, now + TRACK_RECHECK_MS
	for _, name in ipairs(tracked) do
		node:track_backend(name, backend_usable(name))
	end
end

local stats_step   -- the stats page's part of each round (defined below)

-- One round of the VRRP task; returns how long to sleep (ms).
local function vrrp_step()
	-- Without HAProxy's flag, core.get_info() (a table of ~60 fields) is
	-- asked once a second, and at every poll while retire() has not
	-- decided.
	if not retired and (deciding or stopping_is_free or now_ms() >= next_stop_check) then
		if not stopping_is_free then next_stop_check = now_ms() + MAX_SLEEP_MS end
		if stopping() then
			retired = node:retire()
			deciding = not retired
		end
	end
	local ms, nlogs = MAX_SLEEP_MS, 1
	if not retired then
		if #tracked > 0 then check_tracked() end
		ms, nlogs = node:poll()
		if #tracked > 0 and ms > TRACK_POLL_MS then ms = TRACK_POLL_MS end
	end
	if nlogs > 0 then flush_logs() end
	if not retired then stats_step(nlogs) end
	if deciding and ms > 100 then ms = 100 end
	return ms
end

core.register_task(function()
	while true do
		local ok, wait = pcall(vrrp_step)
		if not ok then
			-- Never let an error end the task: that would stop VRRP for
			-- good while HAProxy keeps running. A second's pause keeps a
			-- persistent error from flooding the log.
			core.Alert("haproxy-vrrp: " .. tostring(wait) .. "\n")
			wait = 1000
		end
		if wait > MAX_SLEEP_MS then wait = MAX_SLEEP_MS end
		if wait < 1 then wait = 1 end
		core.msleep(wait)
	end
end)

core.register_cli({ "show", "vrrp" }, "show vrrp [json] : show VRRP instances (haproxy-vrrp)",
	function(applet, _, _, form)
		if form ~= nil and form ~= "json" then
			applet:send("usage: show vrrp [json]\n")
			return
		end
		applet:send(node:show(form or "text"))
	end)

-- Prometheus metrics (text format), as an HTTP service: in haproxy.cfg,
-- "http-request use-service lua.vrrp-metrics" on the frontend that serves
-- them (e.g. beside HAProxy's own exporter). Names and labels: vrrp_show.c.
core.register_service("vrrp-metrics", "http", function(applet)
	local body = node:show("prometheus")
	applet:set_status(200)
	applet:add_header("content-type", "text/plain; version=0.0.4; charset=utf-8")
	applet:add_header("content-length", tostring(#body))
	applet:start_response()
	applet:send(body)
end)

-- The stats page, and the planned handover.
--
-- HAProxy's page shows free text only in names, and Lua cannot rename a
-- server, so each instance is a server added at runtime to "backend vrrp",
-- named "<instance>:<ROLE>" (e.g. VI_1:MASTER), and replaced when the role
-- changes. This goes through a stats socket of level admin: the first of
-- HAProxy's own (HAPROXY_CLI) that answers "admin" to "show cli level",
-- unless HAPROXY_VRRP_STATS_SOCKET names one; nothing is ever sent to the
-- servers' address. Without "backend vrrp" the page does not show the
-- roles and there is no handover (logged once).
--
-- Handover (e.g. before an upgrade) must be for admins only, and a Lua CLI
-- command cannot see the level of the socket it was typed on. So it rides
-- on HAProxy's own admin-only command: an instance's row put in
-- maintenance ("set server vrrp/VI_1:MASTER state maint", or the stats
-- page's admin form) makes it resign: the VIP moves to the other router
-- with no moment without an owner. "state ready" resumes. The row keeps
-- that state across role changes, so MAINT on the page means "resigned".
local STATS_BACKEND = "vrrp"
local stats_socket        -- the path the task talks to, once found
local rows = {}           -- instance name -> its server name on the page

local function cli_at(path, cmd)
	local s = core.tcp()
	s:settimeout(2)
	local ok, err = s:connect("unix@" .. path)
	if not ok then
		return nil, "cannot connect to " .. path .. ": " .. tostring(err)
	end
	s:send(cmd .. "\n")
	local reply = s:receive("*a") or ""
	s:close()
	return reply
end

local function cli(cmd)
	return cli_at(stats_socket, cmd)
end

-- The stats sockets to try: HAPROXY_VRRP_STATS_SOCKET if set, else
-- HAProxy's own (it lists them in HAPROXY_CLI, "unix@/run/haproxy/
-- admin.sock;..."). HAProxy bound them before it chrooted the worker: a
-- path under the chroot directory ("/var/lib/haproxy/stats" with "chroot
-- /var/lib/haproxy") is a shorter one inside, so each path is also tried
-- without its leading directories ("/lib/haproxy/stats", ..., "/stats").
local function socket_candidates()
	local from, paths = "HAPROXY_VRRP_STATS_SOCKET", {}
	local forced = os.getenv("HAPROXY_VRRP_STATS_SOCKET")
	if forced then
		paths[1] = forced
	else
		from = "HAPROXY_CLI"
		for addr in (os.getenv("HAPROXY_CLI") or ""):gmatch("[^;]+") do
			local path = addr:match("^unix@(/.+)$")
			if path then paths[#paths + 1] = path end
		end
	end
	return paths, from
end

-- Finds, as seen from where the worker runs, a stats socket of level
-- admin that leads to this very process (its "show info" gives our Pid,
-- so a shorter path that happens to name another HAProxy's socket is not
-- taken). Returns its path, or nil and why none fits.
local function find_admin_socket()
	local paths, from = socket_candidates()
	if #paths == 0 then
		return nil, "haproxy.cfg has no stats socket on a UNIX path (add one with "
			.. "\"level admin\", e.g. Debian's \"stats socket /run/haproxy/admin.sock "
			.. "mode 660 level admin\")"
	end
	local my_pid = tostring(core.get_info().Pid)
	local why = {}
	for _, path in ipairs(paths) do
		local reached = false
		local first_err
		local tail = path
		while tail do
			local reply, err = cli_at(tail, "show cli level; show info")
			if reply then
				reached = true
				local level = reply:match("^%s*(%S+)")
				local pid = reply:match("\nPid: (%d+)")
				if level == "admin" and pid == my_pid then
					core.Info("haproxy-vrrp: stats page through " .. tail
						.. (tail ~= path and (" (HAProxy's " .. path .. ", seen from inside the chroot)") or "")
						.. ", from " .. from .. "\n")
					return tail
				end
				why[#why + 1] = tail .. (level ~= "admin"
					and (" is level " .. tostring(level) .. ", not admin")
					or (" leads to process " .. tostring(pid) .. ", not to this one"))
			end
			first_err = first_err or err
			tail = tail:match("^/[^/]+(/.+)$")
		end
		if not reached then
			-- ENOENT: the usual chroot case; EACCES: the socket's mode
			-- shuts out HAProxy's user.
			why[#why + 1] = tostring(first_err) .. " (with \"chroot\", bind the socket's "
				.. "directory into it: README, Installing, step 4)"
		end
	end
	return nil, table.concat(why, "; ") .. " (from " .. from .. ")"
end

-- An instance's row on the page says its role in words: "<instance>:<ROLE>"
-- (VI_1:MASTER), and in FAULT what it waits for (VI_1:FAULT:eth0,
-- VI_1:FAULT:kubernetes-apiserver): HAProxy shows free text only in names.
local function row_name(r)
	local n = r.name .. ":" .. r.state
	if r.state == "FAULT" and r.fault then n = n .. ":" .. r.fault end
	return (n:gsub("[^%w_.:-]", "_"))
end

-- And in colours that mean what they mean for any server: MASTER an
-- active server UP (green), BACKUP a backup server UP (blue), FAULT (and
-- INIT) an active server DOWN (red). HAProxy colours a server UP only if
-- it has health checks, so each row has one, aimed at the stats socket
-- itself (never at anything else) every 24 days, HAProxy's longest
-- interval; the health is set from here, and one such check is undone at
-- the next sync. A row's backup flag cannot change: a role change
-- replaces the row (the new one first, so the backend never has no
-- server to show: no "no server available" alert).
local ROW_CHECK = " check inter 24d rise 1000 fall 1000"
local FULL_HEALTH = "1999"   -- rise + fall - 1: UP with nothing pending
local function row_look(state)
	if state == "MASTER" then return "", "up" end
	if state == "BACKUP" then return " backup", "up" end
	return "", "down"
end

-- Each row's state as HAProxy has it: name -> { maint =, up = }, where up
-- means UP with full health (what this file sets), and maint an admin's
-- maintenance.
local function rows_state()
	local reply, err = cli("show servers state " .. STATS_BACKEND)
	if not reply then error(err, 0) end
	local st = {}
	for line in reply:gmatch("[^\n]+") do
		-- be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state
		-- srv_uweight srv_iweight srv_time_since_last_change srv_check_status
		-- srv_check_result srv_check_health ...
		local f = {}
		for w in line:gmatch("%S+") do f[#f + 1] = w end
		if #f >= 13 and f[1]:match("^%d+$") then
			st[f[4]] = { maint = (tonumber(f[7]) & 1) ~= 0,
				up = f[6] == "2" and f[13] == FULL_HEALTH, down = f[6] == "0" }
		end
	end
	return st
end

-- One round on the stats socket: an admin's "state maint" / "ready" on a
-- row becomes resign / resume; rows follow the roles.
local function stats_sync()
	if not stats_socket then
		local path, why = find_admin_socket()
		if not path then
			error("no stats socket of level admin to show the roles through: " .. why, 0)
		end
		stats_socket = path
	end
	local st = rows_state()
	local acted = false
	for _, r in ipairs(node:roles()) do
		-- The operator's word: a row whose admin state differs from what
		-- the instance is doing was changed by an admin.
		local row = rows[r.name] and st[rows[r.name]]
		if row and row.maint ~= r.resigned then
			if row.maint then node:resign(r.name) else node:resume(r.name) end
			flush_logs()
			acted = true
		end
	end
	-- A member of a sync group hands over with its group: the rows of the
	-- members the admin did not touch follow, so that their state is not
	-- read as another word of the admin's later.
	for _, r in ipairs(acted and node:roles() or {}) do
		local row = rows[r.name]
		if row and st[row] and st[row].maint ~= r.resigned then
			-- Not done, it would read as the admin's word next time and
			-- undo the handover: fail this sync, to be tried again.
			local reply, err = cli("set server " .. STATS_BACKEND .. "/" .. row
				.. " state " .. (r.resigned and "maint" or "ready"))
			if not reply or reply:match("%S") then
				error("set server " .. row .. ": " .. tostring(reply or err), 0)
			end
		end
	end
	for _, r in ipairs(node:roles()) do
		local srv = row_name(r)
		local path = STATS_BACKEND .. "/" .. srv
		local backup, health = row_look(r.state)
		if rows[r.name] ~= srv then
			-- A new server starts in maintenance: left so while resigned.
			local reply, err = cli("add server " .. path .. " unix@" .. stats_socket .. backup
				.. ROW_CHECK .. "; enable health " .. path
				.. (r.resigned and "" or "; enable server " .. path)
				.. "; set server " .. path .. " health " .. health)
			if not reply then error(err, 0) end
			if not (reply:find("New server registered", 1, true)
			        or reply:find("Already exists", 1, true)) then
				error("add server " .. path .. ": " .. reply, 0)
			end
			if rows[r.name] then
				local old = STATS_BACKEND .. "/" .. rows[r.name]
				cli("disable server " .. old .. "; del server " .. old)
			end
			rows[r.name] = srv
		elseif st[srv] and not st[srv].maint
		       and not (health == "up" and st[srv].up or health == "down" and st[srv].down) then
			-- A health check ran (once in 24 days), or someone set it.
			cli("set server " .. path .. " health " .. health)
		end
	end
end

-- Syncs run in a task of their own (started when needed: no task wakes
-- for the page while nothing changes), so that the stats socket's round
-- trips never delay the VRRP task. They are asked for when a role
-- changed, when an admin changed a row, and after a failed round.
-- HAProxy 2.8+ reports a row's change with an event. HAProxy 2.6 has
-- none, and its Lua does not see servers added at runtime, but it does
-- see the backend's count of usable active and backup servers, which
-- any change of a row's admin state or health moves: that count is
-- compared every MAINT_CHECK_MS (no stats socket round trip), and a full
-- sync still runs every FULL_SYNC_MS.
local MAINT_CHECK_MS, FULL_SYNC_MS = 2000, 60000
local stats_on = nil   -- whether haproxy.cfg has the backend (known once running)
local sync_started, sync_again = nil, false
local stats_warned = false
local failing_since = nil     -- ms: the syncs fail since then
local STATS_WARN_AFTER_MS = 5000
local rows_watched = nil   -- nil: not tried yet; then whether events come
local next_maint_check, next_full_sync, sync_wanted = 0, 0, true
local rows_counted = nil   -- "act/bck" of the backend after the last sync
local retry_at = nil       -- after a failed sync: when to try again

local function rows_count()
	local st = core.backends[STATS_BACKEND]:get_stats()
	return tostring(st.act) .. "/" .. tostring(st.bck)
end

local function sync_task()
	repeat
		sync_again = false
		-- Once HAProxy is stopping (a reload's old worker), the stats
		-- socket belongs to the new worker: its rows are its own business.
		if stopping() then break end
		local ok, err = pcall(stats_sync)
		rows_counted = rows_count()
		if not ok then
			-- Said once, and only when it lasts: right after a reload the
			-- stats socket may still answer for the previous worker.
			failing_since = failing_since or now_ms()
			if not stats_warned and now_ms() - failing_since >= STATS_WARN_AFTER_MS then
				core.Warning("haproxy-vrrp: stats page: " .. tostring(err) .. "\n")
				stats_warned = true
			end
			retry_at = now_ms() + MAINT_CHECK_MS
			stats_socket = nil   -- look for it again (it may have moved)
		else
			stats_warned, failing_since = false, nil
		end
	until not sync_again
	sync_started = nil
end

local function request_sync()
	-- A round lasts milliseconds; one that has not ended in 30 s was
	-- killed (e.g. by HAProxy's Lua timeout) and must not block the page.
	if sync_started and now_ms() - sync_started < 30000 then
		sync_again = true
		return
	end
	sync_started = now_ms()
	core.register_task(sync_task)
end

-- Called by the VRRP task after each poll (<nlogs>: lines it logged; a
-- role change is always one).
stats_step = function(nlogs)
	if stats_on == nil then
		stats_on = core.backends[STATS_BACKEND] ~= nil
		if not stats_on then
			core.Info("haproxy-vrrp: no 'backend " .. STATS_BACKEND .. "' in haproxy.cfg; "
				.. "roles are not shown on the stats page and there is no handover (see README)\n")
		end
	end
	if not stats_on then return end
	if rows_watched == nil then
		rows_watched = core.event_sub ~= nil and pcall(core.event_sub,
			{ "SERVER_ADMIN", "SERVER_STATE" }, function(_, data)
				if data and data.proxy_name == STATS_BACKEND then sync_wanted = true end
			end)
	end
	local now = now_ms()
	if retry_at and now >= retry_at then
		retry_at, sync_wanted = nil, true
	end
	if not rows_watched and now >= next_maint_check then
		next_maint_check = now + MAINT_CHECK_MS
		if now >= next_full_sync or rows_count() ~= rows_counted then
			next_full_sync = now + FULL_SYNC_MS
			sync_wanted = true
		end
	end
	if nlogs > 0 and not sync_wanted then
		for _, r in ipairs(node:roles()) do
			if rows[r.name] ~= row_name(r) then sync_wanted = true end
		end
	end
	if sync_wanted then
		sync_wanted = false
		request_sync()
	end
end

-- "vrrp resign" / "vrrp resume" answer with the admin command to use: a
-- Lua command acting by itself would let a read-only socket move the VIP.
local function handover_help(resign)
	return function(applet, _, _, name)
		local lines = {}
		for _, r in ipairs(node:roles()) do
			if not name or name == r.name then
				local row = rows[r.name] or (r.name .. ":" .. r.state)
				lines[#lines + 1] = "  set server " .. STATS_BACKEND .. "/" .. row
					.. (resign and " state maint" or " state ready")
			end
		end
		if #lines == 0 then
			applet:send("no VRRP instance named " .. tostring(name) .. "\n")
			return
		end
		applet:send("Handing over is for admins only, so it is done with HAProxy's "
			.. "admin-level command on the instance's row in backend "
			.. STATS_BACKEND .. " (MAINT = resigned). On a socket with level admin:\n"
			.. table.concat(lines, "\n") .. "\n")
	end
end
core.register_cli({ "vrrp", "resign" },
	"vrrp resign [<name>] : how to hand mastership to another router (admin: set server vrrp/<row> state maint)",
	handover_help(true))
core.register_cli({ "vrrp", "resume" },
	"vrrp resume [<name>] : how to return to the configured priority (admin: set server vrrp/<row> state ready)",
	handover_help(false))
