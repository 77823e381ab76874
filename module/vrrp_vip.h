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
 */
#ifndef VRRP_VIP_H
#define VRRP_VIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_node-t.h"

/* Adds (<add>, with a fresh lease of in->lease_s) or removes every VIP of
 * <in> through <nl>, all of them even when one fails (but it stops at the
 * first timeout, so that one call waits VRRP_NL_TIMEOUT_MS at most). On success of an
 * add, in->lease_until becomes <now> + the lease; after a removal it is 0.
 * Removing an address that is not there (or whose interface is gone)
 * counts as done. Returns 0, or the first failure as -errno with <err>
 * naming the address and the reason.
 */
int vrrp_vip_set(struct vrrp_nl *nl, struct vrrp_instance *in, bool add,
                 uint64_t now, char *err, size_t errlen);

/* Counts how many of <in>'s VIPs are on their interfaces now. If one of
 * them is there as a permanent address (no lifetime: put there by someone
 * else, since ours always have one), sets <*permanent> to its index in
 * in->conf->vips, else to -1. Returns the count, or -errno with <err>.
 */
int vrrp_vip_present(struct vrrp_nl *nl, const struct vrrp_instance *in,
                     int *permanent, char *err, size_t errlen);

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
