/*
 * "show vrrp" and "show vrrp json". See vrrp_show.h.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp_node.h"
#include "vrrp_packet.h"
#include "vrrp_addr.h"
#include "vrrp_show.h"

#define MAX_COUNTERS (16 + VRRP_RX_ERROR_COUNT)

struct counter {
	char     name[32];
	uint64_t value;
};

/* One instance as both forms describe it. */
struct row {
	const char *name, *state, *ifname, *fault, *fault_reason, *mode;
	const char *fault_kind;   /* "none", "link", "vip", "backend", "sync", "file" or "node" */
	unsigned priority, effective, vrid, version;
	unsigned long long since_s;
	const char *family;       /* "ipv4" or "ipv6" */
	char master[VRRP_ADDR_STRLEN];  /* "none" when nobody is known */
	char vips[VRRP_MAX_ADDRS][VRRP_ADDR_STRLEN + 4];
	int nvips;
	char peers[VRRP_MAX_PEERS][VRRP_ADDR_STRLEN];
	int npeers;
	struct counter cnt[MAX_COUNTERS];
	int ncnt;
	const struct vrrp_track_backend_conf *tracks; /* track_backend */
	const bool *track_down;   /* [i]: tracks[i] has no usable server */
	int ntracks;
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
	/* What its socket read but could give no instance (another VRID, a
	 * failed read) is shown with every instance on that socket.
	 */
	const struct vrrp_link_sock *ls = in->sock_slot >= 0 ?
	                                  &node->pool.sock[in->sock_slot] : NULL;
	const struct vrrp_addr *master = NULL;
	char a[VRRP_ADDR_STRLEN], rx[32];
	int v, e;

	memset(r, 0, sizeof(*r));
	r->name = c->name;
	r->state = vrrp_node_state_name(node, i);
	r->priority = c->priority;
	r->effective = node->running && !node->fault[0] &&
	               in->fault == VRRP_FAULT_NONE ? in->fsm.priority : 0;
	if (in->fsm.state == VRRP_STATE_MASTER)
		master = &in->primary;
	else if (in->fsm.state == VRRP_STATE_BACKUP &&
	         vrrp_addr_is_set(&in->fsm.master_addr))
		master = &in->fsm.master_addr;
	if (master)
		vrrp_addr_str(master, r->master);
	else
		snprintf(r->master, sizeof(r->master), "none");
	for (v = 0; v < c->nvips; v++)
		snprintf(r->vips[r->nvips++], sizeof(r->vips[0]), "%s/%u",
		         vrrp_addr_str(&c->vips[v].addr, a), c->vips[v].prefix);
	r->family = c->family == AF_INET6 ? "ipv6" : "ipv4";
	r->ifname = c->ifname;
	r->vrid = c->vrid;
	r->version = c->version;
	r->since_s = node->running && now > in->state_since ?
	             (now - in->state_since) / 1000 : 0;
	r->fault = in->fault != VRRP_FAULT_NONE ? in->fault_word : "none";
	r->fault_reason = node->fault[0] ? node->fault :
	                  in->fault != VRRP_FAULT_NONE ? in->fault_reason : NULL;
	r->fault_kind = node->fault[0] ? "node" : in->fault == VRRP_FAULT_LINK ? "link" :
	                in->fault == VRRP_FAULT_VIP ? "vip" :
	                in->fault == VRRP_FAULT_BACKEND ? "backend" :
	                in->fault == VRRP_FAULT_SYNC ? "sync" :
	                in->fault == VRRP_FAULT_FILE ? "file" : "none";
	r->tracks = c->track_be;
	r->track_down = in->track_be_down;
	r->ntracks = c->ntrack_be;
	r->mode = c->npeers ? "unicast" : "multicast";
	for (v = 0; v < c->npeers; v++)
		vrrp_addr_str(&c->peers[v], r->peers[r->npeers++]);
	add_counter(r, "rx_adverts", k->rx_adverts);
	add_counter(r, "rx_stop", k->rx_stop);
	add_counter(r, "tx_adverts", k->tx_adverts);
	add_counter(r, "tx_stop", k->tx_stop);
	add_counter(r, "became_master", k->became_master);
	add_counter(r, "left_master", k->left_master);
	add_counter(r, "garp_sent", k->garp_sent);
	add_counter(r, "na_sent", k->na_sent);
	add_counter(r, "tx_errors", k->tx_errors);
	add_counter(r, "rx_errors", ls ? ls->rx_errors : 0);
	add_counter(r, "vip_errors", k->vip_errors);
	add_counter(r, "route_errors", k->route_errors);
	add_counter(r, "rx_addr_mismatch", k->rx_addr_mismatch);
	for (e = 1; e < VRRP_RX_ERROR_COUNT; e++) {
		snprintf(rx, sizeof(rx), "rx_%s", vrrp_rx_error_name((enum vrrp_rx_error)e));
		add_counter(r, rx, k->rx_dropped[e] + (ls ? ls->rx_dropped[e] : 0));
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
	    "vrid version family since_s fault mode [track_backend] counters\n");
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
		put(&o, " interface=%s vrid=%u version=%u family=%s since_s=%llu fault=%s "
		    "mode=%s", r.ifname, r.vrid, r.version, r.family, r.since_s, r.fault,
		    r.mode);
		if (r.npeers)
			put(&o, ":");
		for (j = 0; j < r.npeers; j++)
			put(&o, "%s%s", j ? "," : "", r.peers[j]);
		/* name:usable|down, then :weight when it has one */
		for (j = 0; j < r.ntracks; j++) {
			put(&o, "%s%s:%s", j ? "," : " track_backend=", r.tracks[j].name,
			    r.track_down[j] ? "down" : "usable");
			if (r.tracks[j].weight)
				put(&o, ":%+d", r.tracks[j].weight);
		}
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
		put(&o, ",\"vrid\":%u,\"version\":%u,\"family\":\"%s\",\"since_s\":%llu,"
		    "\"fault\":", r.vrid, r.version, r.family, r.since_s);
		put_json_string(&o, r.fault);
		put(&o, ",\"fault_reason\":");
		if (r.fault_reason)
			put_json_string(&o, r.fault_reason);
		else
			put(&o, "null");
		put(&o, ",\"mode\":\"%s\",\"peers\":[", r.mode);
		for (j = 0; j < r.npeers; j++)
			put(&o, "%s\"%s\"", j ? "," : "", r.peers[j]);
		put(&o, "],\"track_backends\":[");
		for (j = 0; j < r.ntracks; j++) {
			put(&o, "%s{\"name\":", j ? "," : "");
			put_json_string(&o, r.tracks[j].name);
			put(&o, ",\"usable\":%s,\"weight\":%d}",
			    r.track_down[j] ? "false" : "true", r.tracks[j].weight);
		}
		put(&o, "],\"counters\":{");
		for (j = 0; j < r.ncnt; j++)
			put(&o, "%s\"%s\":%llu", j ? "," : "", r.cnt[j].name,
			    (unsigned long long)r.cnt[j].value);
		put(&o, "}}");
	}
	put(&o, "]\n");
	return done(&o);
}

/* A Prometheus label value: backslash, double quote and newline escaped. */
static void put_label(struct out *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			put(o, "\\%c", *s);
		else if (*s == '\n')
			put(o, "\\n");
		else
			put(o, "%c", *s);
	}
}

/* The counters of a row as Prometheus counters: which row counter, under
 * which metric name, and what it counts. Drops by reason (rx_<reason>,
 * rx_addr_mismatch) are one metric with a "reason" label.
 */
static const struct {
	const char *counter, *metric, *help;
} prom_counters[] = {
	{ "tx_adverts", "haproxy_vrrp_adverts_sent_total", "VRRP adverts sent." },
	{ "rx_adverts", "haproxy_vrrp_adverts_received_total", "Valid VRRP adverts received." },
	{ "tx_stop", "haproxy_vrrp_priority_zero_sent_total", "Adverts with priority 0 sent (stepping down)." },
	{ "rx_stop", "haproxy_vrrp_priority_zero_received_total", "Adverts with priority 0 received." },
	{ "became_master", "haproxy_vrrp_became_master_total", "Transitions to MASTER." },
	{ "left_master", "haproxy_vrrp_left_master_total", "Transitions out of MASTER." },
	{ "garp_sent", "haproxy_vrrp_gratuitous_arp_sent_total", "Gratuitous ARP packets sent." },
	{ "na_sent", "haproxy_vrrp_neighbour_advertisements_sent_total", "Unsolicited IPv6 neighbour advertisements sent." },
	{ "tx_errors", "haproxy_vrrp_send_errors_total", "Adverts the kernel refused to send." },
	{ "rx_errors", "haproxy_vrrp_receive_errors_total", "Errors reading the VRRP socket." },
	{ "vip_errors", "haproxy_vrrp_vip_errors_total", "Failed attempts to add, renew or remove a virtual address." },
	{ "route_errors", "haproxy_vrrp_route_errors_total", "Failed attempts to add or remove a virtual route or rule." },
};

#define PROM_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const prom_states[] = { "INIT", "BACKUP", "MASTER", "FAULT" };
static const char *const prom_fault_causes[] = { "link", "vip", "backend", "sync", "file", "node" };

static const char *row_state(const struct row *r) { return r->state; }
static const char *row_fault_kind(const struct row *r) { return r->fault_kind; }
static unsigned long long row_priority(const struct row *r) { return r->priority; }
static unsigned long long row_effective(const struct row *r) { return r->effective; }
static unsigned long long row_since_s(const struct row *r) { return r->since_s; }
static unsigned long long row_in_fault(const struct row *r)
{
	return strcmp(r->fault_kind, "none") != 0;
}

/* The gauges with one plain value per instance. */
static const struct {
	const char *metric, *help;
	unsigned long long (*value)(const struct row *r);
} prom_gauges[] = {
	{ "haproxy_vrrp_instance_priority", "Configured priority.", row_priority },
	{ "haproxy_vrrp_instance_effective_priority",
	  "Priority advertised now (0 in FAULT, 1 when resigned).", row_effective },
	{ "haproxy_vrrp_instance_state_seconds",
	  "Seconds since the instance entered its current state.", row_since_s },
	{ "haproxy_vrrp_instance_fault",
	  "1 while the instance is in FAULT (it takes no part in VRRP).", row_in_fault },
};

/* Opens a metric family: its HELP and TYPE lines. */
static void family(struct out *o, const char *metric, const char *type, const char *help)
{
	put(o, "# HELP %s %s\n# TYPE %s %s\n", metric, help, metric, type);
}

/* Opens one series of <metric> for instance <r>: <metric>{instance="..."
 * (the caller adds labels and closes it).
 */
static void series(struct out *o, const char *metric, const struct row *r)
{
	put(o, "%s{vrrp_instance=\"", metric);
	put_label(o, r->name);
	put(o, "\"");
}

/* A family with one series per instance and per value of <label> in
 * <values>: 1 for the row's current value (<current>), 0 for the others.
 */
static void one_hot(struct out *o, const struct row *rows, int nrows, const char *metric,
                    const char *help, const char *label, const char *const *values,
                    size_t nvalues, const char *(*current)(const struct row *r))
{
	size_t v;
	int i;

	family(o, metric, "gauge", help);
	for (i = 0; i < nrows; i++)
		for (v = 0; v < nvalues; v++) {
			series(o, metric, &rows[i]);
			put(o, ",%s=\"%s\"} %d\n", label, values[v],
			    strcmp(current(&rows[i]), values[v]) == 0);
		}
}

size_t vrrp_show_prometheus(const struct vrrp_node *node, uint64_t now, char *buf,
                            size_t cap)
{
	struct out o = { .buf = buf, .cap = cap };
	struct row *rows;
	size_t k;
	int i, j;

	if (!node->ninst)
		return 0;
	rows = calloc((size_t)node->ninst, sizeof(*rows));
	if (!rows)
		return VRRP_SHOW_NOMEM;
	for (i = 0; i < node->ninst; i++)
		describe(node, i, now, &rows[i]);

	family(&o, "haproxy_vrrp_instance_info", "gauge",
	       "VRRP instance, always 1; its interface, VRID, version, family and mode as labels.");
	for (i = 0; i < node->ninst; i++) {
		series(&o, "haproxy_vrrp_instance_info", &rows[i]);
		put(&o, ",interface=\"");
		put_label(&o, rows[i].ifname);
		put(&o, "\",vrid=\"%u\",version=\"%u\",family=\"%s\",mode=\"%s\"} 1\n",
		    rows[i].vrid, rows[i].version, rows[i].family, rows[i].mode);
	}
	one_hot(&o, rows, node->ninst, "haproxy_vrrp_instance_state",
	        "1 for the instance's current state, 0 for the others.",
	        "state", prom_states, PROM_COUNT(prom_states), row_state);
	for (k = 0; k < PROM_COUNT(prom_gauges); k++) {
		family(&o, prom_gauges[k].metric, "gauge", prom_gauges[k].help);
		for (i = 0; i < node->ninst; i++) {
			series(&o, prom_gauges[k].metric, &rows[i]);
			put(&o, "} %llu\n", prom_gauges[k].value(&rows[i]));
		}
	}
	/* A fixed set of series per instance, as for the state: a label
	 * whose value changed would start a new series each time.
	 */
	one_hot(&o, rows, node->ninst, "haproxy_vrrp_instance_fault_cause",
	        "1 for the cause of the current FAULT: link (its or a tracked interface), vip "
	        "(the addresses cannot be kept), backend (a tracked backend has no usable "
	        "server), sync (another member of its vrrp_sync_group is in FAULT), node (the "
	        "worker lacks a capability).",
	        "cause", prom_fault_causes, PROM_COUNT(prom_fault_causes), row_fault_kind);
	for (k = 0; k < PROM_COUNT(prom_counters); k++) {
		family(&o, prom_counters[k].metric, "counter", prom_counters[k].help);
		for (i = 0; i < node->ninst; i++)
			for (j = 0; j < rows[i].ncnt; j++)
				if (strcmp(rows[i].cnt[j].name, prom_counters[k].counter) == 0) {
					series(&o, prom_counters[k].metric, &rows[i]);
					put(&o, "} %llu\n", (unsigned long long)rows[i].cnt[j].value);
				}
	}
	for (i = 0, j = 0; i < node->ninst; i++)
		j += rows[i].ntracks;
	if (j)
		family(&o, "haproxy_vrrp_track_backend_usable", "gauge",
		       "1 while a backend the instance tracks (track_backend) has a usable server.");
	for (i = 0; i < node->ninst; i++)
		for (j = 0; j < rows[i].ntracks; j++) {
			series(&o, "haproxy_vrrp_track_backend_usable", &rows[i]);
			put(&o, ",backend=\"");
			put_label(&o, rows[i].tracks[j].name);
			put(&o, "\"} %d\n", !rows[i].track_down[j]);
		}
	family(&o, "haproxy_vrrp_adverts_dropped_total", "counter",
	       "Received packets dropped, by reason.");
	for (i = 0; i < node->ninst; i++)
		for (j = 0; j < rows[i].ncnt; j++) {
			const char *name = rows[i].cnt[j].name;

			if (strncmp(name, "rx_", 3) != 0 || strcmp(name, "rx_adverts") == 0 ||
			    strcmp(name, "rx_stop") == 0 || strcmp(name, "rx_errors") == 0)
				continue;
			series(&o, "haproxy_vrrp_adverts_dropped_total", &rows[i]);
			put(&o, ",reason=\"%s\"} %llu\n", name + 3,
			    (unsigned long long)rows[i].cnt[j].value);
		}
	free(rows);
	return done(&o);
}

size_t vrrp_show_size(const struct vrrp_node *node)
{
	/* A generous bound per instance: every VIP and peer spelt out,
	 * every counter 20 digits, and a fault reason.
	 */
	return 2048 + (size_t)node->ninst *
	       (1500 + VRRP_LOG_LEN * 2 + VRRP_MAX_ADDRS * 24 + VRRP_MAX_PEERS * 20 +
	        VRRP_MAX_TRACK_BACKEND * (VRRP_NAME_MAX * 3 + 200));
}
