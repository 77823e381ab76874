/*
 * Tracked objects (track_backend, track_interface, track_file): what their
 * state means for an instance, keepalived's arithmetic. Pure: the node
 * feeds in which backends have no usable server, which interfaces are
 * down and what the tracked files hold, and applies the verdict.
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
	const char *fault_file; /* else the first tracked file that says
	                     * FAULT (weight 0 and a number other than 0, or a
	                     * weighed number at or below -254), or NULL */
	long     file_value;/* what that file holds */
	unsigned priority;  /* the priority the weights give: the configured
	                     * one, plus each negative weight whose backend or
	                     * interface is down and each positive one whose
	                     * backend or interface is up, clamped to 1..254;
	                     * an address owner (255) keeps 255, as in
	                     * keepalived */
};

/* Returns the verdict for <c> with <be_down>, <if_down> and <file_val>[i],
 * the number c->track_file[i]'s file holds.
 */
struct vrrp_track_verdict vrrp_track_judge(const struct vrrp_instance_conf *c,
                                           const bool *be_down, const bool *if_down,
                                           const long *file_val);

#endif
