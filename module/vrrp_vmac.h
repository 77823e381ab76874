/*
 * keepalived's use_vmac: the macvlan interface (mode private, MAC
 * 00:00:5e:00:01:VRID, RFC 5798 7.3) that holds an instance's VIPs, so that
 * a failover moves the MAC with the address and neighbours need not learn a
 * new one. Created, checked and brought up over rtnetlink, waiting for the
 * kernel's answers: in the master before the fork, or in the worker when
 * the base interface was created anew (the vmac went with it), as the
 * address dump then waits too. Its removal is one request sent without
 * waiting (vrrp_vmac_build_del()), also from the SIGTERM handler.
 */
#ifndef VRRP_VMAC_H
#define VRRP_VMAC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vrrp_addr;

/* The virtual MAC of VRID <vrid> for <family>: 00:00:5e:00:01:<vrid> for
 * AF_INET, 00:00:5e:00:02:<vrid> for AF_INET6 (RFC 5798 7.3).
 */
void vrrp_vmac_mac(int family, uint8_t vrid, uint8_t mac[6]);

/* Makes sure the interface <name> is our vmac for VRID <vrid> of <family> on the
 * interface of index <base_ifindex>: a private-mode macvlan of it with the
 * virtual MAC, which is created when there is none (a reload, or a run
 * that crashed, left one: it is used as it is). Then sets what keepalived
 * sets (on the vmac: arp_ignore 1, accept_local 1, rp_filter 0,
 * promote_secondaries 1 and no IPv6 link-local address; on the base
 * interface arp_ignore 1 and arp_filter 1, so that only the vmac answers
 * ARP for the VIPs) and brings it up; an IPv6 instance's adverts come
 * from <link_local> (the base interface's, when not NULL), which is added
 * to the vmac too (without duplicate address detection), as keepalived
 * does, since its socket is bound to it there. Waits for each answer, up to the
 * netlink timeout. Returns the vmac's index, or -errno with <err> set:
 * -EEXIST when an interface of that name is something else (it is left
 * alone), or the kernel's refusal. <*created> says whether this call
 * made it (a failure removes what it made: nothing is left behind).
 */
int vrrp_vmac_ensure(const char *name, int base_ifindex, int family,
                     uint8_t vrid, const struct vrrp_addr *link_local,
                     bool *created, char *err, size_t errlen);

/* keepalived's clear_rp_filter(): a vmac has no address of the adverts'
 * subnet, so reverse path filtering (strict or loose) drops every advert
 * it gets, and an interface's effective rp_filter is the larger of its own
 * and net.ipv4.conf.all's. When all.rp_filter is N > 0, raises default's
 * and every interface's own rp_filter to at least N, then sets all to 0:
 * the other interfaces filter as before, the vmacs (0) do not. Through
 * /proc/sys: before the chroot. Returns 0 when all was 0 already, N when
 * it changed it (<msg> says what it did, for the log), or -errno with
 * <msg> set.
 */
int vrrp_vmac_clear_rp_filter(char *msg, size_t msglen);

/* Builds into <buf> (at least MNL_SOCKET_BUFFER_SIZE bytes) the
 * RTM_DELLINK that removes interface <ifindex>, with sequence number
 * <seq> and no ACK asked (the kernel answers only an error), and returns
 * its length. Removing the vmac removes the VIPs on it too.
 */
size_t vrrp_vmac_build_del(void *buf, unsigned int seq, int ifindex);

#endif
