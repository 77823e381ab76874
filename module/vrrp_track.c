/*
 * Tracked objects: keepalived's rules. See vrrp_track.h.
 */
#include "vrrp_track.h"

/* The weight <w> of an object that is <down>: what it adds. */
static int weighed(int w, bool down)
{
	return (w < 0 ? down : !down) ? w : 0;
}

/* What tracked file <r> holding <val> adds to the priority; sets <*fault>
 * when it means FAULT (keepalived: weight 0 and a value other than 0, or
 * a weighed value at or below -254). The value is bounded first, so the
 * product cannot overflow.
 */
static long file_weighed(const struct vrrp_track_file_ref *r, long val, bool *fault)
{
	long w;

	if (val > 1000000)
		val = 1000000;
	if (val < -1000000)
		val = -1000000;
	if (r->weight == 0) {
		/* reversed, 0 is the failure */
		*fault = r->reverse ? val == 0 : val != 0;
		return 0;
	}
	w = val * r->weight * (r->reverse ? -1 : 1);
	*fault = w <= VRRP_TRACK_FILE_FAULT;
	if (*fault)
		return 0;
	return w > -VRRP_TRACK_FILE_FAULT - 1 ? -VRRP_TRACK_FILE_FAULT - 1 : w;
}

struct vrrp_track_verdict vrrp_track_judge(const struct vrrp_instance_conf *c,
                                           const bool *be_down, const bool *if_down,
                                           const long *file_val)
{
	struct vrrp_track_verdict v = { .fault = NULL, .priority = c->priority };
	long prio = c->priority;
	int i;

	for (i = 0; i < c->ntrack_be; i++) {
		const struct vrrp_track_backend_conf *t = &c->track_be[i];

		if (t->weight == 0) {
			if (be_down[i] && !v.fault)
				v.fault = t->name;
		} else {
			prio += weighed(t->weight, be_down[i]);
		}
	}
	/* keepalived: up adds a positive weight, down a negative one;
	 * reversed, the same is subtracted.
	 */
	for (i = 0; i < c->ntrack_if; i++)
		prio += weighed(c->track_if_weight[i], if_down[i]) *
		        (c->track_if_reverse[i] ? -1 : 1);
	for (i = 0; i < c->ntrack_file; i++) {
		bool fault;

		prio += file_weighed(&c->track_file[i], file_val[i], &fault);
		if (fault && !v.fault_file) {
			v.fault_file = c->track_file[i].name;
			v.file_value = file_val[i];
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
