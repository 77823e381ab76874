/*
 * Unit tests of the VRRP state machine (module/vrrp_fsm.c): the timer
 * arithmetic of RFC 3768 (v2) and RFC 9568 (v3), every (state, event) cell
 * of the RFC's tables, preempt/nopreempt/preempt_delay, the delayed GARP
 * burst, and a two-router scenario on a simulated clock. No sleeping, no
 * network: time is a number we pass in.
 */
#include <stdbool.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "vrrp_addr.h"
#include "vrrp_fsm.h"

#define ADDR_A  0xc0000201u  /* 192.0.2.1, host order */
#define ADDR_B  0xc0000202u  /* 192.0.2.2 */
#define ADDR_C  0xc0000203u  /* 192.0.2.3 */

#define BECOME_MASTER_ACTS \
	(VRRP_ACT_ADD_VIPS | VRRP_ACT_SEND_ADVERT | VRRP_ACT_SEND_GARP)

/* ---- helpers ------------------------------------------------------------ */

/* An IPv4 address from its host-order number, and back (0: unset). */
static struct vrrp_addr host4(uint32_t h)
{
	return vrrp_addr4(htonl(h));
}

static uint32_t host_of(struct vrrp_addr a)
{
	return a.family ? ntohl(a.v4) : 0;
}

static struct vrrp_fsm_conf mkconf(uint8_t version, uint8_t priority,
                                   uint16_t adver_int_cs, uint32_t addr)
{
	struct vrrp_fsm_conf c;

	memset(&c, 0, sizeof(c));
	c.version = version;
	c.priority = priority;
	c.adver_int_cs = adver_int_cs;
	c.preempt = true;
	c.preempt_delay_ms = 0;
	c.primary_addr = host4(addr);
	c.garp_delay_ms = 0;
	c.lower_garp = true;       /* as the node sets it by default */
	return c;
}

static unsigned int ev_simple(struct vrrp_fsm *f, enum vrrp_event_type type,
                              uint64_t now)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	return vrrp_fsm_handle(f, &ev, now);
}

static unsigned int ev_startup(struct vrrp_fsm *f, uint64_t now)
{
	return ev_simple(f, VRRP_EV_STARTUP, now);
}

static unsigned int ev_shutdown(struct vrrp_fsm *f, uint64_t now)
{
	return ev_simple(f, VRRP_EV_SHUTDOWN, now);
}

static unsigned int ev_timer(struct vrrp_fsm *f, uint64_t now)
{
	return ev_simple(f, VRRP_EV_TIMER, now);
}

static unsigned int ev_advert(struct vrrp_fsm *f, uint8_t prio,
                              uint16_t int_cs, uint32_t src, uint64_t now)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_EV_ADVERT;
	ev.adv_priority = prio;
	ev.adv_interval_cs = int_cs;
	ev.adv_src = host4(src);
	return vrrp_fsm_handle(f, &ev, now);
}

static bool all_disarmed(const struct vrrp_fsm *f)
{
	return f->adver_due == VRRP_TIME_NEVER &&
	       f->master_down_due == VRRP_TIME_NEVER &&
	       f->garp_due == VRRP_TIME_NEVER;
}

/* A Backup of <version>, <prio>, <int_cs>, started at <t0>. */
static void start_backup(struct vrrp_fsm *f, uint8_t version, uint8_t prio,
                         uint16_t int_cs, uint64_t t0)
{
	struct vrrp_fsm_conf c = mkconf(version, prio, int_cs, ADDR_B);

	vrrp_fsm_init(f, &c);
	ev_startup(f, t0);
}

/* A Master of priority <prio> (via Backup and Master_Down_Timer). Returns
 * the time it became master.
 */
static uint64_t start_master(struct vrrp_fsm *f, const struct vrrp_fsm_conf *c,
                             uint64_t t0)
{
	uint64_t t;

	vrrp_fsm_init(f, c);
	ev_startup(f, t0);
	if (f->state == VRRP_STATE_MASTER)
		return t0;
	t = f->master_down_due;
	ev_timer(f, t);
	return t;
}

/* ---- timer arithmetic ---------------------------------------------------- */

static void test_timers(void)
{
	/* v2: Skew_Time = (256 - Priority) / 256 s, truncated to ms. */
	CHECK_EQ(vrrp_skew_ms(2, 200, 100), 218);   /* 56000/256 = 218.75 */
	CHECK_EQ(vrrp_skew_ms(2, 250, 100), 23);    /* 6000/256 = 23.4 */
	CHECK_EQ(vrrp_skew_ms(2, 255, 100), 3);     /* 1000/256 = 3.9 */
	CHECK_EQ(vrrp_skew_ms(2, 1, 100), 996);     /* 255000/256 = 996.1 */
	CHECK_EQ(vrrp_skew_ms(2, 100, 100), 609);   /* 156000/256 = 609.4 */
	/* v2 skew does not depend on the interval. */
	CHECK_EQ(vrrp_skew_ms(2, 200, 300), 218);
	CHECK_EQ(vrrp_skew_ms(2, 200, 50), 218);
	/* v2: Master_Down_Interval = 3 * Advertisement_Interval + Skew_Time. */
	CHECK_EQ(vrrp_master_down_ms(2, 200, 100, 3), 3218);
	CHECK_EQ(vrrp_master_down_ms(2, 250, 100, 3), 3023);
	CHECK_EQ(vrrp_master_down_ms(2, 255, 100, 3), 3003);
	CHECK_EQ(vrrp_master_down_ms(2, 1, 100, 3), 3996);
	CHECK_EQ(vrrp_master_down_ms(2, 200, 300, 3), 9218);

	/* v3: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256 cs. */
	CHECK_EQ(vrrp_skew_ms(3, 200, 100), 218);   /* 21.875 cs */
	CHECK_EQ(vrrp_skew_ms(3, 250, 100), 23);
	CHECK_EQ(vrrp_skew_ms(3, 255, 100), 3);
	CHECK_EQ(vrrp_skew_ms(3, 1, 100), 996);
	CHECK_EQ(vrrp_skew_ms(3, 200, 50), 109);    /* 28000/256 = 109.4 */
	CHECK_EQ(vrrp_skew_ms(3, 250, 50), 11);     /* 3000/256 = 11.7 */
	CHECK_EQ(vrrp_skew_ms(3, 200, 200), 437);   /* 112000/256 = 437.5 */
	CHECK_EQ(vrrp_skew_ms(3, 1, 4095), 40790);  /* 10442250/256, largest */
	/* v3: MDI = 3 * Master_Adver_Interval + Skew_Time. */
	CHECK_EQ(vrrp_master_down_ms(3, 200, 100, 3), 3218);
	CHECK_EQ(vrrp_master_down_ms(3, 250, 100, 3), 3023);
	CHECK_EQ(vrrp_master_down_ms(3, 255, 100, 3), 3003);
	CHECK_EQ(vrrp_master_down_ms(3, 1, 100, 3), 3996);
	CHECK_EQ(vrrp_master_down_ms(3, 200, 50, 3), 1609);
	CHECK_EQ(vrrp_master_down_ms(3, 200, 200, 3), 6437);
	CHECK_EQ(vrrp_master_down_ms(3, 1, 4095, 3), 122850 + 40790);

	/* keepalived's down_timer_adverts: that many intervals, same skew. */
	CHECK_EQ(vrrp_master_down_ms(3, 200, 100, 1), 1218);
	CHECK_EQ(vrrp_master_down_ms(3, 200, 100, 10), 10218);
	CHECK_EQ(vrrp_master_down_ms(2, 1, 100, 100), 100996);

	/* Higher priority always waits less (so it wins the race). */
	CHECK(vrrp_master_down_ms(2, 250, 100, 3) < vrrp_master_down_ms(2, 200, 100, 3));
	CHECK(vrrp_master_down_ms(3, 250, 50, 3) < vrrp_master_down_ms(3, 200, 50, 3));
}

/* ---- Initialize ---------------------------------------------------------- */

static void test_init(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c = mkconf(2, 200, 100, ADDR_A);

	memset(&f, 0xa5, sizeof(f));
	vrrp_fsm_init(&f, &c);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
	CHECK(all_disarmed(&f));
	CHECK(vrrp_fsm_next_deadline(&f) == VRRP_TIME_NEVER);
	CHECK_EQ(f.master_adver_int_cs, 100);
	CHECK_EQ(f.conf.priority, 200);
	CHECK_EQ(host_of(f.conf.primary_addr), ADDR_A);
	CHECK(!f.lower_master_seen);
	CHECK_EQ(host_of(f.master_addr), 0);

	/* Empty cells of Initialize: Shutdown, Advert and Timer do nothing. */
	CHECK_EQ(ev_shutdown(&f, 10), 0);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
	CHECK(all_disarmed(&f));
	CHECK_EQ(ev_advert(&f, 250, 100, ADDR_B, 20), 0);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
	CHECK(all_disarmed(&f));
	CHECK_EQ(host_of(f.master_addr), 0);
	CHECK_EQ(ev_advert(&f, 0, 100, ADDR_B, 25), 0);
	CHECK(all_disarmed(&f));
	CHECK_EQ(ev_timer(&f, 1000000), 0);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
	CHECK(vrrp_fsm_next_deadline(&f) == VRRP_TIME_NEVER);

	/* An event type out of range is refused without effect. */
	CHECK_EQ(ev_simple(&f, VRRP_EV_COUNT, 30), 0);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
}

static void test_startup(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c;
	unsigned int act;

	/* Priority 255 (address owner): straight to Master. */
	c = mkconf(2, 255, 100, ADDR_A);
	vrrp_fsm_init(&f, &c);
	act = ev_startup(&f, 1000);
	CHECK_EQ(act, BECOME_MASTER_ACTS);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(f.adver_due, 2000);
	CHECK(f.master_down_due == VRRP_TIME_NEVER);
	CHECK(f.garp_due == VRRP_TIME_NEVER);     /* garp_delay_ms 0 */
	CHECK_EQ(host_of(f.master_addr), ADDR_A);
	CHECK_EQ(f.master_priority, 255);
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 2000);

	/* Same, v3 with 50 cs and a GARP delay. */
	c = mkconf(3, 255, 50, ADDR_A);
	c.garp_delay_ms = 5000;
	vrrp_fsm_init(&f, &c);
	act = ev_startup(&f, 7);
	CHECK_EQ(act, BECOME_MASTER_ACTS);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(f.adver_due, 507);
	CHECK_EQ(f.garp_due, 5007);
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 507);

	/* Priority < 255: Backup, wait a Master_Down_Interval, no action. */
	c = mkconf(2, 200, 100, ADDR_B);
	vrrp_fsm_init(&f, &c);
	act = ev_startup(&f, 1000);
	CHECK_EQ(act, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 1000 + 3218);
	CHECK(f.adver_due == VRRP_TIME_NEVER);
	CHECK(f.garp_due == VRRP_TIME_NEVER);
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 4218);

	c = mkconf(3, 254, 50, ADDR_B);
	vrrp_fsm_init(&f, &c);
	CHECK_EQ(ev_startup(&f, 0), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 1500 + 2 * 500 / 256);   /* 1503 */

	/* Startup in Backup or Master is an empty cell. */
	c = mkconf(2, 200, 100, ADDR_B);
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 1000);
	CHECK_EQ(ev_startup(&f, 2000), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 4218);

	c = mkconf(2, 255, 100, ADDR_A);
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 1000);
	CHECK_EQ(ev_startup(&f, 1500), 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(f.adver_due, 2000);
}

/* ---- Backup -------------------------------------------------------------- */

static void test_backup_timer(void)
{
	struct vrrp_fsm f;
	unsigned int act;

	start_backup(&f, 2, 200, 100, 0);
	/* Before the deadline nothing happens. */
	CHECK_EQ(ev_timer(&f, 0), 0);
	CHECK_EQ(ev_timer(&f, 3217), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 3218);
	/* At the deadline: Master. */
	act = ev_timer(&f, 3218);
	CHECK_EQ(act, BECOME_MASTER_ACTS);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(f.adver_due, 3218 + 1000);
	CHECK(f.master_down_due == VRRP_TIME_NEVER);
	CHECK_EQ(host_of(f.master_addr), ADDR_B);
	CHECK_EQ(f.master_priority, 200);

	/* A late timer (the caller overslept) still fires, adver from now. */
	start_backup(&f, 2, 200, 100, 0);
	act = ev_timer(&f, 5000);
	CHECK_EQ(act, BECOME_MASTER_ACTS);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(f.adver_due, 6000);

	/* keepalived's down_timer_adverts: the Backup waits that many
	 * intervals, from its start and from each advert.
	 */
	{
		struct vrrp_fsm_conf c = mkconf(3, 200, 100, ADDR_B);

		c.down_adverts = 10;
		vrrp_fsm_init(&f, &c);
		ev_startup(&f, 0);
		CHECK_EQ(f.master_down_due, 10218);
		CHECK_EQ(ev_advert(&f, 250, 100, ADDR_A, 5000), 0);
		CHECK_EQ(f.master_down_due, 15218);
		CHECK_EQ(ev_timer(&f, 15217), 0);
		CHECK_EQ(ev_timer(&f, 15218), BECOME_MASTER_ACTS);
	}

	/* Backup + Shutdown: Initialize, nothing to do, timers off. */
	start_backup(&f, 2, 200, 100, 0);
	act = ev_shutdown(&f, 100);
	CHECK_EQ(act, 0);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
	CHECK(all_disarmed(&f));
	CHECK(vrrp_fsm_next_deadline(&f) == VRRP_TIME_NEVER);
	/* ...and the timer no longer fires. */
	CHECK_EQ(ev_timer(&f, 100000), 0);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
}

static void test_backup_advert(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c;

	/* Priority 0: the master leaves, take over after Skew_Time only. */
	start_backup(&f, 2, 200, 100, 0);
	ev_advert(&f, 250, 100, ADDR_A, 500);
	CHECK_EQ(ev_advert(&f, 0, 100, ADDR_A, 1000), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 1000 + 218);
	CHECK_EQ(ev_timer(&f, 1217), 0);
	CHECK_EQ(ev_timer(&f, 1218), BECOME_MASTER_ACTS);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);

	/* Higher priority: reset Master_Down_Timer, remember the master. */
	start_backup(&f, 2, 200, 100, 0);
	CHECK_EQ(ev_advert(&f, 250, 100, ADDR_A, 1500), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 1500 + 3218);
	CHECK_EQ(host_of(f.master_addr), ADDR_A);
	CHECK_EQ(f.master_priority, 250);
	/* Successive adverts keep pushing the deadline: never master. */
	CHECK_EQ(ev_advert(&f, 250, 100, ADDR_A, 2500), 0);
	CHECK_EQ(ev_timer(&f, 4718), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 2500 + 3218);
	/* Advert from the owner (255) too. */
	CHECK_EQ(ev_advert(&f, 255, 100, ADDR_C, 3000), 0);
	CHECK_EQ(f.master_down_due, 3000 + 3218);
	CHECK_EQ(host_of(f.master_addr), ADDR_C);
	CHECK_EQ(f.master_priority, 255);

	/* Equal priority: reset too. */
	start_backup(&f, 2, 200, 100, 0);
	CHECK_EQ(ev_advert(&f, 200, 100, ADDR_A, 2000), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 2000 + 3218);
	CHECK_EQ(host_of(f.master_addr), ADDR_A);
	CHECK_EQ(f.master_priority, 200);

	/* Lower priority with preempt: discarded, the timer runs out. */
	start_backup(&f, 2, 200, 100, 0);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_A, 1000), 0);
	CHECK_EQ(f.master_down_due, 3218);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_A, 2000), 0);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_A, 3000), 0);
	CHECK_EQ(f.master_down_due, 3218);
	CHECK_EQ(host_of(f.master_addr), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(ev_timer(&f, 3218), BECOME_MASTER_ACTS);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);

	/* Lower priority after a higher one was followed: still discarded. */
	start_backup(&f, 2, 200, 100, 0);
	ev_advert(&f, 250, 100, ADDR_A, 1000);
	CHECK_EQ(ev_advert(&f, 199, 100, ADDR_C, 2000), 0);
	CHECK_EQ(f.master_down_due, 1000 + 3218);
	CHECK_EQ(host_of(f.master_addr), ADDR_A);

	/* Lower priority with nopreempt: followed like a higher one. */
	c = mkconf(2, 200, 100, ADDR_B);
	c.preempt = false;
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 0);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_A, 1000), 0);
	CHECK_EQ(f.master_down_due, 1000 + 3218);
	CHECK_EQ(host_of(f.master_addr), ADDR_A);
	CHECK_EQ(f.master_priority, 100);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_A, 4000), 0);
	CHECK_EQ(ev_timer(&f, 4218), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 4000 + 3218);
	/* nopreempt still takes over when the master goes silent. */
	CHECK_EQ(ev_timer(&f, 7218), BECOME_MASTER_ACTS);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
}

static void test_backup_interval_learning(void)
{
	struct vrrp_fsm f;

	/* v3 learns Master_Adver_Interval from the master's adverts. */
	start_backup(&f, 3, 200, 100, 0);
	CHECK_EQ(f.master_adver_int_cs, 100);
	CHECK_EQ(ev_advert(&f, 250, 200, ADDR_A, 1000), 0);
	CHECK_EQ(f.master_adver_int_cs, 200);
	CHECK_EQ(f.master_down_due, 1000 + 6000 + 437);
	/* ...and Skew_Time on priority 0 uses it. */
	CHECK_EQ(ev_advert(&f, 0, 200, ADDR_A, 2000), 0);
	CHECK_EQ(f.master_down_due, 2000 + 437);
	/* A faster master. */
	start_backup(&f, 3, 200, 100, 0);
	ev_advert(&f, 250, 50, ADDR_A, 1000);
	CHECK_EQ(f.master_adver_int_cs, 50);
	CHECK_EQ(f.master_down_due, 1000 + 1609);
	/* A zero interval is not learnt (the packet layer should refuse it). */
	ev_advert(&f, 250, 0, ADDR_A, 1100);
	CHECK_EQ(f.master_adver_int_cs, 50);
	CHECK_EQ(f.master_down_due, 1100 + 1609);
	/* Our own advert interval is not changed by learning. */
	CHECK_EQ(f.conf.adver_int_cs, 100);
	/* A restart forgets the learnt interval. */
	ev_shutdown(&f, 1200);
	ev_startup(&f, 2000);
	CHECK_EQ(f.master_adver_int_cs, 100);
	CHECK_EQ(f.master_down_due, 2000 + 3218);

	/* v2 does not learn: intervals must be equal (the packet layer
	 * refuses others), MDI keeps using our own.
	 */
	start_backup(&f, 2, 200, 100, 0);
	CHECK_EQ(ev_advert(&f, 250, 300, ADDR_A, 1000), 0);
	CHECK_EQ(f.master_adver_int_cs, 100);
	CHECK_EQ(f.master_down_due, 1000 + 3218);
}

static void test_backup_preempt_delay(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c;
	uint64_t t;

	/* preempt_delay 5 s: a lower-priority master is followed while the
	 * delay runs (from startup and from when it first shows up), then
	 * its adverts are discarded and we preempt.
	 */
	c = mkconf(2, 200, 100, ADDR_B);
	c.preempt_delay_ms = 5000;
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 0);
	CHECK_EQ(f.preempt_hold_until, 5000);
	/* It shows up at once: held until 5000. */
	for (t = 0; t < 5000; t += 1000) {
		CHECK_EQ(ev_advert(&f, 100, 100, ADDR_A, t), 0);
		CHECK_EQ(f.master_down_due, t + 3218);
		CHECK_EQ(host_of(f.master_addr), ADDR_A);
		CHECK_EQ(ev_timer(&f, t + 1), 0);
		CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	}
	/* 5000 onwards: discarded, the timer of the 4000 advert fires. */
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_A, 5000), 0);
	CHECK_EQ(f.master_down_due, 4000 + 3218);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_A, 6000), 0);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_A, 7000), 0);
	CHECK_EQ(f.master_down_due, 7218);
	CHECK_EQ(ev_timer(&f, 7217), 0);
	CHECK_EQ(ev_timer(&f, 7218), BECOME_MASTER_ACTS);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);

	/* It shows up at 3000: held until 3000 + 5000 = 8000. */
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 0);
	ev_advert(&f, 100, 100, ADDR_A, 3000);
	CHECK(f.lower_master_seen);
	CHECK_EQ(f.preempt_hold_until, 8000);
	ev_advert(&f, 100, 100, ADDR_A, 7999);
	CHECK_EQ(f.master_down_due, 7999 + 3218);
	ev_advert(&f, 100, 100, ADDR_A, 8000);
	CHECK_EQ(f.master_down_due, 7999 + 3218);

	/* A higher-priority master in between clears the sighting: the next
	 * lower-priority master gets a fresh delay.
	 */
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 0);
	ev_advert(&f, 100, 100, ADDR_A, 1000);      /* hold until 6000 */
	ev_advert(&f, 250, 100, ADDR_C, 2000);
	CHECK(!f.lower_master_seen);
	ev_advert(&f, 100, 100, ADDR_A, 4000);      /* hold until 9000 */
	CHECK_EQ(f.preempt_hold_until, 9000);
	ev_advert(&f, 100, 100, ADDR_A, 8000);
	CHECK_EQ(f.master_down_due, 8000 + 3218);
	CHECK_EQ(host_of(f.master_addr), ADDR_A);

	/* Without a delay the lower master is discarded from the start. */
	c.preempt_delay_ms = 0;
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 0);
	ev_advert(&f, 100, 100, ADDR_A, 1000);
	CHECK_EQ(f.master_down_due, 3218);

	/* After Shutdown and a new Startup, a lower-priority master that
	 * first shows up in the new run must get the full delay again.
	 * Startup at 10000 with delay 2000 (hold until 12000); lower master
	 * first seen at 11500, so held until 13500: its advert at 12500 must
	 * still be followed.
	 */
	c.preempt_delay_ms = 2000;
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 0);
	ev_advert(&f, 100, 100, ADDR_A, 500);       /* seen in the 1st run */
	ev_shutdown(&f, 1000);
	ev_startup(&f, 10000);
	CHECK_EQ(f.preempt_hold_until, 12000);
	CHECK(!f.lower_master_seen);                /* fresh run */
	ev_advert(&f, 100, 100, ADDR_A, 11500);
	CHECK_EQ(f.master_down_due, 11500 + 3218);
	ev_advert(&f, 100, 100, ADDR_A, 12500);
	CHECK_EQ(f.master_down_due, 12500 + 3218);

	/* nopreempt: preempt_delay is irrelevant, always followed. */
	c.preempt = false;
	c.preempt_delay_ms = 1000;
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 0);
	ev_advert(&f, 100, 100, ADDR_A, 60000);
	CHECK_EQ(f.master_down_due, 60000 + 3218);
}

/* ---- Master -------------------------------------------------------------- */

static void test_master_timer(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c;
	uint64_t t0;
	int i, garps;

	c = mkconf(2, 200, 100, ADDR_B);
	t0 = start_master(&f, &c, 0);
	CHECK_EQ(t0, 3218);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(f.adver_due, 4218);
	/* Not yet. */
	CHECK_EQ(ev_timer(&f, 4217), 0);
	CHECK_EQ(f.adver_due, 4218);
	/* Adver_Timer fires: send and re-arm. */
	CHECK_EQ(ev_timer(&f, 4218), VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.adver_due, 5218);
	CHECK_EQ(ev_timer(&f, 5218), VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.adver_due, 6218);
	/* Late by 100 ms: re-armed from now. */
	CHECK_EQ(ev_timer(&f, 6318), VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.adver_due, 7318);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK(f.master_down_due == VRRP_TIME_NEVER);

	/* v3 at 50 cs. */
	c = mkconf(3, 255, 50, ADDR_A);
	start_master(&f, &c, 0);
	CHECK_EQ(f.adver_due, 500);
	CHECK_EQ(ev_timer(&f, 500), VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.adver_due, 1000);

	/* GARP second burst at garp_delay_ms, then disarmed. */
	c = mkconf(2, 255, 100, ADDR_A);
	c.garp_delay_ms = 1500;
	CHECK_EQ(start_master(&f, &c, 0), 0);
	CHECK_EQ(f.garp_due, 1500);
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 1000);
	CHECK_EQ(ev_timer(&f, 1000), VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 1500);
	CHECK_EQ(ev_timer(&f, 1499), 0);
	CHECK_EQ(ev_timer(&f, 1500), VRRP_ACT_SEND_GARP);
	CHECK(f.garp_due == VRRP_TIME_NEVER);
	CHECK_EQ(f.adver_due, 2000);
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 2000);
	garps = 0;
	for (i = 0; i < 20; i++)
		if (ev_timer(&f, 2000 + 1000 * (uint64_t)i) & VRRP_ACT_SEND_GARP)
			garps++;
	CHECK_EQ(garps, 0);

	/* GARP and advert due at the same time: both. */
	c.garp_delay_ms = 2000;
	start_master(&f, &c, 0);
	CHECK_EQ(ev_timer(&f, 1000), VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(ev_timer(&f, 2000), VRRP_ACT_SEND_ADVERT | VRRP_ACT_SEND_GARP);
	CHECK(f.garp_due == VRRP_TIME_NEVER);

	/* garp_delay_ms 0: no second burst at all. */
	c.garp_delay_ms = 0;
	start_master(&f, &c, 0);
	CHECK(f.garp_due == VRRP_TIME_NEVER);
	garps = 0;
	for (i = 1; i <= 20; i++)
		if (ev_timer(&f, 500 * (uint64_t)i) & VRRP_ACT_SEND_GARP)
			garps++;
	CHECK_EQ(garps, 0);

	/* A Backup that became master arms the GARP too. */
	c = mkconf(2, 200, 100, ADDR_B);
	c.garp_delay_ms = 5000;
	t0 = start_master(&f, &c, 0);
	CHECK_EQ(f.garp_due, t0 + 5000);
}

static void test_master_advert(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c;
	unsigned int act;
	uint64_t t0;

	c = mkconf(2, 200, 100, ADDR_B);
	c.garp_delay_ms = 5000;

	/* Priority 0: answer at once, reset Adver_Timer. */
	t0 = start_master(&f, &c, 0);                    /* 3218 */
	act = ev_advert(&f, 0, 100, ADDR_A, t0 + 500);
	CHECK_EQ(act, VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(f.adver_due, t0 + 500 + 1000);
	CHECK_EQ(f.garp_due, t0 + 5000);                 /* untouched */

	/* Higher priority: Backup, drop the addresses, wait MDI; one last
	 * advert of ours so that the winner knows we were master too.
	 */
	t0 = start_master(&f, &c, 0);
	act = ev_advert(&f, 250, 100, ADDR_A, t0 + 500);
	CHECK_EQ(act, VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, t0 + 500 + 3218);
	CHECK(f.adver_due == VRRP_TIME_NEVER);
	CHECK(f.garp_due == VRRP_TIME_NEVER);
	CHECK_EQ(host_of(f.master_addr), ADDR_A);
	CHECK_EQ(f.master_priority, 250);
	CHECK_EQ(vrrp_fsm_next_deadline(&f), t0 + 500 + 3218);
	/* The old adver deadline no longer sends anything. */
	CHECK_EQ(ev_timer(&f, t0 + 1000), 0);

	/* Equal priority, higher source address: Backup. */
	t0 = start_master(&f, &c, 0);
	act = ev_advert(&f, 200, 100, ADDR_C, t0 + 10);
	CHECK_EQ(act, VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, t0 + 10 + 3218);
	CHECK_EQ(host_of(f.master_addr), ADDR_C);

	/* Equal priority, lower source address: stay Master; the other one
	 * thinks it is master too, so answer and re-announce (split brain).
	 */
	t0 = start_master(&f, &c, 0);
	act = ev_advert(&f, 200, 100, ADDR_A, t0 + 1010);
	CHECK_EQ(act, VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP_LOWER | VRRP_ACT_HEARD_LOWER);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(f.adver_due, t0 + 1010 + 1000);
	CHECK_EQ(host_of(f.master_addr), ADDR_B);

	/* Lower priority: stay Master, advert now and a GARP burst, at most
	 * one burst per interval; the periodic schedule is untouched.
	 */
	t0 = start_master(&f, &c, 0);
	act = ev_advert(&f, 100, 100, ADDR_C, t0 + 10);
	CHECK_EQ(act, VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP_LOWER | VRRP_ACT_HEARD_LOWER);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(f.adver_due, t0 + 10 + 1000);
	CHECK_EQ(f.garp_due, t0 + 5000);
	CHECK_EQ(host_of(f.master_addr), ADDR_B);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_C, t0 + 500),
	         VRRP_ACT_SEND_ADVERT | VRRP_ACT_HEARD_LOWER);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_C, t0 + 1010),
	         VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP_LOWER | VRRP_ACT_HEARD_LOWER);

	/* keepalived's knobs: lower_prio_no_advert, garp_lower_prio_repeat 0
	 * (no burst), garp_lower_prio_delay (the burst again, once, later);
	 * higher_prio_send_advert false: stepping down silently.
	 */
	c.lower_prio_no_advert = true;
	t0 = start_master(&f, &c, 0);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_C, t0 + 10),
	         VRRP_ACT_GARP_LOWER | VRRP_ACT_HEARD_LOWER);
	CHECK_EQ(f.adver_due, t0 + 1000);          /* the schedule is untouched */
	c.lower_garp = false;
	t0 = start_master(&f, &c, 0);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_C, t0 + 10), VRRP_ACT_HEARD_LOWER);
	c.lower_prio_no_advert = false;
	c.lower_garp = true;
	c.lower_garp_delay_ms = 5000;
	t0 = start_master(&f, &c, 0);
	CHECK_EQ(ev_advert(&f, 100, 100, ADDR_C, t0 + 10),
	         VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP_LOWER | VRRP_ACT_HEARD_LOWER);
	CHECK_EQ(vrrp_fsm_next_deadline(&f), t0 + 10 + 1000);
	CHECK(!(ev_timer(&f, t0 + 5009) & VRRP_ACT_GARP_LOWER));
	CHECK(ev_timer(&f, t0 + 5010) & VRRP_ACT_GARP_LOWER);
	CHECK(!(ev_timer(&f, t0 + 20000) & VRRP_ACT_GARP_LOWER));
	c.lower_garp_delay_ms = 0;
	c.higher_prio_no_advert = true;
	t0 = start_master(&f, &c, 0);
	CHECK_EQ(ev_advert(&f, 201, 100, ADDR_A, t0 + 10), VRRP_ACT_DEL_VIPS);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	c.higher_prio_no_advert = false;

	/* nopreempt does not apply in Master: a higher priority still wins. */
	c.preempt = false;
	t0 = start_master(&f, &c, 0);
	CHECK_EQ(ev_advert(&f, 201, 100, ADDR_A, t0 + 10),
	         VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	c.preempt = true;

	/* Owner (255) keeps its role against anyone lower. */
	c = mkconf(2, 255, 100, ADDR_A);
	start_master(&f, &c, 0);
	CHECK_EQ(ev_advert(&f, 254, 100, ADDR_C, 10),
	         VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP_LOWER | VRRP_ACT_HEARD_LOWER);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);

	/* v3 Master going Backup learns the new master's interval. */
	c = mkconf(3, 200, 100, ADDR_B);
	t0 = start_master(&f, &c, 0);
	CHECK_EQ(ev_advert(&f, 250, 200, ADDR_A, t0 + 1),
	         VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.master_adver_int_cs, 200);
	CHECK_EQ(f.master_down_due, t0 + 1 + 6437);
	/* v2 does not. */
	c = mkconf(2, 200, 100, ADDR_B);
	t0 = start_master(&f, &c, 0);
	ev_advert(&f, 250, 200, ADDR_A, t0 + 1);
	CHECK_EQ(f.master_adver_int_cs, 100);
	CHECK_EQ(f.master_down_due, t0 + 1 + 3218);
}

static void test_master_shutdown(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c = mkconf(2, 200, 100, ADDR_B);
	unsigned int act;
	uint64_t t0;

	c.garp_delay_ms = 5000;
	t0 = start_master(&f, &c, 0);
	act = ev_shutdown(&f, t0 + 100);
	CHECK_EQ(act, VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_STOP);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
	CHECK(all_disarmed(&f));
	CHECK(vrrp_fsm_next_deadline(&f) == VRRP_TIME_NEVER);
	/* Nothing fires afterwards. */
	CHECK_EQ(ev_timer(&f, t0 + 100000), 0);
	/* A second shutdown is an empty cell of Initialize. */
	CHECK_EQ(ev_shutdown(&f, t0 + 200), 0);
	/* And it can start again. */
	CHECK_EQ(ev_startup(&f, 50000), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 50000 + 3218);
	CHECK_EQ(host_of(f.master_addr), 0);
}

/* ---- next deadline ------------------------------------------------------- */

static void test_next_deadline(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c = mkconf(2, 200, 100, ADDR_B);

	vrrp_fsm_init(&f, &c);
	CHECK(vrrp_fsm_next_deadline(&f) == VRRP_TIME_NEVER);

	/* Minimum of whichever timers are armed, in any position. */
	f.adver_due = 500; f.master_down_due = 300; f.garp_due = 400;
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 300);
	f.adver_due = 200;
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 200);
	f.garp_due = 100;
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 100);
	f.adver_due = VRRP_TIME_NEVER; f.garp_due = VRRP_TIME_NEVER;
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 300);
	f.master_down_due = VRRP_TIME_NEVER; f.garp_due = 7;
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 7);
	f.garp_due = VRRP_TIME_NEVER; f.adver_due = 9;
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 9);

	/* Through the states. */
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 100);
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 100 + 3218);
	ev_timer(&f, 3318);
	CHECK_EQ(vrrp_fsm_next_deadline(&f), 4318);
	ev_shutdown(&f, 4000);
	CHECK(vrrp_fsm_next_deadline(&f) == VRRP_TIME_NEVER);
}

/* ---- when a Backup must read its socket ----------------------------------- */

/* A master's priority 0 leaves a Backup Skew_Time to take over: reading
 * the socket no later than that after the last read keeps the deadline
 * (the advert's arrival time + Skew_Time) in the future or at the read.
 */
static void test_read_by(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c = mkconf(3, 200, 100, ADDR_B);

	vrrp_fsm_init(&f, &c);
	CHECK(vrrp_fsm_read_by(&f, 1000) == VRRP_TIME_NEVER);   /* Initialize */
	ev_startup(&f, 100);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(vrrp_fsm_read_by(&f, 1000), 1000 + 218);
	/* v3: Skew_Time follows the master's interval. */
	f.master_adver_int_cs = 5;
	CHECK_EQ(vrrp_fsm_read_by(&f, 1000), 1000 + 10);        /* 10.9 ms */
	/* Not sooner than 5 ms, where Skew_Time is shorter (or rounds to 0). */
	f.master_adver_int_cs = 1;
	f.priority = 254;
	CHECK_EQ(vrrp_fsm_read_by(&f, 1000), 1000 + VRRP_READ_MIN_MS);
	/* A Master: half of its interval. */
	f.priority = 200;
	f.master_adver_int_cs = 100;
	ev_timer(&f, 100 + 3218);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(vrrp_fsm_read_by(&f, 4000), 4000 + 500);
	f.conf.adver_int_cs = 10;
	CHECK_EQ(vrrp_fsm_read_by(&f, 4000), 4000 + 50);
	f.conf.adver_int_cs = 2;
	CHECK_EQ(vrrp_fsm_read_by(&f, 4000), 4000 + 10);
	f.conf.adver_int_cs = 1;
	CHECK_EQ(vrrp_fsm_read_by(&f, 4000), 4000 + VRRP_READ_MIN_MS);
	ev_shutdown(&f, 5000);
	CHECK(vrrp_fsm_read_by(&f, 5000) == VRRP_TIME_NEVER);
}

/* ---- two routers on a simulated link ------------------------------------- */

struct node {
	struct vrrp_fsm fsm;
	bool  running;
	bool  has_vips;
	int   adverts_sent;
	int   garps_sent;
	int   became_master;
};

static uint64_t now_ms;
static int split_brain;   /* moments where both held the addresses */

static void deliver(struct node *from, struct node *to, unsigned int act);

/* Carries out <act> from <n>; adverts reach <peer> at once. */
static void apply(struct node *n, struct node *peer, unsigned int act)
{
	if (act & VRRP_ACT_DEL_VIPS)
		n->has_vips = false;
	if (act & VRRP_ACT_ADD_VIPS) {
		n->has_vips = true;
		n->became_master++;
	}
	if (act & (VRRP_ACT_SEND_GARP | VRRP_ACT_GARP_LOWER))
		n->garps_sent++;
	if (act & (VRRP_ACT_SEND_ADVERT | VRRP_ACT_SEND_STOP)) {
		n->adverts_sent++;
		deliver(n, peer, act);
	}
	if (n->has_vips && peer->has_vips)
		split_brain++;
}

static void deliver(struct node *from, struct node *to, unsigned int act)
{
	struct vrrp_event ev;
	unsigned int r;

	if (!to->running)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_EV_ADVERT;
	ev.adv_priority = (act & VRRP_ACT_SEND_STOP) ? 0 : from->fsm.conf.priority;
	ev.adv_interval_cs = from->fsm.conf.adver_int_cs;
	ev.adv_src = from->fsm.conf.primary_addr;
	r = vrrp_fsm_handle(&to->fsm, &ev, now_ms);
	apply(to, from, r);
}

/* Runs both nodes until <until>, firing timers in time order. */
static void run_until(struct node *a, struct node *b, uint64_t until)
{
	for (;;) {
		uint64_t da = vrrp_fsm_next_deadline(&a->fsm);
		uint64_t db = vrrp_fsm_next_deadline(&b->fsm);
		uint64_t d = da < db ? da : db;
		unsigned int ra, rb;

		if (d > until)
			break;
		CHECK(d >= now_ms);      /* time never goes backwards */
		now_ms = d;
		/* Timers due at the same instant fire before either node hears
		 * the other (the packets cross on the wire).
		 */
		ra = da == d ? ev_timer(&a->fsm, now_ms) : 0;
		rb = db == d ? ev_timer(&b->fsm, now_ms) : 0;
		apply(a, b, ra);
		apply(b, a, rb);
	}
	now_ms = until;
}

static void node_start(struct node *n, struct node *peer)
{
	n->running = true;
	apply(n, peer, ev_startup(&n->fsm, now_ms));
}

static void node_stop(struct node *n, struct node *peer)
{
	unsigned int act = ev_shutdown(&n->fsm, now_ms);

	apply(n, peer, act);
	n->running = false;
}

/* Two fresh routers on a fresh simulated clock. */
static void pair_init(struct node *a, struct node *b,
                      const struct vrrp_fsm_conf *ca, const struct vrrp_fsm_conf *cb)
{
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	vrrp_fsm_init(&a->fsm, ca);
	vrrp_fsm_init(&b->fsm, cb);
	now_ms = 0;
	split_brain = 0;
}

static void test_scenario(void)
{
	struct node a, b;
	struct vrrp_fsm_conf ca = mkconf(2, 250, 100, ADDR_A);
	struct vrrp_fsm_conf cb = mkconf(2, 200, 100, ADDR_B);
	int sent;

	pair_init(&a, &b, &ca, &cb);

	/* B alone: becomes master after its Master_Down_Interval. */
	node_start(&b, &a);
	CHECK_EQ(b.fsm.state, VRRP_STATE_BACKUP);
	run_until(&a, &b, 3217);
	CHECK_EQ(b.fsm.state, VRRP_STATE_BACKUP);
	CHECK(!b.has_vips);
	run_until(&a, &b, 3218);
	CHECK_EQ(b.fsm.state, VRRP_STATE_MASTER);
	CHECK(b.has_vips);
	CHECK_EQ(b.garps_sent, 1);
	/* It advertises once a second. */
	sent = b.adverts_sent;
	run_until(&a, &b, 10000);
	CHECK_EQ(b.adverts_sent - sent, 6);          /* 4218..9218 */
	CHECK_EQ(b.fsm.state, VRRP_STATE_MASTER);

	/* A starts at 10000: Backup first, discards B's lower adverts, its
	 * own timer runs out after 3 s + skew(250) and it preempts.
	 */
	node_start(&a, &b);
	CHECK_EQ(a.fsm.state, VRRP_STATE_BACKUP);
	CHECK_EQ(a.fsm.master_down_due, 10000 + 3023);
	run_until(&a, &b, 13022);
	CHECK_EQ(a.fsm.state, VRRP_STATE_BACKUP);
	CHECK_EQ(b.fsm.state, VRRP_STATE_MASTER);
	CHECK(b.has_vips && !a.has_vips);
	run_until(&a, &b, 13023);
	CHECK_EQ(a.fsm.state, VRRP_STATE_MASTER);
	CHECK(a.has_vips);
	/* A's first advert demoted B at once. */
	CHECK_EQ(b.fsm.state, VRRP_STATE_BACKUP);
	CHECK(!b.has_vips);
	CHECK_EQ(host_of(b.fsm.master_addr), ADDR_A);
	CHECK_EQ(b.fsm.master_priority, 250);
	CHECK_EQ(b.fsm.master_down_due, 13023 + 3218);

	/* Stable for a minute: A stays master, B never takes over. */
	run_until(&a, &b, 73023);
	CHECK_EQ(a.fsm.state, VRRP_STATE_MASTER);
	CHECK_EQ(b.fsm.state, VRRP_STATE_BACKUP);
	CHECK_EQ(a.became_master, 1);
	CHECK_EQ(b.became_master, 1);
	CHECK(b.fsm.master_down_due > now_ms);
	CHECK(b.fsm.master_down_due <= now_ms + 3218);

	/* A shuts down at 73500: priority 0, B takes over after skew(200). */
	run_until(&a, &b, 73500);
	node_stop(&a, &b);
	CHECK_EQ(a.fsm.state, VRRP_STATE_INIT);
	CHECK(!a.has_vips);
	CHECK_EQ(b.fsm.state, VRRP_STATE_BACKUP);
	CHECK_EQ(b.fsm.master_down_due, 73500 + 218);
	run_until(&a, &b, 73500 + 217);
	CHECK_EQ(b.fsm.state, VRRP_STATE_BACKUP);
	run_until(&a, &b, 73500 + 218);
	CHECK_EQ(b.fsm.state, VRRP_STATE_MASTER);
	CHECK(b.has_vips);
	CHECK_EQ(b.became_master, 2);
	run_until(&a, &b, 80000);
	CHECK_EQ(b.fsm.state, VRRP_STATE_MASTER);

	/* Never both holding the addresses. */
	CHECK_EQ(split_brain, 0);
}

/* Two v3 routers at 50 cs with equal priority: the higher address wins. */
static void test_scenario_tie(void)
{
	struct node a, b;
	struct vrrp_fsm_conf ca = mkconf(3, 100, 50, ADDR_A);
	struct vrrp_fsm_conf cb = mkconf(3, 100, 50, ADDR_B);

	pair_init(&a, &b, &ca, &cb);

	/* A alone becomes master, then B (higher address) starts. */
	node_start(&a, &b);
	run_until(&a, &b, 5000);
	CHECK_EQ(a.fsm.state, VRRP_STATE_MASTER);
	node_start(&b, &a);
	run_until(&a, &b, 20000);
	/* B follows A's equal-priority adverts (Backup never preempts on a
	 * tie), so A stays master.
	 */
	CHECK_EQ(a.fsm.state, VRRP_STATE_MASTER);
	CHECK_EQ(b.fsm.state, VRRP_STATE_BACKUP);
	CHECK_EQ(split_brain, 0);

	/* Both start together: both become master at the same instant, the
	 * adverts cross and the lower address steps down.
	 */
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	vrrp_fsm_init(&a.fsm, &ca);
	vrrp_fsm_init(&b.fsm, &cb);
	now_ms = 0;
	node_start(&a, &b);
	node_start(&b, &a);
	run_until(&a, &b, 1803);
	CHECK_EQ(a.fsm.state, VRRP_STATE_BACKUP);
	CHECK_EQ(b.fsm.state, VRRP_STATE_BACKUP);
	run_until(&a, &b, 1804);                 /* 1500 + skew(100, 50 cs) */
	CHECK_EQ(a.became_master, 1);
	CHECK_EQ(b.became_master, 1);
	CHECK_EQ(b.fsm.state, VRRP_STATE_MASTER);
	CHECK_EQ(a.fsm.state, VRRP_STATE_BACKUP);
	CHECK(b.has_vips && !a.has_vips);
	split_brain = 0;
	run_until(&a, &b, 20000);
	CHECK_EQ(b.fsm.state, VRRP_STATE_MASTER);
	CHECK_EQ(a.fsm.state, VRRP_STATE_BACKUP);
	CHECK_EQ(a.became_master, 1);
	CHECK_EQ(split_brain, 0);
}

static void test_state_names(void)
{
	CHECK(strcmp(vrrp_state_name(VRRP_STATE_INIT), "INIT") == 0);
	CHECK(strcmp(vrrp_state_name(VRRP_STATE_BACKUP), "BACKUP") == 0);
	CHECK(strcmp(vrrp_state_name(VRRP_STATE_MASTER), "MASTER") == 0);
	CHECK(strcmp(vrrp_state_name(VRRP_STATE_COUNT), "UNKNOWN") == 0);
}

/* ---- reload takeover, operator handover, GARP refresh ------------------ */

/* Initialize + Takeover: master at once, VIPs renewed, an advert, no GARP
 * and no pass through Backup.
 */
static void test_takeover(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c = mkconf(2, 200, 100, ADDR_A);
	unsigned int act;

	c.garp_delay_ms = 5000;
	vrrp_fsm_init(&f, &c);
	act = ev_simple(&f, VRRP_EV_TAKEOVER, 1000);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(act, VRRP_ACT_ADD_VIPS | VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.adver_due, 2000);
	CHECK_EQ(f.garp_due, 6000);   /* the schedule goes on (test_takeover_garp) */
	CHECK_EQ(host_of(f.master_addr), ADDR_A);
	/* Takeover means nothing outside Initialize. */
	CHECK_EQ(ev_simple(&f, VRRP_EV_TAKEOVER, 1500), 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	/* It then behaves as any master. */
	CHECK_EQ(ev_timer(&f, 2000), VRRP_ACT_SEND_ADVERT);
}

/* Resign as master: priority 0 adverts while the VIPs stay, until another
 * router's advert arrives; then Backup at priority 1. Resume restores.
 */
static void test_resign_resume(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c = mkconf(2, 250, 100, ADDR_A);
	uint64_t t = start_master(&f, &c, 0);
	unsigned int act;

	act = ev_simple(&f, VRRP_EV_RESIGN, t + 100);
	CHECK_EQ(act, VRRP_ACT_SEND_STOP);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK(f.resigned);
	CHECK_EQ(f.priority, 1);
	/* Each interval: priority 0 again, never a DEL_VIPS on its own. */
	CHECK_EQ(ev_timer(&f, t + 1100), VRRP_ACT_SEND_STOP);
	/* A priority-0 advert from someone else does not make us let go. */
	CHECK_EQ(ev_advert(&f, 0, 100, ADDR_B, t + 1200), VRRP_ACT_SEND_STOP);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	/* The new master (lower configured priority than ours) speaks. */
	act = ev_advert(&f, 200, 100, ADDR_B, t + 1300);
	CHECK_EQ(act, VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.priority, 1);   /* that advert says 1: we are no contender */
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK(!f.resigned);
	CHECK_EQ(f.priority, 1);
	CHECK_EQ(host_of(f.master_addr), ADDR_B);
	/* As Backup at priority 1 it follows the 200 master, not preempting. */
	CHECK_EQ(ev_advert(&f, 200, 100, ADDR_B, t + 2300), 0);
	CHECK_EQ(f.master_down_due, t + 2300 + 3000 + (256 - 1) * 1000 / 256);
	/* Resume: configured priority back; the 200 master's adverts are now
	 * lower and ignored, so Master_Down_Timer fires: preemption.
	 */
	CHECK_EQ(ev_simple(&f, VRRP_EV_RESUME, t + 2400), 0);
	CHECK_EQ(f.priority, 250);
	ev_advert(&f, 200, 100, ADDR_B, t + 3300);
	CHECK_EQ(ev_timer(&f, f.master_down_due), BECOME_MASTER_ACTS);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);

	/* Resume while still master (resigned, nobody took over): announce. */
	act = ev_simple(&f, VRRP_EV_RESIGN, t + 9000);
	CHECK_EQ(act, VRRP_ACT_SEND_STOP);
	act = ev_simple(&f, VRRP_EV_RESUME, t + 9500);
	CHECK_EQ(act, VRRP_ACT_SEND_ADVERT);
	CHECK(!f.resigned);
	CHECK_EQ(ev_timer(&f, f.adver_due), VRRP_ACT_SEND_ADVERT);

	/* Resign in Backup: priority 1, nothing sent. */
	start_backup(&f, 2, 200, 100, 0);
	CHECK_EQ(ev_simple(&f, VRRP_EV_RESIGN, 10), 0);
	CHECK_EQ(f.priority, 1);
	CHECK(!f.resigned);
}

/* keepalived's garp_master_delay then garp_master_refresh. */
static void test_garp_refresh(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c = mkconf(2, 255, 100, ADDR_A);
	unsigned int act;

	c.garp_delay_ms = 5000;
	c.garp_refresh_ms = 2000;
	vrrp_fsm_init(&f, &c);
	CHECK_EQ(ev_startup(&f, 0), BECOME_MASTER_ACTS);
	CHECK_EQ(f.garp_due, 5000);
	act = ev_timer(&f, 5000);
	CHECK(act & VRRP_ACT_SEND_GARP);
	CHECK(!(act & VRRP_ACT_GARP_REFRESH));
	CHECK_EQ(f.garp_due, 7000);
	act = ev_timer(&f, 7000);
	CHECK(act & VRRP_ACT_GARP_REFRESH);
	CHECK(!(act & VRRP_ACT_SEND_GARP));
	CHECK_EQ(f.garp_due, 9000);
	/* Without a delayed burst the refresh starts at once. */
	c.garp_delay_ms = 0;
	vrrp_fsm_init(&f, &c);
	ev_startup(&f, 0);
	CHECK_EQ(f.garp_due, 2000);
	CHECK(ev_timer(&f, 2000) & VRRP_ACT_GARP_REFRESH);
	/* Leaving master stops it. */
	ev_advert(&f, 255, 100, ADDR_B, 2500);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.garp_due, VRRP_TIME_NEVER);
}

/* A reload's new worker carries on the GARP schedule (it cannot know how
 * far the previous worker got): the delayed burst, then the refresh.
 */
static void test_takeover_garp(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c = mkconf(2, 250, 100, ADDR_A);
	unsigned int act;

	c.garp_delay_ms = 5000;
	c.garp_refresh_ms = 2000;
	vrrp_fsm_init(&f, &c);
	act = ev_simple(&f, VRRP_EV_TAKEOVER, 100);
	CHECK(!(act & (VRRP_ACT_SEND_GARP | VRRP_ACT_GARP_REFRESH)));
	CHECK_EQ(f.garp_due, 5100);
	CHECK(ev_timer(&f, 5100) & VRRP_ACT_SEND_GARP);
	CHECK_EQ(f.garp_due, 7100);
	CHECK(ev_timer(&f, 7100) & VRRP_ACT_GARP_REFRESH);
	CHECK_EQ(f.garp_due, 9100);
	/* Refresh only. */
	c.garp_delay_ms = 0;
	vrrp_fsm_init(&f, &c);
	ev_simple(&f, VRRP_EV_TAKEOVER, 100);
	CHECK_EQ(f.garp_due, 2100);
	CHECK(ev_timer(&f, 2100) & VRRP_ACT_GARP_REFRESH);
	/* Neither configured: nothing armed. */
	c.garp_refresh_ms = 0;
	vrrp_fsm_init(&f, &c);
	ev_simple(&f, VRRP_EV_TAKEOVER, 100);
	CHECK(f.garp_due == VRRP_TIME_NEVER);
}

/* Split brain healing, two routers on one clock: while the link is cut
 * both become master; when it heals, whichever advert crosses first, the
 * rightful master ends up sending a GARP burst (so clients that followed
 * the other one come back at once) and the other one steps down.
 */
static void test_split_brain_heals(void)
{
	int first;

	for (first = 0; first < 2; first++) {
		struct vrrp_fsm hi, lo;
		struct vrrp_fsm_conf ch = mkconf(2, 250, 100, ADDR_A);
		struct vrrp_fsm_conf cl = mkconf(2, 200, 100, ADDR_B);
		unsigned int act_hi = 0, act_lo;
		uint64_t t;

		start_master(&hi, &ch, 0);
		start_master(&lo, &cl, 0);     /* partitioned: both masters */
		t = 20000;
		if (first == 0) {
			/* The higher one's advert crosses first: the lower
			 * steps down, sending one last advert of its own...
			 */
			act_lo = ev_advert(&lo, 250, 100, ADDR_A, t);
			CHECK_EQ(act_lo, VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_ADVERT);
			CHECK_EQ(lo.state, VRRP_STATE_BACKUP);
			/* ... which makes the higher one re-announce. */
			act_hi = ev_advert(&hi, lo.priority, 100, ADDR_B, t + 1);
		} else {
			/* The lower one's periodic advert crosses first. */
			act_hi = ev_advert(&hi, 200, 100, ADDR_B, t);
			CHECK(act_hi & VRRP_ACT_SEND_ADVERT);
			act_lo = ev_advert(&lo, 250, 100, ADDR_A, t + 1);
			CHECK(act_lo & VRRP_ACT_DEL_VIPS);
			CHECK_EQ(lo.state, VRRP_STATE_BACKUP);
		}
		CHECK(act_hi & VRRP_ACT_GARP_LOWER);
		CHECK_EQ(hi.state, VRRP_STATE_MASTER);
	}
}

/* Tracking moves the priority: a master announces the new one at once
 * (and loses to a higher advert), a backup uses it for its Skew_Time, and
 * while resigned the change waits for the resume.
 */
static void test_priority_event(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c = mkconf(3, 250, 100, ADDR_A);
	struct vrrp_event ev = { .type = VRRP_EV_PRIORITY, .adv_priority = 190 };
	uint64_t t = start_master(&f, &c, 0);

	CHECK_EQ(vrrp_fsm_handle(&f, &ev, t + 100), VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.priority, 190);
	CHECK_EQ(f.master_priority, 190);
	CHECK_EQ(f.adver_due, t + 100 + 1000);
	/* The same priority again: nothing to announce. */
	CHECK_EQ(vrrp_fsm_handle(&f, &ev, t + 200), 0);
	/* A 200 router's advert is higher now: step down. */
	CHECK_EQ(ev_advert(&f, 200, 100, ADDR_B, t + 300),
	         VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_ADVERT);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	/* Backup: the new priority is stored, nothing sent; Skew_Time uses it. */
	ev.adv_priority = 250;
	CHECK_EQ(vrrp_fsm_handle(&f, &ev, t + 400), 0);
	CHECK_EQ(f.priority, 250);
	CHECK_EQ(ev_advert(&f, 200, 100, ADDR_B, t + 1300), 0);   /* lower: preempt */
	/* Resigned: priority stays 1 until resumed, then the tracked one. */
	CHECK_EQ(ev_simple(&f, VRRP_EV_RESIGN, t + 1400), 0);
	ev.adv_priority = 120;
	CHECK_EQ(vrrp_fsm_handle(&f, &ev, t + 1500), 0);
	CHECK_EQ(f.priority, 1);
	CHECK_EQ(ev_simple(&f, VRRP_EV_RESUME, t + 1600), 0);
	CHECK_EQ(f.priority, 120);
	/* In Initialize (FAULT), a change is kept for the start. */
	vrrp_fsm_init(&f, &c);
	ev.adv_priority = 90;
	CHECK_EQ(vrrp_fsm_handle(&f, &ev, 10), 0);
	CHECK_EQ(f.priority, 90);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
}

/* Sync group events: a Backup follows a member into MASTER at once, a
 * Master follows one out (priority 0, VIPs released), a Backup held by
 * its group waits another Master_Down_Interval; and whether a Backup
 * hears a master.
 */
static void test_sync_events(void)
{
	struct vrrp_fsm f;
	struct vrrp_fsm_conf c = mkconf(3, 200, 100, ADDR_A);
	uint64_t md = 3000 + (256 - 200) * 1000 / 256;

	start_backup(&f, 3, 200, 100, 0);
	CHECK(!vrrp_fsm_hears_master(&f, 10));
	CHECK_EQ(ev_advert(&f, 250, 100, ADDR_B, 100), 0);
	CHECK(vrrp_fsm_hears_master(&f, 100));
	CHECK(vrrp_fsm_hears_master(&f, 100 + md - 1));
	CHECK(!vrrp_fsm_hears_master(&f, 100 + md));
	/* Held: Master_Down_Timer restarts, still no master heard. */
	CHECK_EQ(ev_simple(&f, VRRP_EV_SYNC_HOLD, 100 + md), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 100 + 2 * md);
	CHECK(!vrrp_fsm_hears_master(&f, 100 + md + 1));
	/* Priority 0: the master left, it is heard no more. */
	CHECK_EQ(ev_advert(&f, 250, 100, ADDR_B, 5000), 0);
	CHECK(vrrp_fsm_hears_master(&f, 5001));
	CHECK_EQ(ev_advert(&f, 0, 100, ADDR_B, 5100), 0);
	CHECK(!vrrp_fsm_hears_master(&f, 5101));
	/* A member became master: follow at once. */
	CHECK_EQ(ev_simple(&f, VRRP_EV_SYNC_MASTER, 5150), BECOME_MASTER_ACTS);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK(!vrrp_fsm_hears_master(&f, 5151));
	/* A member left master: let go, priority 0, wait as Backup. */
	CHECK_EQ(ev_simple(&f, VRRP_EV_SYNC_BACKUP, 6000),
	         VRRP_ACT_DEL_VIPS | VRRP_ACT_SEND_STOP);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(f.master_down_due, 6000 + md);
	/* The events mean nothing in the other states. */
	CHECK_EQ(ev_simple(&f, VRRP_EV_SYNC_BACKUP, 6100), 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	vrrp_fsm_init(&f, &c);
	CHECK_EQ(ev_simple(&f, VRRP_EV_SYNC_MASTER, 10), 0);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
}

int main(void)
{
	test_timers();
	test_init();
	test_startup();
	test_backup_timer();
	test_backup_advert();
	test_backup_interval_learning();
	test_backup_preempt_delay();
	test_master_timer();
	test_master_advert();
	test_master_shutdown();
	test_next_deadline();
	test_read_by();
	test_scenario();
	test_scenario_tie();
	test_state_names();
	test_takeover();
	test_resign_resume();
	test_priority_event();
	test_sync_events();
	test_garp_refresh();
	test_takeover_garp();
	test_split_brain_heals();
	return check_report("test_fsm");
}
