/*
 * VRRP state machine. See vrrp_fsm.h.
 *
 * One handler per (state, event) cell of the RFC's tables; an empty cell
 * means the event has no effect in that state.
 */
#include <stddef.h>

#include <string.h>

#include "vrrp_addr.h"
#include "vrrp_fsm.h"

typedef unsigned int (*vrrp_handler)(struct vrrp_fsm *fsm,
                                     const struct vrrp_event *ev,
                                     uint64_t now);

uint32_t vrrp_skew_ms(uint8_t version, uint8_t priority,
                      uint16_t master_adver_int_cs)
{
	if (version == 2)
		return (uint32_t)(256 - priority) * 1000u / 256u;
	return (uint32_t)(256 - priority) * master_adver_int_cs * 10u / 256u;
}

uint32_t vrrp_master_down_ms(uint8_t version, uint8_t priority,
                             uint16_t master_adver_int_cs, uint8_t down_adverts)
{
	return (uint32_t)down_adverts * master_adver_int_cs * 10u +
	       vrrp_skew_ms(version, priority, master_adver_int_cs);
}

const char *vrrp_state_name(enum vrrp_state state)
{
	static const char *const names[VRRP_STATE_COUNT] = {
		[VRRP_STATE_INIT] = "INIT",
		[VRRP_STATE_BACKUP] = "BACKUP",
		[VRRP_STATE_MASTER] = "MASTER",
	};

	return (unsigned)state < VRRP_STATE_COUNT ? names[state] : "UNKNOWN";
}

/* Milliseconds of our own Advertisement_Interval. */
static uint64_t adver_ms(const struct vrrp_fsm *fsm)
{
	return (uint64_t)fsm->conf.adver_int_cs * 10u;
}

static void disarm_all(struct vrrp_fsm *fsm)
{
	fsm->adver_due = VRRP_TIME_NEVER;
	fsm->master_down_due = VRRP_TIME_NEVER;
	fsm->garp_due = VRRP_TIME_NEVER;
	fsm->lower_garp_due = VRRP_TIME_NEVER;
}

/* Starts the gratuitous ARP schedule of a new master: keepalived's
 * delayed second burst (garp_master_delay), then the periodic refresh
 * (garp_master_refresh).
 */
static void arm_garp(struct vrrp_fsm *fsm, uint64_t now)
{
	fsm->garp_refreshing = !fsm->conf.garp_delay_ms;
	if (fsm->conf.garp_delay_ms)
		fsm->garp_due = now + fsm->conf.garp_delay_ms;
	else if (fsm->conf.garp_refresh_ms)
		fsm->garp_due = now + fsm->conf.garp_refresh_ms;
	else
		fsm->garp_due = VRRP_TIME_NEVER;
}

/* Enters Master: claim the addresses, announce ourselves, tell the link. */
static unsigned int become_master(struct vrrp_fsm *fsm, uint64_t now)
{
	disarm_all(fsm);
	fsm->state = VRRP_STATE_MASTER;
	fsm->adver_due = now + adver_ms(fsm);
	arm_garp(fsm, now);
	fsm->lower_garp_after = now;
	fsm->master_addr = fsm->conf.primary_addr;
	fsm->master_priority = fsm->priority;
	fsm->lower_master_seen = false;
	return VRRP_ACT_ADD_VIPS | VRRP_ACT_SEND_ADVERT | VRRP_ACT_SEND_GARP;
}

/* What a master sends each interval: its priority, or 0 while it has
 * resigned and waits for another router to take over.
 */
static unsigned int advert_action(const struct vrrp_fsm *fsm)
{
	return fsm->resigned ? VRRP_ACT_SEND_STOP : VRRP_ACT_SEND_ADVERT;
}

/* Learns the master's interval (v3 only: v2 intervals must be equal) and
 * restarts Master_Down_Timer from <now>.
 */
static void follow_master(struct vrrp_fsm *fsm, const struct vrrp_event *ev,
                          uint64_t now)
{
	if (fsm->conf.version == 3 && ev->adv_interval_cs)
		fsm->master_adver_int_cs = ev->adv_interval_cs;
	fsm->master_down_due = now + vrrp_master_down_ms(fsm->conf.version,
	                                                 fsm->priority,
	                                                 fsm->master_adver_int_cs,
	                                                 fsm->conf.down_adverts);
	fsm->master_heard_until = fsm->master_down_due;
	fsm->master_addr = ev->adv_src;
	fsm->master_priority = ev->adv_priority;
}

/* What every way out of Initialize starts from: no master heard yet,
 * preempt_delay counting from now.
 */
static void begin_run(struct vrrp_fsm *fsm, uint64_t now)
{
	fsm->preempt_hold_until = now + fsm->conf.preempt_delay_ms;
	fsm->lower_master_seen = false;
	fsm->master_heard_until = 0;
	fsm->master_adver_int_cs = fsm->conf.adver_int_cs;
}

/* Initialize + Startup: the owner goes straight to Master, others wait a
 * Master_Down_Interval in Backup (RFC 9568 6.4.1).
 */
static unsigned int init_startup(struct vrrp_fsm *fsm,
                                 const struct vrrp_event *ev, uint64_t now)
{
	(void)ev;
	begin_run(fsm, now);
	if (fsm->priority == 255)
		return become_master(fsm, now);
	disarm_all(fsm);
	fsm->state = VRRP_STATE_BACKUP;
	memset(&fsm->master_addr, 0, sizeof(fsm->master_addr));
	fsm->master_priority = 0;
	fsm->master_down_due = now + vrrp_master_down_ms(fsm->conf.version,
	                                                 fsm->priority,
	                                                 fsm->master_adver_int_cs,
	                                                 fsm->conf.down_adverts);
	return 0;
}

/* Initialize + Takeover: a reload. The previous worker of this HAProxy was
 * master and still holds the VIPs; carry on as master without a pass
 * through Backup, so the peers see no change at all. The VIPs are
 * "added" again to renew their lease; no gratuitous ARP now, the MAC has
 * not changed, but the schedule goes on: we cannot know how far the
 * previous worker got in it, so the delayed burst comes again and then
 * the periodic refresh (one burst too many at worst, never one too few).
 */
static unsigned int init_takeover(struct vrrp_fsm *fsm,
                                  const struct vrrp_event *ev, uint64_t now)
{
	(void)ev;
	begin_run(fsm, now);
	disarm_all(fsm);
	fsm->state = VRRP_STATE_MASTER;
	fsm->adver_due = now + adver_ms(fsm);
	arm_garp(fsm, now);
	fsm->lower_garp_after = now;
	fsm->master_addr = fsm->conf.primary_addr;
	fsm->master_priority = fsm->priority;
	return VRRP_ACT_ADD_VIPS | advert_action(fsm);
}

/* Resign in Initialize or Backup: just advertise priority 1 from now on,
 * so we never preempt and are the last choice for master.
 */
static unsigned int any_resign(struct vrrp_fsm *fsm,
                               const struct vrrp_event *ev, uint64_t now)
{
	(void)ev; (void)now;
	fsm->priority = 1;
	fsm->held_low = true;
	fsm->resigned = fsm->state == VRRP_STATE_MASTER;
	return 0;
}

/* Resign as Master: send priority 0 so a backup takes over after its
 * Skew_Time, but keep the VIPs and keep sending priority 0 until the new
 * master's first advert arrives: no moment without an owner for the VIP.
 */
static unsigned int master_resign(struct vrrp_fsm *fsm,
                                  const struct vrrp_event *ev, uint64_t now)
{
	any_resign(fsm, ev, now);
	fsm->adver_due = now + adver_ms(fsm);
	return VRRP_ACT_SEND_STOP;
}

static unsigned int any_resume(struct vrrp_fsm *fsm,
                               const struct vrrp_event *ev, uint64_t now)
{
	(void)ev;
	fsm->priority = fsm->conf.priority;
	fsm->held_low = false;
	fsm->resigned = false;
	fsm->lower_master_seen = false;
	if (fsm->state != VRRP_STATE_MASTER)
		return 0;
	/* Announce the real priority at once. */
	fsm->master_priority = fsm->priority;
	fsm->adver_due = now + adver_ms(fsm);
	return VRRP_ACT_SEND_ADVERT;
}

/* Tracking (keepalived's weights) moved the priority. A master announces
 * it at once, so that a backup now above it preempts after its
 * Master_Down_Interval (keepalived does the same); a backup's next
 * Skew_Time uses it. While resigned, the new value waits for the resume.
 */
static unsigned int any_priority(struct vrrp_fsm *fsm,
                                 const struct vrrp_event *ev, uint64_t now)
{
	fsm->conf.priority = ev->adv_priority;
	if (fsm->held_low || fsm->priority == ev->adv_priority)
		return 0;
	fsm->priority = ev->adv_priority;
	if (fsm->state != VRRP_STATE_MASTER)
		return 0;
	fsm->master_priority = fsm->priority;
	fsm->adver_due = now + adver_ms(fsm);
	return VRRP_ACT_SEND_ADVERT;
}

static unsigned int backup_shutdown(struct vrrp_fsm *fsm,
                                    const struct vrrp_event *ev, uint64_t now)
{
	(void)ev; (void)now;
	disarm_all(fsm);
	fsm->state = VRRP_STATE_INIT;
	return 0;
}

static unsigned int backup_timer(struct vrrp_fsm *fsm,
                                 const struct vrrp_event *ev, uint64_t now)
{
	(void)ev;
	if (now < fsm->master_down_due)
		return 0;
	return become_master(fsm, now);
}

/* Whether a Backup that may preempt still holds back from a lower-priority
 * master: keepalived's preempt_delay counts from startup and from the
 * moment such a master first shows up.
 */
static bool preempt_held(struct vrrp_fsm *fsm, uint64_t now)
{
	if (!fsm->lower_master_seen) {
		uint64_t until = now + fsm->conf.preempt_delay_ms;

		fsm->lower_master_seen = true;
		if (until > fsm->preempt_hold_until)
			fsm->preempt_hold_until = until;
	}
	return now < fsm->preempt_hold_until;
}

static unsigned int backup_advert(struct vrrp_fsm *fsm,
                                  const struct vrrp_event *ev, uint64_t now)
{
	if (ev->adv_priority == 0) {
		/* The master is leaving: take over after Skew_Time only. */
		fsm->master_down_due = now + vrrp_skew_ms(fsm->conf.version,
		                                          fsm->priority,
		                                          fsm->master_adver_int_cs);
		fsm->master_heard_until = 0;
		return 0;
	}
	if (ev->adv_priority >= fsm->priority) {
		fsm->lower_master_seen = false;
		follow_master(fsm, ev, now);
		return 0;
	}
	if (!fsm->conf.preempt || preempt_held(fsm, now)) {
		follow_master(fsm, ev, now);
		return 0;
	}
	/* Lower priority and we preempt: ignore it, Master_Down_Timer fires. */
	return 0;
}

/* Sync group (keepalived's vrrp_sync_group): the members are MASTER
 * together. A Backup follows a member that became master at once.
 */
static unsigned int backup_sync_master(struct vrrp_fsm *fsm,
                                       const struct vrrp_event *ev, uint64_t now)
{
	(void)ev;
	return become_master(fsm, now);
}

/* A Master follows a member that left master: it lets its VIPs go and
 * sends priority 0, so that the other router's member takes over after
 * its Skew_Time, as the member that left did; then it waits as Backup.
 */
static unsigned int master_sync_backup(struct vrrp_fsm *fsm,
                                       const struct vrrp_event *ev, uint64_t now)
{
	(void)ev;
	disarm_all(fsm);
	fsm->state = VRRP_STATE_BACKUP;
	fsm->resigned = false;
	fsm->lower_master_seen = false;
	memset(&fsm->master_addr, 0, sizeof(fsm->master_addr));
	fsm->master_priority = 0;
	fsm->master_heard_until = 0;
	fsm->master_down_due = now + vrrp_master_down_ms(fsm->conf.version,
	                                                 fsm->priority,
	                                                 fsm->master_adver_int_cs,
	                                                 fsm->conf.down_adverts);
	return VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_STOP;
}

/* A Backup whose Master_Down_Timer fired while a member of its group
 * still hears a master: becoming master alone would split the group, so
 * it waits another Master_Down_Interval (or until the group moves).
 */
static unsigned int backup_sync_hold(struct vrrp_fsm *fsm,
                                     const struct vrrp_event *ev, uint64_t now)
{
	(void)ev;
	fsm->master_down_due = now + vrrp_master_down_ms(fsm->conf.version,
	                                                 fsm->priority,
	                                                 fsm->master_adver_int_cs,
	                                                 fsm->conf.down_adverts);
	return 0;
}

static unsigned int master_shutdown(struct vrrp_fsm *fsm,
                                    const struct vrrp_event *ev, uint64_t now)
{
	(void)ev; (void)now;
	disarm_all(fsm);
	fsm->state = VRRP_STATE_INIT;
	return VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_STOP;
}

static unsigned int master_timer(struct vrrp_fsm *fsm,
                                 const struct vrrp_event *ev, uint64_t now)
{
	unsigned int act = 0;

	(void)ev;
	if (now >= fsm->adver_due) {
		act |= advert_action(fsm);
		fsm->adver_due = now + adver_ms(fsm);
	}
	if (now >= fsm->lower_garp_due) {
		act |= VRRP_ACT_GARP_LOWER;
		fsm->lower_garp_due = VRRP_TIME_NEVER;
	}
	if (now >= fsm->garp_due) {
		/* keepalived: one delayed burst, then garp_master_refresh. */
		act |= fsm->garp_refreshing ? VRRP_ACT_GARP_REFRESH : VRRP_ACT_SEND_GARP;
		fsm->garp_refreshing = true;
		fsm->garp_due = fsm->conf.garp_refresh_ms ? now + fsm->conf.garp_refresh_ms
		                                          : VRRP_TIME_NEVER;
	}
	return act;
}

static unsigned int master_advert(struct vrrp_fsm *fsm,
                                  const struct vrrp_event *ev, uint64_t now)
{
	unsigned int act;

	if (ev->adv_priority == 0) {
		/* A leaving master: answer at once so backups see us. */
		fsm->adver_due = now + adver_ms(fsm);
		return advert_action(fsm);
	}
	if (ev->adv_priority > fsm->priority || fsm->resigned ||
	    (ev->adv_priority == fsm->priority &&
	     vrrp_addr_cmp(&ev->adv_src, &fsm->conf.primary_addr) > 0)) {
		/* Someone else is master now (when we resigned: the one we
		 * were waiting for); only now let go of the VIPs. One last
		 * advert of ours first (keepalived's higher_prio_send_advert):
		 * after a split brain, it is what tells the winner that
		 * clients may still be sending to us.
		 */
		disarm_all(fsm);
		fsm->state = VRRP_STATE_BACKUP;
		fsm->resigned = false;
		fsm->lower_master_seen = false;
		follow_master(fsm, ev, now);
		return VRRP_ACT_DEL_VIPS |
		       (fsm->conf.higher_prio_no_advert ? 0 : VRRP_ACT_SEND_ADVERT);
	}
	/* Lower priority (or a tie we win): another router believes it is
	 * master, so the link was split and has just healed, and clients may
	 * have followed its gratuitous ARPs. Tell it at once (our advert makes
	 * it step down) and take the clients back with a burst of our own
	 * (keepalived's garp_lower_prio_repeat; without it they would keep
	 * the other MAC until their ARP entry ages out). At most one burst
	 * per advert interval, whatever the other router keeps sending.
	 */
	act = VRRP_ACT_HEARD_LOWER;
	if (!fsm->conf.lower_prio_no_advert) {
		fsm->adver_due = now + adver_ms(fsm);
		act |= VRRP_ACT_SEND_ADVERT;
	}
	if (fsm->conf.lower_garp && now >= fsm->lower_garp_after) {
		act |= VRRP_ACT_GARP_LOWER;
		fsm->lower_garp_after = now + adver_ms(fsm);
		if (fsm->conf.lower_garp_delay_ms)
			fsm->lower_garp_due = now + fsm->conf.lower_garp_delay_ms;
	}
	return act;
}

static const vrrp_handler vrrp_table[VRRP_STATE_COUNT][VRRP_EV_COUNT] = {
	[VRRP_STATE_INIT] = {
		[VRRP_EV_STARTUP]  = init_startup,
		[VRRP_EV_TAKEOVER] = init_takeover,
		[VRRP_EV_RESIGN]   = any_resign,
		[VRRP_EV_RESUME]   = any_resume,
		[VRRP_EV_PRIORITY] = any_priority,
	},
	[VRRP_STATE_BACKUP] = {
		[VRRP_EV_SHUTDOWN] = backup_shutdown,
		[VRRP_EV_ADVERT]   = backup_advert,
		[VRRP_EV_TIMER]    = backup_timer,
		[VRRP_EV_RESIGN]   = any_resign,
		[VRRP_EV_RESUME]   = any_resume,
		[VRRP_EV_PRIORITY] = any_priority,
		[VRRP_EV_SYNC_MASTER] = backup_sync_master,
		[VRRP_EV_SYNC_HOLD] = backup_sync_hold,
	},
	[VRRP_STATE_MASTER] = {
		[VRRP_EV_SHUTDOWN] = master_shutdown,
		[VRRP_EV_ADVERT]   = master_advert,
		[VRRP_EV_TIMER]    = master_timer,
		[VRRP_EV_RESIGN]   = master_resign,
		[VRRP_EV_RESUME]   = any_resume,
		[VRRP_EV_PRIORITY] = any_priority,
		[VRRP_EV_SYNC_BACKUP] = master_sync_backup,
	},
};

void vrrp_fsm_init(struct vrrp_fsm *fsm, const struct vrrp_fsm_conf *conf)
{
	fsm->conf = *conf;
	if (!fsm->conf.down_adverts)
		fsm->conf.down_adverts = 3;
	fsm->state = VRRP_STATE_INIT;
	fsm->priority = conf->priority;
	fsm->held_low = false;
	fsm->resigned = false;
	fsm->master_adver_int_cs = conf->adver_int_cs;
	fsm->preempt_hold_until = 0;
	fsm->lower_master_seen = false;
	memset(&fsm->master_addr, 0, sizeof(fsm->master_addr));
	fsm->master_priority = 0;
	fsm->master_heard_until = 0;
	fsm->lower_garp_after = 0;
	disarm_all(fsm);
}

bool vrrp_fsm_hears_master(const struct vrrp_fsm *fsm, uint64_t now)
{
	return fsm->state == VRRP_STATE_BACKUP && now < fsm->master_heard_until;
}

unsigned int vrrp_fsm_handle(struct vrrp_fsm *fsm, const struct vrrp_event *ev,
                             uint64_t now)
{
	vrrp_handler h;

	if ((unsigned)fsm->state >= VRRP_STATE_COUNT ||
	    (unsigned)ev->type >= VRRP_EV_COUNT)
		return 0;
	h = vrrp_table[fsm->state][ev->type];
	return h ? h(fsm, ev, now) : 0;
}

uint64_t vrrp_fsm_next_deadline(const struct vrrp_fsm *fsm)
{
	uint64_t t = fsm->adver_due;

	if (fsm->master_down_due < t)
		t = fsm->master_down_due;
	if (fsm->garp_due < t)
		t = fsm->garp_due;
	if (fsm->lower_garp_due < t)
		t = fsm->lower_garp_due;
	return t;
}

uint64_t vrrp_fsm_read_by(const struct vrrp_fsm *fsm, uint64_t now)
{
	uint64_t skew, half;

	switch (fsm->state) {
	case VRRP_STATE_BACKUP:
		skew = vrrp_skew_ms(fsm->conf.version, fsm->priority,
		                    fsm->master_adver_int_cs);
		return now + (skew > VRRP_READ_MIN_MS ? skew : VRRP_READ_MIN_MS);
	case VRRP_STATE_MASTER:
		half = adver_ms(fsm) / 2;
		return now + (half > VRRP_READ_MIN_MS ? half : VRRP_READ_MIN_MS);
	default:
		return VRRP_TIME_NEVER;
	}
}
