/*
 * Last gasp on SIGTERM. See vrrp_lastgasp.h.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "vrrp_lastgasp.h"

#define LASTGASP_MSG_MAX 512
#define LASTGASP_DST_MAX 32

struct lastgasp_item {
	int    fd;
	size_t len;
	size_t dstlen;
	unsigned char buf[LASTGASP_MSG_MAX];
	unsigned char dst[LASTGASP_DST_MAX];
};

struct lastgasp_set {
	int n;
	struct lastgasp_item item[VRRP_LASTGASP_MAX];
};

/* Two sets: the handler reads the active one while the other is rebuilt,
 * then one store flips them.
 */
static struct {
	struct lastgasp_set set[2];
	volatile sig_atomic_t active;   /* index the handler uses */
	int building;                   /* index being filled */
	volatile sig_atomic_t installed;
	pid_t owner;
	struct sigaction previous;
} lastgasp;

static void lastgasp_handler(int sig, siginfo_t *info, void *uctx)
{
	int saved = errno;

	if (lastgasp.installed && getpid() == lastgasp.owner) {
		const struct lastgasp_set *s = &lastgasp.set[lastgasp.active];
		int i;

		for (i = 0; i < s->n; i++)
			sendto(s->item[i].fd, s->item[i].buf, s->item[i].len, 0,
			       s->item[i].dstlen ? (const struct sockaddr *)s->item[i].dst : NULL,
			       (socklen_t)s->item[i].dstlen);
		lastgasp.set[lastgasp.active].n = 0; /* once is enough */
	}
	errno = saved;

	if (lastgasp.previous.sa_flags & SA_SIGINFO) {
		if (lastgasp.previous.sa_sigaction)
			lastgasp.previous.sa_sigaction(sig, info, uctx);
		return;
	}
	if (lastgasp.previous.sa_handler == SIG_IGN)
		return;
	if (lastgasp.previous.sa_handler == SIG_DFL) {
		/* Die of the signal as if we had never been here. */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	lastgasp.previous.sa_handler(sig);
}

int vrrp_lastgasp_install(void)
{
	struct sigaction sa;

	if (lastgasp.installed && lastgasp.owner == getpid())
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = lastgasp_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	lastgasp.set[0].n = lastgasp.set[1].n = 0;
	lastgasp.owner = getpid();
	if (sigaction(SIGTERM, &sa, &lastgasp.previous) < 0)
		return -errno;
	lastgasp.installed = 1;
	return 0;
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
	lastgasp.building = !lastgasp.active;
	lastgasp.set[lastgasp.building].n = 0;
}

int vrrp_lastgasp_add(int fd, const void *buf, size_t len, const void *dst,
                      size_t dstlen)
{
	struct lastgasp_set *s = &lastgasp.set[lastgasp.building];
	struct lastgasp_item *it;

	if (s->n == VRRP_LASTGASP_MAX || len > LASTGASP_MSG_MAX ||
	    dstlen > LASTGASP_DST_MAX)
		return -1;
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
	lastgasp.active = lastgasp.building;
}
