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
 * Chaining: the handler then does what the previous disposition would
 * have done. If that was SIG_IGN, SIGTERM does not stop the process, so
 * nothing is sent either (a live master must not say it is leaving). If
 * the previous handler re-installs itself (HAProxy's own signal handler
 * does, with signal()), ours takes its place back afterwards, chaining to
 * it from then on.
 *
 * A signal handler has no argument to find our data through, so this is
 * the one place with process-wide state; it is owned by the process that
 * armed it and is a no-op anywhere else.
 */
#ifndef VRRP_LASTGASP_H
#define VRRP_LASTGASP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_LASTGASP_MSG_MAX 640  /* bytes of one datagram: an IPv6 advert
                                    * with 32 addresses is 520 */

/* Makes room for <nitems> datagrams in each of the two sets (the one the
 * handler reads and the one being rebuilt): the most this process may
 * ever need (every instance master at once). Call it before
 * vrrp_lastgasp_install(), while no handler can read the sets. Returns 0,
 * -ENOMEM, or -EBUSY once the handler is installed.
 */
int vrrp_lastgasp_reserve(size_t nitems);

/* Installs the SIGTERM handler in this process, chaining to whatever was
 * there. Returns 0 or -errno. Idempotent.
 */
int vrrp_lastgasp_install(void);

/* Whether the handler has sent a set in this process: a SIGTERM came
 * and, if the process lives on (a previous handler that does not stop
 * it), the instances must know they have said goodbye.
 */
bool vrrp_lastgasp_fired(void);

/* Restores the previous SIGTERM disposition and disarms. Idempotent. */
void vrrp_lastgasp_uninstall(void);

/* Starts a new set of things to send; nothing changes for the handler
 * until vrrp_lastgasp_commit().
 */
void vrrp_lastgasp_begin(void);

/* Adds a datagram <buf> of <len> bytes to send on <fd> (with <dst> of
 * <dstlen> bytes as destination) to the set being built. Returns 0, or
 * -ENOSPC if the set already holds what vrrp_lastgasp_reserve() made room
 * for, or -EMSGSIZE if <len> or <dstlen> is too large: the caller must
 * say so, the datagram will not be sent.
 */
int vrrp_lastgasp_add(int fd, const void *buf, size_t len, const void *dst,
                      size_t dstlen);

/* Makes the set built since vrrp_lastgasp_begin() the one the handler
 * uses.
 */
void vrrp_lastgasp_commit(void);

#endif
