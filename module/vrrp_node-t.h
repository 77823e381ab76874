/*
 * Runtime types: the instances of one HAProxy process with their sockets,
 * state machines and counters.
 */
#ifndef VRRP_NODE_T_H
#define VRRP_NODE_T_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "vrrp_conf-t.h"
#include "vrrp_proc.h"
#include "vrrp_fsm-t.h"
#include "vrrp_netlink.h"
#include "vrrp_packet-t.h"
#include "vrrp_route.h"
#include "vrrp_routestate-t.h"
#include "vrrp_sockpool.h"
#include "vrrp_trackfile.h"

#define VRRP_LOG_QUEUE 64
#define VRRP_GONE_SAID 16   /* former routes named one by one in the log */
#define VRRP_LOG_LEN   640   /* holds a VRRP_ERR_MAX message and its context */

enum vrrp_log_level {
	VRRP_LOG_INFO = 0,
	VRRP_LOG_WARNING,
	VRRP_LOG_ALERT,
};

/* Whom each notify script of an instance or sync group runs as. */
struct vrrp_notify_cred {
	uid_t uid[VRRP_NOTIFY_COUNT];
	gid_t gid[VRRP_NOTIFY_COUNT];
};

/* Everything "show vrrp" counts for an instance. */
struct vrrp_counters {
	uint64_t rx_adverts;      /* valid adverts for our VRID */
	uint64_t rx_stop;         /* of those, priority 0 */
	uint64_t rx_addr_mismatch;/* valid, but another address list */
	uint64_t rx_dropped[VRRP_RX_ERROR_COUNT]; /* by reason (what names no
	                           * instance is counted on the socket:
	                           * struct vrrp_link_sock) */
	uint64_t tx_adverts;
	uint64_t tx_stop;
	uint64_t tx_errors;
	uint64_t garp_sent;
	uint64_t na_sent;         /* IPv6 unsolicited neighbour advertisements */
	uint64_t became_master;
	uint64_t left_master;
	uint64_t vip_errors;      /* netlink add/delete failures */
	uint64_t route_errors;    /* virtual_routes / virtual_rules ones */
};

/* Why an instance is in keepalived's FAULT state: it does not take part
 * in the election (a master sent priority 0 and let its VIPs go) until
 * the cause is gone.
 */
enum vrrp_fault {
	VRRP_FAULT_NONE = 0,
	VRRP_FAULT_LINK,      /* its interface or a tracked one is down or gone */
	VRRP_FAULT_VIP,       /* its VIPs could not be added or renewed */
	VRRP_FAULT_BACKEND,   /* a backend it tracks without weight has no
	                       * usable server */
	VRRP_FAULT_SYNC,      /* another member of its sync group is in FAULT */
	VRRP_FAULT_FILE,      /* a file it tracks without weight holds a
	                       * number other than 0 (or a weighed one at or
	                       * below -254) */
};

struct vrrp_instance {
	const struct vrrp_instance_conf *conf;
	struct vrrp_fsm fsm;
	int      ifindex;         /* its interface's (the vmac's base) */
	int      vmac_ifindex;    /* use_vmac: the vmac's index (vrrp_vmac.h), else 0 */
	bool     vmac_created;    /* this open made it (a failed start removes it) */
	int      tx_ifindex;      /* where its adverts go: the vmac, or <ifindex>
	                           * (no vmac, or vmac_xmit_base) */
	struct vrrp_addr primary; /* our source address (IPv6: link-local) */
	uint8_t  mac[6];
	int      sock_slot;       /* its socket in the node's pool, or -1 */
	int      arp_fd;          /* AF_PACKET socket for GARP */
	bool    *route_said;      /* per virtual route: its add or renewal
	                           * failed since the last PUT, said once */
	struct vrrp_counters cnt;
	uint64_t state_since;     /* ms, when the current state began */
	uint32_t lease_s;         /* VIP lifetime in the kernel, renewed after
	                           * a third of it (dead-man switch) */
	uint64_t lease_until;     /* ms; when the first VIP lapses unless
	                           * renewed (0: we do not hold them all) */
	uint64_t vip_lease_until[VRRP_MAX_ADDRS]; /* ms, per VIP, as the kernel
	                           * confirmed it; 0: not held */
	uint64_t renew_at;        /* ms; a master sends the next renewal with
	                           * its first advert from then on */
	uint32_t vip_epoch;       /* changes when the instance takes or lets go
	                           * of its VIPs: an answer to an older request
	                           * is of no concern any more */
	int      vip_ifindex[VRRP_MAX_ADDRS]; /* "dev", or the instance's */
	uint8_t  vip_mac[VRRP_MAX_ADDRS][6];  /* for gratuitous ARP or NA */
	bool     vip_na_router[VRRP_MAX_ADDRS]; /* IPv6: NA with the Router flag */
	int      track_ifindex[VRRP_MAX_TRACK_IF];
	bool     track_be_down[VRRP_MAX_TRACK_BACKEND]; /* as HAProxy last said */
	bool     track_if_down[VRRP_MAX_TRACK_IF];      /* weighted ones, as last seen */
	enum vrrp_fault fault;
	char     fault_word[VRRP_NAME_MAX];       /* "show vrrp" fault= value */
	char     fault_reason[VRRP_LOG_LEN];  /* the whole story, for humans */
	uint64_t fault_retry_at;  /* ms; VRRP_FAULT_VIP: when to try again */
	uint32_t fault_hold_ms;   /* VRRP_FAULT_VIP: the next wait, doubling */
	uint64_t claimed_since;   /* ms; VIPs held without a fault since (0:
	                           * not since the last fault); a minute of it
	                           * resets fault_hold_ms */
	uint64_t link_retry_at;   /* ms; sockets lost with a recreated
	                           * interface: when to try again */
	bool     vip_error_logged;/* don't repeat a failing renewal every second */
	bool     resigned;        /* the operator asked it to step aside */
	bool     notify_off[VRRP_NOTIFY_COUNT]; /* that script cannot run */
	bool     notified;        /* a state was notified (or, after a reload,
	                           * carried over from the previous worker) */
	bool     took_over;       /* started as master after a reload (the
	                           * previous worker was) */
};

/* One add or removal of a VIP sent to the kernel, not answered yet. */
struct vrrp_vip_request {
	unsigned int seq;         /* the netlink sequence number */
	int      inst;            /* instance number */
	int      vip;             /* index in its conf->vips */
	bool     add;
	uint32_t epoch;           /* the instance's vip_epoch when sent */
	uint64_t sent_at;         /* ms */
};

/* What became of a request. */
struct vrrp_vip_outcome {
	struct vrrp_vip_request req;
	int      err;             /* 0 or -errno */
};

/* The requests in flight. */
struct vrrp_vip_inflight {
	struct vrrp_vip_request *req;
	int      n;
	int      cap;
};

struct vrrp_log_entry {
	enum vrrp_log_level level;
	char msg[VRRP_LOG_LEN];
};

/* One process's VRRP speaker: loaded in the lua-load body, opened in
 * register_init (as root, before the fork), run in the worker's task.
 */
struct vrrp_node {
	struct vrrp_conf conf;
	struct vrrp_instance *inst;
	int      ninst;
	struct vrrp_nl nl;
	struct vrrp_sockpool pool;    /* the VRRP raw sockets, one per link */
	struct vrrp_vip_inflight inflight; /* VIP requests not answered yet */
	struct vrrp_vip_outcome *outcomes; /* room for inflight.cap answers */
	struct vrrp_nl route_nl;      /* routes, rules, static addresses
	                               * (vrrp_route.h); open only if any */
	struct vrrp_route_inflight route_inflight;
	struct vrrp_routestate gone;  /* what the previous run of this file
	                               * had and this one has not
	                               * (vrrp_routestate.h): removed at start */
	bool     gone_said;       /* remove_gone() logged them */
	char     routestate_path[256]; /* where this file's routes are kept
	                           * between runs, or "" */
	int      link_watch_fd;   /* rtnetlink link changes, or -1 */
	int      fifo_fd[VRRP_FIFO_COUNT]; /* notify_fifo, vrrp_notify_fifo
	                           * (vrrp_fifo.h), or -1 */
	struct vrrp_track_files tfiles; /* vrrp_track_file (vrrp_trackfile.h) */
	int      notify_fd;       /* the notify scripts' helper (vrrp_notify.h), or -1 */
	const char **group_state; /* per sync group, the state its scripts and the FIFO were
	                           * last told (NULL: none yet) */
	bool     (*group_notify_off)[VRRP_NOTIFY_COUNT]; /* per group: that
	                           * script cannot run */
	struct vrrp_notify_cred *notify_creds; /* per instance, then per
	                           * group: whom each script runs as */
	bool    *group_settled;   /* per group: after a reload, its state is
	                           * settled (changes are news again) */
	uint64_t notify_dropped;  /* scripts the helper could not be handed */
	uint64_t fifo_dropped;    /* lines the FIFO had no room for */
	bool     links_changed;   /* check every instance's links */
	bool     tracking_changed;/* a tracked backend changed, or an instance
	                           * left FAULT: apply tracking (vrrp_track.h) */
	bool     group_syncing;   /* carrying one member's change to its sync
	                           * group (the others' changes do not spread) */
	uint64_t link_watch_errors;
	uint64_t last_poll;       /* ms, the previous poll's time */
	uint8_t *rxbuf;           /* VRRP_SOCK_BATCH packets' room */
	const volatile int *haproxy_stopping; /* HAProxy's flag, or NULL */
	int      handoff_fd;      /* reload hand-off socket (vrrp_handoff.h), or -1 */
	char     handoff_tag[320]; /* its name's tag: vrrp.conf's path, and under
	                           * net_namespace which namespace (a reload into
	                           * another one is no hand-off: see vrrp_node_open()) */
	pid_t    old_pids[VRRP_MAX_OLD_PIDS]; /* "-sf" pids: the workers a reload replaces */
	int      n_old_pids;
	pid_t    successor;       /* a reload's new worker that announced itself, or 0 */
	int      successor_fd;    /* a pidfd of it (sees it exit, whatever the pid
	                           * becomes later), or -1 */
	uint64_t announce_until;  /* ms; as a reload's new worker, repeat the word until */
	uint64_t next_announce;   /* ms */
	int      dad_waited_ms;   /* how long the start waited for duplicate
	                           * address detection (vrrp_node.c) */
	bool     opened;          /* sockets are open */
	bool     running;         /* state machines started */
	bool     retired;         /* quiet for good: a reload's new worker took
	                           * over, or SIGTERM's last gasp was sent */
	bool     from_reload;     /* opened by a master that was reloaded */
	uint64_t retire_until;    /* ms; 0 until HAProxy starts stopping */
	uint64_t start_at;        /* ms; vrrp_startup_delay's end, 0 = not waiting */
	pid_t    run_pid;         /* the process that started them */
	char     fault[VRRP_LOG_LEN]; /* why the instances cannot run, or "" */
	struct vrrp_log_entry log[VRRP_LOG_QUEUE];
	int      nlog;
	uint64_t log_dropped;
};

#endif
