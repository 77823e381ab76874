/*
 * The virtual addresses of an instance in the kernel: added with a lease
 * (a lifetime the kernel enforces), renewed while we are master, removed
 * when we are not. This is the one place where a VIP is added or removed.
 *
 * The lease is a dead-man switch: a master that stops renewing (it
 * crashed, hung, or its netlink requests fail) loses the VIPs within
 * lease_s seconds, without anyone having to remove them. A master whose
 * renewals fail must therefore step aside before the lease runs out,
 * rather than go on advertising an address it no longer holds.
 *
 * Requests never wait inside HAProxy's loop: vrrp_vip_send() sends them
 * and records them as in flight; vrrp_vip_collect(), on a later poll (or
 * the same one), matches the kernel's answers to them by sequence number
 * and says what became of each.
 */
#ifndef VRRP_VIP_H
#define VRRP_VIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_node-t.h"

/* The netlink request for the address <vc> (a VIP or a static address)
 * on interface <ifindex>, with a lifetime of <lease_s> seconds (0: none).
 * Pure.
 */
struct vrrp_nl_addr_req vrrp_vip_req_of(const struct vrrp_vip_conf *vc, int ifindex,
                                        uint32_t lease_s);

/* Sizes <fl> for <nvips> addresses: each may have an add and a removal
 * in flight at once. Returns 0 or -ENOMEM.
 */
int vrrp_vip_inflight_init(struct vrrp_vip_inflight *fl, int nvips);

/* Releases what vrrp_vip_inflight_init() allocated; safe twice. */
void vrrp_vip_inflight_free(struct vrrp_vip_inflight *fl);

/* Sends, without waiting, one add (<add>, with a fresh lease of
 * in->lease_s) or removal per VIP of <in> (instance number <inst>) and
 * records each in <fl> with <now> and in->vip_epoch. Returns 0, or the
 * first failure to send (-EAGAIN when the socket's buffer is full,
 * -ENOBUFS when <fl> is) with <err> naming the address; the other VIPs
 * are still tried.
 */
int vrrp_vip_send(struct vrrp_nl *nl, struct vrrp_vip_inflight *fl,
                  const struct vrrp_instance *in, int inst, bool add,
                  uint64_t now, char *err, size_t errlen);

/* Reads the answers the kernel has queued, without waiting, and moves
 * each answered request from <fl> to <out> (room for fl->cap) with its
 * result: 0, or -errno. Removing an address that is not there
 * (EADDRNOTAVAIL, as in keepalived, or ENODEV: its interface is gone)
 * counts as done. A request unanswered VRRP_NL_TIMEOUT_MS after <now>
 * was sent gets -ETIMEDOUT; when the kernel dropped answers (-ENOBUFS
 * on the socket) every request in flight gets -ENOBUFS. Returns how many
 * it put in <out>.
 */
int vrrp_vip_collect(struct vrrp_nl *nl, struct vrrp_vip_inflight *fl,
                     uint64_t now, struct vrrp_vip_outcome *out);

/* When the oldest request in <fl> times out (ms), or VRRP_TIME_NEVER. */
uint64_t vrrp_vip_inflight_deadline(const struct vrrp_vip_inflight *fl);

/* Says what <o> was, for a log line: "add 192.0.2.100/32: <reason>". */
void vrrp_vip_describe(const struct vrrp_instance *in,
                       const struct vrrp_vip_outcome *o, char *buf, size_t len);

/* Counts how many of <in>'s VIPs are among the <n> addresses <addrs> (a
 * dump of every interface: vrrp_nl_list_addrs() with ifindex 0). If one
 * of them is there as a permanent address (no lifetime: put there by
 * someone else, since ours always have one), sets <*permanent> to its
 * index in in->conf->vips, else to -1. Returns the count. Pure: no I/O.
 */
int vrrp_vip_count_present(const struct vrrp_instance *in,
                           const struct vrrp_nl_ifaddr *addrs, int n,
                           int *permanent);

/* When a master that renewed its VIPs' lease of <lease_s> seconds at
 * <renewed_at> should renew it again, advertising every <adver_ms>: after
 * a third of the lease, but early enough that a renewal that fails
 * leaves more than two advert intervals to try again with the next advert
 * (vrrp_vip_must_step_aside()); with a long interval, every advert. Pure:
 * no I/O.
 */
uint64_t vrrp_vip_renew_due(uint64_t renewed_at, uint32_t lease_s,
                            uint32_t adver_ms);

/* Decides for a master whose VIPs could not be added or renewed at <now>
 * (failure <err>, -errno) whether it must step aside. A refusal (EPERM,
 * EINVAL, ...) meets every later attempt: yes. A transient failure (a
 * timeout, a full buffer) is tried again with the next advert, as long as
 * the lease, which runs until <lease_until> (0: we hold nothing yet),
 * still leaves two advert intervals (<adver_ms> each) for that and for a
 * backup to take over before the address lapses. Pure: no I/O.
 */
bool vrrp_vip_must_step_aside(int err, uint64_t lease_until, uint32_t adver_ms,
                              uint64_t now);

#endif
