/*
 * keepalived's route and rule lines. See vrrp_route_conf.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "vrrp_addr.h"
#include "vrrp_route_conf.h"

struct named { const char *name; uint32_t value; };

static const struct named table_names[] = {
	{ "default", RT_TABLE_DEFAULT }, { "main", RT_TABLE_MAIN },
	{ "local", RT_TABLE_LOCAL }, { NULL, 0 }
};

/* iproute2's built-in names (keepalived's defaults when
 * /etc/iproute2/rt_protos says nothing else).
 */
static const struct named proto_names[] = {
	{ "none", 0 }, { "unspec", 0 },
	{ "redirect", 1 }, { "kernel", 2 }, { "boot", 3 }, { "static", 4 },
	{ "gated", 8 }, { "ra", 9 }, { "mrt", 10 }, { "zebra", 11 }, { "bird", 12 },
	{ "dnrouted", 13 }, { "xorp", 14 }, { "ntk", 15 }, { "dhcp", 16 },
	{ "keepalived", RTPROT_KEEPALIVED }, { "babel", 42 }, { "openr", 99 },
	{ "bgp", 186 }, { "isis", 187 }, { "ospf", 188 }, { "rip", 189 },
	{ "eigrp", 192 }, { NULL, 0 }
};

static const struct named scope_names[] = {
	{ "global", RT_SCOPE_UNIVERSE }, { "universe", RT_SCOPE_UNIVERSE },
	{ "site", RT_SCOPE_SITE }, { "link", RT_SCOPE_LINK },
	{ "host", RT_SCOPE_HOST }, { "nowhere", RT_SCOPE_NOWHERE }, { NULL, 0 }
};

static const struct named route_types[] = {
	{ "unicast", RTN_UNICAST }, { "local", RTN_LOCAL },
	{ "broadcast", RTN_BROADCAST }, { "anycast", RTN_ANYCAST },
	{ "multicast", RTN_MULTICAST }, { "blackhole", RTN_BLACKHOLE },
	{ "unreachable", RTN_UNREACHABLE }, { "prohibit", RTN_PROHIBIT },
	{ "throw", RTN_THROW }, { "nat", RTN_NAT }, { "xresolve", RTN_XRESOLVE },
	{ "brd", RTN_BROADCAST }, { NULL, 0 }
};

static const struct named rule_actions[] = {
	{ "nop", FR_ACT_NOP }, { "blackhole", FR_ACT_BLACKHOLE },
	{ "unreachable", FR_ACT_UNREACHABLE }, { "prohibit", FR_ACT_PROHIBIT },
	{ NULL, 0 }
};

/* What keepalived reads but haproxy-vrrp does not carry into the kernel:
 * a line with one of these must not load as if it had been applied.
 */
static const char *const route_refused[] = {
	"nexthop", "encap", "expires", "mtu", "hoplimit", "advmss", "rtt",
	"rttvar", "reordering", "window", "cwnd", "ssthresh", "realms",
	"rto_min", "initcwnd", "initrwnd", "features", "quickack", "congctl",
	"pref", "ttl-propagate", "fastopen_no_cookie", "from", "tos", "dsfield",
	"track_group", "vrf", "as", NULL
};

static const char *const rule_refused[] = {
	"realms", "suppress_prefixlength", "sup_pl", "suppress_ifgroup",
	"sup_group", "tunnel-id", "uidrange", "l3mdev", "ipproto", "sport",
	"dport", "track_group", NULL
};

static bool in_list(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (strcmp(*list, w) == 0)
			return true;
	return false;
}

static enum vrrp_route_verdict say(enum vrrp_route_verdict v, char *msg,
                                   size_t msglen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Writes the reason into <msg> and returns <v>. */
static enum vrrp_route_verdict say(enum vrrp_route_verdict v, char *msg,
                                   size_t msglen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return v;
}

/* Reads <s> as a number from 0 to <max> (decimal, or 0x hexadecimal), or
 * as one of <names>. Returns true with <*out> set.
 */
static bool get_value(const char *s, const struct named *names, uint32_t max,
                      uint32_t *out)
{
	unsigned long long v;
	char *end;

	for (; names && names->name; names++) {
		if (strcmp(s, names->name) == 0) {
			*out = names->value;
			return true;
		}
	}
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Reads "ADDRESS[/LEN]", or "default", "any" or "all" (any address of
 * either family: <*a> left unset). A length beyond the family's is read
 * as the family's, as keepalived does, and sets <*clamped>. Returns true
 * with <*a> and <*len> set.
 */
static bool get_prefix(const char *s, struct vrrp_addr *a, uint8_t *len,
                       bool *clamped)
{
	char buf[64];
	char *slash;
	uint32_t l, max;

	memset(a, 0, sizeof(*a));
	if (!strcmp(s, "default") || !strcmp(s, "any") || !strcmp(s, "all")) {
		*len = 0;
		return true;
	}
	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (!vrrp_addr_parse(buf, a))
		return false;
	max = a->family == AF_INET6 ? 128 : 32;
	l = max;
	if (slash && !get_value(slash + 1, NULL, UINT32_MAX, &l))
		return false;
	if (l > max) {
		l = max;
		*clamped = true;
	}
	*len = (uint8_t)l;
	return true;
}

/* Settles the family of a line: <*family> takes <f> if it has none yet.
 * Returns false when the line mixes IPv4 and IPv6.
 */
static bool join_family(uint8_t *family, int f)
{
	if (!f)
		return true;
	if (*family && *family != f)
		return false;
	*family = (uint8_t)f;
	return true;
}

/* Whether a word follows word *<i> of <n>; moves *<i> onto it. */
static bool next_word(int n, int *i)
{
	if (*i + 1 >= n)
		return false;
	(*i)++;
	return true;
}

/* A word naming a number: a table, protocol, scope or TOS, and what to
 * say of a name only /etc/iproute2 would know (which keepalived reads and
 * we do not, so the line must not load as if it had been read).
 */
struct named_kind {
	const char *what;
	const struct named *names;
	uint32_t max;
	const char *known;    /* "haproxy-vrrp knows numbers<known>" */
};

static const struct named_kind table_kind = { "routing table", table_names, UINT32_MAX,
	" and main, local, default (it does not read /etc/iproute2/rt_tables): use "
	"the table's number" };
static const struct named_kind proto_kind = { "protocol", proto_names, 255,
	" and iproute2's built-in names (it does not read /etc/iproute2/rt_protos)" };
static const struct named_kind scope_kind = { "scope", scope_names, 255,
	" and host, link, site, global, nowhere" };
static const struct named_kind tos_kind = { "TOS", NULL, 255,
	" only (it does not read /etc/iproute2/rt_dsfield)" };

/* Reads the value after keyword w[*i] (of <n> words) as kind <k> into
 * <*out>, moving *i onto it. Returns USED, LEFT_OUT when there is no
 * value (keepalived drops the line), or REFUSED for a name we do not know;
 * <msg> says why.
 */
static enum vrrp_route_verdict get_named(char *const *w, int n, int *i,
                                         const struct named_kind *k, uint32_t *out,
                                         char *msg, size_t msglen)
{
	const char *kw = w[*i];

	if (!next_word(n, i))
		return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "'%s' needs a value", kw);
	if (!get_value(w[*i], k->names, k->max, out))
		return say(VRRP_ROUTE_REFUSED, msg, msglen, "%s %s: haproxy-vrrp knows "
		           "numbers%s", k->what, w[*i], k->known);
	return VRRP_ROUTE_USED;
}

static enum vrrp_route_verdict route_via(char *const *w, int n, int *i,
                                         struct vrrp_route_conf *r, char *msg,
                                         size_t msglen)
{
	struct vrrp_addr a;
	int f = 0;

	if (!next_word(n, i))
		return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "'%s' needs an address", w[*i]);
	if (!strcmp(w[*i], "inet") || !strcmp(w[*i], "inet6")) {
		f = w[*i][4] ? AF_INET6 : AF_INET;
		if (!next_word(n, i))
			return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "'via' needs an address");
	}
	if (!vrrp_addr_parse(w[*i], &a) || (f && a.family != f))
		return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "invalid route via address %s",
		           w[*i]);
	if (!join_family(&r->family, a.family))
		return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "cannot mix IPv4 and IPv6 "
		           "addresses in a route");
	r->via[0] = a;
	if (!r->nvia)
		r->nvia = 1;
	return VRRP_ROUTE_USED;
}

enum vrrp_route_verdict vrrp_route_parse(char *const *w, int n,
                                         struct vrrp_route_conf *r,
                                         char *msg, size_t msglen)
{
	enum vrrp_route_verdict v;
	bool has_dst = false, no_track = false, has_protocol = false, clamped = false;
	uint32_t val;
	int i;

	memset(r, 0, sizeof(*r));
	r->table = RT_TABLE_MAIN;
	r->type = RTN_UNICAST;
	msg[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *s = w[i];

		if (!strcmp(s, "inet") || !strcmp(s, "inet6")) {
			if (!join_family(&r->family, s[4] ? AF_INET6 : AF_INET))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "'%s' for a route "
				           "of the other family", s);
		} else if (!strcmp(s, "src")) {
			if (!next_word(n, &i) || !vrrp_addr_parse(w[i], &r->src))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "invalid route src "
				           "address %s", i < n ? w[i] : "");
			if (!join_family(&r->family, r->src.family))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "cannot mix IPv4 "
				           "and IPv6 addresses in a route");
		} else if (!strcmp(s, "via") || !strcmp(s, "gw")) {
			if ((v = route_via(w, n, &i, r, msg, msglen)) != VRRP_ROUTE_USED)
				return v;
			if (s[0] == 'g')
				say(VRRP_ROUTE_USED, msg, msglen, "\"gw\" for routes is "
				    "deprecated, \"via\" says the same");
		} else if (!strcmp(s, "or")) {
			/* keepalived: the via address and this one become the
			 * route's two next hops; a second "or" is ignored.
			 */
			if (r->nvia == 2) {
				next_word(n, &i);
				say(VRRP_ROUTE_USED, msg, msglen, "\"or\" route already "
				    "specified - ignoring subsequent (as keepalived does)");
				continue;
			}
			if (r->nvia != 1)
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "'or' needs a "
				           "'via' before it");
			if (!next_word(n, &i) || !vrrp_addr_parse(w[i], &r->via[1]) ||
			    !join_family(&r->family, r->via[1].family))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "invalid \"or\" "
				           "address %s", i < n ? w[i] : "");
			r->nvia = 2;
			say(VRRP_ROUTE_USED, msg, msglen, "\"or\" for routes is deprecated "
			    "in keepalived (\"nexthop\")");
		} else if (!strcmp(s, "table")) {
			if ((v = get_named(w, n, &i, &table_kind, &r->table, msg,
			                   msglen)) != VRRP_ROUTE_USED)
				return v;
			if (!r->table)
				r->table = RT_TABLE_MAIN;  /* what the kernel makes of 0 */
		} else if (!strcmp(s, "protocol")) {
			if ((v = get_named(w, n, &i, &proto_kind, &val, msg, msglen)) !=
			    VRRP_ROUTE_USED)
				return v;
			r->protocol = (uint8_t)val;
			has_protocol = true;
		} else if (!strcmp(s, "scope")) {
			if ((v = get_named(w, n, &i, &scope_kind, &val, msg, msglen)) !=
			    VRRP_ROUTE_USED)
				return v;
			r->scope = (uint8_t)val;
			r->has_scope = true;
		} else if (!strcmp(s, "metric") || !strcmp(s, "priority") ||
		           !strcmp(s, "preference")) {
			if (!next_word(n, &i) || !get_value(w[i], NULL, UINT32_MAX,
			                                       &r->metric))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "invalid metric %s",
				           i < n ? w[i] : "");
			r->has_metric = true;
		} else if (!strcmp(s, "dev") || !strcmp(s, "oif")) {
			if (!next_word(n, &i) || strlen(w[i]) >= sizeof(r->dev))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "'%s' needs an "
				           "interface name", s);
			strcpy(r->dev, w[i]);
		} else if (!strcmp(s, "onlink")) {
			r->onlink = true;
		} else if (!strcmp(s, "add") || !strcmp(s, "prepend") ||
		           !strcmp(s, "append")) {
			r->how = s[0] == 'a' ? (s[1] == 'd' ? VRRP_ROUTE_ADD : VRRP_ROUTE_APPEND)
			                     : VRRP_ROUTE_PREPEND;
		} else if (!strcmp(s, "no_track")) {
			no_track = true;
		} else if (!strcmp(s, "as")) {
			/* keepalived: MPLS only, ignored with a warning. */
			if (next_word(n, &i) && !strcmp(w[i], "to"))
				next_word(n, &i);
			say(VRRP_ROUTE_USED, msg, msglen, "\"as [to]\" is for MPLS only: "
			    "ignored (as keepalived does)");
		} else if (in_list(route_refused, s)) {
			return say(VRRP_ROUTE_REFUSED, msg, msglen, "route option '%s' is "
			           "not supported by haproxy-vrrp", s);
		} else {
			/* "[to] [TYPE] DESTINATION" */
			if (!strcmp(s, "to") && next_word(n, &i))
				s = w[i];
			for (val = 0; route_types[val].name; val++)
				if (!strcmp(s, route_types[val].name))
					break;
			if (route_types[val].name) {
				r->type = (uint8_t)route_types[val].value;
				if (!next_word(n, &i))
					return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "route must "
					           "have a destination");
				s = w[i];
			}
			if (!strcmp(s, "default6")) {
				/* keepalived 2.0.7 and earlier */
				memset(&r->dst, 0, sizeof(r->dst));
				r->dst_len = 0;
				if (!join_family(&r->family, AF_INET6))
					return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "cannot mix "
					           "IPv4 and IPv6 addresses for route (%s)", s);
				say(VRRP_ROUTE_USED, msg, msglen, "'default6' is deprecated - "
				    "please replace with 'inet6 default'");
			} else if (!get_prefix(s, &r->dst, &r->dst_len, &clamped)) {
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "unknown route "
				           "keyword %s", s);
			} else if (!join_family(&r->family, r->dst.family)) {
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "cannot mix IPv4 "
				           "and IPv6 addresses for route (%s)", s);
			}
			if (clamped)
				say(VRRP_ROUTE_USED, msg, msglen, "%s: prefix length beyond the "
				    "address's, read as /%u (as keepalived does)", s, r->dst_len);
			has_dst = true;
		}
	}
	if (!has_dst)
		return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "route must have a destination");
	/* keepalived marks the routes it tracks as its own (protocol
	 * keepalived), whatever "protocol" said, unless no_track. That mark
	 * is also what lets a start remove a crashed run's routes without
	 * touching the system's.
	 */
	if (!no_track) {
		if (has_protocol && r->protocol != RTPROT_KEEPALIVED)
			say(VRRP_ROUTE_USED, msg, msglen, "route protocol reset to "
			    "keepalived (%u), as keepalived does unless no_track",
			    RTPROT_KEEPALIVED);
		r->protocol = RTPROT_KEEPALIVED;
	}
	if (!r->family)
		r->family = AF_INET;
	if (!vrrp_addr_is_set(&r->dst))
		r->dst.family = r->family;
	return VRRP_ROUTE_USED;
}

enum vrrp_route_verdict vrrp_rule_parse(char *const *w, int n,
                                        struct vrrp_rule_conf *r,
                                        struct vrrp_rule_numbering *num,
                                        char *msg, size_t msglen)
{
	enum vrrp_route_verdict v;
	bool has_priority = false, no_track = false, clamped = false;
	uint32_t val, protocol = RTPROT_KEEPALIVED;
	int i, nactions = 0;

	memset(r, 0, sizeof(*r));
	msg[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *s = w[i];

		/* "type ACTION" says the same as "ACTION" */
		if (!strcmp(s, "type") && next_word(n, &i))
			s = w[i];
		if (!strcmp(s, "inet") || !strcmp(s, "inet6")) {
			if (!join_family(&r->family, s[4] ? AF_INET6 : AF_INET))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "'%s' for a rule "
				           "of the other family", s);
		} else if (!strcmp(s, "from") || !strcmp(s, "to")) {
			struct vrrp_addr *a = s[0] == 'f' ? &r->from : &r->to;
			uint8_t *len = s[0] == 'f' ? &r->from_len : &r->to_len;

			if (!next_word(n, &i) || !get_prefix(w[i], a, len, &clamped))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "invalid rule %s "
				           "address %s", s, i < n ? w[i] : "");
			if (!join_family(&r->family, a->family))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "rule "
				           "specification has mixed IPv4 and IPv6");
		} else if (!strcmp(s, "table") || !strcmp(s, "lookup")) {
			if ((v = get_named(w, n, &i, &table_kind, &r->table, msg,
			                   msglen)) != VRRP_ROUTE_USED)
				return v;
			if (!r->table)
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "table 0 is not valid");
			r->action = FR_ACT_TO_TBL;
			nactions++;
		} else if (!strcmp(s, "goto")) {
			if (!next_word(n, &i) || !get_value(w[i], NULL, UINT32_MAX,
			                                       &r->goto_target))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "invalid target %s",
				           i < n ? w[i] : "");
			r->action = FR_ACT_GOTO;
			nactions++;
		} else if (!strcmp(s, "not")) {
			r->invert = true;
		} else if (!strcmp(s, "preference") || !strcmp(s, "order") ||
		           !strcmp(s, "priority")) {
			if (!next_word(n, &i) || !get_value(w[i], NULL, UINT32_MAX,
			                                       &r->priority))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "invalid rule "
				           "preference %s", i < n ? w[i] : "");
			has_priority = true;
		} else if (!strcmp(s, "tos") || !strcmp(s, "dsfield")) {
			if ((v = get_named(w, n, &i, &tos_kind, &val, msg, msglen)) !=
			    VRRP_ROUTE_USED)
				return v;
			r->tos = (uint8_t)val;
		} else if (!strcmp(s, "fwmark")) {
			char *slash;

			if (!next_word(n, &i))
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "'fwmark' needs a value");
			slash = strchr(w[i], '/');
			if (slash)
				*slash = '\0';
			val = 0;  /* no mask: the kernel's own (any mark when 0) */
			if (!get_value(w[i], NULL, UINT32_MAX, &r->fwmark) ||
			    (slash && !get_value(slash + 1, NULL, UINT32_MAX, &val))) {
				if (slash)
					*slash = '/';
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "invalid rule "
				           "fwmark %s", w[i]);
			}
			if (slash)
				*slash = '/';
			r->fwmask = val;
			r->has_fwmark = true;
		} else if (!strcmp(s, "dev") || !strcmp(s, "iif") || !strcmp(s, "oif")) {
			char *name = s[0] == 'o' ? r->oif : r->iif;

			if (!next_word(n, &i) || strlen(w[i]) >= IF_NAMESIZE)
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "'%s' needs an "
				           "interface name", s);
			strcpy(name, w[i]);
		} else if (!strcmp(s, "protocol")) {
			if ((v = get_named(w, n, &i, &proto_kind, &protocol, msg, msglen)) !=
			    VRRP_ROUTE_USED)
				return v;
		} else if (!strcmp(s, "no_track")) {
			no_track = true;
		} else if (in_list(rule_refused, s)) {
			return say(VRRP_ROUTE_REFUSED, msg, msglen, "rule option '%s' is "
			           "not supported by haproxy-vrrp", s);
		} else {
			if (!get_value(s, rule_actions, 0, &val) || !val)
				return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "unknown rule "
				           "option %s", s);
			r->action = (uint8_t)val;
			nactions++;
		}
	}
	if (nactions > 1)
		return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "cannot specify more than "
		           "one of table/nop/goto/blackhole/prohibit/unreachable for rule");
	if (!nactions)
		return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, "no action specified for rule");
	if (r->action == FR_ACT_GOTO && (!has_priority || r->priority >= r->goto_target))
		return say(VRRP_ROUTE_LEFT_OUT, msg, msglen, has_priority ?
		           "invalid rule - preference %u >= goto target %u" :
		           "invalid rule - goto target %u specified without preference",
		           has_priority ? r->priority : r->goto_target, r->goto_target);
	if (!r->family)
		r->family = AF_INET;
	/* keepalived marks the rules it tracks as its own, whatever
	 * "protocol" said, unless no_track.
	 */
	r->protocol = RTPROT_KEEPALIVED;
	if (no_track)
		r->protocol = (uint8_t)protocol;
	else if (protocol != RTPROT_KEEPALIVED)
		say(VRRP_ROUTE_USED, msg, msglen, "rule protocol reset to keepalived "
		    "(%u), as keepalived does unless no_track", RTPROT_KEEPALIVED);
	if (clamped)
		say(VRRP_ROUTE_USED, msg, msglen, "prefix length beyond the address's, "
		    "read as the address's (as keepalived does)");
	if (!has_priority) {
		uint32_t *next = r->family == AF_INET6 ? &num->next_v6 : &num->next_v4;

		if (!*next)
			*next = VRRP_RULE_FIRST_PRIORITY;
		r->priority = (*next)--;
		say(VRRP_ROUTE_USED, msg, msglen, "rule has no preference specified - "
		    "setting to %u (as keepalived does). This is probably not what you "
		    "want.", r->priority);
	}
	return VRRP_ROUTE_USED;
}

/* Appends what <fmt> says to <buf> (<len> bytes) at <*at>. */
static void put(char *buf, size_t len, size_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (*at >= len)
		return;
	va_start(ap, fmt);
	k = vsnprintf(buf + *at, len - *at, fmt, ap);
	va_end(ap);
	if (k > 0)
		*at += (size_t)k;
}

static const char *name_of(const struct named *names, uint32_t v)
{
	for (; names->name; names++)
		if (names->value == v)
			return names->name;
	return "?";  /* (none a parsed line can hold) */
}

const char *vrrp_route_str(const struct vrrp_route_conf *r, char *buf, size_t len)
{
	char a[VRRP_ADDR_STRLEN];
	size_t at = 0;
	int k;

	buf[0] = '\0';
	if (r->type != RTN_UNICAST)
		put(buf, len, &at, "%s ", name_of(route_types, r->type));
	if (vrrp_addr_is_set(&r->dst) || r->dst_len)
		put(buf, len, &at, "%s/%u", vrrp_addr_str(&r->dst, a), r->dst_len);
	else
		put(buf, len, &at, "default");
	if (vrrp_addr_is_set(&r->src))
		put(buf, len, &at, " src %s", vrrp_addr_str(&r->src, a));
	for (k = 0; k < r->nvia; k++)
		put(buf, len, &at, " %s %s", k ? "or" : "via", vrrp_addr_str(&r->via[k], a));
	if (r->dev[0])
		put(buf, len, &at, " dev %s", r->dev);
	if (r->table != RT_TABLE_MAIN)
		put(buf, len, &at, " table %u", r->table);
	if (r->has_metric)
		put(buf, len, &at, " metric %u", r->metric);
	return buf;
}

const char *vrrp_rule_str(const struct vrrp_rule_conf *r, char *buf, size_t len)
{
	char a[VRRP_ADDR_STRLEN];
	size_t at = 0;

	buf[0] = '\0';
	if (r->invert)
		put(buf, len, &at, "not ");
	if (r->from_len)
		put(buf, len, &at, "from %s/%u ", vrrp_addr_str(&r->from, a), r->from_len);
	if (r->to_len)
		put(buf, len, &at, "to %s/%u ", vrrp_addr_str(&r->to, a), r->to_len);
	if (r->iif[0])
		put(buf, len, &at, "iif %s ", r->iif);
	if (r->oif[0])
		put(buf, len, &at, "oif %s ", r->oif);
	if (r->has_fwmark && r->fwmask)
		put(buf, len, &at, "fwmark 0x%x/0x%x ", r->fwmark, r->fwmask);
	else if (r->has_fwmark)
		put(buf, len, &at, "fwmark 0x%x ", r->fwmark);
	if (r->action == FR_ACT_TO_TBL)
		put(buf, len, &at, "table %u", r->table);
	else if (r->action == FR_ACT_GOTO)
		put(buf, len, &at, "goto %u", r->goto_target);
	else
		put(buf, len, &at, "%s", name_of(rule_actions, r->action));
	put(buf, len, &at, " preference %u", r->priority);
	return buf;
}

bool vrrp_route_same(const struct vrrp_route_conf *a, const struct vrrp_route_conf *b)
{
	int k;

	if (a->family != b->family || !vrrp_addr_eq(&a->dst, &b->dst) ||
	    a->dst_len != b->dst_len || !vrrp_addr_eq(&a->src, &b->src) ||
	    a->nvia != b->nvia || strcmp(a->dev, b->dev) != 0 || a->table != b->table ||
	    a->has_metric != b->has_metric || (a->has_metric && a->metric != b->metric) ||
	    a->has_scope != b->has_scope || (a->has_scope && a->scope != b->scope) ||
	    a->type != b->type || a->protocol != b->protocol || a->onlink != b->onlink)
		return false;
	for (k = 0; k < a->nvia; k++)
		if (!vrrp_addr_eq(&a->via[k], &b->via[k]))
			return false;
	return true;
}

bool vrrp_rule_same(const struct vrrp_rule_conf *a, const struct vrrp_rule_conf *b)
{
	return a->family == b->family && a->invert == b->invert &&
	       vrrp_addr_eq(&a->from, &b->from) && a->from_len == b->from_len &&
	       vrrp_addr_eq(&a->to, &b->to) && a->to_len == b->to_len &&
	       strcmp(a->iif, b->iif) == 0 && strcmp(a->oif, b->oif) == 0 &&
	       a->has_fwmark == b->has_fwmark && a->fwmark == b->fwmark &&
	       a->fwmask == b->fwmask && a->tos == b->tos && a->priority == b->priority &&
	       a->action == b->action && a->table == b->table &&
	       a->goto_target == b->goto_target && a->protocol == b->protocol;
}
