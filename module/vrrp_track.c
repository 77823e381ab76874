/*
 * Tracked objects: keepalived's rules. See vrrp_track.h.
 */
#include "vrrp_track.h"

/* The weight <w> of an object that is <down>: what it adds. */
static int weighed(int w, bool down)
{
	return (w < 0 ? down : !down) ? w : 0;
}

struct vrrp_track_verdict vrrp_track_judge(const struct vrrp_instance_conf *c,
                                           const bool *be_down, const bool *if_down)
{
	struct vrrp_track_verdict v = { .fault = NULL, .priority = c->priority };
	int prio = c->priority, i;

	for (i = 0; i < c->ntrack_be; i++) {
		const struct vrrp_track_backend_conf *t = &c->track_be[i];

		if (t->weight == 0) {
			if (be_down[i] && !v.fault)
				v.fault = t->name;
		} else {
			prio += weighed(t->weight, be_down[i]);
		}
	}
	for (i = 0; i < c->ntrack_if; i++)
		prio += weighed(c->track_if_weight[i], if_down[i]);
	if (c->priority == 255)
		return v;
	if (prio < 1)
		prio = 1;
	if (prio > 254)
		prio = 254;
	v.priority = (unsigned)prio;
	return v;
}
