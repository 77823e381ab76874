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
 * of a socket pair. The worker hands it each script as one datagram,
 * without waiting (a full socket drops it: counted). The helper runs them
 * one at a time, in the order sent, as script_user, each for
 * VRRP_NOTIFY_TIMEOUT_S at most, and exits when every worker end is
 * closed: after a reload, once the previous worker has gone.
 */
#ifndef VRRP_NOTIFY_H
#define VRRP_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define VRRP_NOTIFY_TIMEOUT_S 30   /* a script still running then is killed */
#define VRRP_NOTIFY_MSG_MAX   2048 /* one datagram: the command's words */

/* Starts the helper, to run scripts as <uid>/<gid>. Returns the worker's
 * end of the socket (non-blocking, close-on-exec), or -errno with <err>.
 */
int vrrp_notify_start(uid_t uid, gid_t gid, char *err, size_t errlen);

/* Splits <cmd> into at most <max> words into <argv> (pointers into <buf>,
 * <cap> bytes), as a shell splits unquoted and '...' or "..." quoted text,
 * without any expansion; then appends the <nextra> words <extra>. Returns
 * the word count (argv[n] is NULL), or -1 when it does not fit. Pure.
 */
int vrrp_notify_split(const char *cmd, char **argv, int max, char *buf, size_t cap,
                      const char *const *extra, int nextra);

/* Hands the helper on <fd> the command <argv> (NULL-terminated). Returns
 * 0 or -errno (-EAGAIN: the helper is behind; -EPIPE: it is gone).
 */
int vrrp_notify_send(int fd, char *const *argv);

/* Whether the script <path> may be run under enable_script_security: it
 * and each directory above it belong to root (or <uid>) and nobody else
 * may write them (but for a sticky directory, where nobody else can
 * replace what is root's). Returns true, or false with <why> set.
 */
bool vrrp_notify_path_safe(const char *path, uid_t uid, char *why, size_t whylen);

#endif
