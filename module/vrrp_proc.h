/*
 * What this HAProxy process can learn about itself from /proc: whether a
 * reload put another worker of the same master beside it, and which
 * capabilities it holds.
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

/* Workers of our master other than us, by age. */
struct vrrp_siblings {
	int older;    /* started before us: we are a reload's new worker */
	int younger;  /* started after us: we are being replaced */
};

/* Counts the other workers of our master (same parent process, itself an
 * HAProxy, same command name as ours). Outside master-worker mode, both
 * counts are 0. Returns 0, or -errno if /proc cannot be read.
 */
int vrrp_proc_siblings(struct vrrp_siblings *out);

/* Whether this master process is the result of a reload (HAProxy sets
 * HAPROXY_MWORKER_REEXEC when the master re-executes itself), as opposed
 * to a fresh start of the service. Only the master sees it: HAProxy
 * clears it in the worker, so ask in register_init and let the worker
 * inherit the answer. (The previous worker may already have exited by the
 * time the new one runs, so looking for it cannot tell either.)
 */
bool vrrp_proc_is_reload(void);

/* Whether the calling thread holds the effective capability <cap>
 * (e.g. CAP_NET_ADMIN), as /proc/self/status shows it.
 */
bool vrrp_proc_has_cap(int cap);

#endif
