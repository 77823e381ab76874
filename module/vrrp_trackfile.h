/*
 * Tracked files (keepalived's vrrp_track_file): the number each holds,
 * kept current without polling the files and without their paths.
 *
 * HAProxy's worker may run chrooted (Debian's stock haproxy.cfg), where a
 * file's path means nothing. So everything is opened before the chroot,
 * in the master: a descriptor of each file's directory, and one inotify
 * descriptor watching those directories. The worker reads the inotify
 * descriptor without waiting at each poll and reads a file again, by its
 * name relative to its directory's descriptor (openat), only when the
 * kernel said it changed: written and closed, moved in, moved away or
 * deleted. A file that is missing or holds no number counts as 0, as in
 * keepalived; one that cannot be read (or holds a number out of range)
 * keeps the number it had. A symbolic link is followed once, at start.
 */
#ifndef VRRP_TRACKFILE_H
#define VRRP_TRACKFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "vrrp_conf-t.h"

struct vrrp_tracked_file {
	int      dir_fd;          /* the file's directory, or -1 */
	int      wd;              /* its inotify watch, -1 once lost */
	char     base[256];       /* the file's name in it */
	long     value;           /* what it holds (0: missing, no number) */
	bool     readable;        /* it held a number when last read */
	int      read_errno;      /* the last read failed so (not ENOENT) */
	bool     changed;         /* by the last vrrp_trackfile_poll() */
	bool     lost;            /* its directory went: no news any more */
	bool     lost_said;       /* (for the caller's log) */
};

struct vrrp_track_files {
	int      inotify_fd;      /* -1 when nothing is tracked */
	struct vrrp_tracked_file *f; /* one per conf->track_files[] */
	int      n;
	unsigned long poll_errors;/* (for the caller's log) */
};

/* Opens what the <n> files of <conf> need (before HAProxy's chroot): runs
 * their init_file (but "overwrite" not on a <reload>, as keepalived: a
 * reload must not undo what an operator wrote), opens each directory,
 * adds the inotify watches, reads each file once. Returns 0, or -1 with
 * <err> naming the file and the step; nothing stays open then.
 */
int vrrp_trackfile_open(struct vrrp_track_files *tf,
                        const struct vrrp_track_file_conf *conf, int n, bool reload,
                        char *err, size_t errlen);

/* Reads the kernel's news without waiting, and each file it names again;
 * sets f[i].changed for each whose number changed, or whose read failed
 * anew, and f[i].lost when a watched directory went away. Returns how
 * many changed, or -errno when the inotify descriptor fails.
 */
int vrrp_trackfile_poll(struct vrrp_track_files *tf);

/* Closes every descriptor and frees <tf>; safe twice. */
void vrrp_trackfile_close(struct vrrp_track_files *tf);

/* The number in <text> of <len> bytes, as keepalived reads a tracked file
 * (strtol with base 0: 12, -3, 0x10, 010). Returns 1 and sets <*out>, 0
 * when there is no number (counts as 0), -1 when it is out of range (the
 * file keeps its number). Pure.
 */
int vrrp_trackfile_parse(const char *text, size_t len, long *out);

#endif
