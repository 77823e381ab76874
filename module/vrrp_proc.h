/*
 * What this HAProxy process can learn about how it was started: from the
 * environment, and from its own command line (read in register_init,
 * before HAProxy chroots the worker; nothing here is used after that).
 *
 * In master-worker mode (-W / -Ws, as systemd runs HAProxy) a reload makes
 * the master re-execute itself with "-sf <pid>..." naming the running
 * workers, fork a new worker and ask the old ones to finish. The new worker
 * must carry on as master without a VRRP transition, and tell the old ones
 * (vrrp_handoff.h), which then go quietly.
 */
#ifndef VRRP_PROC_H
#define VRRP_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/* Most old processes a command line is read for. */
#define VRRP_MAX_OLD_PIDS 64

/* Whether this master process is the result of a reload (HAProxy sets
 * HAPROXY_MWORKER_REEXEC when the master re-executes itself), as opposed
 * to a fresh start of the service. Only the master sees it: HAProxy
 * clears it in the worker, so ask in register_init and let the worker
 * inherit the answer.
 */
bool vrrp_proc_is_reload(void);

/* Whether HAProxy runs in master-worker mode (-W, -Ws, or "master-worker"
 * in global): HAProxy then sets HAPROXY_MWORKER, before register_init.
 */
bool vrrp_proc_master_worker(void);

/* Reads this process's command line (/proc/self/cmdline: arguments
 * separated by NULs) into <buf> of <cap> bytes, NUL-terminated, cut at
 * <cap> - 1. Returns its length or -errno.
 */
ssize_t vrrp_proc_cmdline(char *buf, size_t cap);

/* The processes this HAProxy was started to replace: the pids after "-sf"
 * or "-st" on its command line (/proc/self/cmdline), the last <max> of
 * them (HAProxy lists the running worker last) into <pids>. In master-worker mode they are the workers of before the reload;
 * outside it, the old way of reloading. Returns how many, 0 if none, or
 * -errno if the command line cannot be read.
 */
int vrrp_proc_old_pids(pid_t *pids, int max);

/* HAProxy's own "stopping" flag (an int it sets when a soft stop begins,
 * the one "show info" reports as Stopping), found among the symbols the
 * haproxy binary exports (it exports them for Lua's C modules). Reading it
 * costs nothing, where Lua's core.get_info() builds a table of ~60 fields.
 * Returns NULL when the binary does not export it: then ask get_info().
 */
const volatile int *vrrp_proc_stopping_flag(void);

#endif
