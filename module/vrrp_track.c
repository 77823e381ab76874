/*
 * Tracked backends: keepalived's rules for tracked objects. See
 * vrrp_track.h.
 */
#include "vrrp_track.h"

struct vrrp_track_verdict vrrp_track_judge(const struct vrrp_instance_conf *c,
                                           const bool *down)
{
	struct vrrp_track_verdict v = { .fault = NULL, .priority = c->priority };
	int prio = c->priority, i;

	for (i = 0; i < c->ntrack_be; i++) {
		const struct vrrp_track_backend_conf *t = &c->track_be[i];

		if (t->weight == 0) {
			if (down[i] && !v.fault)
				v.fault = t->name;
		} else if (t->weight < 0 ? down[i] : !down[i]) {
			prio += t->weight;
		}
	}
	if (c->priority == 255)
		return v;
	if (prio < 1)
		prio = 1;
	if (prio > 254)
		prio = 254;
	v.priority = (unsigned)prio;
	return v;
}
