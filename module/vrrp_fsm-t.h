/*
 * Types of the VRRP state machine (RFC 9568 section 6.4, RFC 3768 6.4).
 */
#ifndef VRRP_FSM_T_H
#define VRRP_FSM_T_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_addr-t.h"

#define VRRP_TIME_NEVER UINT64_MAX  /* a timer that is not armed */

enum vrrp_state {
	VRRP_STATE_INIT = 0,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_COUNT
};

enum vrrp_event_type {
	VRRP_EV_STARTUP = 0,
	VRRP_EV_SHUTDOWN,
	VRRP_EV_ADVERT,    /* a valid advert for our VRID was received */
	VRRP_EV_TIMER,     /* time has passed; due timers fire */
	VRRP_EV_TAKEOVER,  /* start as the master a previous worker was */
	VRRP_EV_RESIGN,    /* operator: hand mastership over, keep the VIPs
	                    * until another router has taken it */
	VRRP_EV_RESUME,    /* operator: back to the configured priority */
	VRRP_EV_PRIORITY,  /* tracking changed the priority to adv_priority */
	VRRP_EV_SYNC_MASTER, /* Backup: a member of our sync group became master */
	VRRP_EV_SYNC_BACKUP, /* Master: a member of our sync group left master */
	VRRP_EV_SYNC_HOLD,   /* Backup: Master_Down_Timer fired, but a member of
	                      * our sync group still hears a master: wait on */
	VRRP_EV_COUNT
};

/* Actions the caller must carry out after vrrp_fsm_handle(), as bits. */
enum vrrp_action {
	VRRP_ACT_SEND_ADVERT = 1u << 0, /* advert with our priority */
	VRRP_ACT_SEND_STOP   = 1u << 1, /* advert with priority 0 */
	VRRP_ACT_ADD_VIPS    = 1u << 2,
	VRRP_ACT_DEL_VIPS    = 1u << 3,
	VRRP_ACT_SEND_GARP   = 1u << 4, /* one burst of gratuitous ARP */
	VRRP_ACT_GARP_REFRESH = 1u << 5,/* a periodic refresh burst */
	VRRP_ACT_GARP_LOWER  = 1u << 6, /* a burst for a lower priority heard */
	VRRP_ACT_HEARD_LOWER = 1u << 7, /* a Master heard a lower priority:
	                                 * keepalived's MASTER_RX_LOWER_PRI */
};

/* Per-instance settings the state machine needs. */
struct vrrp_fsm_conf {
	uint8_t  version;          /* 2 or 3 */
	uint8_t  priority;         /* 1..255; VRRP_EV_PRIORITY changes it */
	uint16_t adver_int_cs;     /* our Advertisement_Interval */
	bool     preempt;          /* Preempt_Mode (false = nopreempt) */
	uint32_t preempt_delay_ms; /* keepalived's preempt_delay */
	struct vrrp_addr primary_addr; /* our address on the link: the
	                            * tie-break on equal priority */
	uint32_t garp_delay_ms;    /* second GARP burst after becoming master;
	                            * 0 disables it */
	uint32_t garp_refresh_ms;  /* then a burst this often; 0 = never */
	/* A Master hearing a lower priority (keepalived's knobs): */
	bool     lower_prio_no_advert; /* no advert at once */
	bool     lower_garp;       /* a GARP burst (VRRP_ACT_GARP_LOWER) */
	uint32_t lower_garp_delay_ms; /* and another after this; 0 = none */
	bool     higher_prio_no_advert; /* stepping down, no last advert */
	uint8_t  down_adverts;     /* Master_Down_Interval in intervals (plus
	                            * Skew_Time): the RFC's 3, or keepalived's
	                            * down_timer_adverts; 0 is read as 3 */
};

/* An event. VRRP_EV_ADVERT uses the advert fields, VRRP_EV_PRIORITY
 * adv_priority (the new priority).
 */
struct vrrp_event {
	enum vrrp_event_type type;
	uint8_t  adv_priority;
	uint16_t adv_interval_cs;
	struct vrrp_addr adv_src;  /* sender's address */
};

/* State of one virtual router. Times are milliseconds on the caller's
 * monotonic clock; VRRP_TIME_NEVER means not armed.
 */
struct vrrp_fsm {
	struct vrrp_fsm_conf conf;
	enum vrrp_state state;
	uint8_t  priority;            /* effective: conf's, or 1 when resigned */
	bool     held_low;            /* resigned: priority 1 until resumed */
	bool     resigned;            /* as master, resigned and waiting for
	                               * another router to take over */
	uint16_t master_adver_int_cs; /* learnt from the master (v3) */
	uint64_t adver_due;           /* Adver_Timer */
	uint64_t master_down_due;     /* Master_Down_Timer */
	uint64_t master_heard_until;  /* Backup: the master heard last is alive
	                               * until then (its Master_Down_Interval
	                               * after its advert; 0 after its
	                               * priority 0) */
	uint64_t garp_due;            /* delayed or periodic GARP burst */
	bool     garp_refreshing;     /* the delayed burst is done */
	uint64_t lower_garp_after;    /* no GARP burst for a lower-priority
	                               * advert before this time */
	uint64_t lower_garp_due;      /* that burst's delayed repeat */
	uint64_t preempt_hold_until;  /* no preemption before this time */
	bool     lower_master_seen;   /* a lower-priority master is active */
	struct vrrp_addr master_addr; /* last master heard (unset: none);
	                               * ours when we are master */
	uint8_t  master_priority;     /* its priority */
};

#endif
