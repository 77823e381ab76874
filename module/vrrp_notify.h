/*
 * Notify scripts (keepalived's notify_master ... notify) run by a helper
 * process, never by HAProxy's worker.
 *
 * The worker is multi-threaded, runs as HAProxy's user and, with Debian's
 * stock configuration, chrooted: it could neither fork safely nor reach
 * the scripts. So while HAProxy's master opens the module (register_init:
 * root, outside any chroot, before the threads and the fork), a helper is
 * started: forked twice, so that it belongs to no HAProxy process (the
 * master reaps only its workers), with every descriptor closed but its end
 * of a socket pair. It keeps the list of scripts it was started with: the
 * worker only names a target (an instance or a sync group) and a state,
 * so a worker taken over by an attacker can make the helper run nothing
 * but the configured scripts. The helper runs them one at a time, in the
 * order asked, as script_user, each for VRRP_NOTIFY_TIMEOUT_S at most,
 * and exits when no worker holds the other end any more (the master
 * closes its own copy once it has forked the worker, vrrp_notify_start()).
 * It also starts the notify FIFOs' readers (notify_fifo_script), which
 * run as long as it does.
 */
#ifndef VRRP_NOTIFY_H
#define VRRP_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "vrrp_conf-t.h"

#define VRRP_NOTIFY_TIMEOUT_S 30   /* a script still running then is killed */
#define VRRP_NOTIFY_ARGV_MAX  64   /* words of one command, extra words included */

/* One instance or sync group with scripts: what the helper may run. */
struct vrrp_notify_target {
	const char *name;
	bool        group;         /* "notify" gets GROUP NAME STATE 0 */
	const char (*cmd)[VRRP_NOTIFY_MAX]; /* VRRP_NOTIFY_COUNT, "" = none */
	const bool *off;           /* VRRP_NOTIFY_COUNT: cannot run */
	const uid_t *uid;          /* VRRP_NOTIFY_COUNT: runs as (keepalived's
	                            * "notify_* SCRIPT USER [GROUP]"), or NULL:
	                            * vrrp_notify_start()'s */
	const gid_t *gid;
};

/* A notify FIFO's reader (keepalived's notify_fifo_script): started by
 * the helper as it starts, left running, and sent SIGTERM when the helper
 * ends (as keepalived does when it stops), or by the kernel should the
 * helper die (PR_SET_PDEATHSIG).
 */
struct vrrp_notify_reader {
	const char *cmd;           /* the script line; the FIFO's path is appended */
	const char *fifo;
	uid_t uid;                 /* runs as */
	gid_t gid;
};

/* Starts the helper with the <n> targets <t> and the <nreaders> FIFO
 * readers <r> (copied into it by the fork), to run scripts as <uid>/<gid>
 * unless a target says otherwise. Returns the worker's end of the socket
 * (non-blocking, close-on-exec), or -errno with <err>. This process's copy
 * is closed in it by the next fork (the worker's): see vrrp_notify.c.
 */
int vrrp_notify_start(const struct vrrp_notify_target *t, int n,
                      const struct vrrp_notify_reader *r, int nreaders, uid_t uid,
                      gid_t gid, char *err, size_t errlen);

/* Whether <fd>, returned by vrrp_notify_start(), is still open in this
 * process: not in the master once it has forked the worker.
 */
bool vrrp_notify_fd_ours(int fd);

/* Asks the helper on <fd> to run target <target>'s scripts for <state>
 * (MASTER, BACKUP, FAULT or STOP, or the event MASTER_RX_LOWER_PRI) at
 * <priority>. Returns 0 or -errno
 * (-EAGAIN: the helper is behind; -EPIPE: it is gone).
 */
int vrrp_notify_send(int fd, int target, const char *state, unsigned priority);

/* Splits <cmd> into at most <max> words into <argv> (pointers into <buf>,
 * <cap> bytes), as a shell splits unquoted and '...' or "..." quoted text,
 * without any expansion; then appends the <nextra> words <extra>. Returns
 * the word count (argv[n] is NULL), or -1 when it does not fit. Pure.
 */
int vrrp_notify_split(const char *cmd, char **argv, int max, char *buf, size_t cap,
                      const char *const *extra, int nextra);

/* Whether the script <path> may be run under enable_script_security: the
 * file it really is (symbolic links resolved) and each directory above
 * it belong to root (or <uid>) and nobody else may write them (but for a
 * sticky directory, where nobody else can replace what is root's).
 * Returns true, or false with <why> set.
 */
bool vrrp_notify_path_safe(const char *path, uid_t uid, char *why, size_t whylen);

#endif
