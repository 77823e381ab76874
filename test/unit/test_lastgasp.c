/*
 * Unit tests of the SIGTERM last gasp (module/vrrp_lastgasp.c), with real
 * signals raised at this process and a socketpair standing in for the
 * VRRP and netlink sockets:
 *
 *  - the set holds what it was sized for (66 datagrams: 2 masters with 32
 *    VIPs each), all sent, and refuses more with an error, never dropping
 *    one in silence;
 *  - chaining to a previous handler that re-installs itself (as HAProxy's
 *    own signal handler does): ours stays in place for the next SIGTERM;
 *  - a previous SIG_IGN: the process survives SIGTERM, so nothing is sent;
 *  - the process learns that the handler spoke; a forked child that
 *    inherited the handler chains to the parent's previous one.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "vrrp_lastgasp.h"

static volatile sig_atomic_t previous_calls;

/* A handler in the style of HAProxy's signal.c: counts, then re-arms
 * itself with signal(), which replaces whatever is installed.
 */
static void reinstalling_handler(int sig)
{
	previous_calls++;
	signal(sig, reinstalling_handler);
}

/* Datagrams waiting on <fd>. */
static int drain(int fd)
{
	char buf[VRRP_LASTGASP_MSG_MAX];
	int n = 0;

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		n++;
	return n;
}

static void arm(int fd, int n)
{
	char msg[200];
	int i;

	vrrp_lastgasp_begin();
	for (i = 0; i < n; i++) {
		memset(msg, i, sizeof(msg));
		CHECK_EQ(vrrp_lastgasp_add(fd, msg, sizeof(msg), NULL, 0), 0);
	}
	vrrp_lastgasp_commit();
}

static bool ours_installed(void)
{
	struct sigaction cur;

	sigaction(SIGTERM, NULL, &cur);
	return (cur.sa_flags & SA_SIGINFO) && cur.sa_handler != reinstalling_handler;
}

static void test_capacity_and_chaining(int tx, int rx)
{
	char msg[8] = "x";

	signal(SIGTERM, reinstalling_handler);
	CHECK_EQ(vrrp_lastgasp_reserve(66), 0);
	CHECK_EQ(vrrp_lastgasp_install(), 0);
	/* Sizing after installing is refused: the handler may be reading. */
	CHECK_EQ(vrrp_lastgasp_reserve(1000), -EBUSY);

	arm(tx, 66);
	/* A 67th does not fit, and says so. */
	vrrp_lastgasp_begin();
	{
		int i;

		for (i = 0; i < 66; i++)
			vrrp_lastgasp_add(tx, msg, sizeof(msg), NULL, 0);
	}
	CHECK_EQ(vrrp_lastgasp_add(tx, msg, sizeof(msg), NULL, 0), -ENOSPC);
	CHECK_EQ(vrrp_lastgasp_add(tx, msg, VRRP_LASTGASP_MSG_MAX + 1, NULL, 0), -EMSGSIZE);
	vrrp_lastgasp_commit();

	raise(SIGTERM);
	CHECK_EQ(drain(rx), 66);
	CHECK_EQ(previous_calls, 1);
	/* The previous handler re-armed itself; ours is back in front. */
	CHECK(ours_installed());
	/* Sent once: a second signal sends nothing until re-armed ... */
	raise(SIGTERM);
	CHECK_EQ(drain(rx), 0);
	CHECK_EQ(previous_calls, 2);
	/* ... and everything again once re-armed. */
	arm(tx, 3);
	raise(SIGTERM);
	CHECK_EQ(drain(rx), 3);
	CHECK_EQ(previous_calls, 3);

	/* Uninstalling puts back what was there: the previous handler. */
	vrrp_lastgasp_uninstall();
	CHECK(!ours_installed());
	raise(SIGTERM);
	CHECK_EQ(previous_calls, 4);
	CHECK_EQ(drain(rx), 0);
}

/* The handler tells the process that it has spoken (so that a process
 * that lives on stays quiet), and a child that inherited it chains to the
 * parent's previous handler, never to itself (that would recurse until
 * the stack overflows).
 */
static void test_fired_and_inherited(int tx, int rx)
{
	pid_t pid;
	int status = 0;

	signal(SIGTERM, reinstalling_handler);
	CHECK_EQ(vrrp_lastgasp_install(), 0);
	CHECK(!vrrp_lastgasp_fired());
	arm(tx, 1);
	raise(SIGTERM);
	CHECK_EQ(drain(rx), 1);
	CHECK(vrrp_lastgasp_fired());

	pid = fork();
	if (pid == 0) {
		int before = previous_calls;

		if (vrrp_lastgasp_install() != 0 || vrrp_lastgasp_fired())
			_exit(2);
		arm(tx, 1);
		raise(SIGTERM);
		_exit(previous_calls == before + 1 && vrrp_lastgasp_fired() ? 0 : 3);
	}
	CHECK(pid > 0);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	CHECK_EQ(drain(rx), 1);   /* the child's datagram */
	vrrp_lastgasp_uninstall();
}

static void test_ignored(int tx, int rx)
{
	signal(SIGTERM, SIG_IGN);
	CHECK_EQ(vrrp_lastgasp_install(), 0);
	arm(tx, 2);
	raise(SIGTERM);            /* we are still here: SIG_IGN */
	CHECK_EQ(drain(rx), 0);
	vrrp_lastgasp_uninstall();
	{
		struct sigaction cur;

		sigaction(SIGTERM, NULL, &cur);
		CHECK(cur.sa_handler == SIG_IGN);
	}
}

/* Two UDP sockets on loopback, the first connected to the second, so the
 * handler's sendto() without an address reaches it (an AF_UNIX datagram
 * pair would queue only max_dgram_qlen of them).
 */
static int udp_pair(int sv[2])
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int big = 1 << 20;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sv[0] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	sv[1] = socket(AF_INET, SOCK_DGRAM, 0);
	if (sv[0] < 0 || sv[1] < 0 ||
	    setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &big, sizeof(big)) < 0 ||
	    bind(sv[1], (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(sv[1], (struct sockaddr *)&a, &alen) < 0 ||
	    connect(sv[0], (struct sockaddr *)&a, sizeof(a)) < 0)
		return -1;
	return 0;
}

int main(void)
{
	int sv[2];

	if (udp_pair(sv) < 0) {
		perror("udp sockets on loopback");
		return 1;
	}
	test_capacity_and_chaining(sv[0], sv[1]);
	test_fired_and_inherited(sv[0], sv[1]);
	test_ignored(sv[0], sv[1]);
	return check_report("test_lastgasp");
}
