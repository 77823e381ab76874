/*
 * Notify scripts through a helper process. See vrrp_notify.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "vrrp_notify.h"

/* The master's copy of the worker's end, closed in the master by the
 * fork that makes the worker (an atfork handler has no argument to find
 * it through: the one process-wide state here, owned by the process that
 * started the helper). Kept, the master's copy would keep the helper
 * alive as long as the master, which as PID 1 (a container) waits for it
 * at stop.
 */
static int master_copy = -1;
static pid_t master_pid;

static void close_master_copy(void)
{
	if (master_copy >= 0 && getpid() == master_pid) {
		close(master_copy);
		master_copy = -1;
	}
}

/* One request: which target, which state, at which priority. */
struct notify_msg {
	int32_t  target;
	char     state[24];     /* MASTER ... STOP, MASTER_RX_LOWER_PRI */
	uint32_t priority;
};

int vrrp_notify_split(const char *cmd, char **argv, int max, char *buf, size_t cap,
                      const char *const *extra, int nextra)
{
	size_t o = 0;
	int n = 0, i;
	const char *p = cmd;

	for (;;) {
		char quote = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n >= max - 1 || o >= cap)
			return -1;
		argv[n++] = buf + o;
		for (; *p && (quote || (*p != ' ' && *p != '\t')); p++) {
			if (!quote && (*p == '\'' || *p == '"')) {
				quote = *p;
				continue;
			}
			if (quote && *p == quote) {
				quote = 0;
				continue;
			}
			if (o + 1 >= cap)
				return -1;
			buf[o++] = *p;
		}
		if (quote)
			return -1;
		buf[o++] = '\0';
	}
	for (i = 0; i < nextra; i++) {
		size_t len = strlen(extra[i]) + 1;

		if (n >= max - 1 || o + len > cap)
			return -1;
		argv[n++] = memcpy(buf + o, extra[i], len);
		o += len;
	}
	argv[n] = NULL;
	return n;
}

bool vrrp_notify_fd_ours(int fd)
{
	return !(master_pid && getpid() == master_pid && fd != master_copy);
}

int vrrp_notify_send(int fd, int target, const char *state, unsigned priority)
{
	struct notify_msg m;

	memset(&m, 0, sizeof(m));
	m.target = target;
	snprintf(m.state, sizeof(m.state), "%s", state);
	m.priority = priority;
	if (send(fd, &m, sizeof(m), MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		return -errno;
	return 0;
}

bool vrrp_notify_path_safe(const char *path, uid_t uid, char *why, size_t whylen)
{
	char p[PATH_MAX];
	struct stat st;
	char *slash;

	/* The file it really is: a link from a safe place to an unsafe one
	 * would pass otherwise.
	 */
	if (!realpath(path, p)) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return false;
	}
	for (;;) {
		if (stat(p[0] ? p : "/", &st) < 0) {
			snprintf(why, whylen, "%s: %s", p[0] ? p : "/", strerror(errno));
			return false;
		}
		/* A sticky directory (/tmp) lets others add files, not
		 * replace root's.
		 */
		bool sticky_dir = S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX);

		if ((st.st_uid != 0 && st.st_uid != uid) ||
		    (!sticky_dir && ((st.st_mode & S_IWOTH) ||
		                     ((st.st_mode & S_IWGRP) && st.st_gid != 0)))) {
			snprintf(why, whylen, "%s may be changed by others than root (owner "
			         "%u, mode %03o): enable_script_security refuses it",
			         p[0] ? p : "/", (unsigned)st.st_uid, (unsigned)(st.st_mode & 0777));
			return false;
		}
		slash = strrchr(p, '/');
		if (!slash || (slash == p && !p[1]))
			return true;
		*slash = '\0';
	}
}

/* In a child just forked to run a script: a process group of its own (a
 * stop signals the whole group), stdin, stdout and stderr on /dev/null,
 * and only <uid>/<gid>'s credentials. Exits 126 when it cannot have them.
 */
static void become(uid_t uid, gid_t gid)
{
	int null = open("/dev/null", O_RDWR);

	setpgid(0, 0);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (null > 2)
			close(null);
	}
	if (setgroups(0, NULL) < 0 && getuid() == 0)
		_exit(126);
	if ((getgid() != gid && setgid(gid) < 0) || (getuid() != uid && setuid(uid) < 0))
		_exit(126);
}

/* Runs <argv> as <uid>/<gid> with stdin, stdout and stderr on /dev/null,
 * in a process group of its own (a timeout kills the whole group), and
 * waits VRRP_NOTIFY_TIMEOUT_S at most.
 */
static void run_one(char **argv, uid_t uid, gid_t gid)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int waited_ms = 0, status;
	pid_t pid = fork();

	if (pid < 0)
		return;
	if (pid == 0) {
		become(uid, gid);
		execv(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			return;
		if (waited_ms >= VRRP_NOTIFY_TIMEOUT_S * 1000) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return;
		}
		nanosleep(&tick, NULL);
		waited_ms += 10;
	}
}

/* Runs target <t>'s scripts for <state>, as keepalived does: the one for
 * that state (notify_master ...), then "notify" with INSTANCE NAME STATE
 * PRIORITY (a group's: GROUP NAME STATE 0).
 */
static void run_target(const struct vrrp_notify_target *t, const char *state,
                       unsigned priority, uid_t uid, gid_t gid)
{
	enum vrrp_notify_kind kind = strcmp(state, "MASTER") == 0 ? VRRP_NOTIFY_MASTER :
	                             strcmp(state, "BACKUP") == 0 ? VRRP_NOTIFY_BACKUP :
	                             strcmp(state, "FAULT") == 0 ? VRRP_NOTIFY_FAULT :
	                             strcmp(state, "STOP") == 0 ? VRRP_NOTIFY_STOP :
	                             VRRP_NOTIFY_RX_LOWER;
	char prio[12];
	const char *extra[4] = { t->group ? "GROUP" : "INSTANCE", t->name, state, prio };
	int k;

	snprintf(prio, sizeof(prio), "%u", t->group ? 0 : priority);
	/* (keepalived runs only notify_master_rx_lower_pri for that event) */
	for (k = 0; k < (kind == VRRP_NOTIFY_RX_LOWER ? 1 : 2); k++) {
		enum vrrp_notify_kind which = k == 0 ? kind : VRRP_NOTIFY_ANY;
		char buf[VRRP_NOTIFY_MAX + 2 * VRRP_NAME_MAX], *argv[VRRP_NOTIFY_ARGV_MAX + 1];

		if (!t->cmd[which][0] || t->off[which])
			continue;
		if (vrrp_notify_split(t->cmd[which], argv, VRRP_NOTIFY_ARGV_MAX + 1, buf,
		                      sizeof(buf), extra, which == VRRP_NOTIFY_ANY ? 4 : 0) > 0)
			run_one(argv, t->uid ? t->uid[which] : uid, t->gid ? t->gid[which] : gid);
	}
}

#define MAX_READERS 2   /* notify_fifo's and vrrp_notify_fifo's */

/* Starts the FIFO reader <r> (its words, then the FIFO's path) as its
 * user, with stdin, stdout and stderr on /dev/null, to be sent SIGTERM
 * should the helper die. Returns its pid, or 0 when it could not start.
 */
static pid_t start_reader(const struct vrrp_notify_reader *r)
{
	char buf[VRRP_NOTIFY_MAX + 512], *argv[VRRP_NOTIFY_ARGV_MAX + 1];
	const char *extra[1] = { r->fifo };
	pid_t helper = getpid(), pid;

	if (vrrp_notify_split(r->cmd, argv, VRRP_NOTIFY_ARGV_MAX + 1, buf, sizeof(buf),
	                      extra, 1) < 1)
		return 0;
	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0) {
		/* (its group: what the reader starts, a pipeline's other end,
		 * is stopped with it, as keepalived does)
		 */
		become(r->uid, r->gid);
		/* After the user change, which clears it; a helper gone
		 * before this line would leave the reader unwatched.
		 */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != helper)
			_exit(1);
		execv(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid);   /* (either side may run first) */
	return pid;
}

/* SIGCHLD in the helper: nothing to do but interrupt its wait. */
static void on_child(int sig)
{
	(void)sig;
}

/* Collects the readers in <pids> (<n>, 0 = none) that have ended, so that
 * none stays a zombie and none is signalled once its pid is reused.
 */
static void reap_readers(pid_t *pids, int n)
{
	int i, status;

	for (i = 0; i < n; i++)
		if (pids[i] > 0 && waitpid(pids[i], &status, WNOHANG) == pids[i])
			pids[i] = 0;
}

/* HAProxy's VRRP is gone: as keepalived at its stop, SIGTERM to each
 * reader's process group in <pids> (<n>, 0 = none), and SIGKILL to what
 * is left of a group after READER_GRACE_MS.
 */
#define READER_GRACE_MS 2000
static void stop_readers(pid_t *pids, int n)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int i, waited, left;

	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(-pids[i], SIGTERM);
	for (waited = 0; waited < READER_GRACE_MS; waited += 10) {
		reap_readers(pids, n);
		for (i = left = 0; i < n; i++)
			left += pids[i] > 0;
		if (!left)
			break;
		nanosleep(&tick, NULL);
	}
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(-pids[i], SIGKILL);
	reap_readers(pids, n);
}

/* The helper: starts the FIFO readers, runs what the worker asks for
 * until every worker end is closed, then tells the readers to stop.
 * Never returns.
 */
static void helper_loop(int sock, const struct vrrp_notify_target *t, int n,
                        const struct vrrp_notify_reader *r, int nreaders,
                        uid_t uid, gid_t gid)
{
	pid_t readers[MAX_READERS] = { 0 };
	sigset_t all;
	int sig, fd, i;

	/* Nothing of HAProxy's: its signal handlers, its mask, its
	 * descriptors (listening sockets among them) stay behind.
	 */
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	if (sock != 3) {
		dup2(sock, 3);
		sock = 3;
	}
	/* (close-on-exec: no script inherits it) */
	fcntl(sock, F_SETFD, FD_CLOEXEC);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	for (fd = 4; fd < 65536; fd++)
		close(fd);
	setsid();
	/* A reader's end interrupts recv() (no SA_RESTART): reaped at once */
	sigaction(SIGCHLD, &(struct sigaction){ .sa_handler = on_child }, NULL);
	for (i = 0; i < nreaders && i < MAX_READERS; i++)
		readers[i] = start_reader(&r[i]);
	for (;;) {
		struct notify_msg m;
		ssize_t got = recv(sock, &m, sizeof(m), 0);

		reap_readers(readers, MAX_READERS);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			stop_readers(readers, MAX_READERS);
			_exit(0);
		}
		/* Only what the configuration says: a target we know, a
		 * state word of ours.
		 */
		m.state[sizeof(m.state) - 1] = '\0';
		if (got != (ssize_t)sizeof(m) || m.target < 0 || m.target >= n ||
		    (strcmp(m.state, "MASTER") != 0 && strcmp(m.state, "BACKUP") != 0 &&
		     strcmp(m.state, "FAULT") != 0 && strcmp(m.state, "STOP") != 0 &&
		     strcmp(m.state, "MASTER_RX_LOWER_PRI") != 0) ||
		    m.priority > 255)
			continue;
		run_target(&t[m.target], m.state, m.priority, uid, gid);
	}
}

int vrrp_notify_start(const struct vrrp_notify_target *t, int n,
                      const struct vrrp_notify_reader *r, int nreaders, uid_t uid,
                      gid_t gid, char *err, size_t errlen)
{
	static bool atfork_set;
	int sv[2], status, e;
	pid_t first;

	/* A copy recorded by an earlier start is the caller's by now (it may
	 * have closed it, and its number be reused below): not ours to close.
	 */
	master_copy = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		e = errno;
		snprintf(err, errlen, "notify scripts: socketpair: %s", strerror(e));
		return -e;
	}
	first = fork();
	if (first < 0) {
		e = errno;
		close(sv[0]);
		close(sv[1]);
		snprintf(err, errlen, "notify scripts: fork: %s", strerror(e));
		return -e;
	}
	if (first == 0) {
		/* The intermediate child: gone at once, so the helper is
		 * nobody's child in HAProxy.
		 */
		pid_t helper;

		close(sv[0]);
		helper = fork();
		if (helper == 0)
			helper_loop(sv[1], t, n, r, nreaders, uid, gid);
		_exit(helper < 0 ? 1 : 0);
	}
	close(sv[1]);
	while (waitpid(first, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    fcntl(sv[0], F_SETFL, O_NONBLOCK) < 0) {
		e = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? errno : EAGAIN;
		close(sv[0]);
		snprintf(err, errlen, "notify scripts: the helper did not start: %s",
		         strerror(e));
		return -e;
	}
	/* Set after our own forks above: the next fork is the worker's. */
	master_copy = sv[0];
	master_pid = getpid();
	if (!atfork_set && pthread_atfork(NULL, close_master_copy, NULL) == 0)
		atfork_set = true;
	return sv[0];
}
