/*
 * "show vrrp" and "show vrrp json". See vrrp_show.h.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vrrp_node.h"
#include "vrrp_packet.h"
#include "vrrp_show.h"

#define MAX_COUNTERS (16 + VRRP_RX_ERROR_COUNT)

struct counter {
	char     name[32];
	uint64_t value;
};

/* One instance as both forms describe it. */
struct row {
	const char *name, *state, *ifname, *fault, *fault_reason, *mode;
	unsigned priority, effective, vrid, version;
	unsigned long long since_s;
	char master[INET_ADDRSTRLEN];   /* "none" when nobody is known */
	char vips[VRRP_MAX_ADDRS][INET_ADDRSTRLEN + 4];
	int nvips;
	char peers[VRRP_MAX_PEERS][INET_ADDRSTRLEN];
	int npeers;
	struct counter cnt[MAX_COUNTERS];
	int ncnt;
};

static void add_counter(struct row *r, const char *name, uint64_t v)
{
	snprintf(r->cnt[r->ncnt].name, sizeof(r->cnt[0].name), "%s", name);
	r->cnt[r->ncnt++].value = v;
}

static void describe(const struct vrrp_node *node, int i, uint64_t now,
                     struct row *r)
{
	const struct vrrp_instance *in = &node->inst[i];
	const struct vrrp_instance_conf *c = in->conf;
	const struct vrrp_counters *k = &in->cnt;
	uint32_t master = 0;
	char a[INET_ADDRSTRLEN], rx[32];
	int v, e;

	memset(r, 0, sizeof(*r));
	r->name = c->name;
	r->state = vrrp_node_state_name(node, i);
	r->priority = c->priority;
	r->effective = node->running && !node->fault[0] &&
	               in->fault == VRRP_FAULT_NONE ? in->fsm.priority : 0;
	if (in->fsm.state == VRRP_STATE_MASTER)
		master = in->primary;
	else if (in->fsm.state == VRRP_STATE_BACKUP && in->fsm.master_addr)
		master = htonl(in->fsm.master_addr);
	if (master)
		inet_ntop(AF_INET, &master, r->master, sizeof(r->master));
	else
		snprintf(r->master, sizeof(r->master), "none");
	for (v = 0; v < c->nvips; v++)
		snprintf(r->vips[r->nvips++], sizeof(r->vips[0]), "%s/%u",
		         inet_ntop(AF_INET, &c->vips[v].addr, a, sizeof(a)),
		         c->vips[v].prefix);
	r->ifname = c->ifname;
	r->vrid = c->vrid;
	r->version = c->version;
	r->since_s = node->running && now > in->state_since ?
	             (now - in->state_since) / 1000 : 0;
	r->fault = in->fault != VRRP_FAULT_NONE ? in->fault_word : "none";
	r->fault_reason = node->fault[0] ? node->fault :
	                  in->fault != VRRP_FAULT_NONE ? in->fault_reason : NULL;
	r->mode = c->npeers ? "unicast" : "multicast";
	for (v = 0; v < c->npeers; v++)
		inet_ntop(AF_INET, &c->peers[v], r->peers[r->npeers++], INET_ADDRSTRLEN);
	add_counter(r, "rx_adverts", k->rx_adverts);
	add_counter(r, "rx_stop", k->rx_stop);
	add_counter(r, "tx_adverts", k->tx_adverts);
	add_counter(r, "tx_stop", k->tx_stop);
	add_counter(r, "became_master", k->became_master);
	add_counter(r, "left_master", k->left_master);
	add_counter(r, "garp_sent", k->garp_sent);
	add_counter(r, "tx_errors", k->tx_errors);
	add_counter(r, "rx_errors", k->rx_errors);
	add_counter(r, "vip_errors", k->vip_errors);
	add_counter(r, "rx_addr_mismatch", k->rx_addr_mismatch);
	for (e = 1; e < VRRP_RX_ERROR_COUNT; e++) {
		snprintf(rx, sizeof(rx), "rx_%s", vrrp_rx_error_name((enum vrrp_rx_error)e));
		add_counter(r, rx, k->rx_dropped[e]);
	}
}

struct out {
	char  *buf;
	size_t cap, len;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(o->buf + o->len, o->len < o->cap ? o->cap - o->len : 0, fmt, ap);
	va_end(ap);
	if (w > 0)
		o->len += (size_t)w;
}

static size_t done(const struct out *o)
{
	return o->len < o->cap ? o->len : (o->cap ? o->cap - 1 : 0);
}

size_t vrrp_show_text(const struct vrrp_node *node, uint64_t now, char *buf,
                      size_t cap)
{
	struct out o = { .buf = buf, .cap = cap };
	struct row r;
	int i, j;

	put(&o, "# name state priority effective_priority master vips interface "
	    "vrid version since_s fault mode counters\n");
	if (node->fault[0])
		put(&o, "# fault: %s\n", node->fault);
	for (i = 0; i < node->ninst; i++)
		if (node->inst[i].fault != VRRP_FAULT_NONE)
			put(&o, "# fault %s: %s\n", node->inst[i].conf->name,
			    node->inst[i].fault_reason);
	for (i = 0; i < node->ninst; i++) {
		describe(node, i, now, &r);
		put(&o, "%s state=%s priority=%u effective_priority=%u master=%s vips=",
		    r.name, r.state, r.priority, r.effective, r.master);
		for (j = 0; j < r.nvips; j++)
			put(&o, "%s%s", j ? "," : "", r.vips[j]);
		put(&o, " interface=%s vrid=%u version=%u since_s=%llu fault=%s mode=%s",
		    r.ifname, r.vrid, r.version, r.since_s, r.fault, r.mode);
		if (r.npeers)
			put(&o, ":");
		for (j = 0; j < r.npeers; j++)
			put(&o, "%s%s", j ? "," : "", r.peers[j]);
		for (j = 0; j < r.ncnt; j++)
			put(&o, " %s=%llu", r.cnt[j].name, (unsigned long long)r.cnt[j].value);
		put(&o, "\n");
	}
	return done(&o);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void put_json_string(struct out *o, const char *s)
{
	put(o, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			put(o, "\\%c", ch);
		else if (ch < 0x20)
			put(o, "\\u%04x", ch);
		else
			put(o, "%c", ch);
	}
	put(o, "\"");
}

size_t vrrp_show_json(const struct vrrp_node *node, uint64_t now, char *buf,
                      size_t cap)
{
	struct out o = { .buf = buf, .cap = cap };
	struct row r;
	int i, j;

	put(&o, "[");
	for (i = 0; i < node->ninst; i++) {
		describe(node, i, now, &r);
		put(&o, "%s{\"name\":", i ? "," : "");
		put_json_string(&o, r.name);
		put(&o, ",\"state\":\"%s\",\"priority\":%u,\"effective_priority\":%u,"
		    "\"master\":", r.state, r.priority, r.effective);
		if (strcmp(r.master, "none") == 0)
			put(&o, "null");
		else
			put_json_string(&o, r.master);
		put(&o, ",\"vips\":[");
		for (j = 0; j < r.nvips; j++)
			put(&o, "%s\"%s\"", j ? "," : "", r.vips[j]);
		put(&o, "],\"interface\":");
		put_json_string(&o, r.ifname);
		put(&o, ",\"vrid\":%u,\"version\":%u,\"since_s\":%llu,\"fault\":",
		    r.vrid, r.version, r.since_s);
		put_json_string(&o, r.fault);
		put(&o, ",\"fault_reason\":");
		if (r.fault_reason)
			put_json_string(&o, r.fault_reason);
		else
			put(&o, "null");
		put(&o, ",\"mode\":\"%s\",\"peers\":[", r.mode);
		for (j = 0; j < r.npeers; j++)
			put(&o, "%s\"%s\"", j ? "," : "", r.peers[j]);
		put(&o, "],\"counters\":{");
		for (j = 0; j < r.ncnt; j++)
			put(&o, "%s\"%s\":%llu", j ? "," : "", r.cnt[j].name,
			    (unsigned long long)r.cnt[j].value);
		put(&o, "}}");
	}
	put(&o, "]\n");
	return done(&o);
}

size_t vrrp_show_size(const struct vrrp_node *node)
{
	/* A generous bound per instance: every VIP and peer spelt out,
	 * every counter 20 digits, and a fault reason.
	 */
	return 2048 + (size_t)node->ninst *
	       (1500 + VRRP_LOG_LEN * 2 + VRRP_MAX_ADDRS * 24 + VRRP_MAX_PEERS * 20);
}
