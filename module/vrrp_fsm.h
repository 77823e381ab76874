/*
 * VRRP state machine, driven by events and an injected clock.
 *
 * vrrp_fsm_handle() applies one event at time <now> (milliseconds) and
 * returns the actions to take (enum vrrp_action bits); the caller then
 * sleeps until vrrp_fsm_next_deadline() and feeds VRRP_EV_TIMER. No I/O,
 * no clock reads: unit tests drive it with made-up times.
 */
#ifndef VRRP_FSM_H
#define VRRP_FSM_H

#include <stdbool.h>

#include "vrrp_fsm-t.h"

/* Resets <fsm> to Initialize with a copy of <conf>. */
void vrrp_fsm_init(struct vrrp_fsm *fsm, const struct vrrp_fsm_conf *conf);

/* Applies <ev> at <now>. Returns the enum vrrp_action bits to carry out,
 * in the order: DEL_VIPS, SEND_STOP, ADD_VIPS, SEND_ADVERT, SEND_GARP.
 */
unsigned int vrrp_fsm_handle(struct vrrp_fsm *fsm, const struct vrrp_event *ev,
                             uint64_t now);

/* Earliest armed timer, or VRRP_TIME_NEVER. */
uint64_t vrrp_fsm_next_deadline(const struct vrrp_fsm *fsm);

/* The latest time after <now> at which the caller must read the adverts
 * that arrive from now on, having read all that came before (it knows
 * each advert's arrival time, so reading late changes no timer):
 * - Backup: Skew_Time. A master's priority 0 leaves Skew_Time to take
 *   over; read within it, the deadline (arrival + Skew_Time) is never
 *   missed. A regular advert only restarts Master_Down_Timer, whose
 *   deadline is a wake-up anyway.
 * - Master: half of Advertisement_Interval (it reads with its own adverts
 *   and halfway between): how long two masters may both answer ARP for
 *   the VIPs after a higher-priority router took over (which sent its
 *   GARP already).
 * Never sooner than VRRP_READ_MIN_MS: a high priority with a short v3
 * interval has a Skew_Time under a millisecond, and a priority 0 acted on
 * within 5 ms of it is still on time for any peer.
 * VRRP_TIME_NEVER in Initialize.
 */
#define VRRP_READ_MIN_MS 5
uint64_t vrrp_fsm_read_by(const struct vrrp_fsm *fsm, uint64_t now);

/* Whether a Backup hears a master now: one whose last advert restarted
 * its Master_Down_Timer and that has not sent priority 0 since (a sync
 * group's members wait for each other: vrrp_node.c).
 */
bool vrrp_fsm_hears_master(const struct vrrp_fsm *fsm, uint64_t now);

/* Skew_Time in ms for <priority>: v3 scales with the master's interval
 * <master_adver_int_cs>, v2 is (256 - priority) / 256 seconds.
 */
uint32_t vrrp_skew_ms(uint8_t version, uint8_t priority,
                      uint16_t master_adver_int_cs);

/* Master_Down_Interval in ms: <down_adverts> intervals (the RFC's 3;
 * keepalived's down_timer_adverts, 1..100) plus Skew_Time. v3 uses the
 * master's interval, v2 our own (they must be equal in v2).
 */
uint32_t vrrp_master_down_ms(uint8_t version, uint8_t priority,
                             uint16_t master_adver_int_cs, uint8_t down_adverts);

/* Upper-case name of <state> as keepalived prints it (INIT, BACKUP,
 * MASTER).
 */
const char *vrrp_state_name(enum vrrp_state state);

#endif
