/*
 * Last gasp on SIGTERM.
 *
 * HAProxy's worker does not catch SIGTERM (the master forwards it on
 * "systemctl stop"): the process just dies, no Lua runs, and the backup
 * would only notice after Master_Down_Interval. So while we are master we
 * keep the priority-0 adverts and the netlink requests that delete the
 * VIPs ready-made, and a SIGTERM handler sends them with sendto() alone
 * (async-signal-safe) before letting the signal take its course.
 *
 * A signal handler has no argument to find our data through, so this is
 * the one place with process-wide state; it is owned by the process that
 * armed it and is a no-op anywhere else.
 */
#ifndef VRRP_LASTGASP_H
#define VRRP_LASTGASP_H

#include <stddef.h>
#include <stdint.h>

#define VRRP_LASTGASP_MAX 64  /* adverts or netlink requests */

/* Installs the SIGTERM handler in this process, chaining to whatever was
 * there. Returns 0 or -errno. Idempotent.
 */
int vrrp_lastgasp_install(void);

/* Restores the previous SIGTERM disposition and disarms. Idempotent. */
void vrrp_lastgasp_uninstall(void);

/* Starts a new set of things to send; nothing changes for the handler
 * until vrrp_lastgasp_commit().
 */
void vrrp_lastgasp_begin(void);

/* Adds a datagram <buf> of <len> bytes to send on <fd> (with <dst> of
 * <dstlen> bytes as destination) to the set being built. Returns 0, or -1
 * if the set is full or <len> too large.
 */
int vrrp_lastgasp_add(int fd, const void *buf, size_t len, const void *dst,
                      size_t dstlen);

/* Makes the set built since vrrp_lastgasp_begin() the one the handler
 * uses.
 */
void vrrp_lastgasp_commit(void);

#endif
