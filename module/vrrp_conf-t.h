/*
 * Configuration types: what vrrp.conf (keepalived syntax) turns into.
 */
#ifndef VRRP_CONF_T_H
#define VRRP_CONF_T_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "vrrp_addr-t.h"
#include "vrrp_packet-t.h"
#include "vrrp_route-t.h"

#define VRRP_NAME_MAX   64
#define VRRP_NETNS_MAX  256  /* a file name in /var/run/netns, and its NUL */
#define VRRP_ERR_MAX    512

#define VRRP_MAX_PEERS     16
#define VRRP_MAX_TRACK_IF  8
#define VRRP_MAX_TRACK_BACKEND 8
#define VRRP_MAX_TRACK_FILE 8
#define VRRP_TRACK_FILE_FAULT (-254) /* a file's weighed value at or below
                                      * this puts the instance in FAULT */

/* keepalived's range for a tracked object's weight. */
#define VRRP_TRACK_WEIGHT_MAX 254

/* One virtual address of an instance, with keepalived's options. */
struct vrrp_vip_conf {
	struct vrrp_addr addr;
	uint8_t  prefix;   /* keepalived's default is /32, /128 for IPv6 */
	bool     excluded; /* virtual_ipaddress_excluded: moves with the
	                    * instance but is not in its adverts (and may be
	                    * of the other family) */
	int      line;
	char     dev[IF_NAMESIZE];   /* "dev": "" means the instance's interface */
	char     label[IF_NAMESIZE]; /* "label": "" means none */
	uint32_t brd;      /* IPv4 "brd", network order; 0 means none */
	uint8_t  scope;    /* IPv4 "scope", RT_SCOPE_*; default global (0) */
	struct vrrp_addr peer; /* "peer": the other end of a point-to-point
	                    * address (its prefix is <prefix>); unset: none */
	uint32_t flags;    /* IFA_F_* from "home", "noprefixroute",
	                    * "mngtmpaddr", "autojoin" */
	bool     dad;      /* "-nodad": IPv6 duplicate address detection runs
	                    * (keepalived's default, and ours, skips it) */
	bool     has_preferred_lft;
	uint32_t preferred_lft; /* "preferred_lft" in s (forever: 0xffffffff,
	                    * which the lease caps) */
};

/* One line of track_backend: a backend of haproxy.cfg whose servers the
 * instance depends on. Without a weight (or weight 0), no usable server
 * puts the instance in FAULT; with a negative weight, no usable server
 * lowers its priority by that much; with a positive one, a usable server
 * raises it (keepalived's arithmetic, clamped to 1..254).
 */
struct vrrp_track_backend_conf {
	char     name[VRRP_NAME_MAX];
	int      weight;   /* -254..254; 0: FAULT */
	int      line;
};

/* A vrrp_track_file (or track_file) block: a file holding a number that
 * instances track (keepalived's semantics: the number times the weight
 * is added to the priority; with weight 0, a number other than 0 means
 * FAULT).
 */
struct vrrp_track_file_conf {
	char     name[VRRP_NAME_MAX];
	char     path[256];
	int      weight;        /* default 1 */
	int      weight_line;   /* where "weight" was given, or 0 */
	bool     reverse;       /* the number counts with its sign flipped */
	bool     init;          /* init_file: create the file when missing */
	bool     init_overwrite;/* ... or write it anyway, at each start */
	long     init_value;    /* what init_file writes (default 0) */
	int      line;
};

/* One line of an instance's track_file { NAME [weight W [reverse]] }. */
struct vrrp_track_file_ref {
	char     name[VRRP_NAME_MAX];
	int      file;          /* index in vrrp_conf.track_files */
	int      weight;        /* the line's, or the file block's */
	bool     reverse;
	bool     has_weight;    /* the line gave one */
	bool     has_reverse;   /* the line said reverse or noreverse */
	int      line;
};

/* An instance's notify scripts (keepalived's notify_master ... notify):
 * command lines, "" when none. Each is split into words as the shell
 * would split unquoted text (no shell runs them).
 */
enum vrrp_notify_kind {
	VRRP_NOTIFY_MASTER = 0,
	VRRP_NOTIFY_BACKUP,
	VRRP_NOTIFY_FAULT,
	VRRP_NOTIFY_STOP,
	VRRP_NOTIFY_ANY,     /* "notify": gets INSTANCE NAME STATE PRIORITY */
	VRRP_NOTIFY_RX_LOWER, /* notify_master_rx_lower_pri: a master heard a
	                      * lower priority (no arguments, "notify" not run) */
	VRRP_NOTIFY_COUNT
};
#define VRRP_NOTIFY_MAX 512

/* Where the check mode puts a keyword (vrrp_conf_check()). */
enum vrrp_kw_class {
	VRRP_KW_USED = 0,     /* read and acted upon */
	VRRP_KW_REPLACED,     /* keepalived feature HAProxy's liveness replaces */
	VRRP_KW_NO_EFFECT,    /* accepted, means nothing inside HAProxy */
	VRRP_KW_UNSUPPORTED,  /* refused: not known or not provided */
	VRRP_KW_INVALID,      /* known, but its value or place is wrong */
};

/* keepalived's notify FIFOs: global_defs' notify_fifo and
 * vrrp_notify_fifo, each written every line (as keepalived does).
 */
enum { VRRP_FIFO_ANY = 0, VRRP_FIFO_VRRP, VRRP_FIFO_COUNT };
struct vrrp_fifo_conf {
	char     path[256];                 /* "": none */
	char     user[VRRP_NAME_MAX];       /* owner if we create it, or "" */
	char     group[VRRP_NAME_MAX];
	int      line;
	/* (vrrp_)notify_fifo_script SCRIPT [USER [GROUP]]: keepalived's reader
	 * of this FIFO, started with the FIFO's path as its last word
	 */
	char     script[VRRP_NOTIFY_MAX];   /* "": none */
	char     script_user[VRRP_NAME_MAX]; /* runs as, or "" (script_user) */
	char     script_group[VRRP_NAME_MAX];
	int      script_line;
};

/* One vrrp_instance block. */
struct vrrp_instance_conf {
	char     name[VRRP_NAME_MAX];
	int      line;                 /* where the block starts */
	char     ifname[IF_NAMESIZE];
	uint8_t  family;               /* AF_INET or AF_INET6: of its VIPs
	                                * (the first decides) or native_ipv6 */
	uint8_t  vrid;
	uint8_t  priority;
	bool     want_master;          /* state MASTER */
	uint16_t adver_int_cs;         /* in the version's unit (finish_instance()) */
	uint32_t adver_int_us;         /* as the file gave it; 0: 1 s */
	int      adver_int_line;       /* 0 when defaulted */
	bool     preempt;
	uint32_t preempt_delay_ms;
	uint8_t  version;              /* 2 or 3 */
	uint8_t  auth_type;            /* enum vrrp_auth_type, v2 only */
	int      auth_line;            /* line of the authentication block */
	char     auth_pass[VRRP_V2_AUTH_LEN]; /* zero padded, 8 max */
	enum vrrp_csum_mode csum_mode;
	uint32_t garp_delay_ms;        /* second GARP burst; 0 = none */
	uint32_t garp_repeat;          /* GARPs per burst */
	uint32_t garp_refresh_ms;      /* GARP burst every so often as master; 0 = never */
	uint32_t garp_refresh_repeat;  /* GARPs per refresh burst */
	/* A master hearing a lower priority (a healed split brain): */
	uint32_t garp_lower_prio_repeat; /* GARPs at once (0: none) */
	uint32_t garp_lower_prio_delay_ms; /* and again after this (0: not) */
	bool     lower_prio_no_advert;  /* no advert of ours at once */
	int      notify_priority_changes; /* FIFO lines for each priority
	                                 * change; -1: unset (the group's, then
	                                 * global_defs') */
	bool     higher_prio_send_advert; /* stepping down, one last advert */
	uint8_t  down_timer_adverts;   /* Master_Down_Interval in intervals
	                                * (1..100, the RFC's 3): keepalived's
	                                * down_timer_adverts */
	struct vrrp_addr unicast_src;  /* unset: the interface's address */
	struct vrrp_addr peers[VRRP_MAX_PEERS]; /* unicast_peer */
	int      npeers;               /* 0: multicast to 224.0.0.18 */
	uint8_t  unicast_ttl;          /* TTL / hop limit of unicast adverts
	                                * (keepalived's unicast_ttl); 0: 255 */
	int      unicast_ttl_line;
	char     track_if[VRRP_MAX_TRACK_IF][IF_NAMESIZE];
	int      track_if_weight[VRRP_MAX_TRACK_IF]; /* 0: down puts it in FAULT */
	bool     track_if_reverse[VRRP_MAX_TRACK_IF]; /* the weight counts
	                                * the other way (keepalived's reverse) */
	int      ntrack_if;
	struct vrrp_track_backend_conf track_be[VRRP_MAX_TRACK_BACKEND];
	int      ntrack_be;
	struct vrrp_track_file_ref track_file[VRRP_MAX_TRACK_FILE];
	int      ntrack_file;
	char     notify[VRRP_NOTIFY_COUNT][VRRP_NOTIFY_MAX]; /* scripts, or "" */
	int      notify_line[VRRP_NOTIFY_COUNT];
	char     notify_user[VRRP_NOTIFY_COUNT][VRRP_NAME_MAX]; /* runs as, or
	                                * "" (script_user) */
	char     notify_group[VRRP_NOTIFY_COUNT][VRRP_NAME_MAX];
	int      na_router;            /* IPv6 unsolicited NA router flag: 1, 0,
	                                * or -1: as the interface forwards IPv6
	                                * (keepalived's way) */
	struct vrrp_vip_conf vips[VRRP_MAX_ADDRS]; /* virtual_ipaddress, then
	                                * virtual_ipaddress_excluded */
	int      nvips;
	int      nvips_adv;            /* those in adverts (not excluded) */
	int      sync_group;           /* index in vrrp_conf.groups, or -1 */
	struct vrrp_route_set routes;  /* virtual_routes, virtual_rules: in
	                                * the kernel while master */
	/* use_vmac: a macvlan (mode private, MAC 00:00:5e:00:01:VRID, IPv6
	 * 00:00:5e:00:02:VRID) on <ifname> holds the VIPs and sends the
	 * adverts and gratuitous ARPs (neighbour advertisements), so that a
	 * failover moves the MAC with the address.
	 */
	bool     use_vmac;
	char     vmac_name[IF_NAMESIZE]; /* given, or keepalived's vrrp.VRID */
	int      vmac_line;            /* where use_vmac is, 0: none */
	bool     vmac_xmit_base;       /* adverts leave from <ifname> instead
	                                * (keepalived's vmac_xmit_base) */
	int      vmac_xmit_base_line;
};

/* One vrrp_sync_group block: instances that are MASTER together or not at
 * all (keepalived's semantics, see vrrp_node.c). Its track_backend and
 * track_interface lines are given to every member.
 */
#define VRRP_MAX_GROUP_MEMBERS 32
struct vrrp_sync_group_conf {
	char     name[VRRP_NAME_MAX];
	int      line;
	char     members[VRRP_MAX_GROUP_MEMBERS][VRRP_NAME_MAX];
	int      member_lines[VRRP_MAX_GROUP_MEMBERS];
	int      nmembers;
	bool     tracking_weight;  /* sync_group_tracking_weight: members keep
	                            * their tracking weights */
	struct vrrp_instance_conf shared;  /* only its track_be, track_if and
	                                    * notify (the group's scripts) */
};

/* A whole vrrp.conf. Notes are informational lines the loader wants
 * logged (e.g. that track_script is replaced by HAProxy's liveness).
 */
struct vrrp_conf {
	char     path[256];
	char     router_id[VRRP_NAME_MAX];
	char     net_namespace[VRRP_NETNS_MAX]; /* net_namespace: VRRP's sockets
	                                    * are opened in /var/run/netns/<it>;
	                                    * "" = HAProxy's own namespace */
	int      net_namespace_line;
	struct vrrp_fifo_conf notify_fifo[VRRP_FIFO_COUNT]; /* notify_fifo,
	                                    * vrrp_notify_fifo: each gets every line */
	char     script_user[VRRP_NAME_MAX];  /* notify scripts run as, "" = root */
	char     script_group[VRRP_NAME_MAX]; /* ... and group, "" = the user's */
	bool     script_security;           /* enable_script_security */
	uint32_t startup_delay_ms;          /* vrrp_startup_delay: VRRP starts
	                                     * that long after HAProxy (not
	                                     * after a reload); 0 = at once */
	int      script_user_line;
	struct vrrp_instance_conf *inst;
	int      ninst;
	struct vrrp_sync_group_conf *groups;  /* those with two members or more */
	int      ngroups;
	struct vrrp_track_file_conf *track_files;
	int      ntrack_files;
	struct vrrp_route_set statics; /* static_routes, static_rules: in the
	                                * kernel while HAProxy runs */
	struct vrrp_vip_conf *static_addrs; /* static_ipaddress, likewise */
	char     default_interface[IF_NAMESIZE]; /* for a static address
	                                    * without dev, or "" */
	int      nstatic_addrs;
	char   **notes;
	int      nnotes;
	char   **files;     /* files[0]: path; then the included ones. A
	                     * line kept in the structs above is a "loc":
	                     * vrrp_conf_at() says which file and line */
	int      nfiles;
};

#endif
