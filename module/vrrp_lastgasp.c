/*
 * Last gasp on SIGTERM. See vrrp_lastgasp.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "vrrp_lastgasp.h"

#define LASTGASP_DST_MAX 32

struct lastgasp_item {
	int    fd;
	size_t len;
	size_t dstlen;
	unsigned char buf[VRRP_LASTGASP_MSG_MAX];
	unsigned char dst[LASTGASP_DST_MAX];
};

struct lastgasp_set {
	size_t n;
	struct lastgasp_item *item;   /* room for lastgasp.cap */
};

/* Two sets: the handler reads the active one while the other is rebuilt,
 * then one store flips them. The handler may run on another thread than
 * the one rebuilding (HAProxy takes signals on its first thread, while the
 * Lua task runs on any): it announces itself in <readers> before it looks
 * at <active>, and a rebuild waits until no handler reads, so the set it
 * overwrites is never one being sent.
 */
static struct {
	struct lastgasp_set set[2];
	size_t cap;                     /* items each set has room for */
	atomic_int active;              /* index the handler uses */
	atomic_int readers;             /* handlers sending right now */
	atomic_bool fired;              /* a handler has sent a set */
	int building;                   /* index being filled */
	volatile sig_atomic_t installed;
	pid_t owner;
	struct sigaction previous;
} lastgasp;

static void lastgasp_handler(int sig, siginfo_t *info, void *uctx);

static struct sigaction our_action(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = lastgasp_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	return sa;
}

static bool previous_ignores(void)
{
	return !(lastgasp.previous.sa_flags & SA_SIGINFO) &&
	       lastgasp.previous.sa_handler == SIG_IGN;
}

static void lastgasp_handler(int sig, siginfo_t *info, void *uctx)
{
	int saved = errno;
	struct sigaction now_set, ours;

	/* Under SIG_IGN the signal would not have stopped us: a live master
	 * must not announce that it leaves.
	 */
	if (previous_ignores())
		return;
	if (lastgasp.installed && getpid() == lastgasp.owner) {
		struct lastgasp_set *s;
		size_t i;

		atomic_fetch_add(&lastgasp.readers, 1);
		s = &lastgasp.set[atomic_load(&lastgasp.active)];
		for (i = 0; i < s->n; i++)
			sendto(s->item[i].fd, s->item[i].buf, s->item[i].len, 0,
			       s->item[i].dstlen ? (const struct sockaddr *)s->item[i].dst : NULL,
			       (socklen_t)s->item[i].dstlen);
		if (s->n)
			atomic_store(&lastgasp.fired, true);
		s->n = 0; /* once is enough */
		atomic_fetch_sub(&lastgasp.readers, 1);
	}
	errno = saved;

	if (lastgasp.previous.sa_flags & SA_SIGINFO) {
		if (lastgasp.previous.sa_sigaction)
			lastgasp.previous.sa_sigaction(sig, info, uctx);
	} else if (lastgasp.previous.sa_handler == SIG_DFL) {
		/* Die of the signal as if we had never been here. */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	} else {
		lastgasp.previous.sa_handler(sig);
	}
	/* A handler that re-installs itself has just pushed us out: chain to
	 * it from now on, and take our place back.
	 */
	if (lastgasp.installed && sigaction(sig, NULL, &now_set) == 0 &&
	    !((now_set.sa_flags & SA_SIGINFO) && now_set.sa_sigaction == lastgasp_handler)) {
		lastgasp.previous = now_set;
		ours = our_action();
		sigaction(sig, &ours, NULL);
	}
	errno = saved;
}

int vrrp_lastgasp_reserve(size_t nitems)
{
	struct lastgasp_item *a, *b;

	if (nitems <= lastgasp.cap)
		return 0;
	if (lastgasp.installed && lastgasp.owner == getpid())
		return -EBUSY;
	a = calloc(nitems, sizeof(*a));
	b = calloc(nitems, sizeof(*b));
	if (!a || !b) {
		free(a);
		free(b);
		return -ENOMEM;
	}
	lastgasp.set[0].n = lastgasp.set[1].n = 0;
	free(lastgasp.set[0].item);
	free(lastgasp.set[1].item);
	lastgasp.set[0].item = a;
	lastgasp.set[1].item = b;
	lastgasp.cap = nitems;
	return 0;
}

int vrrp_lastgasp_install(void)
{
	struct sigaction sa = our_action(), cur;

	if (lastgasp.installed && lastgasp.owner == getpid())
		return 0;
	lastgasp.set[0].n = lastgasp.set[1].n = 0;
	atomic_store(&lastgasp.fired, false);
	lastgasp.owner = getpid();
	if (sigaction(SIGTERM, NULL, &cur) < 0)
		return -errno;
	/* Inherited from a parent that had installed it: keep chaining to
	 * what it chained to, never to ourselves.
	 */
	if ((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == lastgasp_handler) {
		lastgasp.installed = 1;
		return 0;
	}
	if (sigaction(SIGTERM, &sa, &lastgasp.previous) < 0)
		return -errno;
	lastgasp.installed = 1;
	return 0;
}

bool vrrp_lastgasp_fired(void)
{
	return lastgasp.owner == getpid() && atomic_load(&lastgasp.fired);
}

void vrrp_lastgasp_uninstall(void)
{
	if (!lastgasp.installed || lastgasp.owner != getpid())
		return;
	lastgasp.installed = 0;
	sigaction(SIGTERM, &lastgasp.previous, NULL);
}

void vrrp_lastgasp_begin(void)
{
	/* A handler that started before the last commit may still be
	 * sending the set we are about to overwrite: it is quick, let it
	 * finish (if the signal kills the process meanwhile, no matter).
	 */
	while (atomic_load(&lastgasp.readers) > 0)
		;
	lastgasp.building = !atomic_load(&lastgasp.active);
	lastgasp.set[lastgasp.building].n = 0;
}

int vrrp_lastgasp_add(int fd, const void *buf, size_t len, const void *dst,
                      size_t dstlen)
{
	struct lastgasp_set *s = &lastgasp.set[lastgasp.building];
	struct lastgasp_item *it;

	if (len > VRRP_LASTGASP_MSG_MAX || dstlen > LASTGASP_DST_MAX)
		return -EMSGSIZE;
	if (s->n >= lastgasp.cap)
		return -ENOSPC;
	it = &s->item[s->n];
	it->fd = fd;
	it->len = len;
	memcpy(it->buf, buf, len);
	it->dstlen = dstlen;
	if (dstlen)
		memcpy(it->dst, dst, dstlen);
	s->n++;
	return 0;
}

void vrrp_lastgasp_commit(void)
{
	atomic_store(&lastgasp.active, lastgasp.building);
}
