/*
 * rtnetlink through libmnl: virtual addresses in and out (sent without
 * waiting, answers read later), and address dumps (waited for: start-up
 * only) for the interface's own primary address and residual VIPs.
 */
#ifndef VRRP_NETLINK_H
#define VRRP_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_addr-t.h"
#include "vrrp_route-t.h"

struct mnl_socket;
struct nlmsghdr;

/* <seq> numbers the requests, and every reply is matched to its request
 * by that number: a reply to none we wait for is a leftover (of a request
 * given up, of a dump we stopped reading) and is skipped, so one lost
 * reply can never shift every later one. (The SIGTERM handler's deletions
 * carry seq 0 and ask for no answer.)
 */
struct vrrp_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
	unsigned long stale;  /* leftover replies skipped so far */
};

/* Opens a NETLINK_ROUTE socket, close-on-exec. Its receive timeout
 * (VRRP_NL_TIMEOUT_MS) bounds a dump's wait; requests sent without waiting
 * count as unanswered after that time too: the kernel answers rtnetlink
 * requests while handling them, so a reply that is not there by then is
 * not coming soon. Returns 0, or -errno with <err> set.
 */
#define VRRP_NL_TIMEOUT_MS 200
int vrrp_nl_open(struct vrrp_nl *nl, char *err, size_t errlen);

/* Closes the socket; safe on a closed or zeroed <nl>. */
void vrrp_nl_close(struct vrrp_nl *nl);

/* One address of an interface, as the kernel lists it. */
struct vrrp_nl_ifaddr {
	int      ifindex;
	struct vrrp_addr addr;
	uint8_t  prefix;
	bool     secondary;  /* IFA_F_SECONDARY */
	bool     tentative;  /* IPv6, IFA_F_TENTATIVE: duplicate address
	                      * detection is not done, nothing can be sent
	                      * from it yet */
	bool     dad_failed; /* IPv6, IFA_F_DADFAILED: another node has it */
	bool     permanent;  /* IFA_F_PERMANENT: no lifetime, so not one of
	                      * ours (we always add a lease) */
};

/* One address to add or remove, with keepalived's options. An IPv6
 * address is added without duplicate address detection (IFA_F_NODAD): the
 * new master must answer for it at once, while the old one may still hold
 * it for a moment. A /128 is added deprecated (preferred lifetime 0, as
 * keepalived does), so that the kernel never picks it as the source of
 * this node's own connections, which would break when the VIP moves.
 */
struct vrrp_nl_addr_req {
	int      ifindex;
	struct vrrp_addr addr;
	uint8_t  prefix;
	uint32_t lease_s;    /* add: valid and preferred lifetime; 0 = forever */
	uint32_t brd;        /* add, IPv4: broadcast, network order; 0 = none */
	uint8_t  scope;      /* add, IPv4: RT_SCOPE_* (IPv6 derives it) */
	const char *label;   /* add: IFA_LABEL; NULL or "" = none */
	const struct vrrp_addr *peer; /* point-to-point peer (IFA_ADDRESS),
	                      * also needed to remove it; NULL = none */
	uint32_t flags;      /* add: more IFA_F_* flags */
	bool     dad;        /* add, IPv6: without IFA_F_NODAD */
	bool     has_preferred; /* add: preferred_s applies */
	uint32_t preferred_s;/* add: preferred lifetime, at most the lease's
	                      * (0: deprecated at once) */
};

/* Sends, without waiting for anything, the request that adds (<add>) or
 * removes the address of <req>, asking for the kernel's ACK. An add with a
 * lease gives the address that lifetime, so the kernel removes it by
 * itself unless it is added again in time; adding an existing address
 * renews its lifetime. The socket is not read, and a full send buffer
 * fails with -EAGAIN instead of blocking. Sets <*seq> to the number the
 * kernel's answer will carry (vrrp_nl_read_acks()). Returns 0 or -errno.
 */
int vrrp_nl_addr_send(struct vrrp_nl *nl, bool add, const struct vrrp_nl_addr_req *req,
                      unsigned int *seq);

/* The sequence number for the next request on <nl> (never 0, which is
 * the SIGTERM handler's).
 */
unsigned int vrrp_nl_next_seq(struct vrrp_nl *nl);

/* Sends the request of <len> bytes in <buf> without waiting (a full send
 * buffer fails with -EAGAIN). Returns 0 or -errno.
 */
int vrrp_nl_send(struct vrrp_nl *nl, const void *buf, size_t len);

/* Builds into <buf> (at least MNL_SOCKET_BUFFER_SIZE bytes) the
 * RTM_NEWROUTE (<add>) or RTM_DELROUTE of <r> as iproute2 would send it,
 * through the interface of index <oif> (0: none), and returns its length.
 * Two "via" addresses make one multipath route. A removal names the same
 * destination, table, type, protocol and next hops, and any scope, so
 * that it removes this route and no other. With !<ack> the kernel answers
 * only if the request fails. An IPv6 add with <expires> (s, 0: none)
 * carries RTA_EXPIRES: the kernel removes the route then unless an equal
 * add (without NLM_F_EXCL) pushes it on; IPv4 routes have no lifetime.
 */
size_t vrrp_nl_build_route(void *buf, bool add, bool ack, unsigned int seq,
                           const struct vrrp_route_conf *r, int oif,
                           uint32_t expires);

/* The same for rule <r>: RTM_NEWRULE (which fails with EEXIST when an
 * equal rule is there) or RTM_DELRULE.
 */
size_t vrrp_nl_build_rule(void *buf, bool add, bool ack, unsigned int seq,
                          const struct vrrp_rule_conf *r);

/* Called for each answer of ours with its request's <seq> and <err> (0 for
 * the ACK, else -errno as the kernel gave it).
 */
typedef void (*vrrp_nl_ack_cb)(unsigned int seq, int err, void *data);

/* Reads, without waiting, every answer already queued on the socket and
 * hands each ACK or error to <cb>; anything else (a leftover of a dump) is
 * skipped and counted as stale. Returns how many answers it handed on, or
 * -errno (-ENOBUFS: the kernel dropped answers because the socket's queue
 * was full; the requests they answered will never be answered).
 */
int vrrp_nl_read_acks(struct vrrp_nl *nl, vrrp_nl_ack_cb cb, void *data);

/* The socket's descriptor (e.g. to wait for answers with poll()), or -1. */
int vrrp_nl_fd(const struct vrrp_nl *nl);

/* The index of interface <name> in the network namespace the socket <nl>
 * was opened in (if_nametoindex() would ask the calling thread's, which is
 * HAProxy's own under net_namespace), or 0 with errno set (ENODEV: no such
 * interface; EBADF: <nl> is not open). Asked with an ioctl, not a dump:
 * it neither waits nor reads the socket's queue.
 */
int vrrp_nl_ifindex(const struct vrrp_nl *nl, const char *name);

/* Lists the IPv4 and IPv6 addresses of <ifindex> (every interface's when 0) in
 * the kernel's order into a new array at <*out>, however many there are,
 * which the caller frees (NULL when there are none). Returns how many, or
 * -errno with <err> set (and <*out> NULL).
 */
int vrrp_nl_list_addrs(struct vrrp_nl *nl, int ifindex,
                       struct vrrp_nl_ifaddr **out, char *err, size_t errlen);

/* Called for each data message of a reply (e.g. one address of a dump);
 * returns MNL_CB_OK to go on or MNL_CB_ERROR to stop.
 */
typedef int (*vrrp_nl_data_cb)(const struct nlmsghdr *nlh, void *data);

/* Goes through the <len> bytes of netlink messages in <buf>, as one
 * recv() returned them, for the request numbered <seq> from our <portid>.
 * Messages of any other request are skipped and counted in <*stale>. Data
 * messages go to <cb> (may be NULL). Returns 1 when more is to come (a
 * dump not finished yet, or nothing of ours in <buf>), 0 when the request
 * is answered (ACK or end of dump), or -errno: the kernel's error (also
 * one carried by the end of a dump), EINTR when the kernel says the dump
 * was disturbed by a change (NLM_F_DUMP_INTR: ask again), EPROTO for a
 * malformed message or what <cb> refused.
 */
int vrrp_nl_parse_replies(const void *buf, size_t len, unsigned int seq,
                          unsigned int portid, vrrp_nl_data_cb cb, void *data,
                          unsigned long *stale);

/* Builds the RTM_NEWADDR / RTM_DELADDR request for vrrp_nl_addr_send() into
 * <buf> (at least MNL_SOCKET_BUFFER_SIZE bytes) and returns its length.
 * Kept separate so a signal handler can send a prebuilt request; with
 * !<ack> the kernel answers only if the request fails.
 */
size_t vrrp_nl_build_addr(void *buf, bool add, bool ack, unsigned int seq,
                          const struct vrrp_nl_addr_req *req);

/* Whether <err> (negative errno from a request) may go away by
 * itself (a timeout, a full buffer), as opposed to a refusal that the
 * same request will meet again (EPERM, EINVAL, ENODEV, ...).
 */
bool vrrp_nl_error_is_transient(int err);

#endif
