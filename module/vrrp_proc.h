/*
 * What this HAProxy process can learn about itself from /proc and from the
 * environment: whether a reload put another worker of the same master
 * beside it, and how it was started.
 *
 * The worker usually runs chrooted (Debian's stock "chroot /var/lib/haproxy"),
 * where the path /proc does not exist. So /proc is opened once, before the
 * chroot, and read through that descriptor. After "user haproxy" the kernel
 * still lets the worker read the stat files it needs; it lets it reach no
 * other process's root directory or memory.
 *
 * In master-worker mode (-W / -Ws, as systemd runs HAProxy) a reload forks
 * a new worker while the old one drains: the two are children of the same
 * master. The new one must carry on as master without a VRRP transition,
 * and the old one must then go quietly.
 */
#ifndef VRRP_PROC_H
#define VRRP_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/* Opens /proc for the functions below, close-on-exec (a re-executed master
 * opens its own). Call before HAProxy chroots. Returns the descriptor, or
 * -errno.
 */
int vrrp_proc_open(void);

/* Counts the workers of our master that started after us (same parent
 * process, itself an HAProxy, same command name as ours): a reload's new
 * worker, when we are the old one. Outside master-worker mode, 0. Returns
 * the count, or -errno if /proc cannot be read.
 */
int vrrp_proc_younger_siblings(int procfd);

/* Whether this master process is the result of a reload (HAProxy sets
 * HAPROXY_MWORKER_REEXEC when the master re-executes itself), as opposed
 * to a fresh start of the service. Only the master sees it: HAProxy
 * clears it in the worker, so ask in register_init and let the worker
 * inherit the answer. (The previous worker may already have exited by the
 * time the new one runs, so looking for it cannot tell either.)
 */
bool vrrp_proc_is_reload(void);

/* Whether HAProxy runs in master-worker mode (-W, -Ws, or "master-worker"
 * in global): HAProxy then sets HAPROXY_MWORKER, before register_init.
 */
bool vrrp_proc_master_worker(void);

/* Whether this HAProxy was started to replace running ones ("-sf" or
 * "-st" on its command line, the old way to reload without master-worker
 * mode), as /proc/self/cmdline says; false if it cannot be read.
 */
bool vrrp_proc_replaces_old_pids(int procfd);

#endif
