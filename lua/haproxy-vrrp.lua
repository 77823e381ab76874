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
--   register_cli   "show vrrp" on the stats socket
--   register_service / fetches: the role on the stats page (see README)

local vrrp = require("vrrp")

local args = table.pack(...)
local conf_path = args[1] or os.getenv("HAPROXY_VRRP_CONF") or "/etc/haproxy/vrrp.conf"

-- Longest sleep between two polls of the VRRP socket: bounds how late an
-- advert is noticed (HAProxy gives Lua no way to wait on our descriptor).
local POLL_MS = 5

local node = vrrp.load(conf_path)   -- raises "file:line: keyword: reason"

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

core.register_init(function()
	local ok, err = node:open()
	flush_logs()
	if not ok then
		error("haproxy-vrrp: " .. err)
	end
end)

core.register_task(function()
	while true do
		local ok, wait = pcall(function()
			local ms = node:poll()
			flush_logs()
			return ms
		end)
		if not ok then
			-- Never let an error end the task: that would stop VRRP for
			-- good while HAProxy keeps running.
			core.Alert("haproxy-vrrp: " .. tostring(wait) .. "\n")
			wait = 100
		end
		if wait > POLL_MS then wait = POLL_MS end
		if wait < 1 then wait = 1 end
		core.msleep(wait)
	end
end)

core.register_cli({ "show", "vrrp" }, "show vrrp : show VRRP instances (haproxy-vrrp)",
	function(applet)
		applet:send(node:show())
	end)

-- The stats page: one server per instance in "backend vrrp", whose agent
-- check asks this service for the role. See README "Stats page".
local function role_of(name)
	for _, r in ipairs(node:roles()) do
		if r.name == name then
			return r.state
		end
	end
	return nil
end

HAPROXY_VRRP = { node = node, role_of = role_of }
