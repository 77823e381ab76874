/*
 * Lua binding: the thin layer HAProxy's Lua sees as require("vrrp").
 *
 *   vrrp.load(path [, config_id]) -> node | raises "file:line: keyword:
 *                          reason"; config_id picks the "@ID" lines
 *                          (keepalived's -i), nil: the node name
 *   vrrp.default_config_id() -> keepalived's default config id, the node
 *                          name up to its first '.' ("" if unknown), so
 *                          that the Lua can log the id it loads with
 *   node:open()         -> true | nil, msg      (sockets; in register_init)
 *   node:poll()         -> ms until the next deadline
 *   node:stop()         -> nothing; priority 0, VIPs removed
 *   node:retire()       -> true once decided; HAProxy is stopping: quiet if
 *                          a reload put a new worker in charge, else as
 *                          stop() (see vrrp_node_retire())
 *   node:resign([name]) -> number of instances matched (operator handover)
 *   node:resume([name]) -> same, back to the configured priority
 *   node:show([form])   -> "show vrrp" as "text" (default) or "json", or the
 *                          metrics as "prometheus"
 *   node:roles()        -> { {name=, state=, priority=, resigned=[, fault=]}, ... }
 *   node:logs()         -> { {level, msg}, ... } drained from the queue
 *   node:tracked_backends() -> { name, ... } (track_backend), each once
 *   node:track_backend(name, usable) -> instances tracking it; acted on
 *                          at the next poll
 *   node:check_tracked() -> true | nil, msg: each tracked backend is in
 *                          HAProxy's configuration files (for haproxy -c)
 *
 * Bad arguments raise; OS failures return nil, msg (luaposix style).
 * __gc stops the node and is safe to run twice.
 *
 * The module is built against one Lua's headers and never linked to a
 * liblua: it uses the symbols of the Lua inside HAProxy. luaopen_vrrp()
 * first compares _VERSION with the headers it was built with, using only
 * calls whose ABI is the same in 5.3 and 5.4, and refuses to load into
 * another Lua instead of corrupting it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>

#include "vrrp_conf_parser.h"
#include "vrrp_fsm.h"
#include "vrrp_node.h"
#include "vrrp_show.h"

/* The one API symbol that exists in only one of 5.3 and 5.4. Weak, so that
 * the wrong Lua can still dlopen() us and hear check_lua_version() say why
 * it cannot use us, instead of "undefined symbol".
 */
#if LUA_VERSION_NUM >= 504
#pragma weak lua_newuserdatauv
#else
#pragma weak lua_newuserdata
#endif

#define NODE_MT "haproxy-vrrp.node"

struct node_ud {
	struct vrrp_node *node;   /* NULL once collected */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static struct vrrp_node *check_node(lua_State *L)
{
	struct node_ud *ud = luaL_checkudata(L, 1, NODE_MT);

	if (!ud->node)
		luaL_argerror(L, 1, "vrrp node already released");
	return ud->node;
}

static int l_load(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	const char *config_id = luaL_optstring(L, 2, NULL);
	char err[VRRP_ERR_MAX];
	struct node_ud *ud;
	struct vrrp_node *node = calloc(1, sizeof(*node));

	if (!node)
		return luaL_error(L, "haproxy-vrrp: out of memory");
	if (vrrp_node_load(node, path, config_id, err, sizeof(err)) < 0) {
		free(node);
		lua_pushstring(L, err);
		return lua_error(L);
	}
	ud = lua_newuserdata(L, sizeof(*ud));
	ud->node = node;
	luaL_setmetatable(L, NODE_MT);
	return 1;
}

/* vrrp.default_config_id() -> the id "@ID" lines are matched against
 * when neither lua-load nor HAPROXY_VRRP_CONFIG_ID gives one.
 */
static int l_default_config_id(lua_State *L)
{
	char id[256];

	conf_default_config_id(id, sizeof(id));
	lua_pushstring(L, id);
	return 1;
}

/* An OS-facing call's result, luaposix style: true, or nil and <err>
 * when <ret> < 0.
 */
static int push_result(lua_State *L, int ret, const char *err)
{
	if (ret < 0) {
		lua_pushnil(L);
		lua_pushstring(L, err);
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

static int l_open(lua_State *L)
{
	struct vrrp_node *node = check_node(L);
	char err[VRRP_ERR_MAX];

	return push_result(L, vrrp_node_open(node, err, sizeof(err)), err);
}

static int l_poll(lua_State *L)
{
	struct vrrp_node *node = check_node(L);
	uint64_t now = now_ms();
	uint64_t next = vrrp_node_poll(node, now);

	lua_pushinteger(L, next == VRRP_TIME_NEVER ? 1000 :
	                   (lua_Integer)(next > now ? next - now : 0));
	/* Log lines waiting: node:logs() only when there are (a new table
	 * each poll would be garbage for nothing).
	 */
	lua_pushinteger(L, node->nlog + (node->log_dropped ? 1 : 0));
	return 2;
}

static int l_stop(lua_State *L)
{
	vrrp_node_stop(check_node(L), now_ms());
	return 0;
}

/* node:stopping() -> true/false from HAProxy's own flag, or nil when the
 * binary does not export it (the caller asks core.get_info() then).
 */
static int l_stopping(lua_State *L)
{
	int s = vrrp_node_haproxy_stopping(check_node(L));

	if (s < 0)
		lua_pushnil(L);
	else
		lua_pushboolean(L, s);
	return 1;
}

static int l_retire(lua_State *L)
{
	lua_pushboolean(L, vrrp_node_retire(check_node(L), now_ms(), false));
	return 1;
}

static int handover(lua_State *L, bool resign)
{
	struct vrrp_node *node = check_node(L);
	const char *name = luaL_optstring(L, 2, NULL);

	lua_pushinteger(L, vrrp_node_handover(node, name, resign, now_ms()));
	return 1;
}

static int l_resign(lua_State *L)
{
	return handover(L, true);
}

static int l_resume(lua_State *L)
{
	return handover(L, false);
}

/* node:tracked_backends() -> { name, ... }: each tracked backend once. */
static int l_tracked_backends(lua_State *L)
{
	struct vrrp_node *node = check_node(L);
	int max = node->ninst * VRRP_MAX_TRACK_BACKEND, n, i;
	const char **names = calloc((size_t)(max ? max : 1), sizeof(*names));

	if (!names)
		return luaL_error(L, "haproxy-vrrp: out of memory");
	n = vrrp_node_tracked_backends(node, names, max);
	lua_createtable(L, n, 0);
	for (i = 0; i < n; i++) {
		lua_pushstring(L, names[i]);
		lua_rawseti(L, -2, i + 1);
	}
	free(names);
	return 1;
}

/* node:track_backend(name, usable) -> instances that track it. */
static int l_track_backend(lua_State *L)
{
	struct vrrp_node *node = check_node(L);
	const char *name = luaL_checkstring(L, 2);

	luaL_checktype(L, 3, LUA_TBOOLEAN);
	lua_pushinteger(L, vrrp_node_track_backend(node, name, lua_toboolean(L, 3)));
	return 1;
}

/* node:check_tracked() -> true | nil, msg: the tracked backends are in
 * the configuration files HAProxy was given (for "haproxy -c").
 */
static int l_check_tracked(lua_State *L)
{
	struct vrrp_node *node = check_node(L);
	char err[VRRP_ERR_MAX];

	return push_result(L, vrrp_node_check_tracked(node, err, sizeof(err)), err);
}

static int l_show(lua_State *L)
{
	struct vrrp_node *node = check_node(L);
	static const char *const forms[] = { "text", "json", "prometheus", NULL };
	int form = luaL_checkoption(L, 2, "text", forms);
	/* Prometheus: a few lines of HELP/TYPE per family on top. */
	size_t cap = vrrp_show_size(node) * (form == 2 ? 3 : 1) + 4096, len = 0;
	char *buf = NULL;
	int tries;

	/* A page cut short is worse than none (a scraper rejects it): should
	 * the estimate ever be short, try again with twice the room.
	 */
	for (tries = 0; tries < 4; tries++, cap *= 2) {
		free(buf);
		buf = malloc(cap);
		if (!buf)
			return luaL_error(L, "haproxy-vrrp: out of memory");
		len = form == 1 ? vrrp_show_json(node, now_ms(), buf, cap) :
		      form == 2 ? vrrp_show_prometheus(node, now_ms(), buf, cap) :
		                  vrrp_show_text(node, now_ms(), buf, cap);
		if (len == VRRP_SHOW_NOMEM) {
			free(buf);
			return luaL_error(L, "haproxy-vrrp: out of memory");
		}
		if (len < cap - 1)
			break;
	}
	if (tries == 4) {
		free(buf);
		return luaL_error(L, "haproxy-vrrp: show vrrp does not fit in %d bytes", (int)(cap / 2));
	}
	lua_pushlstring(L, buf, len);
	free(buf);
	return 1;
}

static int l_roles(lua_State *L)
{
	struct vrrp_node *node = check_node(L);
	int i;

	lua_createtable(L, node->ninst, 0);
	for (i = 0; i < node->ninst; i++) {
		const struct vrrp_instance *in = &node->inst[i];

		lua_createtable(L, 0, 4);
		lua_pushstring(L, in->conf->name);
		lua_setfield(L, -2, "name");
		lua_pushstring(L, vrrp_node_state_name(node, i));
		lua_setfield(L, -2, "state");
		lua_pushinteger(L, in->conf->priority);
		lua_setfield(L, -2, "priority");
		lua_pushboolean(L, in->resigned);
		lua_setfield(L, -2, "resigned");
		if (vrrp_node_fault_word(node, i)) {
			lua_pushstring(L, vrrp_node_fault_word(node, i));
			lua_setfield(L, -2, "fault");
		}
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

static int l_logs(lua_State *L)
{
	static const char *const levels[] = { "info", "warning", "alert" };
	struct vrrp_node *node = check_node(L);
	int i, n = node->nlog;

	lua_createtable(L, n + 1, 0);
	for (i = 0; i < n; i++) {
		lua_createtable(L, 2, 0);
		lua_pushstring(L, levels[node->log[i].level]);
		lua_rawseti(L, -2, 1);
		lua_pushstring(L, node->log[i].msg);
		lua_rawseti(L, -2, 2);
		lua_rawseti(L, -2, i + 1);
	}
	if (node->log_dropped) {
		lua_createtable(L, 2, 0);
		lua_pushstring(L, "warning");
		lua_rawseti(L, -2, 1);
		lua_pushfstring(L, "%d log lines dropped (queue full)",
		                (int)node->log_dropped);
		lua_rawseti(L, -2, 2);
		lua_rawseti(L, -2, n + 1);
		node->log_dropped = 0;
	}
	node->nlog = 0;
	return 1;
}

static int l_gc(lua_State *L)
{
	struct node_ud *ud = luaL_checkudata(L, 1, NODE_MT);

	if (ud->node) {
		/* lua_close() at the end of a soft stop: quiet if a reload put a
		 * new worker in charge, a full stop otherwise.
		 */
		vrrp_node_retire(ud->node, now_ms(), true);
		vrrp_node_stop(ud->node, now_ms());
		/* The process is exiting: nothing will drain the queue into
		 * HAProxy's log any more, so say it on stderr (the journal).
		 */
		for (int i = 0; i < ud->node->nlog; i++)
			fprintf(stderr, "haproxy-vrrp[%d]: %s\n", (int)getpid(),
			        ud->node->log[i].msg);
		ud->node->nlog = 0;
		vrrp_node_free(ud->node);
		free(ud->node);
		ud->node = NULL;
	}
	return 0;
}

static int l_tostring(lua_State *L)
{
	struct node_ud *ud = luaL_checkudata(L, 1, NODE_MT);

	lua_pushfstring(L, "vrrp node (%s)", ud->node ? ud->node->conf.path : "released");
	return 1;
}

static const luaL_Reg node_methods[] = {
	{ "open",  l_open },
	{ "poll",  l_poll },
	{ "stop",  l_stop },
	{ "retire", l_retire },
	{ "stopping", l_stopping },
	{ "resign", l_resign },
	{ "resume", l_resume },
	{ "show",  l_show },
	{ "tracked_backends", l_tracked_backends },
	{ "track_backend", l_track_backend },
	{ "check_tracked", l_check_tracked },
	{ "roles", l_roles },
	{ "logs",  l_logs },
	{ NULL, NULL }
};

static const luaL_Reg module_funcs[] = {
	{ "load", l_load },
	{ "default_config_id", l_default_config_id },
	{ NULL, NULL }
};

/* Refuses a Lua other than the one whose headers we were built with.
 * lua_getglobal, lua_tolstring, lua_settop and lua_error have the same
 * signature in 5.3 and 5.4, so this check itself is safe in either.
 */
static int check_lua_version(lua_State *L)
{
	const char *running;

	lua_getglobal(L, "_VERSION");
	running = lua_tolstring(L, -1, NULL);
	if (running && strcmp(running, LUA_VERSION) == 0) {
		lua_settop(L, -2);
		return 0;
	}
	lua_pushfstring(L, "haproxy-vrrp: vrrp.so was built for %s but this "
	                "HAProxy runs %s; rebuild with cmake -DHAPROXY=<this "
	                "haproxy binary>", LUA_VERSION, running ? running : "an unknown Lua");
	return lua_error(L);
}

__attribute__((visibility("default")))
int luaopen_vrrp(lua_State *L)
{
	check_lua_version(L);
	if (luaL_newmetatable(L, NODE_MT)) {
		luaL_newlib(L, node_methods);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, l_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, l_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_settop(L, -2);
	luaL_newlib(L, module_funcs);
	lua_pushstring(L, LUA_VERSION);
	lua_setfield(L, -2, "lua_version");
	lua_pushstring(L, HAPROXY_VRRP_VERSION);
	lua_setfield(L, -2, "version");
	return 1;
}
