/*
 * vrrp.conf loader: keepalived's keywords. See vrrp_conf.h.
 *
 * Two steps: vrrp_conf_parser.c turns the text into a tree of statements
 * (keyword, arguments, optional { block }), knowing no keyword; here one
 * table per block kind maps each keyword to the handler that checks and
 * stores it. Keywords that only differ in range, unit and field are rows
 * for one handler (kw_uint).
 */
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp_addr.h"
#include "vrrp_conf.h"
#include "vrrp_conf_parser.h"
#include "vrrp_route_conf.h"

/* ---- helpers for handlers ---------------------------------------------- */

struct kw_entry;

struct ctx {
	const struct kw_entry *kw;    /* the keyword being handled */
	const char      *path;
	const struct conf_tree *tree; /* names the file of each loc */
	char            *err;         /* "path:line: keyword: reason" */
	size_t           errlen;
	struct vrrp_conf *conf;
	uint32_t         default_version;
	uint32_t         garp_delay_ms;
	uint32_t         garp_repeat;
	uint32_t         garp_refresh_ms;
	uint32_t         garp_refresh_repeat;
	uint32_t         down_timer_adverts; /* vrrp_down_timer_adverts */
	uint32_t         garp_lower_prio_repeat;   /* UNSET: garp_repeat's */
	uint32_t         garp_lower_prio_delay_ms; /* UNSET: garp_delay_ms's */
	bool             lower_prio_no_advert;     /* vrrp_lower_prio_no_advert */
	bool             notify_priority_changes;  /* vrrp_notify_priority_changes */
	bool             higher_prio_send_advert;  /* ours by default, unlike
	                                            * keepalived (README) */
	vrrp_conf_report_fn report;   /* check mode when set */
	void            *report_arg;
	int              problems;    /* unsupported or invalid, in check mode */
	char             global_err[VRRP_ERR_MAX]; /* check mode: global_defs' error */
	int              unicast_src_line;
	const char      *unicast_src_kw; /* unicast_src_ip or mcast_src_ip */
	/* The instance being read: where state, version, nopreempt and
	 * preempt_delay were given (0: not), for keepalived's first-wins and
	 * its clearing of what initial state MASTER makes pointless.
	 */
	char             used_why[VRRP_ERR_MAX]; /* check mode: warned() about */
	int              used_why_line;          /* this line, which is used */
	int              state_line;
	int              version_line;
	int              nopreempt_line;
	int              preempt_delay_line;
	int              csum_line;
	struct vrrp_rule_numbering rule_num; /* keepalived's preferences for
	                                      * rules that name none */
	char             at_buf[2][VRRP_ERR_MAX / 2]; /* at()'s answers */
	int              at_next;
};

static int fail(struct ctx *c, int line, const char *kw, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Returns the name of the file that the loc <loc> (a statement's line,
 * see CONF_LINE_BITS) is in: the main file or an included one.
 */
static const char *file_of(const struct ctx *c, int loc)
{
	return c->tree ? conf_loc_file(c->tree, loc) : c->path;
}

/* Returns "line N" for the loc <loc>, for messages about the statement at
 * the loc <here> that point at a second place ("first on line N"); "line
 * N of FILE" when <loc> is in another file than <here>, whichever of the
 * two is the main file, since the message is prefixed with <here>'s file
 * only. The text lives in <c> until the next call but one.
 */
static const char *at(struct ctx *c, int loc, int here)
{
	char *b = c->at_buf[c->at_next++ & 1];

	if ((loc >> CONF_LINE_BITS) != (here >> CONF_LINE_BITS))
		snprintf(b, sizeof(c->at_buf[0]), "line %d of %s", conf_loc_line(loc),
		         file_of(c, loc));
	else
		snprintf(b, sizeof(c->at_buf[0]), "line %d", conf_loc_line(loc));
	return b;
}

/* Sets the error "path:line: keyword: reason", the path being that of
 * the file the loc <line> is in, and returns -1.
 */
static int fail(struct ctx *c, int line, const char *kw, const char *fmt, ...)
{
	char msg[VRRP_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s:%d: %s: %s", file_of(c, line),
	         conf_loc_line(line), kw, msg);
	return -1;
}

/* Check mode: one statement's verdict, at the loc <line>. */
static void report(struct ctx *c, int line, const char *kw,
                   enum vrrp_kw_class cls, const char *why)
{
	/* A used line keepalived warns about says why with its verdict. */
	if (cls == VRRP_KW_USED && !why && line == c->used_why_line && c->used_why[0])
		why = c->used_why;
	if (cls == VRRP_KW_USED && line == c->used_why_line)
		c->used_why_line = 0;
	if (cls == VRRP_KW_UNSUPPORTED || cls == VRRP_KW_INVALID)
		c->problems++;
	c->report(c->report_arg, file_of(c, line), conf_loc_line(line), kw, cls, why);
}

/* Check mode: a handler failed; its error (already naming file, line and
 * keyword) is the reason.
 */
static void report_invalid(struct ctx *c, const struct conf_stmt *s)
{
	report(c, s->line, s->kw, VRRP_KW_INVALID, c->err);
}

static int add_note(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int add_note(struct ctx *c, const char *fmt, ...)
{
	char msg[VRRP_ERR_MAX];
	char **nn;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nn = realloc(c->conf->notes, (size_t)(c->conf->nnotes + 1) * sizeof(*nn));
	if (!nn)
		return -1;
	c->conf->notes = nn;
	nn[c->conf->nnotes] = strdup(msg);
	if (!nn[c->conf->nnotes])
		return -1;
	c->conf->nnotes++;
	return 0;
}

/* Adds the note "path:line: keyword: <msg>" for the statement at the loc
 * <line>. Returns 0, or -1 when out of memory.
 */
static int line_note(struct ctx *c, int line, const char *kw, const char *msg)
{
	return add_note(c, "%s:%d: %s: %s", file_of(c, line), conf_loc_line(line), kw,
	                msg);
}

static int ignored(struct ctx *c, int line, const char *kw, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Where keepalived warns and carries on, so do we: a note "path:line:
 * keyword: reason" for the log, and in check mode the verdict "no effect"
 * with the reason. Returns 1, or -1 when out of memory.
 */
static int ignored(struct ctx *c, int line, const char *kw, const char *fmt, ...)
{
	char msg[VRRP_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->report)
		report(c, line, kw, VRRP_KW_NO_EFFECT, msg);
	return line_note(c, line, kw, msg) < 0 ? -1 : 1;
}

static int warned(struct ctx *c, int line, const char *kw, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Where keepalived warns about a line and still uses it (an option it
 * ignores, a value it corrects): a note "path:line: keyword: reason" for
 * the log, and in check mode the reason with the line's "used" verdict.
 * Returns 0, or -1 when out of memory.
 */
static int warned(struct ctx *c, int line, const char *kw, const char *fmt, ...)
{
	char msg[VRRP_ERR_MAX];
	size_t at0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->report) {
		if (c->used_why_line != line)
			c->used_why[0] = '\0';
		at0 = strlen(c->used_why);
		snprintf(c->used_why + at0, sizeof(c->used_why) - at0, "%s%s",
		         at0 ? "; " : "", msg);
		c->used_why_line = line;
	}
	return line_note(c, line, kw, msg);
}

static int late_warned(struct ctx *c, int line, const char *kw, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* warned() about a line reported "used" already, once what follows it
 * made keepalived correct it (an advert_int rounded to the version's
 * unit): the check mode's verdict is given again, with the reason.
 * Returns 0, or -1 when out of memory.
 */
static int late_warned(struct ctx *c, int line, const char *kw, const char *fmt, ...)
{
	char msg[VRRP_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->report)
		report(c, line, kw, VRRP_KW_USED, msg);
	return line_note(c, line, kw, msg);
}

static int want_args(struct ctx *c, const struct conf_stmt *s, int min, int max)
{
	if (s->nargs < min)
		return fail(c, s->line, s->kw, "missing value");
	if (s->nargs > max)
		return fail(c, s->line, s->kw, "unexpected extra value '%s'",
		            s->args[max]);
	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	return 0;
}

static int want_block(struct ctx *c, const struct conf_stmt *s, int nargs)
{
	if (!s->has_block)
		return fail(c, s->line, s->kw, "needs a { block }");
	if (s->nargs != nargs)
		return fail(c, s->line, s->kw, nargs ? "needs a name" :
		            "takes no value before its block");
	return 0;
}

/* Parses a decimal integer in [lo, hi]. */
static int get_uint(struct ctx *c, const struct conf_stmt *s, const char *v,
                    unsigned long lo, unsigned long hi, unsigned long *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	if (*v < '0' || *v > '9')
		return fail(c, s->line, s->kw, "'%s' is not a number", v);
	n = strtoul(v, &end, 10);
	if (errno || *end)
		return fail(c, s->line, s->kw, "'%s' is not a number", v);
	if (n < lo || n > hi)
		return fail(c, s->line, s->kw, "%lu is out of range %lu..%lu",
		            n, lo, hi);
	*out = n;
	return 0;
}

static int copy_name(struct ctx *c, const struct conf_stmt *s, const char *v,
                     char *dst, size_t cap)
{
	if (strlen(v) >= cap)
		return fail(c, s->line, s->kw, "'%s' is longer than %zu characters",
		            v, cap - 1);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

/* A handler checks one statement and stores it. */
typedef int (*kw_handler)(struct ctx *c, const struct conf_stmt *s, void *obj);

/* Where a number keyword (kw_uint) puts its value: a field of the
 * parsing context (global_defs defaults) or of the instance.
 */
enum kw_target {
	KW_IN_CTX = 1,
	KW_IN_INSTANCE,
};

struct kw_number {
	enum kw_target target;
	size_t         offset;   /* of the field in its struct */
	size_t         size;     /* 1, 2 or 4 bytes */
	unsigned long  lo, hi;   /* the range the file may give */
	uint32_t       scale;    /* stored = given * scale, e.g. s -> ms */
	bool           lenient;  /* keepalived warns and keeps what it had
	                          * for a value out of range or not a number */
	unsigned long  zero_is;  /* lenient: what keepalived makes of 0 (when
	                          * not 0 itself) */
	bool           clamp;    /* lenient: above <hi> is <hi>, with a note
	                          * (keepalived takes more than we allow) */
};

/* A keyword: its handler, and what the check mode says of it. Entries of
 * class VRRP_KW_UNSUPPORTED are keepalived keywords we know and refuse,
 * with <why>. Number keywords are all one handler, kw_uint(), driven by
 * <num>: a new one is one row (CTX_UINT, INSTANCE_UINT).
 */
struct kw_entry {
	const char *kw;
	kw_handler  fn;
	enum vrrp_kw_class cls;
	const char *why;
	struct kw_number num;
};

/* Runs the handler of each statement in <blk>; <where> ("in vrrp_instance")
 * ends the "unknown keyword" error. In check mode, reports each statement and
 * goes on after a bad one.
 */
static int run_table(struct ctx *c, const struct conf_stmt *blk,
                     const struct kw_entry *table, void *obj, const char *where)
{
	char why[VRRP_ERR_MAX];
	int i, ret;

	for (i = 0; i < blk->nkids; i++) {
		const struct conf_stmt *s = &blk->kids[i];
		const struct kw_entry *e;

		for (e = table; e->kw; e++)
			if (strcmp(e->kw, s->kw) == 0)
				break;
		if (!e->kw || e->cls == VRRP_KW_UNSUPPORTED) {
			if (e->kw)
				snprintf(why, sizeof(why), "%s", e->why);
			else
				snprintf(why, sizeof(why), "unknown keyword %s", where);
			if (!c->report)
				return fail(c, s->line, s->kw, "%s", why);
			report(c, s->line, s->kw, VRRP_KW_UNSUPPORTED, why);
			continue;
		}
		c->kw = e;
		ret = e->fn(c, s, obj);
		if (ret < 0) {
			if (!c->report)
				return -1;
			report_invalid(c, s);
		} else if (c->report && ret == 0) {
			/* (1: ignored() gave the verdict already) */
			report(c, s->line, s->kw, e->cls, e->why);
		}
	}
	return 0;
}

/* "keyword N", N in the row's range: stores N * scale in the row's field. */
static int kw_uint(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	const struct kw_number *num = &c->kw->num;
	char *field = (num->target == KW_IN_CTX ? (char *)c : (char *)obj) + num->offset;
	unsigned long v = 0;  /* (set by get_uint() when it returns 0) */
	uint32_t stored;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	if (num->lenient && num->zero_is && strcmp(s->args[0], "0") == 0) {
		v = num->zero_is;
		if (warned(c, s->line, s->kw, "0 is read as %lu, as keepalived does", v) < 0)
			return -1;
	} else if (get_uint(c, s, s->args[0], num->lo, num->clamp ? ULONG_MAX / 2 : num->hi,
	                    &v) < 0) {
		if (!num->lenient)
			return -1;
		return ignored(c, s->line, s->kw, "'%s' is not a number in %lu..%lu: "
		               "ignored, as keepalived does (it warns and carries on)",
		               s->args[0], num->lo, num->hi);
	} else if (v > num->hi) {
		/* (only a clamping row gets here) */
		if (warned(c, s->line, s->kw, "%lu is more than %lu: %lu", v, num->hi,
		           num->hi) < 0)
			return -1;
		v = num->hi;
	}
	stored = (uint32_t)v * num->scale;
	switch (num->size) {
	case 1: { uint8_t b = (uint8_t)stored; memcpy(field, &b, 1); break; }
	case 2: { uint16_t h = (uint16_t)stored; memcpy(field, &h, 2); break; }
	default: memcpy(field, &stored, 4); break;
	}
	return 0;
}

#define NUMBER(k, type, tgt, field, lo_, hi_, scale_) \
	{ .kw = k, .fn = kw_uint, .num = { .target = tgt, .offset = offsetof(type, field), \
	  .size = sizeof(((type *)0)->field), .lo = lo_, .hi = hi_, .scale = scale_ } }
#define CTX_UINT(kw, field, lo, hi, scale) \
	NUMBER(kw, struct ctx, KW_IN_CTX, field, lo, hi, scale)
#define INSTANCE_UINT(kw, field, lo, hi, scale) \
	NUMBER(kw, struct vrrp_instance_conf, KW_IN_INSTANCE, field, lo, hi, scale)
/* Numbers keepalived is lenient with: a bad one is left out with a note
 * (the field keeps what it had), 0 read as <zero> when that is not 0.
 */
#define LENIENT_NUMBER(k, type, tgt, field, lo_, hi_, scale_, zero) \
	{ .kw = k, .fn = kw_uint, .num = { .target = tgt, .offset = offsetof(type, field), \
	  .size = sizeof(((type *)0)->field), .lo = lo_, .hi = hi_, .scale = scale_, \
	  .lenient = true, .zero_is = zero } }
#define CTX_LENIENT(kw, field, lo, hi, scale, zero) \
	LENIENT_NUMBER(kw, struct ctx, KW_IN_CTX, field, lo, hi, scale, zero)
#define INSTANCE_LENIENT(kw, field, lo, hi, scale, zero) \
	LENIENT_NUMBER(kw, struct vrrp_instance_conf, KW_IN_INSTANCE, field, lo, hi, scale, zero)
/* A GARP repeat: keepalived takes any count, we send 255 at most. */
/* GARPs for a lower priority heard: keepalived takes any count, 0 for
 * none; we send 255 at most.
 */
#define LOWER_REPEAT(k, type, tgt, field) \
	{ .kw = k, .fn = kw_uint, .num = { .target = tgt, .offset = offsetof(type, field), \
	  .size = sizeof(((type *)0)->field), .lo = 0, .hi = 255, .scale = 1, \
	  .lenient = true, .clamp = true } }
#define UNSET UINT32_MAX   /* a global_defs number not given */
/* keepalived's GARP defaults (vrrp_min_garp changes what is still at them) */
#define KA_GARP_REPEAT   5
#define KA_GARP_DELAY_MS 5000
#define REPEAT_NUMBER(k, type, tgt, field) \
	{ .kw = k, .fn = kw_uint, .num = { .target = tgt, .offset = offsetof(type, field), \
	  .size = sizeof(((type *)0)->field), .lo = 1, .hi = 255, .scale = 1, \
	  .lenient = true, .zero_is = 1, .clamp = true } }

/* ---- global_defs ------------------------------------------------------- */

static int g_router_id(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	if (want_args(c, s, 1, 1) < 0)
		return -1;
	return copy_name(c, s, s->args[0], c->conf->router_id,
	                 sizeof(c->conf->router_id));
}

/* notify_fifo / vrrp_notify_fifo PATH [USER [GROUP]]: keepalived's FIFOs
 * of state changes (vrrp_fifo.h). Both may be given: keepalived writes
 * every line to each; each keeps its first.
 */
static int g_notify_fifo(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_fifo_conf *f = &c->conf->notify_fifo[strcmp(s->kw, "vrrp_notify_fifo")
	                                                  == 0 ? VRRP_FIFO_VRRP : VRRP_FIFO_ANY];

	(void)obj;
	if (want_args(c, s, 1, 3) < 0)
		return -1;
	if (s->args[0][0] != '/')
		return fail(c, s->line, s->kw, "'%s' is not an absolute path", s->args[0]);
	if (f->path[0])
		return ignored(c, s->line, s->kw, "given twice: the first (%s) is kept, "
		               "as keepalived does", at(c, f->line, s->line));
	{
		const struct vrrp_fifo_conf *o = &c->conf->notify_fifo[f == &c->conf->notify_fifo[0]];

		/* keepalived: the same FIFO twice is written once */
		if (o->path[0] && strcmp(o->path, s->args[0]) == 0)
			return ignored(c, s->line, s->kw, "the same FIFO as %s: written once, "
			               "as keepalived does", at(c, o->line, s->line));
	}
	f->line = s->line;
	if (copy_name(c, s, s->args[0], f->path, sizeof(f->path)) < 0 ||
	    (s->nargs > 1 && copy_name(c, s, s->args[1], f->user, sizeof(f->user)) < 0) ||
	    (s->nargs > 2 && copy_name(c, s, s->args[2], f->group, sizeof(f->group)) < 0))
		return -1;
	return 0;
}

/* notify_fifo_script / vrrp_notify_fifo_script SCRIPT [USER [GROUP]]:
 * the program keepalived starts to read that FIFO (vrrp_notify.h). As
 * keepalived: no script is an error it carries on past, a second one is
 * ignored, each with a note. Returns 0, 1 (ignored, verdict given) or -1.
 */
static int g_notify_fifo_script(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_fifo_conf *f = &c->conf->notify_fifo[strcmp(s->kw, "vrrp_notify_fifo_script")
	                                                  == 0 ? VRRP_FIFO_VRRP : VRRP_FIFO_ANY];

	(void)obj;
	if (s->nargs == 0 && !s->has_block)
		return ignored(c, s->line, s->kw, "no script given: ignored, as keepalived "
		               "does");
	if (want_args(c, s, 1, 3) < 0)
		return -1;
	if (f->script_line)
		return ignored(c, s->line, s->kw, "given twice: the first (%s) is kept, "
		               "as keepalived does", at(c, f->script_line, s->line));
	if (s->args[0][0] != '/')
		return fail(c, s->line, s->kw, "'%s' does not start with an absolute path "
		            "(no shell runs it, so no PATH lookup)", s->args[0]);
	f->script_line = s->line;
	if ((s->nargs > 1 && copy_name(c, s, s->args[1], f->script_user,
	                               sizeof(f->script_user)) < 0) ||
	    (s->nargs > 2 && copy_name(c, s, s->args[2], f->script_group,
	                               sizeof(f->script_group)) < 0))
		return -1;
	return copy_name(c, s, s->args[0], f->script, sizeof(f->script));
}

/* keepalived 2.2.8's v3_checksum_as_v2: VRRPv3 checksum without the IPv4
 * pseudo-header, for peers that compute it that way.
 */
static int i_v3_checksum_as_v2(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 0, 0) < 0)
		return -1;
	c->csum_line = s->line;
	in->csum_mode = VRRP_CSUM_NO_PSEUDO_HEADER;
	return 0;
}

/* Keys that only concern keepalived's own mail, scripts, process or
 * firewall: accepted with a note. Blocks (notification_email { ... })
 * are accepted whole.
 */
/* script_user USER [GROUP]: who the notify scripts run as. */
static int g_script_user(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_conf *conf = c->conf;

	(void)obj;
	if (want_args(c, s, 1, 2) < 0)
		return -1;
	conf->script_user_line = s->line;
	conf->script_group[0] = '\0';
	return copy_name(c, s, s->args[0], conf->script_user, sizeof(conf->script_user)) < 0 ||
	       (s->nargs > 1 && copy_name(c, s, s->args[1], conf->script_group,
	                                  sizeof(conf->script_group)) < 0) ? -1 : 0;
}

/* enable_script_security: a notify script that someone other than root
 * (or the script user) could change is refused at start.
 */
static int g_script_security(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	if (want_args(c, s, 0, 0) < 0)
		return -1;
	c->conf->script_security = true;
	return 0;
}

static int g_no_effect(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	return add_note(c, "%s:%d: %s: accepted, has no effect inside HAProxy",
	                file_of(c, s->line), conf_loc_line(s->line), s->kw);
}

#define NO_EFFECT(k, w) { .kw = k, .fn = g_no_effect, .cls = VRRP_KW_NO_EFFECT, .why = w }

/* Reads "S[.FFFFFF]" (seconds, up to 6 decimals, as keepalived) into
 * microseconds at <*us>. Returns false when <v> is not such a number or
 * is 1000000 s or more.
 */
static bool get_seconds_us(const char *v, unsigned long long *us)
{
	unsigned long long whole = 0, frac = 0;
	int fdigits = 0;

	if (*v < '0' || *v > '9')
		return false;
	while (*v >= '0' && *v <= '9' && whole < 1000000)
		whole = whole * 10 + (unsigned long long)(*v++ - '0');
	if (*v == '.') {
		for (v++; *v >= '0' && *v <= '9' && fdigits < 6; fdigits++)
			frac = frac * 10 + (unsigned long long)(*v++ - '0');
		for (; fdigits < 6; fdigits++)
			frac *= 10;
	}
	if (*v || whole >= 1000000)
		return false;
	*us = whole * 1000000 + frac;
	return true;
}

/* vrrp_startup_delay SECONDS (up to 6 decimals, kept to the millisecond,
 * as keepalived keeps it): VRRP starts that long after HAProxy, not after a reload. A value
 * that does not read is ignored, as keepalived does. Returns 0, 1
 * (ignored, verdict given) or -1.
 */
static int g_startup_delay(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	unsigned long long us;

	(void)obj;
	if (want_args(c, s, 1, 1) < 0)
		return -1;
	if (!get_seconds_us(s->args[0], &us) || us < 1000 || us >= 4295000000ull)
		return ignored(c, s->line, s->kw, "'%s' is not a delay of 0.001 to "
		               "4294 seconds: ignored, as keepalived does", s->args[0]);
	c->conf->startup_delay_ms = (uint32_t)(us / 1000);
	if (us >= 60000000ull && warned(c, s->line, s->kw, "%s seconds is very large "
	                                "(keepalived says the same)", s->args[0]) < 0)
		return -1;
	return 0;
}

/* A value keepalived may leave out meaning "true": true|on|yes or
 * false|off|no. Sets <*out> and returns 0; 1 when it is none of these
 * (ignored with a note, as keepalived does); -1 on a wrong shape.
 */
static int get_bool(struct ctx *c, const struct conf_stmt *s, bool *out)
{
	static const char *const yes[] = { "true", "on", "yes" };
	static const char *const no[] = { "false", "off", "no" };
	size_t i;

	if (want_args(c, s, 0, 1) < 0)
		return -1;
	*out = true;
	if (s->nargs == 0)
		return 0;
	for (i = 0; i < 3; i++) {
		if (strcmp(s->args[0], yes[i]) == 0)
			return 0;
		if (strcmp(s->args[0], no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return ignored(c, s->line, s->kw, "'%s' is not true or false: ignored, "
	               "as keepalived does", s->args[0]);
}

/* A [true|false] row (lower_prio_no_advert, higher_prio_send_advert,
 * notify_priority_changes ...): stores 1 or 0 into the row's field, a
 * bool or an int, of the instance <obj> or of <c> (global_defs' vrrp_
 * twin: every instance's default). Returns 0, 1 (ignored) or -1.
 */
static int kw_bool(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	const struct kw_number *num = &c->kw->num;
	char *field = (num->target == KW_IN_CTX ? (char *)c : (char *)obj) + num->offset;
	bool v;
	int ret = get_bool(c, s, &v);

	if (ret != 0)
		return ret;
	if (num->size == sizeof(bool)) {
		memcpy(field, &v, sizeof(v));
	} else {
		int i = v;

		memcpy(field, &i, sizeof(i));
	}
	return 0;
}

#define BOOL_ROW(k, type, tgt, field) \
	{ .kw = k, .fn = kw_bool, .num = { .target = tgt, .offset = offsetof(type, field), \
	  .size = sizeof(((type *)0)->field) } }

/* vrrp_min_garp [true|false]: one gratuitous ARP per burst, no second
 * burst and no refresh, for what is still at keepalived's default when
 * the line is read (a GARP setting before it wins, one after it too).
 * Returns 0, 1 (ignored, verdict given) or -1.
 */
static int g_min_garp(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	bool on;
	int ret = get_bool(c, s, &on);

	(void)obj;
	if (ret != 0 || !on)
		return ret;
	if (c->garp_repeat == KA_GARP_REPEAT)
		c->garp_repeat = 1;
	if (c->garp_delay_ms == KA_GARP_DELAY_MS)
		c->garp_delay_ms = 0;
	return 0;
}
#define REFUSED(k, w)   { .kw = k, .cls = VRRP_KW_UNSUPPORTED, .why = w }

/* default_interface IF: keepalived's interface for a static address that
 * names none.
 */
static int g_default_interface(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	if (want_args(c, s, 1, 1) < 0)
		return -1;
	return copy_name(c, s, s->args[0], c->conf->default_interface,
	                 sizeof(c->conf->default_interface));
}

static const struct kw_entry global_table[] = {
	{ .kw = "router_id",                        .fn = g_router_id },
	{ .kw = "notify_fifo",                      .fn = g_notify_fifo },
	{ .kw = "vrrp_notify_fifo",                 .fn = g_notify_fifo },
	{ .kw = "notify_fifo_script",               .fn = g_notify_fifo_script },
	{ .kw = "vrrp_notify_fifo_script",          .fn = g_notify_fifo_script },
	CTX_UINT("vrrp_version",                    default_version, 2, 3, 1),
	CTX_LENIENT("vrrp_garp_master_delay",       garp_delay_ms, 0, 4294, 1000, 0),
	REPEAT_NUMBER("vrrp_garp_master_repeat", struct ctx, KW_IN_CTX, garp_repeat),
	CTX_LENIENT("vrrp_garp_master_refresh",     garp_refresh_ms, 0, 4294967, 1000, 0),
	REPEAT_NUMBER("vrrp_garp_master_refresh_repeat", struct ctx, KW_IN_CTX, garp_refresh_repeat),
	CTX_LENIENT("vrrp_down_timer_adverts",      down_timer_adverts, 1, 100, 1, 0),
	LOWER_REPEAT("vrrp_garp_lower_prio_repeat", struct ctx, KW_IN_CTX, garp_lower_prio_repeat),
	CTX_LENIENT("vrrp_garp_lower_prio_delay",   garp_lower_prio_delay_ms, 0, 4294, 1000, 0),
	BOOL_ROW("vrrp_lower_prio_no_advert", struct ctx, KW_IN_CTX, lower_prio_no_advert),
	BOOL_ROW("vrrp_notify_priority_changes", struct ctx, KW_IN_CTX, notify_priority_changes),
	BOOL_ROW("vrrp_higher_prio_send_advert", struct ctx, KW_IN_CTX, higher_prio_send_advert),
	NO_EFFECT("notification_email",       "keepalived's mail: HAProxy sends none"),
	NO_EFFECT("notification_email_from",  "keepalived's mail: HAProxy sends none"),
	NO_EFFECT("smtp_server",              "keepalived's mail: HAProxy sends none"),
	NO_EFFECT("smtp_connect_timeout",     "keepalived's mail: HAProxy sends none"),
	{ .kw = "enable_script_security",   .fn = g_script_security },
	{ .kw = "script_user",              .fn = g_script_user },
	NO_EFFECT("max_auto_priority",        "keepalived's process priority: HAProxy's applies"),
	NO_EFFECT("vrrp_skip_check_adv_addr", "always so: an advert with other addresses is counted, not dropped"),
	NO_EFFECT("vrrp_iptables",            "no firewall rules are added"),
	NO_EFFECT("vrrp_ipsets",              "no firewall rules are added"),
	NO_EFFECT("dynamic_interfaces",       "interfaces are looked up when HAProxy starts"),
	NO_EFFECT("lvs_id",                   "no LVS in haproxy-vrrp"),
	NO_EFFECT("enable_traps",             "no SNMP in haproxy-vrrp"),
	NO_EFFECT("vrrp_no_swap",             "keepalived's process memory: HAProxy's applies"),
	NO_EFFECT("vrrp_priority",            "keepalived's process priority: HAProxy's applies"),
	NO_EFFECT("vrrp_rt_priority",         "keepalived's process priority: HAProxy's applies"),
	NO_EFFECT("vrrp_rlimit_rttime",       "keepalived's process limits: HAProxy's apply"),
	NO_EFFECT("vrrp_cpu_affinity",        "keepalived's process CPUs: HAProxy's apply"),
	NO_EFFECT("vrrp_rlimit_rtime",        "keepalived's process limits: HAProxy's apply"),
	NO_EFFECT("vrrp_process_name",        "keepalived's process name: HAProxy's is its own"),
	NO_EFFECT("process_name",             "keepalived's process name: HAProxy's is its own"),
	NO_EFFECT("process_names",            "keepalived's process names: HAProxy's are its own"),
	NO_EFFECT("child_wait_time",          "keepalived's child processes: none here"),
	NO_EFFECT("use_pid_dir",              "keepalived's pid files: HAProxy's apply"),
	NO_EFFECT("umask",                    "keepalived's file mode mask: HAProxy's applies"),
	NO_EFFECT("random_seed",              "keepalived's random seed: not used"),
	NO_EFFECT("tmp_config_directory",     "keepalived's reload files: HAProxy reloads its own way"),
	NO_EFFECT("config_save_dir",          "keepalived's reload files: HAProxy reloads its own way"),
	NO_EFFECT("reload_check_config",      "keepalived's reload: HAProxy's master checks its configuration"),
	NO_EFFECT("reload_time_file",         "keepalived's timed reloads: HAProxy reloads its own way"),
	NO_EFFECT("reload_repeat",            "keepalived's timed reloads: HAProxy reloads its own way"),
	NO_EFFECT("reload_file",              "keepalived's timed reloads: HAProxy reloads its own way"),
	NO_EFFECT("data_use_instance",        "keepalived's data files: none here"),
	NO_EFFECT("instance",                 "keepalived's instance name for its files: none here"),
	NO_EFFECT("fifo_write_vrrp_states_on_reload", "always so: a reload's new worker writes every state"),
	NO_EFFECT("vrrp_check_unicast_src",   "always so: an advert from an address that is no unicast_peer is counted and dropped"),
	NO_EFFECT("log_unknown_vrids",        "adverts for other VRIDs are counted (show vrrp), not logged"),
	NO_EFFECT("vrrp_netlink_cmd_rcv_bufs", "netlink buffers are sized by haproxy-vrrp"),
	NO_EFFECT("vrrp_netlink_cmd_rcv_bufs_force", "netlink buffers are sized by haproxy-vrrp"),
	NO_EFFECT("vrrp_netlink_monitor_rcv_bufs", "netlink buffers are sized by haproxy-vrrp"),
	NO_EFFECT("vrrp_netlink_monitor_rcv_bufs_force", "netlink buffers are sized by haproxy-vrrp"),
	NO_EFFECT("process_monitor_rcv_bufs", "no process monitor: track_process of HAProxy is its liveness"),
	NO_EFFECT("process_monitor_rcv_bufs_force", "no process monitor: track_process of HAProxy is its liveness"),
	NO_EFFECT("vrrp_rx_bufs_policy",      "the raw socket is shared and sized by haproxy-vrrp"),
	NO_EFFECT("vrrp_rx_bufs_multiplier",  "the raw socket is shared and sized by haproxy-vrrp"),
	NO_EFFECT("nftables",                 "no firewall rules are added"),
	NO_EFFECT("nftables_priority",        "no firewall rules are added"),
	NO_EFFECT("nftables_ifindex",         "no firewall rules are added"),
	NO_EFFECT("nftables_counters",        "no firewall rules are added"),
	NO_EFFECT("namespace_with_ipsets",    "no firewall rules are added"),
	NO_EFFECT("smtp_helo_name",           "keepalived's mail: HAProxy sends none"),
	NO_EFFECT("smtp_alert",               "keepalived's mail: HAProxy sends none"),
	NO_EFFECT("smtp_alert_vrrp",          "keepalived's mail: HAProxy sends none"),
	NO_EFFECT("smtp_alert_checker",       "keepalived's mail: HAProxy sends none"),
	NO_EFFECT("no_email_faults",          "keepalived's mail: HAProxy sends none"),
	NO_EFFECT("no_checker_emails",        "keepalived's mail: HAProxy sends none"),
	NO_EFFECT("enable_snmp_vrrp",         "no SNMP in haproxy-vrrp: see show vrrp and its Prometheus metrics"),
	NO_EFFECT("enable_snmp_keepalived",   "no SNMP in haproxy-vrrp: see show vrrp and its Prometheus metrics"),
	NO_EFFECT("enable_snmp_rfc",          "no SNMP in haproxy-vrrp: see show vrrp and its Prometheus metrics"),
	NO_EFFECT("enable_snmp_rfcv2",        "no SNMP in haproxy-vrrp: see show vrrp and its Prometheus metrics"),
	NO_EFFECT("enable_snmp_rfcv3",        "no SNMP in haproxy-vrrp: see show vrrp and its Prometheus metrics"),
	NO_EFFECT("enable_snmp_checker",      "no SNMP in haproxy-vrrp: see show vrrp and its Prometheus metrics"),
	NO_EFFECT("snmp_socket",              "no SNMP in haproxy-vrrp: see show vrrp and its Prometheus metrics"),
	NO_EFFECT("enable_dbus",              "no D-Bus in haproxy-vrrp: see show vrrp and its Prometheus metrics"),
	NO_EFFECT("dbus_service_name",        "no D-Bus in haproxy-vrrp: see show vrrp and its Prometheus metrics"),
	NO_EFFECT("min_auto_priority_delay",  "keepalived's process priority: HAProxy's applies"),
	NO_EFFECT("checker_priority",         "keepalived's checker (LVS) process: none here"),
	NO_EFFECT("checker_rt_priority",      "keepalived's checker (LVS) process: none here"),
	NO_EFFECT("checker_no_swap",          "keepalived's checker (LVS) process: none here"),
	NO_EFFECT("checker_cpu_affinity",     "keepalived's checker (LVS) process: none here"),
	NO_EFFECT("checker_rlimit_rttime",    "keepalived's checker (LVS) process: none here"),
	NO_EFFECT("checker_rlimit_rtime",     "keepalived's checker (LVS) process: none here"),
	NO_EFFECT("checker_process_name",     "keepalived's checker (LVS) process: none here"),
	NO_EFFECT("checker_log_all_failures", "keepalived's checker (LVS) process: none here"),
	NO_EFFECT("bfd_priority",             "keepalived's BFD process: none here"),
	NO_EFFECT("bfd_rt_priority",          "keepalived's BFD process: none here"),
	NO_EFFECT("bfd_no_swap",              "keepalived's BFD process: none here"),
	NO_EFFECT("bfd_cpu_affinity",         "keepalived's BFD process: none here"),
	NO_EFFECT("bfd_rlimit_rttime",        "keepalived's BFD process: none here"),
	NO_EFFECT("bfd_rlimit_rtime",         "keepalived's BFD process: none here"),
	NO_EFFECT("bfd_process_name",         "keepalived's BFD process: none here"),
	NO_EFFECT("lvs_flush",                "no LVS in haproxy-vrrp"),
	NO_EFFECT("lvs_flush_on_stop",        "no LVS in haproxy-vrrp"),
	NO_EFFECT("lvs_flush_onstop",         "no LVS in haproxy-vrrp"),
	NO_EFFECT("lvs_timeouts",             "no LVS in haproxy-vrrp"),
	NO_EFFECT("lvs_sync_daemon",          "no LVS in haproxy-vrrp"),
	NO_EFFECT("lvs_process_name",         "no LVS in haproxy-vrrp"),
	NO_EFFECT("lvs_notify_fifo",          "no LVS in haproxy-vrrp: nothing to write"),
	NO_EFFECT("lvs_notify_fifo_script",   "no LVS in haproxy-vrrp: nothing to read"),
	NO_EFFECT("lvs_netlink_cmd_rcv_bufs", "no LVS in haproxy-vrrp"),
	NO_EFFECT("lvs_netlink_cmd_rcv_bufs_force", "no LVS in haproxy-vrrp"),
	NO_EFFECT("lvs_netlink_monitor_rcv_bufs", "no LVS in haproxy-vrrp"),
	NO_EFFECT("lvs_netlink_monitor_rcv_bufs_force", "no LVS in haproxy-vrrp"),
	NO_EFFECT("rs_init_notifies",         "no LVS in haproxy-vrrp"),
	NO_EFFECT("net_namespace_ipvs",       "no LVS in haproxy-vrrp"),
	NO_EFFECT("nftables_ipvs",            "no LVS in haproxy-vrrp"),
	NO_EFFECT("nftables_ipvs_priority",   "no LVS in haproxy-vrrp"),
	NO_EFFECT("nftables_ipvs_start_fwmark", "no LVS in haproxy-vrrp"),
	{ .kw = "vrrp_min_garp",            .fn = g_min_garp },
	{ .kw = "vrrp_startup_delay",       .fn = g_startup_delay },
	REFUSED("startup_script",             "not supported: run it before HAProxy starts (e.g. the systemd unit's ExecStartPre)"),
	REFUSED("startup_script_timeout",     "not supported: run startup_script before HAProxy starts (e.g. ExecStartPre)"),
	REFUSED("shutdown_script",            "not supported: run it after HAProxy stops (e.g. the systemd unit's ExecStopPost)"),
	REFUSED("shutdown_script_timeout",    "not supported: run shutdown_script after HAProxy stops (e.g. ExecStopPost)"),
	REFUSED("vrrp_mcast_group6",          "not supported: adverts go to ff02::12 (or unicast_peer)"),
	REFUSED("vrrp_garp_extra_if",         "not supported: gratuitous ARPs go out of the instance's interface only"),
	REFUSED("vrrp_vmac_garp_intvl",       "not supported: use garp_master_refresh"),
	REFUSED("vmac_prefix",                "not supported: name a vmac with use_vmac NAME"),
	REFUSED("vmac_addr_prefix",           "not supported: name a vmac with use_vmac NAME"),
	{ .kw = "default_interface",        .fn = g_default_interface },
	REFUSED("vrrp_strict",                "not supported: haproxy-vrrp does not enforce keepalived's strict mode; remove it"),
	REFUSED("vrrp_garp_interval",         "not supported: gratuitous ARPs of a burst are sent back to back"),
	REFUSED("vrrp_gna_interval",          "not supported: neighbour advertisements of a burst are sent back to back"),
	REFUSED("vrrp_mcast_group4",          "not supported: adverts go to 224.0.0.18 (or unicast_peer)"),
	REFUSED("net_namespace",              "belongs at top level, outside global_defs (keepalived does not know it here either)"),
	{ .kw = NULL }
};

/* ---- vrrp_script / track_script ----------------------------------------- */

/* keepalived's vrrp_script keywords: checked, so typos still fail, then
 * replaced by HAProxy's own liveness.
 */
static int s_known(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	return 0;
}

#define SCRIPT_KW(k) { .kw = k, .fn = s_known, .cls = VRRP_KW_REPLACED, .why = "part of vrrp_script" }
static const struct kw_entry script_table[] = {
	SCRIPT_KW("script"), SCRIPT_KW("interval"), SCRIPT_KW("timeout"),
	SCRIPT_KW("weight"), SCRIPT_KW("fall"), SCRIPT_KW("rise"),
	SCRIPT_KW("user"), SCRIPT_KW("init_fail"),
	{ .kw = NULL }
};

/* ---- vrrp_track_process / track_process --------------------------------- */

/* What a vrrp_track_process block names: keepalived's process tracker
 * replaced by HAProxy's liveness is only honest when the process it
 * watches is HAProxy itself.
 */
struct tracked_process {
	int process_line;          /* loc of its "process" line, 0: none yet */
	const char *process;       /* its first word */
	bool is_haproxy;
};

/* "process NAME [ARGS...]": the command name (or path, with full_command
 * or arguments) keepalived matches. A second one is dropped as keepalived
 * does. Returns 0, 1 (dropped, verdict given) or -1.
 */
static int p_process(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct tracked_process *tp = obj;
	const char *base;

	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	if (s->nargs < 1)
		return fail(c, s->line, s->kw, "missing value");
	if (tp->process_line)
		return ignored(c, s->line, s->kw, "the process is set already (%s): "
		               "ignored, as keepalived does", at(c, tp->process_line, s->line));
	tp->process_line = s->line;
	tp->process = s->args[0];
	base = strrchr(s->args[0], '/');
	base = base ? base + 1 : s->args[0];
	tp->is_haproxy = strcmp(base, "haproxy") == 0;
	return 0;
}

/* The block's other keywords: checked, then replaced like the process. */
static int p_known(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	return 0;
}

#define PROCESS_KW(k) { .kw = k, .fn = p_known, .cls = VRRP_KW_REPLACED, .why = "part of vrrp_track_process" }
static const struct kw_entry process_table[] = {
	{ .kw = "process", .fn = p_process, .cls = VRRP_KW_REPLACED, .why = "part of vrrp_track_process" },
	PROCESS_KW("param_match"), PROCESS_KW("weight"), PROCESS_KW("quorum"),
	PROCESS_KW("quorum_max"), PROCESS_KW("delay"), PROCESS_KW("terminate_delay"),
	PROCESS_KW("fork_delay"), PROCESS_KW("full_command"),
	{ .kw = NULL }
};

/* "vrrp_track_process NAME { process haproxy ... }": HAProxy tracking
 * itself is what haproxy-vrrp is, so the tracker is replaced, with a
 * note. Tracking any other process would change what the file means:
 * refused. A block without "process" is dropped, as keepalived does.
 * Returns 0, 1 (dropped or refused in check mode, verdict given) or -1.
 */
static int t_vrrp_track_process(struct ctx *c, const struct conf_stmt *s)
{
	struct tracked_process tp = { 0 };
	char why[VRRP_ERR_MAX - 64];

	if (want_block(c, s, 1) < 0 || run_table(c, s, process_table, &tp,
	                                          "in vrrp_track_process") < 0)
		return -1;
	if (!tp.process_line)
		return ignored(c, s->line, s->kw, "%s names no process: ignored, as "
		               "keepalived does", s->args[0]);
	if (!tp.is_haproxy) {
		snprintf(why, sizeof(why), "not supported: it tracks '%s', and "
		         "haproxy-vrrp tracks only HAProxy itself (its own liveness); "
		         "remove the tracker, or have a process monitor write a "
		         "vrrp_track_file", tp.process);
		if (!c->report)
			return fail(c, tp.process_line, "process", "%s", why);
		report(c, tp.process_line, "process", VRRP_KW_UNSUPPORTED, why);
		report(c, s->line, s->kw, VRRP_KW_UNSUPPORTED, why);
		return 1;
	}
	return add_note(c, "%s:%d: vrrp_track_process %s: not run, HAProxy's own "
	                "liveness replaces it", file_of(c, s->line),
	                conf_loc_line(s->line), s->args[0]);
}

/* ---- vrrp_instance ------------------------------------------------------ */

/* "priority 1..255": keepalived uses 100 for anything else. */
static int i_priority(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;
	unsigned long v = 0;  /* (set by get_uint() when it returns 0) */

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	if (get_uint(c, s, s->args[0], 1, 255, &v) < 0) {
		in->priority = 100;
		return ignored(c, s->line, s->kw, "'%s' is not 1 to 255: 100, as "
		               "keepalived does", s->args[0]);
	}
	in->priority = (uint8_t)v;
	return 0;
}

/* "state MASTER|BACKUP". keepalived keeps the first, and reads any other
 * word (even "master") as BACKUP with a warning.
 */
static int i_state(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	if (strcmp(s->args[0], "BACKUP") == 0 && in->want_master)
		return ignored(c, s->line, s->kw, "state MASTER was given before (%s): "
		               "BACKUP is ignored, as keepalived does",
		               at(c, c->state_line, s->line));
	c->state_line = s->line;
	in->want_master = strcmp(s->args[0], "MASTER") == 0;
	if (!in->want_master && strcmp(s->args[0], "BACKUP") != 0)
		return warned(c, s->line, s->kw, "'%s' is neither MASTER nor BACKUP: "
		              "BACKUP, as keepalived does", s->args[0]);
	return 0;
}

/* "version 2|3" in an instance: keepalived keeps the first, and ignores
 * another number with a warning.
 */
static int i_version(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	if (c->version_line)
		return ignored(c, s->line, s->kw, "given twice: the first (%s) is kept, "
		               "as keepalived does", at(c, c->version_line, s->line));
	if (strcmp(s->args[0], "2") && strcmp(s->args[0], "3"))
		return ignored(c, s->line, s->kw, "'%s' is not 2 or 3: ignored, as "
		               "keepalived does", s->args[0]);
	c->version_line = s->line;
	in->version = (uint8_t)(s->args[0][0] - '0');
	return 0;
}

/* "vrrp_version" is a global_defs keyword: keepalived 2.2.7 does not know
 * it in an instance, and carries on with the instance's version unchanged.
 * Doing otherwise would split a mixed pair onto two protocol versions.
 */
static int i_vrrp_version(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	return ignored(c, s->line, s->kw, "not a vrrp_instance keyword in keepalived "
	               "2.2.7, which ignores it here: ignored too (the instance's is "
	               "\"version\"; \"vrrp_version\" goes in global_defs)");
}

static int i_interface(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	return copy_name(c, s, s->args[0], in->ifname, sizeof(in->ifname));
}

/* advert_int, in seconds: keepalived keeps 1 s for a value that is not a
 * number above 0 and below 256 s, and rounds to its version's unit in
 * finish_instance() (whole seconds for v2, centiseconds for v3, where it
 * also caps at 40.95 s).
 */
static int i_advert_int(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;
	unsigned long long us;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	/* keepalived: 0.01 to 255 s, else the line is ignored */
	if (!get_seconds_us(s->args[0], &us) || us < 10000 ||
	    us > VRRP_V2_MAX_INTERVAL * 1000000ull)
		return ignored(c, s->line, s->kw, "'%s' is not 0.01 to 255 s: ignored, as "
		               "keepalived does", s->args[0]);
	in->adver_int_us = (uint32_t)us;
	in->adver_int_line = s->line;
	return 0;
}

static int i_nopreempt(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 0, 0) < 0)
		return -1;
	in->preempt = false;
	c->nopreempt_line = s->line;
	return 0;
}

/* "preempt": the default; keepalived clears an earlier nopreempt. */
static int i_preempt(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 0, 0) < 0)
		return -1;
	in->preempt = true;
	c->nopreempt_line = 0;
	return 0;
}

static int i_preempt_delay(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;
	unsigned long long us;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	/* keepalived: 0 to 1000 s (6 decimals), else 0 with a warning. */
	if (!get_seconds_us(s->args[0], &us) || us > 1000000000ull) {
		in->preempt_delay_ms = 0;
		return ignored(c, s->line, s->kw, "'%s' is not 0 to 1000 s: no delay, "
		               "as keepalived does", s->args[0]);
	}
	in->preempt_delay_ms = (uint32_t)(us / 1000);
	c->preempt_delay_line = s->line;
	return 0;
}

static int a_type(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	if (strcmp(s->args[0], "PASS") == 0)
		in->auth_type = VRRP_AUTH_PASS;
	else if (strcmp(s->args[0], "AH") == 0)
		return fail(c, s->line, s->kw, "AH is not supported (RFC 3768 "
		            "removed it); use PASS or no authentication");
	else
		return fail(c, s->line, s->kw, "'%s' is not PASS", s->args[0]);
	return 0;
}

static int a_pass(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;
	size_t n;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	/* Like keepalived: only the first 8 characters go on the wire. */
	n = strlen(s->args[0]);
	if (n == 0)
		return fail(c, s->line, s->kw, "empty password");
	if (n > VRRP_V2_AUTH_LEN) {
		n = VRRP_V2_AUTH_LEN;
		if (add_note(c, "%s:%d: auth_pass: only the first 8 characters are "
		             "used, as in keepalived", file_of(c, s->line),
		             conf_loc_line(s->line)) < 0)
			return -1;
	}
	memset(in->auth_pass, 0, sizeof(in->auth_pass));
	memcpy(in->auth_pass, s->args[0], n);
	return 0;
}

static const struct kw_entry auth_table[] = {
	{ .kw = "auth_type", .fn = a_type },
	{ .kw = "auth_pass", .fn = a_pass },
	{ .kw = NULL }
};

static int i_authentication(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_block(c, s, 0) < 0 || run_table(c, s, auth_table, in,
	                                          "in authentication") < 0)
		return -1;
	in->auth_line = s->line;
	if (in->auth_type == VRRP_AUTH_PASS && !in->auth_pass[0])
		return fail(c, s->line, s->kw, "auth_type PASS needs auth_pass");
	if (in->auth_type == VRRP_AUTH_NONE && in->auth_pass[0])
		return fail(c, s->line, s->kw, "auth_pass needs auth_type PASS");
	return 0;
}

/* An IPv4 or IPv6 address argument into <out>. */
static int get_addr(struct ctx *c, const struct conf_stmt *s, const char *v,
                    struct vrrp_addr *out)
{
	if (!vrrp_addr_parse(v, out))
		return fail(c, s->line, s->kw, "'%s' is not an IPv4 or IPv6 address", v);
	return 0;
}

/* keepalived's rule for an instance's family: the first address that
 * names one (or native_ipv6) decides, and a later address of the other
 * family is left out with a warning ("address family must match VRRP
 * instance - ignoring"). Returns 0 when <a> fits <in>, else ignored()'s
 * 1 or -1.
 */
static int same_family(struct ctx *c, const struct conf_stmt *s,
                       struct vrrp_instance_conf *in, const struct vrrp_addr *a,
                       const char *what)
{
	char buf[VRRP_ADDR_STRLEN];

	if (!in->family)
		in->family = a->family;
	if (a->family == in->family)
		return 0;
	return ignored(c, s->line, s->kw, "%s %s is %s, the instance %s: ignored "
	               "(keepalived warns and carries on)", what, vrrp_addr_str(a, buf),
	               vrrp_family_name(a->family), vrrp_family_name(in->family));
}

/* Reads a scope: global, site, link, host, nowhere or 0..255, into
 * <*out>. Returns 0, or -1 when <v> is none of them.
 */
static int get_scope_name(const char *v, uint8_t *out)
{
	static const struct { const char *name; uint8_t scope; } scopes[] = {
		{ "global", 0 }, { "site", 200 }, { "link", 253 }, { "host", 254 },
		{ "nowhere", 255 },
	};
	unsigned long n;
	char *end;
	size_t i;

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		if (strcmp(v, scopes[i].name) == 0) {
			*out = scopes[i].scope;
			return 0;
		}
	}
	errno = 0;
	n = strtoul(v, &end, 10);
	if (*v < '0' || *v > '9' || errno || *end || n > 255)
		return -1;
	*out = (uint8_t)n;
	return 0;
}

/* The IFA_F_* flag a VIP option word sets, or 0. */
static uint32_t vip_flag(const char *opt)
{
	if (strcmp(opt, "home") == 0)
		return IFA_F_HOMEADDRESS;
	if (strcmp(opt, "noprefixroute") == 0)
		return IFA_F_NOPREFIXROUTE;
	if (strcmp(opt, "mngtmpaddr") == 0)
		return IFA_F_MANAGETEMPADDR;
	if (strcmp(opt, "autojoin") == 0)
		return IFA_F_MCAUTOJOIN;
	return 0;
}

/* Whether VIP option <opt> takes a value (keepalived's words). */
static bool vip_option_has_value(const char *opt)
{
	static const char *const valued[] = { "dev", "label", "brd", "broadcast",
	                                      "scope", "peer", "preferred_lft" };
	size_t k;

	for (k = 0; k < sizeof(valued) / sizeof(valued[0]); k++)
		if (strcmp(opt, valued[k]) == 0)
			return true;
	return false;
}

/* "peer ADDRESS[/LEN]" of VIP <v>: the other end of a point-to-point
 * address, whose prefix becomes the VIP's. What keepalived ignores with
 * a warning is ignored here too. Returns 0 or -1.
 */
static int vip_peer(struct ctx *c, const struct conf_stmt *s, const char *val,
                    struct vrrp_vip_conf *v)
{
	char buf[VRRP_ADDR_STRLEN + 4];
	struct vrrp_addr p;

	if (vrrp_addr_is_set(&v->peer))
		return warned(c, s->line, s->kw, "peer %s: another peer was given "
		              "already: ignored, as keepalived does", val);
	/* (keepalived reads the peer without a prefix length) */
	if (strlen(val) >= sizeof(buf) || !vrrp_addr_parse(val, &p) ||
	    p.family != v->addr.family)
		return warned(c, s->line, s->kw, "peer %s is not an address of the "
		              "VIP's family: ignored, as keepalived does", val);
	if (v->prefix != (p.family == AF_INET6 ? 128 : 32) &&
	    warned(c, s->line, s->kw, "a prefix on the address and a peer: the "
	           "address is /%u with its peer, as keepalived reads it",
	           p.family == AF_INET6 ? 128 : 32) < 0)
		return -1;
	v->peer = p;
	v->prefix = p.family == AF_INET6 ? 128 : 32;
	return 0;
}

/* One line of virtual_ipaddress (or, <excluded>, of
 * virtual_ipaddress_excluded): "ADDRESS[/prefix] [dev IF] [label L]
 * [brd B] [scope S]", as keepalived reads it; IPv4 or IPv6.
 */
static int parse_vip_line(struct ctx *c, const struct conf_stmt *s,
                          struct vrrp_instance_conf *in, bool excluded)
{
	char buf[VRRP_ADDR_STRLEN + 4];
	char *slash;
	unsigned long prefix, max;
	struct vrrp_vip_conf v = { .line = s->line, .excluded = excluded };
	char brd_sign = 0;   /* "brd +" or "brd -": from the prefix */
	int i, ret;

	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	/* keepalived: an address that does not parse is skipped, a prefix
	 * longer than the family's is the family's.
	 */
	if (strlen(s->kw) >= sizeof(buf))
		return ignored(c, s->line, s->kw, "not an IPv4 or IPv6 address: left out "
		               "(keepalived skips it too)");
	strcpy(buf, s->kw);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (!vrrp_addr_parse(buf, &v.addr))
		return ignored(c, s->line, s->kw, "not an IPv4 or IPv6 address: left out "
		               "(keepalived skips it too)");
	max = v.addr.family == AF_INET6 ? 128 : 32;
	prefix = max;
	if (slash) {
		char *end;

		errno = 0;
		prefix = strtoul(slash + 1, &end, 10);
		if (slash[1] < '0' || slash[1] > '9' || errno || *end)
			return ignored(c, s->line, s->kw, "'%s' is not a prefix length: left "
			               "out (keepalived would read it as /0)", slash + 1);
		if (prefix > max) {
			prefix = max;
			if (warned(c, s->line, s->kw, "/%s is longer than the address: /%lu, "
			           "as keepalived reads it", slash + 1, max) < 0)
				return -1;
		}
	}
	v.prefix = (uint8_t)prefix;
	for (i = 0; i < s->nargs; i++) {
		const char *opt = s->args[i], *val = i + 1 < s->nargs ? s->args[i + 1] : NULL;
		uint32_t flag = vip_flag(opt);

		ret = 0;
		if (flag) {
			v.flags |= flag;
			continue;
		} else if (strcmp(opt, "-nodad") == 0) {
			v.dad = true;
			continue;
		} else if (strcmp(opt, "no_track") == 0) {
			continue;   /* VIPs are never tracked here (keepalived: FAULT
			             * when one is deleted; here the renewal puts it
			             * back) */
		} else if (strcmp(opt, "use_vmac") == 0) {
			return fail(c, s->line, s->kw, "use_vmac is not supported on an "
			            "address (a virtual MAC for VIPs on other interfaces); "
			            "use_vmac in the vrrp_instance is");
		} else if (!vip_option_has_value(opt)) {
			ret = warned(c, s->line, s->kw, "unknown option '%s': ignored "
			             "(keepalived warns and carries on)", opt);
			if (ret < 0)
				return -1;
			continue;
		} else if (!val) {
			/* keepalived: "No ... parameter specified", the VIP is
			 * left out.
			 */
			return ignored(c, s->line, s->kw, "'%s' needs a value: this address "
			               "is left out (keepalived drops it too)", opt);
		}
		i++;
		if (strcmp(opt, "dev") == 0) {
			if (v.dev[0])
				return ignored(c, s->line, s->kw, "'dev' given twice: this "
				               "address is left out (keepalived drops it too)");
			ret = copy_name(c, s, val, v.dev, sizeof(v.dev));
		} else if (strcmp(opt, "label") == 0 && v.addr.family == AF_INET6) {
			ret = warned(c, s->line, s->kw, "'label %s': IPv4 only, ignored for "
			             "an IPv6 address", val);
		} else if (strcmp(opt, "label") == 0) {
			if (strlen(val) >= sizeof(v.label))
				return ignored(c, s->line, s->kw, "label '%s' is longer than %zu "
				               "characters: this address is left out (keepalived "
				               "drops it too)", val, sizeof(v.label) - 1);
			strcpy(v.label, val);
		} else if (strcmp(opt, "brd") == 0 || strcmp(opt, "broadcast") == 0) {
			if (v.addr.family == AF_INET6)
				return ignored(c, s->line, s->kw, "a broadcast address for an "
				               "IPv6 address: this address is left out "
				               "(keepalived drops it too)");
			if (strcmp(val, "+") == 0 || strcmp(val, "-") == 0)
				brd_sign = val[0];
			else if (inet_pton(AF_INET, val, &v.brd) != 1)
				return ignored(c, s->line, s->kw, "'%s' is not a broadcast "
				               "address: this address is left out (keepalived "
				               "drops it too)", val);
		} else if (strcmp(opt, "scope") == 0) {
			if (v.addr.family == AF_INET6)
				ret = warned(c, s->line, s->kw, "'scope %s': IPv4 only, ignored "
				             "for an IPv6 address", val);
			else if (get_scope_name(val, &v.scope) < 0)
				ret = warned(c, s->line, s->kw, "invalid scope '%s': ignored "
				             "(keepalived warns and carries on)", val);
		} else if (strcmp(opt, "peer") == 0) {
			ret = vip_peer(c, s, val, &v);
		} else if (strcmp(opt, "preferred_lft") == 0) {
			unsigned long long n;
			char *end;

			errno = 0;
			n = strcmp(val, "forever") == 0 ? 0xffffffffull : strtoull(val, &end, 10);
			if (v.addr.family == AF_INET) {
				/* keepalived sets lifetimes on IPv6 addresses only */
				ret = warned(c, s->line, s->kw, "preferred_lft: IPv6 only, "
				             "ignored for an IPv4 address (as keepalived does)");
			} else if (strcmp(val, "forever") && (errno || *end || *val < '0' ||
			                                      *val > '9' || n > 0xffffffffull)) {
				ret = warned(c, s->line, s->kw, "preferred_lft %s is invalid: "
				             "ignored (keepalived warns and carries on)", val);
			} else {
				v.has_preferred_lft = true;
				v.preferred_lft = (uint32_t)n;
			}
		}
		if (ret < 0)
			return -1;
	}
	if ((brd_sign || v.brd) && vrrp_addr_is_set(&v.peer)) {
		v.brd = 0;
		if (warned(c, s->line, s->kw, "a broadcast and a peer address: the "
		           "broadcast is ignored, as keepalived does") < 0)
			return -1;
	} else if (brd_sign && v.prefix <= 30) {
		uint32_t host = htonl(0xffffffffu >> v.prefix);

		v.brd = brd_sign == '+' ? (v.addr.v4 | host) : (v.addr.v4 & ~host);
	} else if (brd_sign && warned(c, s->line, s->kw, "/%u is too long for a "
	                              "broadcast address: ignored, as keepalived does",
	                              v.prefix) < 0) {
		return -1;
	}
	if (v.addr.family == AF_INET6 && vrrp_addr_is_linklocal(&v.addr) && !excluded)
		return fail(c, s->line, s->kw, "a link-local VIP is not supported "
		            "(nodes on the link reach the VIP by a global address)");
	/* Only the advertised addresses fix the family: excluded ones may be
	 * of either (keepalived's way to move IPv6 with an IPv4 instance).
	 */
	if (!excluded && (ret = same_family(c, s, in, &v.addr, "virtual address")) != 0)
		return ret;
	if (in->nvips == VRRP_MAX_ADDRS)
		return fail(c, s->line, s->kw, "more than %d addresses", VRRP_MAX_ADDRS);
	for (i = 0; i < in->nvips; i++)
		if (vrrp_addr_eq(&in->vips[i].addr, &v.addr))
			return ignored(c, s->line, s->kw, "listed twice (first on %s): "
			               "this line is ignored (keepalived accepts it too)",
			               at(c, in->vips[i].line, s->line));
	in->vips[in->nvips++] = v;
	return 0;
}

static int parse_vip(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return parse_vip_line(c, s, obj, false);
}

static int parse_excluded_vip(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return parse_vip_line(c, s, obj, true);
}

/* Runs <one> on each line of the block <s>, with <obj> (what the lines
 * fill); in check mode reports each line and goes on after a bad one.
 * <one> returns 0 (used; with warned()'s reason if any), 1 (left out
 * where keepalived only warns: ignored(), which says why) or -1.
 */
static int each_line(struct ctx *c, const struct conf_stmt *s, void *obj,
                     int (*one)(struct ctx *, const struct conf_stmt *, void *))
{
	int i;

	if (want_block(c, s, 0) < 0)
		return -1;
	for (i = 0; i < s->nkids; i++) {
		int ret = one(c, &s->kids[i], obj);

		if (ret >= 0) {
			/* (an ignored() line has its verdict already) */
			if (c->report && ret == 0)
				report(c, s->kids[i].line, s->kids[i].kw, VRRP_KW_USED, NULL);
		} else if (c->report) {
			report_invalid(c, &s->kids[i]);
		} else {
			return -1;
		}
	}
	return 0;
}

static int i_vips(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return each_line(c, s, obj, parse_vip);
}

static int i_excluded_vips(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return each_line(c, s, obj, parse_excluded_vip);
}

/* native_ipv6: keepalived's way to say the instance is IPv6 before any
 * address does (it then also speaks VRRPv3).
 */
static int i_native_ipv6(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 0, 0) < 0)
		return -1;
	if (in->family == AF_INET)
		return ignored(c, s->line, s->kw, "the instance has IPv4 addresses "
		               "already: ignored (keepalived warns and carries on)");
	in->family = AF_INET6;
	in->version = 3;
	return 0;
}

/* use_vmac [NAME] [MAC]: the instance's VIPs live on a macvlan of its
 * interface with the VRRP virtual MAC (vrrp_vmac.c). A word with ':' is
 * keepalived's MAC of its own, not supported here; a NAME must be a name
 * the kernel takes (keepalived's dev_name_valid(): 1 to 15 characters,
 * not "." or "..", no '/', ':' or space). keepalived ignores a bad name
 * and uses its default; here the line is refused, since the interface
 * would not be the one the file names. Returns 0 or -1 with the error.
 */
static int i_use_vmac(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;
	const char *name;
	int i;

	if (want_args(c, s, 0, 1) < 0)
		return -1;
	if (in->use_vmac)
		return fail(c, s->line, s->kw, "given twice (first on %s)",
		            at(c, in->vmac_line, s->line));
	if (s->nargs == 1) {
		name = s->args[0];
		if (strchr(name, ':'))
			return fail(c, s->line, s->kw, "'%s': a MAC address of its own is "
			            "not supported; the virtual MAC is 00:00:5e:00:01:VRID "
			            "(IPv6: 00:00:5e:00:02:VRID)",
			            name);
		if (strlen(name) >= IF_NAMESIZE)
			return fail(c, s->line, s->kw, "interface name '%s' is longer than "
			            "%d characters (keepalived: too long, and would use "
			            "vrrp.VRID instead)", name, IF_NAMESIZE - 1);
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			return fail(c, s->line, s->kw, "'%s' is not an interface name", name);
		for (i = 0; name[i]; i++)
			if (name[i] == '/' || isspace((unsigned char)name[i]))
				return fail(c, s->line, s->kw, "interface name '%s' has a "
				            "'%c', which the kernel refuses", name,
				            name[i] == '/' ? '/' : ' ');
		memcpy(in->vmac_name, name, strlen(name) + 1);
	}
	in->use_vmac = true;
	in->vmac_line = s->line;
	return 0;
}

/* vmac_xmit_base: adverts go out of the base interface (with its MAC),
 * while the VIPs stay on the virtual MAC's interface. Returns 0 or -1.
 */
static int i_vmac_xmit_base(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 0, 0) < 0)
		return -1;
	in->vmac_xmit_base = true;
	in->vmac_xmit_base_line = s->line;
	return 0;
}

/* Checks <in>'s use_vmac once the whole instance is read: the
 * default name (keepalived's vrrp.VRID, or vrrpN.VRID when another
 * instance has that one), and unicast, which keepalived sends from the
 * base interface. Returns 0, or -1 with the error.
 */
static int finish_vmac(struct ctx *c, struct vrrp_instance_conf *in)
{
	int i, n;

	if (!in->use_vmac) {
		if (in->vmac_xmit_base_line)
			return ignored(c, in->vmac_xmit_base_line, "vmac_xmit_base", "%s: "
			               "has no effect without use_vmac", in->name);
		return 0;
	}
	if (in->npeers && !in->vmac_xmit_base) {
		/* keepalived: "unicast with use_vmac requires vmac_xmit_base -
		 * setting": unicast adverts are sent to, and come back to, the
		 * base interface's address.
		 */
		in->vmac_xmit_base = true;
		if (late_warned(c, in->vmac_line, "use_vmac", "%s: unicast adverts go out "
		           "of %s: vmac_xmit_base is set, as keepalived does", in->name,
		           in->ifname) < 0)
			return -1;
	}
	for (n = 0; !in->vmac_name[0]; n++) {
		char name[32];   /* "vrrp%d.%u" fits IFNAMSIZ: n <= ninst + 1 */
		/* keepalived's create_vmac_name(): IPv6 tries vrrp6.VRID
		 * second, then vrrp1.VRID and on.
		 */
		int num = in->family != AF_INET6 || n == 0 ? n : n == 1 ? 6 :
		          n <= 6 ? n - 1 : n;

		if (num)
			snprintf(name, sizeof(name), "vrrp%d.%u", num, in->vrid);
		else
			snprintf(name, sizeof(name), "vrrp.%u", in->vrid);
		for (i = 0; i < c->conf->ninst - 1; i++)
			if (!strcmp(c->conf->inst[i].vmac_name, name))
				break;
		if (i == c->conf->ninst - 1 && strlen(name) < sizeof(in->vmac_name))
			memcpy(in->vmac_name, name, strlen(name) + 1);
	}
	for (i = 0; i < c->conf->ninst - 1; i++) {
		const struct vrrp_instance_conf *o = &c->conf->inst[i];

		if (!strcmp(o->vmac_name, in->vmac_name))
			return fail(c, in->vmac_line, "use_vmac", "%s: %s is %s's virtual "
			            "MAC interface already (%s)", in->name, in->vmac_name,
			            o->name, at(c, o->vmac_line, in->vmac_line));
		if (!strcmp(o->ifname, in->vmac_name))
			return fail(c, in->vmac_line, "use_vmac", "%s: %s is also %s's "
			            "interface", in->name, in->vmac_name, o->name);
		if (!strcmp(o->vmac_name, in->ifname))
			return fail(c, in->vmac_line, "use_vmac", "%s: its interface %s "
			            "is %s's vmac (%s)", in->name, in->ifname, o->name,
			            at(c, o->vmac_line, in->vmac_line));
	}
	if (!strcmp(in->vmac_name, in->ifname))
		return fail(c, in->vmac_line, "use_vmac", "%s: the virtual MAC "
		            "interface cannot be the instance's interface %s", in->name,
		            in->ifname);
	return 0;
}

/* unsolicited_na_router on|off: whether the neighbour advertisements sent
 * on becoming master say "router". Without it, as keepalived does: when
 * the interface forwards IPv6.
 */
static int i_na_router(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	if (strcmp(s->args[0], "on") == 0 || strcmp(s->args[0], "true") == 0)
		in->na_router = 1;
	else if (strcmp(s->args[0], "off") == 0 || strcmp(s->args[0], "false") == 0)
		in->na_router = 0;
	else
		return fail(c, s->line, s->kw, "'%s' is not on or off", s->args[0]);
	return 0;
}

/* One line of unicast_peer: an address (keepalived's per-peer TTL options
 * are not supported).
 */
static int parse_peer(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;
	struct vrrp_addr a;
	int i, ret;

	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	if (s->nargs)
		return fail(c, s->line, s->kw, "'%s': only an address is supported here "
		            "(keepalived's min_ttl/max_ttl are not)", s->args[0]);
	/* keepalived skips an address that does not parse, and one listed
	 * twice, with a warning.
	 */
	if (!vrrp_addr_parse(s->kw, &a))
		return ignored(c, s->line, s->kw, "not an IPv4 or IPv6 address: left out "
		               "(keepalived skips it too)");
	if ((ret = same_family(c, s, in, &a, "unicast peer")) != 0)
		return ret;
	if (in->npeers == VRRP_MAX_PEERS)
		return fail(c, s->line, s->kw, "more than %d peers", VRRP_MAX_PEERS);
	for (i = 0; i < in->npeers; i++)
		if (vrrp_addr_eq(&in->peers[i], &a))
			return ignored(c, s->line, s->kw, "listed twice: this line is ignored "
			               "(keepalived would send that peer every advert twice)");
	in->peers[in->npeers++] = a;
	return 0;
}

static int i_unicast_peer(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return each_line(c, s, obj, parse_peer);
}

/* unicast_ttl N: the TTL (IPv4) or hop limit (IPv6) of unicast adverts,
 * for peers routers apart. keepalived takes 0..255 and carries on past
 * anything else; the kernel sends 1..255, so 0 is sent as 1 (on the link
 * alike: neither is forwarded). Returns 0, 1 (ignored, verdict given) or
 * -1.
 */
static int i_unicast_ttl(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;
	char *end;
	unsigned long v = 0;  /* (set by get_uint() when it returns 0) */

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	errno = 0;
	v = strtoul(s->args[0], &end, 10);
	if (errno || end == s->args[0] || *end || s->args[0][0] == '-' || v > 255)
		return ignored(c, s->line, s->kw, "'%s' is not a TTL in 0..255: "
		               "ignored, as keepalived does", s->args[0]);
	if (v == 0) {
		if (warned(c, s->line, s->kw, "0 is sent as 1 (Linux sends a TTL of 1 "
		           "to 255; neither leaves the link)") < 0)
			return -1;
		v = 1;
	}
	in->unicast_ttl = (uint8_t)v;
	in->unicast_ttl_line = s->line;
	return 0;
}

static int i_unicast_src(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	c->unicast_src_line = s->line;
	c->unicast_src_kw = c->kw->kw;
	return get_addr(c, s, s->args[0], &in->unicast_src);
}

/* "weight W" after a tracked object's name: W in -254..254 into <out>.
 * Returns 0 or -1.
 */
static int track_weight(struct ctx *c, const struct conf_stmt *s, int *out)
{
	unsigned long w = 0;
	const char *v;
	bool neg;

	if (!s->nargs)
		return 0;
	if (strcmp(s->args[0], "weight") != 0 || s->nargs != 2)
		return fail(c, s->line, s->kw, "expected \"%s\" or \"%s weight <-%d..%d>\"",
		            s->kw, s->kw, VRRP_TRACK_WEIGHT_MAX, VRRP_TRACK_WEIGHT_MAX);
	v = s->args[1];
	neg = *v == '-';
	if (get_uint(c, s, v + (neg || *v == '+'), 0, 1000000, &w) < 0)
		return -1;
	if (w > VRRP_TRACK_WEIGHT_MAX)
		return fail(c, s->line, s->kw, "weight %s is out of range -%d..%d",
		            v, VRRP_TRACK_WEIGHT_MAX, VRRP_TRACK_WEIGHT_MAX);
	*out = neg ? -(int)w : (int)w;
	return 0;
}

/* One line of track_interface: "IF" or "IF weight W". */
static int parse_track_if(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;
	const char *v;
	char *end;
	long w = 0;
	int i;

	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	for (i = 0; i < in->ntrack_if; i++)
		if (strcmp(in->track_if[i], s->kw) == 0)
			return ignored(c, s->line, s->kw, "listed twice: this line is ignored");
	if (in->ntrack_if == VRRP_MAX_TRACK_IF)
		return fail(c, s->line, s->kw, "more than %d tracked interfaces",
		            VRRP_MAX_TRACK_IF);
	/* keepalived: "IF [weight W [reverse]]"; another word, or weight
	 * without a value, leaves the line out; a bad weight is 0 (down:
	 * FAULT), +-254 is +-253; each with a warning.
	 */
	if (s->nargs && (strcmp(s->args[0], "weight") != 0 || s->nargs < 2))
		return ignored(c, s->line, s->kw, "%s: this line is ignored, as keepalived "
		               "does", strcmp(s->args[0], "weight") ? "unknown option" :
		               "weight without a value");
	if (s->nargs) {
		v = s->args[1];
		errno = 0;
		w = strtol(v, &end, 10);
		if (errno || *end || !*v || w < -254 || w > 254) {
			w = 0;
			if (warned(c, s->line, s->kw, "weight %s is not -253..253: 0 (down "
			           "puts the instance in FAULT), as keepalived does", v) < 0)
				return -1;
		} else if (w == 254 || w == -254) {
			w = w > 0 ? 253 : -253;
			if (warned(c, s->line, s->kw, "weight %s is %ld, as keepalived "
			           "reads it", v, w) < 0)
				return -1;
		}
	}
	if (s->nargs > 2) {
		if (strcmp(s->args[2], "reverse") != 0) {
			if (warned(c, s->line, s->kw, "unknown option '%s': ignored, as "
			           "keepalived does", s->args[2]) < 0)
				return -1;
		} else if (!w) {
			return fail(c, s->line, s->kw, "reverse with weight 0 (FAULT while "
			            "the interface is up) is not supported");
		} else {
			in->track_if_reverse[in->ntrack_if] = true;
		}
	}
	if (s->nargs > 3 && warned(c, s->line, s->kw, "'%s' and after: ignored",
	                            s->args[3]) < 0)
		return -1;
	in->track_if_weight[in->ntrack_if] = (int)w;
	if (copy_name(c, s, s->kw, in->track_if[in->ntrack_if], IF_NAMESIZE) < 0)
		return -1;
	in->ntrack_if++;
	return 0;
}

static int i_track_interface(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return each_line(c, s, obj, parse_track_if);
}

/* One line of track_backend: "NAME" or "NAME weight W". Whether NAME is
 * a backend is for HAProxy to say (vrrp_haproxy_cfg.h, and the Lua side
 * at start).
 */
static int parse_track_backend(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;
	struct vrrp_track_backend_conf *t;
	int i;

	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	for (i = 0; i < in->ntrack_be; i++)
		if (strcmp(in->track_be[i].name, s->kw) == 0)
			return fail(c, s->line, s->kw, "listed twice (first on %s)",
			            at(c, in->track_be[i].line, s->line));
	if (in->ntrack_be == VRRP_MAX_TRACK_BACKEND)
		return fail(c, s->line, s->kw, "more than %d tracked backends",
		            VRRP_MAX_TRACK_BACKEND);
	t = &in->track_be[in->ntrack_be];
	t->weight = 0;
	if (track_weight(c, s, &t->weight) < 0 ||
	    copy_name(c, s, s->kw, t->name, sizeof(t->name)) < 0)
		return -1;
	t->line = s->line;
	in->ntrack_be++;
	return 0;
}

static int i_track_backend(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return each_line(c, s, obj, parse_track_backend);
}

/* The <n> words <wd> of statement <s>: none, or "weight W [reverse |
 * noreverse]", into <w> and <rev> (left alone when not given). Returns a
 * bit set: 1 when a weight was given, 2 when reverse or noreverse was;
 * or -1.
 */
static int file_weight(struct ctx *c, const struct conf_stmt *s, char *const *wd,
                       int n, int *w, bool *rev)
{
	unsigned long v = 0;  /* (set by get_uint() when it returns 0) */
	const char *num;
	bool neg;

	if (n == 0)
		return 0;
	if (strcmp(wd[0], "weight") != 0 || n < 2 || n > 3 ||
	    (n == 3 && strcmp(wd[2], "reverse") != 0 && strcmp(wd[2], "noreverse") != 0))
		return fail(c, s->line, s->kw, "expected \"weight <-%d..%d> [reverse]\"",
		            VRRP_TRACK_WEIGHT_MAX, VRRP_TRACK_WEIGHT_MAX);
	num = wd[1];
	neg = *num == '-';
	if (get_uint(c, s, num + (neg || *num == '+'), 0, VRRP_TRACK_WEIGHT_MAX, &v) < 0)
		return -1;
	*w = neg ? -(int)v : (int)v;
	if (n == 3)
		*rev = strcmp(wd[2], "reverse") == 0;
	return n == 3 ? 3 : 1;
}

/* One line of track_file: "NAME [weight W [reverse]]"; NAME is a
 * vrrp_track_file block, looked up once the whole file is read
 * (resolve_track_files()).
 */
static int parse_track_file(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *in = obj;
	struct vrrp_track_file_ref *r;
	int i, ret;

	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	for (i = 0; i < in->ntrack_file; i++)
		if (strcmp(in->track_file[i].name, s->kw) == 0)
			return fail(c, s->line, s->kw, "listed twice (first on %s)",
			            at(c, in->track_file[i].line, s->line));
	if (in->ntrack_file == VRRP_MAX_TRACK_FILE)
		return fail(c, s->line, s->kw, "more than %d tracked files",
		            VRRP_MAX_TRACK_FILE);
	r = &in->track_file[in->ntrack_file];
	memset(r, 0, sizeof(*r));
	r->file = -1;
	if ((ret = file_weight(c, s, s->args, s->nargs, &r->weight, &r->reverse)) < 0 ||
	    copy_name(c, s, s->kw, r->name, sizeof(r->name)) < 0)
		return -1;
	r->has_weight = ret & 1;
	r->has_reverse = (ret & 2) != 0;
	r->line = s->line;
	in->ntrack_file++;
	return 0;
}

static int i_track_file(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return each_line(c, s, obj, parse_track_file);
}

/* notify_master, notify_backup, notify_fault, notify_stop, notify: one
 * command line (quoted when it has arguments), an absolute path first.
 */
static int i_notify(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	static const char *const kws[VRRP_NOTIFY_COUNT] = {
		"notify_master", "notify_backup", "notify_fault", "notify_stop", "notify",
		"notify_master_rx_lower_pri",
	};
	struct vrrp_instance_conf *in = obj;
	int k;

	/* keepalived: SCRIPT [USER [GROUP]], the script run as that user */
	if (want_args(c, s, 1, 3) < 0)
		return -1;
	for (k = 0; k < VRRP_NOTIFY_COUNT && strcmp(kws[k], s->kw) != 0; k++)
		;
	if (k == VRRP_NOTIFY_COUNT)
		return fail(c, s->line, s->kw, "unknown notify keyword");
	if (in->notify_line[k])
		return ignored(c, s->line, s->kw, "given twice: the first (%s) is kept, "
		               "as keepalived does", at(c, in->notify_line[k], s->line));
	if (s->args[0][0] != '/')
		return fail(c, s->line, s->kw, "'%s' does not start with an absolute path "
		            "(no shell runs it, so no PATH lookup)", s->args[0]);
	in->notify_line[k] = s->line;
	if ((s->nargs > 1 && copy_name(c, s, s->args[1], in->notify_user[k],
	                               sizeof(in->notify_user[k])) < 0) ||
	    (s->nargs > 2 && copy_name(c, s, s->args[2], in->notify_group[k],
	                               sizeof(in->notify_group[k])) < 0))
		return -1;
	return copy_name(c, s, s->args[0], in->notify[k], sizeof(in->notify[k]));
}

/* Whether <tree> has a top-level block <kw> named <name> (a vrrp_script,
 * a vrrp_track_process), wherever it is in the file.
 */
static bool top_block_named(const struct conf_tree *tree, const char *kw,
                            const char *name)
{
	int i;

	for (i = 0; i < tree->root.nkids; i++) {
		const struct conf_stmt *t = &tree->root.kids[i];

		if (strcmp(t->kw, kw) == 0 && t->nargs >= 1 && strcmp(t->args[0], name) == 0)
			return true;
	}
	return false;
}

/* "track_script { NAME ... }" or "track_process { NAME ... }" in the
 * instance <obj>: each tracker is replaced by HAProxy's own liveness; a
 * note per line says so. Returns 0 or -1.
 */
static int i_track_replaced(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	const char *block = strcmp(s->kw, "track_process") == 0 ? "vrrp_track_process"
	                                                       : "vrrp_script";
	struct vrrp_instance_conf *in = obj;
	char part[40];
	int i, ret;

	if (want_block(c, s, 0) < 0)
		return -1;
	snprintf(part, sizeof(part), "part of %s", s->kw);
	for (i = 0; i < s->nkids; i++) {
		/* keepalived: "track script X not found, ignoring" */
		if (c->tree && !top_block_named(c->tree, block, s->kids[i].kw)) {
			ret = ignored(c, s->kids[i].line, s->kids[i].kw, "no %s %s in the "
			              "file: ignored, as keepalived does", block, s->kids[i].kw);
			if (ret < 0)
				return -1;
			continue;
		}
		if (c->report)
			report(c, s->kids[i].line, s->kids[i].kw, VRRP_KW_REPLACED, part);
		if (add_note(c, "%s:%d: %s %s in %s: not needed, HAProxy's "
		             "own liveness replaces it", file_of(c, s->kids[i].line),
		             conf_loc_line(s->kids[i].line), s->kw,
		             s->kids[i].kw, in->name) < 0)
			return -1;
	}
	return 0;
}

#define LIVENESS "HAProxy's own liveness replaces it"

/* ---- routes and rules (vrrp_route_conf.c reads a line) ------------------ */

/* Grows <*arr> of <n> elements of <size> bytes by one zeroed element.
 * Returns it, or NULL when out of memory.
 */
static void *grow(void **arr, int n, size_t size)
{
	char *p = realloc(*arr, (size_t)(n + 1) * size);

	if (!p)
		return NULL;
	*arr = p;
	memset(p + (size_t)n * size, 0, size);
	return p + (size_t)n * size;
}

/* One line of a route or rule block <s> (<rules> says which) into <set>:
 * its words, the keyword first, go to vrrp_route_parse() or
 * vrrp_rule_parse(). Returns 0 (used, with keepalived's warning if any:
 * warned()), 1 (left out where keepalived drops it too: ignored(), which
 * reports it) or -1 (refused, or out of memory).
 */
static int route_line(struct ctx *c, const struct conf_stmt *s,
                      struct vrrp_route_set *set, bool rules)
{
	char *words[64], msg[VRRP_ERR_MAX];
	enum vrrp_route_verdict v;
	int n = 0, i;

	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	if (s->nargs + 1 > (int)(sizeof(words) / sizeof(words[0])))
		return fail(c, s->line, s->kw, "more than %zu words",
		            sizeof(words) / sizeof(words[0]));
	words[n++] = s->kw;
	for (i = 0; i < s->nargs; i++)
		words[n++] = s->args[i];
	if (rules) {
		struct vrrp_rule_conf r;

		v = vrrp_rule_parse(words, n, &r, &c->rule_num, msg, sizeof(msg));
		if (v == VRRP_ROUTE_USED) {
			struct vrrp_rule_conf *slot = grow((void **)&set->rules, set->nrules,
			                                   sizeof(r));

			if (!slot)
				return fail(c, s->line, s->kw, "out of memory");
			r.line = s->line;
			*slot = r;
			set->nrules++;
		}
	} else {
		struct vrrp_route_conf r;

		v = vrrp_route_parse(words, n, &r, msg, sizeof(msg));
		if (v == VRRP_ROUTE_USED) {
			struct vrrp_route_conf *slot = grow((void **)&set->routes,
			                                    set->nroutes, sizeof(r));

			if (!slot)
				return fail(c, s->line, s->kw, "out of memory");
			r.line = s->line;
			*slot = r;
			set->nroutes++;
		}
	}
	if (v == VRRP_ROUTE_REFUSED)
		return fail(c, s->line, s->kw, "%s", msg);
	if (v == VRRP_ROUTE_LEFT_OUT)
		return ignored(c, s->line, s->kw, "%s: this %s is left out (keepalived "
		               "drops it too)", msg, rules ? "rule" : "route");
	/* Used, with keepalived's warning if it has one. */
	return msg[0] ? warned(c, s->line, s->kw, "%s", msg) : 0;
}

/* route_line() for a line of a route block, or of a rule block, of the
 * route set <obj> (each_line()'s callbacks).
 */
static int route_one(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return route_line(c, s, obj, false);
}

static int rule_one(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return route_line(c, s, obj, true);
}

static int i_virtual_routes(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return each_line(c, s, &((struct vrrp_instance_conf *)obj)->routes, route_one);
}

static int i_virtual_rules(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	return each_line(c, s, &((struct vrrp_instance_conf *)obj)->routes, rule_one);
}

static const struct kw_entry instance_table[] = {
	{ .kw = "state",                  .fn = i_state },
	{ .kw = "interface",              .fn = i_interface },
	INSTANCE_UINT("virtual_router_id", vrid, 1, 255, 1),
	{ .kw = "priority",               .fn = i_priority },
	{ .kw = "advert_int",             .fn = i_advert_int },
	{ .kw = "authentication",         .fn = i_authentication },
	{ .kw = "virtual_ipaddress",      .fn = i_vips },
	{ .kw = "virtual_ipaddress_excluded", .fn = i_excluded_vips },
	{ .kw = "native_ipv6",            .fn = i_native_ipv6 },
	{ .kw = "unsolicited_na_router",  .fn = i_na_router },
	{ .kw = "nopreempt",              .fn = i_nopreempt },
	{ .kw = "preempt_delay",          .fn = i_preempt_delay },
	{ .kw = "version",                .fn = i_version },
	{ .kw = "vrrp_version",           .fn = i_vrrp_version },
	INSTANCE_LENIENT("garp_master_delay", garp_delay_ms, 0, 4294, 1000, 0),
	REPEAT_NUMBER("garp_master_repeat", struct vrrp_instance_conf, KW_IN_INSTANCE, garp_repeat),
	INSTANCE_LENIENT("garp_master_refresh", garp_refresh_ms, 0, 4294967, 1000, 0),
	REPEAT_NUMBER("garp_master_refresh_repeat", struct vrrp_instance_conf, KW_IN_INSTANCE, garp_refresh_repeat),
	INSTANCE_LENIENT("down_timer_adverts", down_timer_adverts, 1, 100, 1, 0),
	LOWER_REPEAT("garp_lower_prio_repeat", struct vrrp_instance_conf, KW_IN_INSTANCE,
	             garp_lower_prio_repeat),
	INSTANCE_LENIENT("garp_lower_prio_delay", garp_lower_prio_delay_ms, 0, 4294, 1000, 0),
	BOOL_ROW("lower_prio_no_advert", struct vrrp_instance_conf, KW_IN_INSTANCE,
	         lower_prio_no_advert),
	BOOL_ROW("higher_prio_send_advert", struct vrrp_instance_conf, KW_IN_INSTANCE,
	         higher_prio_send_advert),
	{ .kw = "unicast_src_ip",         .fn = i_unicast_src },
	{ .kw = "unicast_peer",           .fn = i_unicast_peer },
	{ .kw = "unicast_ttl",            .fn = i_unicast_ttl },
	{ .kw = "track_interface",        .fn = i_track_interface },
	{ .kw = "track_backend",          .fn = i_track_backend },
	{ .kw = "track_script",           .fn = i_track_replaced, .cls = VRRP_KW_REPLACED, .why = LIVENESS },
	{ .kw = "track_process",          .fn = i_track_replaced, .cls = VRRP_KW_REPLACED, .why = LIVENESS },
	{ .kw = "v3_checksum_as_v2",      .fn = i_v3_checksum_as_v2 },
	{ .kw = "preempt",                .fn = i_preempt },
	NO_EFFECT("debug",                "keepalived's debug level: HAProxy logs what it logs"),
	NO_EFFECT("linkbeat_use_polling", "links are followed through rtnetlink, never polled"),
	NO_EFFECT("kernel_rx_buf_size",   "the raw socket is shared and sized by haproxy-vrrp"),
	NO_EFFECT("skip_check_adv_addr",  "always so: an advert with other addresses is counted, not dropped"),
	NO_EFFECT("promote_secondaries",  "the interface's sysctl is left as the system sets it (a VIP is never its primary address)"),
	NO_EFFECT("check_unicast_src",    "always so: an advert from an address that is no unicast_peer is counted and dropped"),
	REFUSED("strict_mode",      "not supported: haproxy-vrrp does not enforce keepalived's strict mode; remove it"),
	{ .kw = "use_vmac",               .fn = i_use_vmac },
	{ .kw = "vmac_xmit_base",         .fn = i_vmac_xmit_base },
	NO_EFFECT("lvs_sync_daemon_interface", "no LVS in haproxy-vrrp (and deprecated in keepalived)"),
	{ .kw = "virtual_routes",         .fn = i_virtual_routes },
	{ .kw = "virtual_rules",          .fn = i_virtual_rules },
	{ .kw = "notify_master",          .fn = i_notify },
	{ .kw = "notify_backup",          .fn = i_notify },
	{ .kw = "notify_fault",           .fn = i_notify },
	{ .kw = "notify_stop",            .fn = i_notify },
	{ .kw = "notify",                 .fn = i_notify },
	{ .kw = "notify_master_rx_lower_pri", .fn = i_notify },
	BOOL_ROW("notify_priority_changes", struct vrrp_instance_conf, KW_IN_INSTANCE,
	         notify_priority_changes),
	NO_EFFECT("smtp_alert",     "keepalived's mail: HAProxy sends none"),
	{ .kw = "track_file",             .fn = i_track_file },
	REFUSED("dont_track_primary", "not supported: the instance's interface is always tracked"),
	{ .kw = "mcast_src_ip",           .fn = i_unicast_src },
	REFUSED("track_bfd",        "not supported: no BFD in haproxy-vrrp"),
	REFUSED("mcast_dst_ip",     "not supported: adverts go to 224.0.0.18 or ff02::12 (or unicast_peer)"),
	REFUSED("garp_extra_if",    "not supported: gratuitous ARPs go out of the instance's interface only"),
	REFUSED("use_ipvlan",       "not supported: use use_vmac (a macvlan with the virtual MAC)"),
	REFUSED("use_vmac_addr",    "not supported: the vmac's MAC is the virtual MAC"),
	REFUSED("vmac_garp_intvl",  "not supported: use garp_master_refresh"),
	REFUSED("track_src_ip",     "not supported: the instance does not follow its source address (FAULT when it goes)"),
	REFUSED("unicast_fault_no_peer", "not supported: an instance without unicast_peer multicasts"),
	REFUSED("old_unicast_checksum", "not supported: keepalived's pre-2.0 unicast VRRPv3 checksum"),
	REFUSED("notify_deleted",   "not supported: an instance a reload removes is told STOP"),
	REFUSED("accept",           "not supported: the VIPs are never blocked (no firewall rules are added)"),
	REFUSED("no_accept",        "not supported: the VIPs are never blocked (no firewall rules are added)"),
	{ .kw = NULL }
};

/* Puts <in>'s advertised VIPs first, the excluded ones after (each in
 * file order), counts the former in nvips_adv and returns that count.
 */
static int finish_vips(struct vrrp_instance_conf *in)
{
	struct vrrp_vip_conf sorted[VRRP_MAX_ADDRS];
	int i, n = 0;

	for (i = 0; i < in->nvips; i++)
		if (!in->vips[i].excluded)
			sorted[n++] = in->vips[i];
	in->nvips_adv = n;
	for (i = 0; i < in->nvips; i++)
		if (in->vips[i].excluded)
			sorted[n++] = in->vips[i];
	memcpy(in->vips, sorted, sizeof(sorted[0]) * (size_t)n);
	if (!in->family)
		in->family = AF_INET;
	return in->nvips_adv;
}

/* Checks what a complete instance needs and what only makes sense
 * together.
 */
/* Puts <in>'s advert_int into its version's unit, as keepalived does,
 * with its warnings: VRRPv2 rounds to whole seconds (at least 1), VRRPv3
 * to centiseconds (at least 0.01 s) and caps at 40.95 s. Returns 0, or -1
 * when out of memory.
 */
static int advert_int_units(struct ctx *c, struct vrrp_instance_conf *in)
{
	unsigned long long us = in->adver_int_us ? in->adver_int_us : 1000000;
	unsigned long long unit = in->version == 2 ? 1000000 : 10000, cs;

	cs = (us + unit / 2) / unit * (unit / 10000);
	if (!cs)
		cs = unit / 10000;
	if (in->version == 2 && cs > VRRP_V2_MAX_INTERVAL * 100)
		cs = VRRP_V2_MAX_INTERVAL * 100;
	if (in->version == 3 && cs > VRRP_V3_MAX_INTERVAL)
		cs = VRRP_V3_MAX_INTERVAL;
	in->adver_int_cs = (uint16_t)cs;
	if (cs * 10000 == us)
		return 0;
	return late_warned(c, in->adver_int_line, "advert_int", "%s: VRRPv%u %s: "
	                   "%llu.%02llu s, as keepalived does", in->name, in->version,
	                   in->version == 2 ? "needs whole seconds (vrrp_version 3 has "
	                   "sub-second intervals)" : "counts centiseconds up to 40.95 s",
	                   cs / 100, cs % 100);
}

static int finish_instance(struct ctx *c, const struct conf_stmt *s,
                           struct vrrp_instance_conf *in)
{
	int i;

	if (!in->ifname[0])
		return fail(c, s->line, s->kw, "%s has no interface", in->name);
	if (!in->vrid)
		return fail(c, s->line, s->kw, "%s has no virtual_router_id", in->name);
	if (!finish_vips(in))
		return fail(c, s->line, s->kw, "%s has no virtual_ipaddress (an advert "
		            "names at least one)", in->name);
	if (in->family == AF_INET6 && in->version == 2)
		return fail(c, s->line, s->kw, "%s: VRRPv2 is IPv4 only (RFC 3768); an "
		            "IPv6 instance speaks VRRPv3 (keepalived outside vrrp_strict "
		            "would send VRRPv2 over IPv6, which no RFC peer reads)", in->name);
	/* keepalived: an IPv6 instance speaks v3 whatever vrrp_version says
	 * globally.
	 */
	if (!in->version)
		in->version = in->family == AF_INET6 ? 3 : (uint8_t)c->default_version;
	if (advert_int_units(c, in) < 0)
		return -1;
	/* keepalived: without a priority, initial state MASTER makes the
	 * address owner (255), else 100. What initial state MASTER or the
	 * owner's priority makes pointless, it clears with a warning.
	 */
	if (!in->priority)
		in->priority = in->want_master ? VRRP_PRIO_OWNER : 100;
	/* (no state: keepalived derives MASTER from priority 255) */
	if (!c->state_line && in->priority == VRRP_PRIO_OWNER)
		in->want_master = true;
	if (!in->preempt && (in->want_master || in->priority == VRRP_PRIO_OWNER)) {
		in->preempt = true;
		if (ignored(c, c->nopreempt_line, "nopreempt", "%s: does not work with %s: "
		            "cleared, as keepalived does (use state BACKUP)", in->name,
		            in->want_master ? "initial state MASTER" : "priority 255") < 0)
			return -1;
	}
	if (in->preempt_delay_ms && in->want_master) {
		in->preempt_delay_ms = 0;
		if (ignored(c, c->preempt_delay_line, "preempt_delay", "%s: does not work "
		            "with initial state MASTER: cleared, as keepalived does (use "
		            "state BACKUP)", in->name) < 0)
			return -1;
	}
	if (in->version == 2 && in->csum_mode == VRRP_CSUM_NO_PSEUDO_HEADER)
		return fail(c, c->csum_line, "v3_checksum_as_v2", "%s: only applies to "
		            "VRRPv3", in->name);
	if (in->family == AF_INET6 && in->csum_mode == VRRP_CSUM_NO_PSEUDO_HEADER) {
		/* RFC 9568 and keepalived: over IPv6 the pseudo-header is
		 * always in the checksum.
		 */
		if (ignored(c, c->csum_line, "v3_checksum_as_v2", "%s: IPv4 only: over IPv6 "
		            "the checksum always covers the pseudo-header", in->name) < 0)
			return -1;
		in->csum_mode = VRRP_CSUM_PSEUDO_HEADER;
	}
	if (in->version == 3 && in->auth_type != VRRP_AUTH_NONE) {
		/* keepalived: "VRRP version 3 does not support authentication.
		 * Ignoring." */
		if (ignored(c, in->auth_line, "authentication", "%s: VRRPv3 has no "
		            "authentication (RFC 9568): ignored (keepalived warns and "
		            "carries on)", in->name) < 0)
			return -1;
		in->auth_type = VRRP_AUTH_NONE;
		memset(in->auth_pass, 0, sizeof(in->auth_pass));
	}
	if (!in->garp_repeat)
		in->garp_repeat = c->garp_repeat;
	if (!in->down_timer_adverts)
		in->down_timer_adverts = (uint8_t)c->down_timer_adverts;
	if (!in->garp_refresh_repeat)
		in->garp_refresh_repeat = c->garp_refresh_repeat;
	if (vrrp_addr_is_set(&in->unicast_src) && in->unicast_src.family != in->family)
		return fail(c, c->unicast_src_line, c->unicast_src_kw, "%s: an %s address "
		            "for an %s instance", in->name,
		            vrrp_family_name(in->unicast_src.family), vrrp_family_name(in->family));
	if (in->family == AF_INET6 && in->npeers && !vrrp_addr_is_set(&in->unicast_src)) {
		for (i = 0; i < in->npeers; i++)
			if (!vrrp_addr_is_linklocal(&in->peers[i]))
				return fail(c, s->line, s->kw, "%s: an IPv6 unicast_peer that "
				            "is not link-local needs unicast_src_ip (one of the "
				            "interface's global addresses): adverts come from "
				            "the link-local address otherwise, and the peer's "
				            "answers to our global address would not reach it",
				            in->name);
	}
	if (in->unicast_ttl && !in->npeers) {
		/* keepalived: "Cannot use unicast_ttl without unicast peers" */
		if (ignored(c, in->unicast_ttl_line, "unicast_ttl", "%s has no "
		            "unicast_peer: ignored, as keepalived does (multicast "
		            "adverts keep TTL 255)", in->name) < 0)
			return -1;
		in->unicast_ttl = 0;
	}
	/* keepalived reads mcast_src_ip and unicast_src_ip alike: the
	 * adverts' source, multicast or not. Over IPv6 a multicast advert
	 * comes from a link-local address (RFC 9568 5.1.2.1).
	 */
	if (vrrp_addr_is_set(&in->unicast_src) && !in->npeers &&
	    in->family == AF_INET6 && !vrrp_addr_is_linklocal(&in->unicast_src))
		return fail(c, c->unicast_src_line, c->unicast_src_kw, "%s: multicast "
		            "adverts over IPv6 come from a link-local address (RFC 9568), "
		            "not a global one (a global source needs unicast_peer)",
		            in->name);
	if (finish_vmac(c, in) < 0)
		return -1;
	for (i = 0; i < c->conf->ninst - 1; i++) {
		const struct vrrp_instance_conf *o = &c->conf->inst[i];

		if (strcmp(o->name, in->name) == 0)
			return fail(c, s->line, s->kw, "%s is defined twice (first on %s)",
			            in->name, at(c, o->line, s->line));
		if (o->vrid == in->vrid && o->family == in->family &&
		    strcmp(o->ifname, in->ifname) == 0)
			return fail(c, s->line, s->kw, "%s uses virtual_router_id %u over "
			            "%s on %s like %s (%s)", in->name, in->vrid,
			            vrrp_family_name(in->family), in->ifname, o->name,
			            at(c, o->line, s->line));
	}
	return 0;
}

static int t_global_defs(struct ctx *c, const struct conf_stmt *s)
{
	if (want_block(c, s, 0) < 0)
		return -1;
	return run_table(c, s, global_table, NULL, "in global_defs");
}

const char *vrrp_fifo_keyword(int which, bool script)
{
	static const char *const kw[VRRP_FIFO_COUNT][2] = {
		[VRRP_FIFO_ANY] = { "notify_fifo", "notify_fifo_script" },
		[VRRP_FIFO_VRRP] = { "vrrp_notify_fifo", "vrrp_notify_fifo_script" },
	};

	return kw[which][script];
}

/* Once every global_defs is read: a FIFO's reader without the FIFO is
 * dropped with a note (keepalived starts it only with its FIFO, and says
 * nothing). Returns 0 or -1.
 */
static int drop_orphan_fifo_scripts(struct ctx *c)
{
	int i;

	for (i = 0; i < VRRP_FIFO_COUNT; i++) {
		struct vrrp_fifo_conf *f = &c->conf->notify_fifo[i];

		if (!f->script_line || f->path[0])
			continue;
		if (ignored(c, f->script_line, vrrp_fifo_keyword(i, true), "no %s in "
		            "global_defs for it to read: not run, as keepalived does",
		            vrrp_fifo_keyword(i, false)) < 0)
			return -1;
		f->script[0] = '\0';
		f->script_line = 0;
	}
	return 0;
}

static int t_vrrp_script(struct ctx *c, const struct conf_stmt *s)
{
	if (want_block(c, s, 1) < 0 || run_table(c, s, script_table, NULL,
	                                          "in vrrp_script") < 0)
		return -1;
	return add_note(c, "%s:%d: vrrp_script %s: not run, HAProxy's own liveness "
	                "replaces it", file_of(c, s->line), conf_loc_line(s->line),
	                s->args[0]);
}

static int t_vrrp_instance(struct ctx *c, const struct conf_stmt *s)
{
	struct vrrp_instance_conf *in, *ni;

	if (want_block(c, s, 1) < 0)
		return -1;
	ni = realloc(c->conf->inst, (size_t)(c->conf->ninst + 1) * sizeof(*ni));
	if (!ni)
		return fail(c, s->line, s->kw, "out of memory");
	c->conf->inst = ni;
	in = &ni[c->conf->ninst++];
	memset(in, 0, sizeof(*in));
	if (copy_name(c, s, s->args[0], in->name, sizeof(in->name)) < 0)
		return -1;
	in->line = s->line;
	in->sync_group = -1;
	in->na_router = -1;
	in->priority = 0;          /* finish_instance(): keepalived's default */
	in->adver_int_cs = 100;
	in->preempt = true;
	in->garp_delay_ms = c->garp_delay_ms;
	/* keepalived: the global GARP repeat and delay unless the lower
	 * priority ones are given (global_defs are read first)
	 */
	in->garp_lower_prio_repeat = c->garp_lower_prio_repeat != UNSET
	                             ? c->garp_lower_prio_repeat : c->garp_repeat;
	in->garp_lower_prio_delay_ms = c->garp_lower_prio_delay_ms != UNSET
	                               ? c->garp_lower_prio_delay_ms : c->garp_delay_ms;
	in->lower_prio_no_advert = c->lower_prio_no_advert;
	in->notify_priority_changes = -1;   /* resolve_groups(): group's, then global */
	in->higher_prio_send_advert = c->higher_prio_send_advert;
	in->garp_refresh_ms = c->garp_refresh_ms;
	c->unicast_src_line = c->csum_line = s->line;
	c->state_line = c->version_line = c->nopreempt_line = c->preempt_delay_line = 0;
	c->unicast_src_kw = "unicast_src_ip";
	if (run_table(c, s, instance_table, in, "in vrrp_instance") < 0)
		return -1;
	return finish_instance(c, s, in);
}

/* Read in interpret()'s first pass; here only its verdict is given. */
static int top_global_defs(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	if (!c->global_err[0])
		return 0;
	snprintf(c->err, c->errlen, "%s", c->global_err);
	(void)s;
	return -1;
}

static int top_vrrp_script(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	return t_vrrp_script(c, s);
}

static int top_vrrp_track_process(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	return t_vrrp_track_process(c, s);
}

static int top_vrrp_instance(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	return t_vrrp_instance(c, s);
}

/* ---- vrrp_sync_group ---------------------------------------------------- */

/* group { VI_1 VI_2 }: instance names, resolved once every instance is
 * read (keepalived files usually put the groups first).
 */
static int sg_group(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_sync_group_conf *g = obj;
	int i, k;

	if (want_block(c, s, 0) < 0)
		return -1;
	for (i = 0; i < s->nkids; i++) {
		const struct conf_stmt *m = &s->kids[i];

		if (m->has_block || m->nargs)
			return fail(c, m->line, m->kw, "only an instance name is expected here");
		for (k = 0; k < g->nmembers && strcmp(g->members[k], m->kw) != 0; k++)
			;
		if (k < g->nmembers) {
			if (ignored(c, m->line, m->kw, "listed twice in %s: this line is "
			            "ignored (keepalived warns and carries on)", g->name) < 0)
				return -1;
			continue;
		}
		if (g->nmembers == VRRP_MAX_GROUP_MEMBERS)
			return fail(c, m->line, m->kw, "more than %d instances in %s",
			            VRRP_MAX_GROUP_MEMBERS, g->name);
		if (copy_name(c, m, m->kw, g->members[g->nmembers], VRRP_NAME_MAX) < 0)
			return -1;
		g->member_lines[g->nmembers++] = m->line;
	}
	return 0;
}

/* The group's tracking lines are read as an instance's, and kept aside
 * for its members (resolve_groups()).
 */
static int sg_track_backend(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_sync_group_conf *g = obj;

	return i_track_backend(c, s, &g->shared);
}

/* The group's notify scripts (GROUP NAME STATE for "notify"). */
static int sg_notify(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_sync_group_conf *g = obj;

	return i_notify(c, s, &g->shared);
}

/* A row of the instance table given to a sync group: it sets the group's
 * shared settings (its members' where they do not say).
 */
static int sg_bool(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_sync_group_conf *g = obj;

	return kw_bool(c, s, &g->shared);
}

static int sg_track_interface(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_sync_group_conf *g = obj;

	return i_track_interface(c, s, &g->shared);
}

static int sg_track_file(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_sync_group_conf *g = obj;

	return i_track_file(c, s, &g->shared);
}

static int sg_tracking_weight(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_sync_group_conf *g = obj;

	if (want_args(c, s, 0, 0) < 0)
		return -1;
	g->tracking_weight = true;
	return 0;
}

/* track_script / track_process in the group <obj>: as in an instance. */
static int sg_track_replaced(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_sync_group_conf *g = obj;

	return i_track_replaced(c, s, &g->shared);
}

static const struct kw_entry group_table[] = {
	{ .kw = "group",                  .fn = sg_group },
	{ .kw = "track_backend",          .fn = sg_track_backend },
	{ .kw = "track_interface",        .fn = sg_track_interface },
	{ .kw = "sync_group_tracking_weight", .fn = sg_tracking_weight },
	{ .kw = "track_script",           .fn = sg_track_replaced, .cls = VRRP_KW_REPLACED, .why = LIVENESS },
	{ .kw = "track_process",          .fn = sg_track_replaced, .cls = VRRP_KW_REPLACED, .why = LIVENESS },
	NO_EFFECT("smtp_alert",           "keepalived's mail: HAProxy sends none"),
	NO_EFFECT("global_tracking",      "deprecated in keepalived; the group's tracking applies to every member"),
	{ .kw = "notify_master",          .fn = sg_notify },
	{ .kw = "notify_backup",          .fn = sg_notify },
	{ .kw = "notify_fault",           .fn = sg_notify },
	{ .kw = "notify_stop",            .fn = sg_notify },
	{ .kw = "notify",                 .fn = sg_notify },
	{ .kw = "notify_priority_changes", .fn = sg_bool, .num = { .target = KW_IN_INSTANCE,
	  .offset = offsetof(struct vrrp_instance_conf, notify_priority_changes),
	  .size = sizeof(int) } },
	{ .kw = "track_file",             .fn = sg_track_file },
	{ .kw = NULL }
};

static int top_vrrp_sync_group(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_sync_group_conf *g, *ng;
	int i;

	(void)obj;
	if (want_block(c, s, 1) < 0)
		return -1;
	for (i = 0; i < c->conf->ngroups; i++)
		if (strcmp(c->conf->groups[i].name, s->args[0]) == 0)
			return fail(c, s->line, s->kw, "%s is defined twice (first on %s)",
			            s->args[0], at(c, c->conf->groups[i].line, s->line));
	ng = realloc(c->conf->groups, (size_t)(c->conf->ngroups + 1) * sizeof(*ng));
	if (!ng)
		return fail(c, s->line, s->kw, "out of memory");
	c->conf->groups = ng;
	g = &ng[c->conf->ngroups++];
	memset(g, 0, sizeof(*g));
	if (copy_name(c, s, s->args[0], g->name, sizeof(g->name)) < 0)
		return -1;
	snprintf(g->shared.name, sizeof(g->shared.name), "%s", g->name);
	g->shared.sync_group = -1;
	g->shared.notify_priority_changes = -1;
	g->line = s->line;
	if (run_table(c, s, group_table, g, "in vrrp_sync_group") < 0)
		return -1;
	if (!g->nmembers)
		return fail(c, s->line, s->kw, "%s has no group { } of instances", g->name);
	return 0;
}

/* Gives instance <in> group <g>'s tracking lines. */
static int share_tracking(struct ctx *c, const struct vrrp_sync_group_conf *g,
                          struct vrrp_instance_conf *in)
{
	const struct vrrp_instance_conf *sh = &g->shared;
	int i, k;

	for (i = 0; i < sh->ntrack_be; i++) {
		for (k = 0; k < in->ntrack_be; k++)
			if (strcmp(in->track_be[k].name, sh->track_be[i].name) == 0)
				return fail(c, sh->track_be[i].line, sh->track_be[i].name,
				            "tracked by vrrp_sync_group %s and by its member %s "
				            "(%s): keep one", g->name, in->name,
				            at(c, in->track_be[k].line, sh->track_be[i].line));
		if (in->ntrack_be == VRRP_MAX_TRACK_BACKEND)
			return fail(c, sh->track_be[i].line, sh->track_be[i].name, "%s would "
			            "track more than %d backends", in->name, VRRP_MAX_TRACK_BACKEND);
		in->track_be[in->ntrack_be++] = sh->track_be[i];
	}
	for (i = 0; i < sh->ntrack_if; i++) {
		for (k = 0; k < in->ntrack_if && strcmp(in->track_if[k], sh->track_if[i]); k++)
			;
		if (k < in->ntrack_if)
			continue;   /* the same interface tracked twice is one */
		if (in->ntrack_if == VRRP_MAX_TRACK_IF)
			return fail(c, g->line, "track_interface", "%s would track more "
			            "than %d interfaces", in->name, VRRP_MAX_TRACK_IF);
		in->track_if_weight[in->ntrack_if] = sh->track_if_weight[i];
		in->track_if_reverse[in->ntrack_if] = sh->track_if_reverse[i];
		memcpy(in->track_if[in->ntrack_if++], sh->track_if[i], IF_NAMESIZE);
	}
	for (i = 0; i < sh->ntrack_file; i++) {
		for (k = 0; k < in->ntrack_file &&
		            strcmp(in->track_file[k].name, sh->track_file[i].name); k++)
			;
		if (k < in->ntrack_file)
			continue;   /* the same file tracked twice is one */
		if (in->ntrack_file == VRRP_MAX_TRACK_FILE)
			return fail(c, sh->track_file[i].line, sh->track_file[i].name, "%s would "
			            "track more than %d files", in->name, VRRP_MAX_TRACK_FILE);
		in->track_file[in->ntrack_file++] = sh->track_file[i];
	}
	return 0;
}

/* Once every instance is read: ties each group to its members, as
 * keepalived does: a name that is no instance, or an instance already in
 * another group, is left out with a note; a group left with fewer than
 * two members is dropped with a note. The groups kept are renumbered.
 */
static int resolve_groups(struct ctx *c)
{
	struct vrrp_conf *conf = c->conf;
	int gi, kept = 0, m, i, n;

	for (gi = 0; gi < conf->ngroups; gi++) {
		struct vrrp_sync_group_conf *g = &conf->groups[gi];
		int members[VRRP_MAX_GROUP_MEMBERS];

		for (n = 0, m = 0; m < g->nmembers; m++) {
			for (i = 0; i < conf->ninst && strcmp(conf->inst[i].name, g->members[m]); i++)
				;
			if (i == conf->ninst) {
				if (ignored(c, g->member_lines[m], g->members[m], "no vrrp_instance "
				               "of that name; left out of vrrp_sync_group %s (as "
				               "keepalived does)", g->name) < 0)
					return -1;
			} else if (conf->inst[i].sync_group >= 0) {
				if (ignored(c, g->member_lines[m], g->members[m], "already in "
				               "vrrp_sync_group %s; left out of %s (as keepalived does)",
				               conf->groups[conf->inst[i].sync_group].name, g->name) < 0)
					return -1;
			} else {
				members[n++] = i;
				conf->inst[i].sync_group = kept;
			}
		}
		if (n < 2) {
			for (m = 0; m < n; m++)
				conf->inst[members[m]].sync_group = -1;
			if (ignored(c, g->line, "vrrp_sync_group", "%s has %d instance%s: "
			               "ignored (as keepalived does)", g->name, n,
			               n == 1 ? "" : "s") < 0)
				return -1;
			continue;
		}
		for (m = 0; m < n; m++) {
			struct vrrp_instance_conf *in = &conf->inst[members[m]];

			if (in->notify_priority_changes < 0)
				in->notify_priority_changes = g->shared.notify_priority_changes;
			if (share_tracking(c, g, in) < 0)
				return -1;
			/* keepalived: weights would let the members' priorities
			 * part ways, so a failure puts the group in FAULT instead,
			 * unless sync_group_tracking_weight says otherwise.
			 */
			for (i = 0; i < in->ntrack_be && !g->tracking_weight; i++) {
				if (!in->track_be[i].weight)
					continue;
				if (ignored(c, in->track_be[i].line, in->track_be[i].name,
				               "weight ignored in vrrp_sync_group %s (no usable server "
				               "puts the group in FAULT), as keepalived does without "
				               "sync_group_tracking_weight", g->name) < 0)
					return -1;
				in->track_be[i].weight = 0;
			}
			for (i = 0; i < in->ntrack_if && !g->tracking_weight; i++) {
				if (!in->track_if_weight[i])
					continue;
				if (ignored(c, g->line, in->track_if[i], "track_interface of %s: "
				               "weight ignored in vrrp_sync_group %s (down puts the group "
				               "in FAULT), as keepalived does without "
				               "sync_group_tracking_weight", in->name, g->name) < 0)
					return -1;
				in->track_if_weight[i] = 0;
			}
		}
		if (kept != gi)
			conf->groups[kept] = *g;
		kept++;
	}
	conf->ngroups = kept;
	return 0;
}

static int tf_file(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_track_file_conf *f = obj;

	if (want_args(c, s, 1, 1) < 0)
		return -1;
	if (f->path[0])
		return ignored(c, s->line, s->kw, "given twice: the first is kept, as "
		               "keepalived does");
	if (s->args[0][0] != '/')
		return fail(c, s->line, s->kw, "'%s' is not an absolute path", s->args[0]);
	if (s->args[0][strlen(s->args[0]) - 1] == '/')
		return fail(c, s->line, s->kw, "'%s' names a directory", s->args[0]);
	return copy_name(c, s, s->args[0], f->path, sizeof(f->path));
}

static int tf_weight(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_track_file_conf *f = obj;
	char *wd[3] = { s->kw, NULL, NULL };
	int i;

	if (f->weight_line)
		return ignored(c, s->line, s->kw, "given twice: the first (%s) is kept, "
		               "as keepalived does", at(c, f->weight_line, s->line));
	f->weight_line = s->line;
	/* the words that follow a name in track_file, "weight" included */
	if (s->nargs < 1 || s->nargs > 2)
		return fail(c, s->line, s->kw, "expected \"weight <-%d..%d> [reverse]\"",
		            VRRP_TRACK_WEIGHT_MAX, VRRP_TRACK_WEIGHT_MAX);
	for (i = 0; i < s->nargs; i++)
		wd[i + 1] = s->args[i];
	return file_weight(c, s, wd, s->nargs + 1, &f->weight, &f->reverse) < 0 ? -1 : 0;
}

/* init_file [VALUE] [overwrite]: keepalived creates the file with VALUE
 * (default 0) if it is missing, or always with "overwrite".
 */
static int tf_init_file(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_track_file_conf *f = obj;
	bool value = false;
	int i;

	if (want_args(c, s, 0, 2) < 0)
		return -1;
	f->init = true;
	for (i = 0; i < s->nargs; i++) {
		const char *v = s->args[i];
		char *end;

		if (strcmp(v, "overwrite") == 0 && !f->init_overwrite) {
			f->init_overwrite = true;
			continue;
		}
		/* (base 10, as keepalived reads it: "010" is 10) */
		errno = 0;
		f->init_value = strtol(v, &end, 10);
		if (errno || !*v || *end || value)
			return fail(c, s->line, s->kw, "'%s' is not a number or \"overwrite\"", v);
		value = true;
	}
	return 0;
}

static const struct kw_entry track_file_table[] = {
	{ .kw = "file",      .fn = tf_file },
	{ .kw = "weight",    .fn = tf_weight },
	{ .kw = "init_file", .fn = tf_init_file },
	{ .kw = NULL }
};

/* vrrp_track_file NAME { file PATH; weight W [reverse]; init_file ... }
 * (keepalived 2.x also calls it track_file).
 */
static int top_track_file(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_conf *conf = c->conf;
	struct vrrp_track_file_conf *f, *nf;
	int i;

	(void)obj;
	if (want_block(c, s, 1) < 0)
		return -1;
	for (i = 0; i < conf->ntrack_files; i++)
		if (strcmp(conf->track_files[i].name, s->args[0]) == 0)
			return fail(c, s->line, s->kw, "%s is defined twice (first on %s)",
			            s->args[0], at(c, conf->track_files[i].line, s->line));
	nf = realloc(conf->track_files, (size_t)(conf->ntrack_files + 1) * sizeof(*nf));
	if (!nf)
		return fail(c, s->line, s->kw, "out of memory");
	conf->track_files = nf;
	f = &nf[conf->ntrack_files];
	memset(f, 0, sizeof(*f));
	f->weight = 1;
	f->line = s->line;
	if (copy_name(c, s, s->args[0], f->name, sizeof(f->name)) < 0 ||
	    run_table(c, s, track_file_table, f, "in vrrp_track_file") < 0)
		return -1;
	if (!f->path[0])
		return fail(c, s->line, s->kw, "%s has no file", f->name);
	conf->ntrack_files++;
	return 0;
}

/* Gives each instance's track_file line its block, and the block's weight
 * unless the line has its own. A name that is no block is left out with a
 * note, as keepalived does ("track file ... not found, ignoring").
 */
static int resolve_track_files(struct ctx *c)
{
	struct vrrp_conf *conf = c->conf;
	int i, k, f;

	for (i = 0; i < conf->ninst; i++) {
		struct vrrp_instance_conf *in = &conf->inst[i];

		for (k = 0; k < in->ntrack_file; k++) {
			struct vrrp_track_file_ref *r = &in->track_file[k];

			for (f = 0; f < conf->ntrack_files; f++)
				if (strcmp(conf->track_files[f].name, r->name) == 0)
					break;
			if (f < conf->ntrack_files) {
				bool weighless = in->priority == 255 ||
				                 (in->sync_group >= 0 &&
				                  !conf->groups[in->sync_group].tracking_weight);

				r->file = f;
				if (!r->has_reverse)
					r->reverse = conf->track_files[f].reverse;
				if (!r->has_weight)
					r->weight = weighless ? 0 : conf->track_files[f].weight;
				/* keepalived: an address owner, or a sync group's
				 * member, tracks with weight 0 only.
				 */
				if (!weighless || r->weight == 0)
					continue;
				if (ignored(c, r->line, r->name, "track_file of %s: a weight is "
				            "ignored %s, so the file is not tracked (keepalived "
				            "does the same)", in->name, in->priority == 255 ?
				            "for an address owner (priority 255)" :
				            "in a vrrp_sync_group without sync_group_tracking_weight") < 0)
					return -1;
			} else if (ignored(c, r->line, r->name, "track_file of %s: no "
			                   "vrrp_track_file %s: ignored (keepalived warns "
			                   "and carries on)", in->name, r->name) < 0) {
				return -1;
			}
			memmove(r, r + 1, sizeof(*r) * (size_t)(in->ntrack_file - k - 1));
			in->ntrack_file--;
			k--;
		}
	}
	return 0;
}

static int top_static_routes(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	return each_line(c, s, &c->conf->statics, route_one);
}

static int top_static_rules(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	(void)obj;
	return each_line(c, s, &c->conf->statics, rule_one);
}

/* One line of static_ipaddress, read into <obj> (a scratch instance) as a
 * virtual_ipaddress line of either family, then kept with the "dev" it
 * goes on (each_line()'s callback).
 */
static int static_addr_one(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *scratch = obj;
	struct vrrp_vip_conf *slot;
	int one;

	scratch->nvips = 0;
	one = parse_vip_line(c, s, scratch, true);
	if (one != 0)
		return one;
	if (!scratch->vips[0].dev[0] && c->conf->default_interface[0])
		memcpy(scratch->vips[0].dev, c->conf->default_interface, IF_NAMESIZE);
	if (!scratch->vips[0].dev[0])
		return fail(c, s->line, s->kw, "a static address needs \"dev IF\" "
		            "(or default_interface in global_defs)");
	slot = grow((void **)&c->conf->static_addrs, c->conf->nstatic_addrs, sizeof(*slot));
	if (!slot)
		return fail(c, s->line, s->kw, "out of memory");
	*slot = scratch->vips[0];
	slot->excluded = false;
	c->conf->nstatic_addrs++;
	return 0;
}

static int top_static_addrs(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_instance_conf *scratch = calloc(1, sizeof(*scratch));
	int ret;

	(void)obj;
	if (!scratch)
		return fail(c, s->line, s->kw, "out of memory");
	ret = each_line(c, s, scratch, static_addr_one);
	free(scratch);
	return ret;
}

/* net_namespace NAME (top level, as in keepalived): the network namespace
 * VRRP runs in, a name as "ip netns add" makes it. keepalived's first one
 * wins and a later one is ignored with a warning: so here, with a note. A
 * line without a name keepalived ignores too, and would then run VRRP in
 * its own namespace; here that is refused: the namespace the operator
 * meant to name may hold interfaces of the same names as the host's, and
 * adverts and VIPs on the wrong ones are worse than a refusal. Whether
 * the namespace exists is for the loader (vrrp_node_load()): the file
 * alone says nothing about the host. Returns 0, 1 (ignored) or -1.
 */
static int top_net_namespace(struct ctx *c, const struct conf_stmt *s, void *obj)
{
	struct vrrp_conf *conf = c->conf;
	const char *v;

	(void)obj;
	if (s->has_block)
		return fail(c, s->line, s->kw, "takes no { block }");
	if (s->nargs < 1)
		return fail(c, s->line, s->kw, "missing namespace name (keepalived "
		            "ignores the line and stays in its own namespace; haproxy-vrrp "
		            "refuses it rather than run VRRP where it was not meant to)");
	v = s->args[0];
	if (conf->net_namespace_line)
		return ignored(c, s->line, s->kw, "defined twice (first on %s): %s is "
		               "ignored, the first applies (keepalived does the same)",
		               at(c, conf->net_namespace_line, s->line), v);
	if (strchr(v, '/') || strcmp(v, ".") == 0 || strcmp(v, "..") == 0)
		return fail(c, s->line, s->kw, "'%s' is not a namespace name: it names a "
		            "file in /var/run/netns, as \"ip netns add NAME\" makes it", v);
	if (copy_name(c, s, v, conf->net_namespace, sizeof(conf->net_namespace)) < 0)
		return -1;
	conf->net_namespace_line = s->line;
	if (s->nargs > 1 && warned(c, s->line, s->kw, "'%s' and after: ignored (so "
	                           "does keepalived)", s->args[1]) < 0)
		return -1;
	return 0;
}

static const struct kw_entry top_table[] = {
	{ .kw = "net_namespace",  .fn = top_net_namespace },
	{ .kw = "global_defs",    .fn = top_global_defs },
	{ .kw = "vrrp_script",    .fn = top_vrrp_script, .cls = VRRP_KW_REPLACED, .why = LIVENESS },
	{ .kw = "vrrp_track_process", .fn = top_vrrp_track_process, .cls = VRRP_KW_REPLACED, .why = LIVENESS },
	{ .kw = "vrrp_instance",  .fn = top_vrrp_instance },
	{ .kw = "vrrp_sync_group", .fn = top_vrrp_sync_group },
	{ .kw = "vrrp_track_file", .fn = top_track_file },
	{ .kw = "track_file",     .fn = top_track_file },
	REFUSED("virtual_server", "not supported by haproxy-vrrp: HAProxy is the load balancer (no LVS)"),
	REFUSED("virtual_server_group", "not supported by haproxy-vrrp: HAProxy is the load balancer (no LVS)"),
	REFUSED("include",        "needs a file name or glob pattern"),
	{ .kw = "static_ipaddress", .fn = top_static_addrs },
	{ .kw = "static_routes",  .fn = top_static_routes },
	{ .kw = "static_rules",   .fn = top_static_rules },
	REFUSED("bfd_instance",   "not supported by haproxy-vrrp"),
	REFUSED("garp_group",     "not supported by haproxy-vrrp: use garp_master_* in the instance"),
	REFUSED("track_group",    "not supported by haproxy-vrrp: track interfaces and files in each instance or vrrp_sync_group"),
	REFUSED("interface_up_down_delays", "not supported: a link change is acted on at once"),
	NO_EFFECT("linkbeat_interfaces", "links are followed through rtnetlink, never polled"),
	{ .kw = NULL }
};

/* The file-syntax layer's notes: an include line is "used"; what
 * keepalived would log and carry on past (a pattern matching no file)
 * becomes a note, "no effect" in check mode. Returns 0 or -1.
 */
static int tree_notes(struct ctx *c)
{
	int i;

	for (i = 0; i < c->tree->nnotes; i++) {
		const struct conf_note *n = &c->tree->notes[i];

		if (!n->why) {
			if (c->report)
				report(c, n->loc, n->kw, VRRP_KW_USED, NULL);
		} else if (ignored(c, n->loc, n->kw, "%s", n->why) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Walks the top level. global_defs comes first in keepalived files but
 * its settings apply to instances wherever they appear, so it is read in
 * a first pass.
 */
static int interpret(struct ctx *c, const struct conf_stmt *root)
{
	int i;

	if (tree_notes(c) < 0)
		return -1;

	for (i = 0; i < root->nkids; i++) {
		const struct conf_stmt *s = &root->kids[i];

		if (strcmp(s->kw, "global_defs") != 0)
			continue;
		if (t_global_defs(c, s) < 0) {
			if (!c->report)
				return -1;
			snprintf(c->global_err, sizeof(c->global_err), "%s", c->err);
		}
	}
	if (drop_orphan_fifo_scripts(c) < 0 ||
	    run_table(c, root, top_table, NULL, "at top level") < 0)
		return -1;
	if (resolve_groups(c) < 0) {
		if (!c->report)
			return -1;
		report(c, 1, "vrrp_sync_group", VRRP_KW_INVALID, c->err);
	}
	for (i = 0; i < c->conf->ninst; i++)
		if (c->conf->inst[i].notify_priority_changes < 0)
			c->conf->inst[i].notify_priority_changes = c->notify_priority_changes;
	if (resolve_track_files(c) < 0)
		return -1;
	if (c->conf->ninst == 0) {
		fail(c, root->nkids ? root->kids[root->nkids - 1].line : 1,
		     "vrrp_instance", "no vrrp_instance defined");
		if (!c->report)
			return -1;
		report(c, 1, "vrrp_instance", VRRP_KW_INVALID, c->err);
	}
	return 0;
}

/* Tokenizes, parses and interprets <text>, the "@ID" lines against
 * <config_id> (NULL: keepalived's default); in check mode (<rep> set)
 * every statement is reported and only a tokenizer or parser error stops
 * it, reported by vrrp_conf_check() from <tree>. Returns 0 or -1.
 */
/* Copies the names of the files <tree> was read from into the config, so
 * that the runtime can say where a line it keeps is (vrrp_conf_at()).
 */
static int keep_files(struct ctx *c, const struct conf_tree *tree)
{
	int i;

	c->conf->files = calloc((size_t)tree->nfiles + 1, sizeof(char *));
	if (!c->conf->files)
		return fail(c, 1, "config", "out of memory");
	for (i = 0; i < tree->nfiles; i++) {
		c->conf->files[i] = strdup(tree->files[i]);
		if (!c->conf->files[i])
			return fail(c, 1, "config", "out of memory");
		c->conf->nfiles++;
	}
	return 0;
}

const char *vrrp_conf_at(const struct vrrp_conf *conf, int loc, char *buf,
                         size_t len)
{
	int f = loc >> CONF_LINE_BITS;

	if (f > 0 && f < conf->nfiles)
		snprintf(buf, len, "line %d of %s", conf_loc_line(loc), conf->files[f]);
	else
		snprintf(buf, len, "line %d", conf_loc_line(loc));
	return buf;
}

const char *vrrp_conf_file(const struct vrrp_conf *conf, int loc)
{
	int f = loc >> CONF_LINE_BITS;

	return f > 0 && f < conf->nfiles ? conf->files[f] : conf->path;
}

static int conf_run(const char *path, const char *config_id, const char *text,
                    size_t len, struct vrrp_conf *conf, char *err, size_t errlen,
                    vrrp_conf_report_fn rep, void *arg, int *problems,
                    struct conf_tree *tree)
{
	struct ctx c = { .path = path, .tree = tree, .err = err, .errlen = errlen, .conf = conf,
	                 .default_version = 2, .garp_delay_ms = KA_GARP_DELAY_MS,
	                 .garp_repeat = KA_GARP_REPEAT, .garp_refresh_repeat = 1,
	                 .down_timer_adverts = 3, .garp_lower_prio_repeat = UNSET,
	                 .garp_lower_prio_delay_ms = UNSET,
	                 .higher_prio_send_advert = true, .report = rep,
	                 .report_arg = arg };
	int ret;

	memset(conf, 0, sizeof(*conf));
	snprintf(conf->path, sizeof(conf->path), "%s", path);
	ret = conf_tree_parse(path, config_id, text, len, tree, err, errlen);
	if (ret == 0)
		ret = keep_files(&c, tree);
	if (ret == 0)
		ret = interpret(&c, &tree->root);
	if (problems)
		*problems = c.problems;
	return ret;
}

int vrrp_conf_parse(const char *path, const char *config_id, const char *text,
                    size_t len, struct vrrp_conf *conf, char *err, size_t errlen)
{
	struct conf_tree tree;
	int ret;

	ret = conf_run(path, config_id, text, len, conf, err, errlen, NULL, NULL,
	               NULL, &tree);
	conf_tree_free(&tree);
	return ret;
}

int vrrp_conf_check(const char *path, const char *config_id, const char *text,
                    size_t len, vrrp_conf_report_fn fn, void *arg)
{
	struct vrrp_conf conf;
	struct conf_tree tree;
	char err[VRRP_ERR_MAX];
	int problems = 0, ret;

	err[0] = '\0';
	ret = conf_run(path, config_id, text, len, &conf, err, sizeof(err), fn, arg,
	               &problems, &tree);
	vrrp_conf_free(&conf);
	if (ret < 0) {
		/* The text is not even well-formed, or uses a file-syntax
		 * feature we do not provide (~SEQ...): nothing more to say.
		 */
		if (tree.err_unsupported)
			fn(arg, conf_loc_file(&tree, tree.err_loc), conf_loc_line(tree.err_loc),
			   tree.err_kw, VRRP_KW_UNSUPPORTED, err);
		else
			fn(arg, path, 0, "config", VRRP_KW_INVALID, err);
		conf_tree_free(&tree);
		return -1;
	}
	conf_tree_free(&tree);
	return problems;
}

const char *vrrp_kw_class_name(enum vrrp_kw_class cls)
{
	static const char *const names[] = {
		[VRRP_KW_USED] = "used",
		[VRRP_KW_REPLACED] = "replaced",
		[VRRP_KW_NO_EFFECT] = "no effect",
		[VRRP_KW_UNSUPPORTED] = "unsupported",
		[VRRP_KW_INVALID] = "invalid",
	};

	return (unsigned)cls <= VRRP_KW_INVALID ? names[cls] : "?";
}

int vrrp_conf_load(const char *path, const char *config_id, struct vrrp_conf *conf,
                   char *err, size_t errlen)
{
	char *text;
	size_t len;
	int ret;

	memset(conf, 0, sizeof(*conf));
	text = conf_read_file(path, &len);
	if (!text) {
		if (errno == EFBIG)
			snprintf(err, errlen, "%s: larger than %u MiB, haproxy-vrrp's limit "
			         "for one file", path, CONF_MAX_FILE_SIZE >> 20);
		else
			snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	ret = vrrp_conf_parse(path, config_id, text, len, conf, err, errlen);
	free(text);
	return ret;
}

void vrrp_conf_free(struct vrrp_conf *conf)
{
	int i;

	for (i = 0; i < conf->nnotes; i++)
		free(conf->notes[i]);
	free(conf->notes);
	for (i = 0; i < conf->ninst; i++) {
		free(conf->inst[i].routes.routes);
		free(conf->inst[i].routes.rules);
	}
	free(conf->inst);
	free(conf->groups);
	free(conf->track_files);
	free(conf->statics.routes);
	free(conf->statics.rules);
	free(conf->static_addrs);
	for (i = 0; i < conf->nfiles; i++)
		free(conf->files[i]);
	free(conf->files);
	memset(conf, 0, sizeof(*conf));
}
