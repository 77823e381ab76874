/*
 * A file's routes, rules and static addresses between runs. See
 * vrrp_routestate.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "vrrp_addr.h"
#include "vrrp_route_conf.h"
#include "vrrp_routestate.h"

#define ROUTESTATE_MAGIC   "HVRRPRS"
#define ROUTESTATE_VERSION 2u
#define ROUTESTATE_TAG_MAX 512
/* Far above any file's count (keepalived's own limits are lower): a
 * corrupt count must not ask for gigabytes.
 */
#define ROUTESTATE_MAX_ITEMS 65536u

/* What precedes the three arrays. The sizes and the layout's print tie
 * the file to this build's structs.
 */
struct routestate_header {
	char     magic[8];
	uint32_t version;
	uint32_t route_size, rule_size, addr_size;
	uint32_t layout;
	uint32_t nroutes, nrules, naddrs;
	char     tag[ROUTESTATE_TAG_MAX];
};

/* A print of where every field of the three structs sits: a build that
 * moved one (same sizes, another order) reads no file of this one.
 */
static uint32_t layout_print(void)
{
	static const size_t at[] = {
#define AT(type, field) offsetof(struct type, field)
		AT(vrrp_route_conf, family), AT(vrrp_route_conf, dst),
		AT(vrrp_route_conf, dst_len), AT(vrrp_route_conf, src),
		AT(vrrp_route_conf, via), AT(vrrp_route_conf, nvia),
		AT(vrrp_route_conf, dev), AT(vrrp_route_conf, table),
		AT(vrrp_route_conf, metric), AT(vrrp_route_conf, has_metric),
		AT(vrrp_route_conf, scope), AT(vrrp_route_conf, has_scope),
		AT(vrrp_route_conf, type), AT(vrrp_route_conf, protocol),
		AT(vrrp_route_conf, onlink), AT(vrrp_route_conf, how),
		AT(vrrp_route_conf, line),
		AT(vrrp_rule_conf, family), AT(vrrp_rule_conf, invert),
		AT(vrrp_rule_conf, from), AT(vrrp_rule_conf, from_len),
		AT(vrrp_rule_conf, to), AT(vrrp_rule_conf, to_len),
		AT(vrrp_rule_conf, iif), AT(vrrp_rule_conf, oif),
		AT(vrrp_rule_conf, fwmark), AT(vrrp_rule_conf, fwmask),
		AT(vrrp_rule_conf, has_fwmark), AT(vrrp_rule_conf, tos),
		AT(vrrp_rule_conf, priority), AT(vrrp_rule_conf, action),
		AT(vrrp_rule_conf, table), AT(vrrp_rule_conf, goto_target),
		AT(vrrp_rule_conf, protocol), AT(vrrp_rule_conf, line),
		AT(vrrp_vip_conf, addr), AT(vrrp_vip_conf, prefix),
		AT(vrrp_vip_conf, excluded), AT(vrrp_vip_conf, line),
		AT(vrrp_vip_conf, dev), AT(vrrp_vip_conf, label),
		AT(vrrp_vip_conf, brd), AT(vrrp_vip_conf, scope),
		AT(vrrp_vip_conf, peer), AT(vrrp_vip_conf, flags),
		AT(vrrp_vip_conf, dad), AT(vrrp_vip_conf, has_preferred_lft),
		AT(vrrp_vip_conf, preferred_lft),
		AT(vrrp_addr, family), AT(vrrp_addr, b),
#undef AT
	};
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		h = (h ^ (uint32_t)at[i]) * 16777619u;
	return h;
}

/* Whether <a> is unset (with a <len> of 0) or of <family>, and <len> (a
 * prefix length) fits it.
 */
static bool addr_sane(const struct vrrp_addr *a, unsigned len, uint8_t family)
{
	if (a->family == 0)
		return len == 0;
	return a->family == family && len <= (family == AF_INET ? 32u : 128u);
}

static bool family_sane(uint8_t family)
{
	return family == AF_INET || family == AF_INET6;
}

/* Makes the names in what was read strings, and says whether every
 * entry holds what a parsed line could: the file is root's, but a
 * damaged one must not make HAProxy read or write out of bounds.
 */
static bool pool_sane(struct vrrp_routestate *rs)
{
	int i, k;

	for (i = 0; i < rs->set.nroutes; i++) {
		struct vrrp_route_conf *r = &rs->set.routes[i];

		r->dev[sizeof(r->dev) - 1] = '\0';
		if (!family_sane(r->family) || r->nvia < 0 || r->nvia > VRRP_ROUTE_MAX_VIA ||
		    !addr_sane(&r->dst, r->dst_len, r->family) ||
		    !addr_sane(&r->src, 0, r->family) || r->type > RTN_MAX)
			return false;
		for (k = 0; k < r->nvia; k++)
			if (r->via[k].family != r->family)
				return false;
	}
	for (i = 0; i < rs->set.nrules; i++) {
		struct vrrp_rule_conf *r = &rs->set.rules[i];

		r->iif[sizeof(r->iif) - 1] = r->oif[sizeof(r->oif) - 1] = '\0';
		if (!family_sane(r->family) || !addr_sane(&r->from, r->from_len, r->family) ||
		    !addr_sane(&r->to, r->to_len, r->family) || r->action > FR_ACT_MAX)
			return false;
	}
	for (i = 0; i < rs->naddrs; i++) {
		struct vrrp_vip_conf *v = &rs->addrs[i];

		v->dev[sizeof(v->dev) - 1] = v->label[sizeof(v->label) - 1] = '\0';
		if (!family_sane(v->addr.family) ||
		    !addr_sane(&v->addr, v->prefix, v->addr.family) ||
		    !addr_sane(&v->peer, 0, v->addr.family))
			return false;
	}
	return true;
}

void vrrp_routestate_free(struct vrrp_routestate *rs)
{
	free(rs->set.routes);
	free(rs->set.rules);
	free(rs->route_owner);
	free(rs->rule_owner);
	free(rs->addrs);
	memset(rs, 0, sizeof(*rs));
}

uint32_t vrrp_routestate_owner(const char *instance)
{
	uint32_t h = 2166136261u;

	if (!instance)
		return 0;
	for (; *instance; instance++)
		h = (h ^ (unsigned char)*instance) * 16777619u;
	return h ? h : 1;  /* (0 is the static blocks') */
}

int vrrp_routestate_count(const struct vrrp_routestate *rs)
{
	return rs->set.nroutes + rs->set.nrules + rs->naddrs;
}

/* Sizes <rs> for <nroutes>, <nrules> and <naddrs> (zeroed, counts 0).
 * Returns 0 or -ENOMEM with <rs> empty.
 */
static int alloc_pool(struct vrrp_routestate *rs, size_t nroutes, size_t nrules,
                      size_t naddrs)
{
	memset(rs, 0, sizeof(*rs));
	rs->set.routes = calloc(nroutes ? nroutes : 1, sizeof(*rs->set.routes));
	rs->set.rules = calloc(nrules ? nrules : 1, sizeof(*rs->set.rules));
	rs->route_owner = calloc(nroutes ? nroutes : 1, sizeof(*rs->route_owner));
	rs->rule_owner = calloc(nrules ? nrules : 1, sizeof(*rs->rule_owner));
	rs->addrs = calloc(naddrs ? naddrs : 1, sizeof(*rs->addrs));
	if (!rs->set.routes || !rs->set.rules || !rs->route_owner || !rs->rule_owner ||
	    !rs->addrs) {
		vrrp_routestate_free(rs);
		return -ENOMEM;
	}
	return 0;
}

/* Appends <set>'s routes and rules, of <owner>, to <rs> (sized for
 * them).
 */
static void add_set(struct vrrp_routestate *rs, const struct vrrp_route_set *set,
                    uint32_t owner)
{
	int i;

	for (i = 0; i < set->nroutes; i++) {
		rs->set.routes[rs->set.nroutes] = set->routes[i];
		rs->route_owner[rs->set.nroutes++] = owner;
	}
	for (i = 0; i < set->nrules; i++) {
		rs->set.rules[rs->set.nrules] = set->rules[i];
		rs->rule_owner[rs->set.nrules++] = owner;
	}
}

int vrrp_routestate_of(const struct vrrp_conf *conf, struct vrrp_routestate *rs)
{
	size_t nroutes = (size_t)conf->statics.nroutes, nrules = (size_t)conf->statics.nrules;
	int i;

	for (i = 0; i < conf->ninst; i++) {
		nroutes += (size_t)conf->inst[i].routes.nroutes;
		nrules += (size_t)conf->inst[i].routes.nrules;
	}
	if (alloc_pool(rs, nroutes, nrules, (size_t)conf->nstatic_addrs) < 0)
		return -ENOMEM;
	add_set(rs, &conf->statics, 0);
	for (i = 0; i < conf->ninst; i++)
		add_set(rs, &conf->inst[i].routes, vrrp_routestate_owner(conf->inst[i].name));
	memcpy(rs->addrs, conf->static_addrs,
	       (size_t)conf->nstatic_addrs * sizeof(*rs->addrs));
	rs->naddrs = conf->nstatic_addrs;
	return 0;
}

/* Whether two static addresses are the same address to the kernel: a
 * change of its other settings (label, scope, lifetime, flags) is made in
 * place by this file's add (NLM_F_REPLACE), where a removal would take
 * its routes with it (an IPv4 address's "src" routes and secondaries).
 */
static bool addr_same(const struct vrrp_vip_conf *a, const struct vrrp_vip_conf *b)
{
	return vrrp_addr_eq(&a->addr, &b->addr) && a->prefix == b->prefix &&
	       strcmp(a->dev, b->dev) == 0 && vrrp_addr_eq(&a->peer, &b->peer);
}

int vrrp_routestate_diff(const struct vrrp_routestate *prev,
                         const struct vrrp_routestate *cur,
                         struct vrrp_routestate *gone)
{
	int i, k;

	if (alloc_pool(gone, (size_t)prev->set.nroutes, (size_t)prev->set.nrules,
	               (size_t)prev->naddrs) < 0)
		return -ENOMEM;
	for (i = 0; i < prev->set.nroutes; i++) {
		for (k = 0; k < cur->set.nroutes; k++)
			if (prev->route_owner[i] == cur->route_owner[k] &&
			    vrrp_route_same(&prev->set.routes[i], &cur->set.routes[k]))
				break;
		if (k == cur->set.nroutes) {
			gone->route_owner[gone->set.nroutes] = prev->route_owner[i];
			gone->set.routes[gone->set.nroutes++] = prev->set.routes[i];
		}
	}
	for (i = 0; i < prev->set.nrules; i++) {
		for (k = 0; k < cur->set.nrules; k++)
			if (prev->rule_owner[i] == cur->rule_owner[k] &&
			    vrrp_rule_same(&prev->set.rules[i], &cur->set.rules[k]))
				break;
		if (k == cur->set.nrules) {
			gone->rule_owner[gone->set.nrules] = prev->rule_owner[i];
			gone->set.rules[gone->set.nrules++] = prev->set.rules[i];
		}
	}
	for (i = 0; i < prev->naddrs; i++) {
		for (k = 0; k < cur->naddrs; k++)
			if (addr_same(&prev->addrs[i], &cur->addrs[k]))
				break;
		if (k == cur->naddrs)
			gone->addrs[gone->naddrs++] = prev->addrs[i];
	}
	return 0;
}

const char *vrrp_routestate_path(const char *dir, const char *tag, char *buf,
                                 size_t len)
{
	/* FNV-1a: a name for the tag, which may hold any byte. */
	uint64_t h = 0xcbf29ce484222325ull;
	const unsigned char *p;
	int n;

	for (p = (const unsigned char *)tag; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	n = snprintf(buf, len, "%s/%016llx.routes", dir, (unsigned long long)h);
	return n < 0 || (size_t)n >= len ? NULL : buf;
}

/* Reads exactly <len> bytes of <fd> into <buf>. Returns 0, or -1 (errno
 * set; EPROTO when the file ends first).
 */
static int read_all(int fd, void *buf, size_t len)
{
	char *at = buf;

	while (len) {
		ssize_t r = read(fd, at, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EPROTO;
			return -1;
		}
		at += r;
		len -= (size_t)r;
	}
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *at = buf;

	while (len) {
		ssize_t w = write(fd, at, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		at += w;
		len -= (size_t)w;
	}
	return 0;
}

int vrrp_routestate_read(const char *path, const char *tag,
                         struct vrrp_routestate *rs, char *err, size_t errlen)
{
	struct routestate_header h;
	struct stat st;
	uint64_t want;
	int fd;

	memset(rs, 0, sizeof(*rs));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;

		if (e == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return e == EACCES ? -EACCES : -1;
	}
	/* Only a regular file of ours: a FIFO or another user's file there
	 * is not read.
	 */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		snprintf(err, errlen, "%s: not a regular file of this user", path);
		close(fd);
		return -1;
	}
	if (read_all(fd, &h, sizeof(h)) < 0 ||
	    memcmp(h.magic, ROUTESTATE_MAGIC, sizeof(ROUTESTATE_MAGIC)) != 0 ||
	    h.version != ROUTESTATE_VERSION ||
	    h.route_size != sizeof(struct vrrp_route_conf) ||
	    h.rule_size != sizeof(struct vrrp_rule_conf) ||
	    h.addr_size != sizeof(struct vrrp_vip_conf) || h.layout != layout_print() ||
	    h.nroutes > ROUTESTATE_MAX_ITEMS || h.nrules > ROUTESTATE_MAX_ITEMS ||
	    h.naddrs > ROUTESTATE_MAX_ITEMS) {
		snprintf(err, errlen, "%s: not written by this build of haproxy-vrrp", path);
		close(fd);
		return -1;
	}
	want = sizeof(h) + h.nroutes * (sizeof(*rs->set.routes) + sizeof(*rs->route_owner)) +
	       h.nrules * (sizeof(*rs->set.rules) + sizeof(*rs->rule_owner)) +
	       h.naddrs * sizeof(*rs->addrs);
	if ((uint64_t)st.st_size != want) {
		snprintf(err, errlen, "%s: %s (%lld bytes, %llu expected)", path,
		         (uint64_t)st.st_size < want ? "cut short" : "damaged",
		         (long long)st.st_size, (unsigned long long)want);
		close(fd);
		return -1;
	}
	h.tag[sizeof(h.tag) - 1] = '\0';
	if (strncmp(h.tag, tag, sizeof(h.tag) - 1) != 0) {
		snprintf(err, errlen, "%s: kept for another file (%s)", path, h.tag);
		close(fd);
		return -1;
	}
	if (alloc_pool(rs, h.nroutes, h.nrules, h.naddrs) < 0) {
		snprintf(err, errlen, "%s: out of memory", path);
		close(fd);
		return -1;
	}
	if (read_all(fd, rs->set.routes, h.nroutes * sizeof(*rs->set.routes)) < 0 ||
	    read_all(fd, rs->route_owner, h.nroutes * sizeof(*rs->route_owner)) < 0 ||
	    read_all(fd, rs->set.rules, h.nrules * sizeof(*rs->set.rules)) < 0 ||
	    read_all(fd, rs->rule_owner, h.nrules * sizeof(*rs->rule_owner)) < 0 ||
	    read_all(fd, rs->addrs, h.naddrs * sizeof(*rs->addrs)) < 0) {
		snprintf(err, errlen, "%s: %s", path,
		         errno == EPROTO ? "cut short" : strerror(errno));
		vrrp_routestate_free(rs);
		close(fd);
		return -1;
	}
	close(fd);
	rs->set.nroutes = (int)h.nroutes;
	rs->set.nrules = (int)h.nrules;
	rs->naddrs = (int)h.naddrs;
	if (!pool_sane(rs)) {
		snprintf(err, errlen, "%s: damaged (an entry no file line could give)", path);
		vrrp_routestate_free(rs);
		return -1;
	}
	return 0;
}

int vrrp_routestate_write(const char *path, const char *tag,
                          const struct vrrp_routestate *rs, char *err,
                          size_t errlen)
{
	struct routestate_header h;
	char tmp[4096], dir[4096];
	char *slash;
	bool ok;
	int fd, e;

	if (!vrrp_routestate_count(rs)) {
		/* (A directory this user cannot reach holds no list of its.) */
		if (unlink(path) < 0 && errno != ENOENT && errno != EACCES) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (strlen(tag) >= sizeof(h.tag) ||
	    snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid()) >= (int)sizeof(tmp) ||
	    snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir)) {
		snprintf(err, errlen, "%s: name too long", path);
		return -1;
	}
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		struct stat st;

		*slash = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			return -1;
		}
		/* Ours alone: in a directory others can write to, they could
		 * put their own file, or a link, under the names used here.
		 */
		if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
		    (st.st_mode & (S_IWGRP | S_IWOTH))) {
			snprintf(err, errlen, "%s: not a directory of this user that only it "
			         "can write to", dir);
			return -1;
		}
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, ROUTESTATE_MAGIC, sizeof(ROUTESTATE_MAGIC));
	h.version = ROUTESTATE_VERSION;
	h.route_size = sizeof(struct vrrp_route_conf);
	h.rule_size = sizeof(struct vrrp_rule_conf);
	h.addr_size = sizeof(struct vrrp_vip_conf);
	h.layout = layout_print();
	h.nroutes = (uint32_t)rs->set.nroutes;
	h.nrules = (uint32_t)rs->set.nrules;
	h.naddrs = (uint32_t)rs->naddrs;
	memcpy(h.tag, tag, strlen(tag));
	unlink(tmp);  /* a crashed write's */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	ok = write_all(fd, &h, sizeof(h)) == 0 &&
	     write_all(fd, rs->set.routes, (size_t)rs->set.nroutes * sizeof(*rs->set.routes)) == 0 &&
	     write_all(fd, rs->route_owner, (size_t)rs->set.nroutes * sizeof(*rs->route_owner)) == 0 &&
	     write_all(fd, rs->set.rules, (size_t)rs->set.nrules * sizeof(*rs->set.rules)) == 0 &&
	     write_all(fd, rs->rule_owner, (size_t)rs->set.nrules * sizeof(*rs->rule_owner)) == 0 &&
	     write_all(fd, rs->addrs, (size_t)rs->naddrs * sizeof(*rs->addrs)) == 0;
	e = errno;
	if (close(fd) < 0 && ok) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		unlink(tmp);
		snprintf(err, errlen, "%s: %s", tmp, strerror(e));
		return -1;
	}
	if (rename(tmp, path) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
