/*
 * A client probe fine enough to see sub-second failovers: starts one HTTP
 * request to ADDR:PORT every INTERVAL_MS (default 2) for SECONDS, each on
 * its own connection and without waiting for the previous ones, and
 * prints for each "START_MS ok" or "START_MS fail" (START_MS: when it
 * started, wall clock in ms, as the lab's probe log has it) once it has
 * an answer (the first bytes of an HTTP response), a refusal, or none
 * within TIMEOUT_MS (default 50).
 *
 *   vrrp_probe ADDR PORT SECONDS [INTERVAL_MS [TIMEOUT_MS]]
 *
 * Bounded: at most SECONDS, and at most TIMEOUT_MS / INTERVAL_MS + 1
 * requests in flight. Lines come out in the order requests end; sort -n
 * puts them in start order. Stops early when the file named by
 * $PROBE_STOP exists.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_INFLIGHT 512

struct req {
	int      fd;          /* -1: free */
	long long start_wall; /* ms */
	long long start_mono; /* ms */
	int      sent;        /* the request went out */
};

static long long clock_ms(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void finish(struct req *r, int ok)
{
	printf("%lld %s\n", r->start_wall, ok ? "ok" : "fail");
	close(r->fd);
	r->fd = -1;
}

static int start(struct req *r, const struct sockaddr_in *dst)
{
	r->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (r->fd < 0)
		return -1;
	r->start_wall = clock_ms(CLOCK_REALTIME);
	r->start_mono = clock_ms(CLOCK_MONOTONIC);
	r->sent = 0;
	if (connect(r->fd, (const struct sockaddr *)dst, sizeof(*dst)) < 0 &&
	    errno != EINPROGRESS) {
		finish(r, 0);
		return 0;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const char get[] = "GET / HTTP/1.0\r\n\r\n";
	struct req reqs[MAX_INFLIGHT];
	struct pollfd pfd[MAX_INFLIGHT];
	int idx[MAX_INFLIGHT];
	struct sockaddr_in dst = { .sin_family = AF_INET };
	long long end, next, now;
	const char *stop = getenv("PROBE_STOP");
	int interval, timeout, i, n;

	if (argc < 4 || inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
		fprintf(stderr, "usage: vrrp_probe ADDR PORT SECONDS [INTERVAL_MS [TIMEOUT_MS]]\n");
		return 2;
	}
	dst.sin_port = htons((unsigned short)atoi(argv[2]));
	interval = argc > 4 ? atoi(argv[4]) : 2;
	timeout = argc > 5 ? atoi(argv[5]) : 50;
	if (interval < 1 || timeout < 1 || timeout / interval + 1 > MAX_INFLIGHT) {
		fprintf(stderr, "vrrp_probe: interval or timeout out of range\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < MAX_INFLIGHT; i++)
		reqs[i].fd = -1;
	now = clock_ms(CLOCK_MONOTONIC);
	end = now + atoll(argv[3]) * 1000;
	next = now;
	while (now < end) {
		if (now >= next) {
			next += interval;
			for (i = 0; i < MAX_INFLIGHT && reqs[i].fd >= 0; i++)
				;
			if (i < MAX_INFLIGHT)
				start(&reqs[i], &dst);
			if (stop && access(stop, F_OK) == 0)
				break;
		}
		for (i = 0, n = 0; i < MAX_INFLIGHT; i++) {
			if (reqs[i].fd < 0)
				continue;
			if (now - reqs[i].start_mono >= timeout) {
				finish(&reqs[i], 0);
				continue;
			}
			pfd[n].fd = reqs[i].fd;
			pfd[n].events = reqs[i].sent ? POLLIN : POLLOUT;
			idx[n++] = i;
		}
		poll(pfd, (nfds_t)n, (int)(next > now ? next - now : 0));
		for (i = 0; i < n; i++) {
			struct req *r = &reqs[idx[i]];
			char buf[64];
			int err = 0;
			socklen_t len = sizeof(err);

			if (!pfd[i].revents)
				continue;
			if (!r->sent) {
				getsockopt(r->fd, SOL_SOCKET, SO_ERROR, &err, &len);
				if (err || send(r->fd, get, sizeof(get) - 1, MSG_NOSIGNAL) < 0)
					finish(r, 0);
				else
					r->sent = 1;
				continue;
			}
			ssize_t got = recv(r->fd, buf, sizeof(buf), 0);

			finish(r, got >= 5 && memcmp(buf, "HTTP/", 5) == 0);
		}
		now = clock_ms(CLOCK_MONOTONIC);
	}
	for (i = 0; i < MAX_INFLIGHT; i++)
		if (reqs[i].fd >= 0)
			finish(&reqs[i], 0);
	return 0;
}
