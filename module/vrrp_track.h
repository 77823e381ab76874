/*
 * Tracked objects (track_backend, track_interface): what their state
 * means for an instance, keepalived's arithmetic. Pure: the node feeds in
 * which backends have no usable server and which interfaces are down, and
 * applies the verdict.
 */
#ifndef VRRP_TRACK_H
#define VRRP_TRACK_H

#include <stdbool.h>

#include "vrrp_conf-t.h"

/* What tracking makes of instance <c>, given <be_down>[i] (true when
 * c->track_be[i] has no usable server) and <if_down>[i] (true when
 * c->track_if[i] is down; an unweighted one is the link watch's FAULT).
 */
struct vrrp_track_verdict {
	const char *fault;  /* the first unweighted backend that is down
	                     * (the instance must be in FAULT), or NULL */
	unsigned priority;  /* the priority the weights give: the configured
	                     * one, plus each negative weight whose backend or
	                     * interface is down and each positive one whose
	                     * backend or interface is up, clamped to 1..254;
	                     * an address owner (255) keeps 255, as in
	                     * keepalived */
};

/* Returns the verdict for <c> with <down>. */
struct vrrp_track_verdict vrrp_track_judge(const struct vrrp_instance_conf *c,
                                           const bool *be_down, const bool *if_down);

#endif
