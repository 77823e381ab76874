/*
 * Notify scripts through a helper process. See vrrp_notify.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "vrrp_notify.h"

#define ARGV_MAX 64

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

int vrrp_notify_send(int fd, char *const *argv)
{
	char msg[VRRP_NOTIFY_MSG_MAX];
	size_t o = 0;
	int i;

	for (i = 0; argv[i]; i++) {
		size_t len = strlen(argv[i]) + 1;

		if (o + len > sizeof(msg))
			return -EMSGSIZE;
		memcpy(msg + o, argv[i], len);
		o += len;
	}
	if (send(fd, msg, o, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		return -errno;
	return 0;
}

bool vrrp_notify_path_safe(const char *path, uid_t uid, char *why, size_t whylen)
{
	char p[VRRP_NOTIFY_MSG_MAX];
	struct stat st;
	char *slash;

	snprintf(p, sizeof(p), "%s", path);
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
			waitpid(pid, &status, 0);
			return;
		}
		nanosleep(&tick, NULL);
		waited_ms += 10;
	}
}

/* The helper: reads commands until every worker end is closed. Never
 * returns.
 */
static void helper_loop(int sock, uid_t uid, gid_t gid)
{
	static char msg[VRRP_NOTIFY_MSG_MAX + 1];
	sigset_t all;
	int sig, fd;

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
	fcntl(sock, F_SETFD, 0);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	for (fd = 4; fd < 65536; fd++)
		close(fd);
	setsid();
	for (;;) {
		char *argv[ARGV_MAX + 1];
		ssize_t got = recv(sock, msg, VRRP_NOTIFY_MSG_MAX, 0);
		int n = 0;
		size_t o = 0;

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			_exit(0);
		msg[got] = '\0';
		while (o < (size_t)got && n < ARGV_MAX) {
			argv[n++] = msg + o;
			o += strlen(msg + o) + 1;
		}
		argv[n] = NULL;
		if (n > 0 && argv[0][0] == '/')
			run_one(argv, uid, gid);
	}
}

int vrrp_notify_start(uid_t uid, gid_t gid, char *err, size_t errlen)
{
	int sv[2], status, e;
	pid_t first;

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
		close(sv[0]);
		if (fork() == 0)
			helper_loop(sv[1], uid, gid);
		_exit(0);
	}
	close(sv[1]);
	while (waitpid(first, &status, 0) < 0 && errno == EINTR)
		;
	if (fcntl(sv[0], F_SETFL, O_NONBLOCK) < 0) {
		e = errno;
		close(sv[0]);
		snprintf(err, errlen, "notify scripts: %s", strerror(e));
		return -e;
	}
	return sv[0];
}
