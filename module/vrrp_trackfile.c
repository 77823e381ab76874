/*
 * Tracked files. See vrrp_trackfile.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/inotify.h>
#include <sys/stat.h>

#include "vrrp_trackfile.h"

#define WATCHED (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE)
/* Beyond keepalived's range for a weighed value: the product below never
 * overflows.
 */
#define VALUE_MAX 1000000000L

int vrrp_trackfile_parse(const char *text, size_t len, long *out)
{
	char buf[32];
	char *end;
	size_t i = 0;
	long v;

	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	len -= i;
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, text + i, len);
	buf[len] = '\0';
	errno = 0;
	v = strtol(buf, &end, 0);
	if (end == buf)
		return 0;
	if (errno == ERANGE || v > VALUE_MAX || v < -VALUE_MAX)
		return -1;
	*out = v;
	return 1;
}

/* Reads tracked file <f> again into f->value: 0 when it is missing or
 * holds no number, unchanged when it cannot be read (after HAProxy's
 * "user", a file only root may read: f->read_errno says why) or holds a
 * number out of range. Returns true when the value changed, or the read
 * failed where it did not before.
 */
static bool read_again(struct vrrp_tracked_file *f)
{
	char text[64];
	ssize_t got = 0;
	long v = 0;
	int fd, e = 0, ret = 0;
	bool news;

	/* O_NONBLOCK: a FIFO put there by mistake must not hang the poll. */
	fd = openat(f->dir_fd, f->base, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		e = errno == ENOENT ? 0 : errno;
	} else {
		got = read(fd, text, sizeof(text) - 1);
		if (got < 0)
			e = errno;
		close(fd);
	}
	news = e != 0 && e != f->read_errno;
	f->read_errno = e;
	if (e)
		return news;
	if (got > 0)
		ret = vrrp_trackfile_parse(text, (size_t)got, &v);
	if (ret < 0)
		return false;
	f->readable = ret == 1;
	if (v == f->value)
		return false;
	f->value = v;
	return true;
}

/* keepalived's init_file: the file <path> written with <c>'s value when
 * missing, or with "overwrite" also when it exists (but not on a
 * <reload>). Only a regular file is written: never blocks on a FIFO.
 * Returns 0 or -errno.
 */
static int init_file(const struct vrrp_track_file_conf *c, const char *path, bool reload)
{
	bool overwrite = c->init_overwrite && !reload;
	struct stat st;
	char text[32];
	int fd, len, e = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
	                (overwrite ? 0 : O_EXCL), 0644);
	if (fd < 0)
		return errno == EEXIST && !overwrite ? 0 : -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	len = snprintf(text, sizeof(text), "%ld\n", c->init_value);
	if (ftruncate(fd, 0) < 0 || write(fd, text, (size_t)len) != len)
		e = errno ? -errno : -EIO;
	close(fd);
	return e;
}

int vrrp_trackfile_open(struct vrrp_track_files *tf,
                        const struct vrrp_track_file_conf *conf, int n, bool reload,
                        char *err, size_t errlen)
{
	int i;

	memset(tf, 0, sizeof(*tf));
	tf->inotify_fd = -1;
	if (n == 0)
		return 0;
	tf->f = calloc((size_t)n, sizeof(*tf->f));
	if (!tf->f) {
		snprintf(err, errlen, "track_file: out of memory");
		return -1;
	}
	tf->n = n;
	for (i = 0; i < n; i++)
		tf->f[i].dir_fd = -1;
	tf->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (tf->inotify_fd < 0) {
		snprintf(err, errlen, "track_file: inotify: %s", strerror(errno));
		vrrp_trackfile_close(tf);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const struct vrrp_track_file_conf *c = &conf[i];
		struct vrrp_tracked_file *f = &tf->f[i];
		char real[PATH_MAX], dir[PATH_MAX];
		const char *path = c->path, *slash;
		int e;

		/* A symbolic link is followed now: the directory watched is the
		 * one where the file really is.
		 */
		if (realpath(c->path, real))
			path = real;
		slash = strrchr(path, '/');
		/* (the parser took absolute paths that do not end in '/') */
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
		snprintf(f->base, sizeof(f->base), "%s", slash + 1);
		if (c->init && (e = init_file(c, path, reload)) < 0) {
			snprintf(err, errlen, "vrrp_track_file %s: init_file %s: %s",
			         c->name, c->path, strerror(-e));
			vrrp_trackfile_close(tf);
			return -1;
		}
		f->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		f->wd = f->dir_fd < 0 ? -1 : inotify_add_watch(tf->inotify_fd, dir, WATCHED);
		if (f->dir_fd < 0 || f->wd < 0) {
			snprintf(err, errlen, "vrrp_track_file %s: directory %s: %s",
			         c->name, dir, strerror(errno));
			vrrp_trackfile_close(tf);
			return -1;
		}
		/* (f->value starts at 0: a file that cannot be read even now
		 * counts as a missing one)
		 */
		read_again(f);
	}
	return 0;
}

int vrrp_trackfile_poll(struct vrrp_track_files *tf)
{
	/* Aligned as struct inotify_event needs. */
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int i, n = 0, rounds;
	bool all = false;

	if (tf->inotify_fd < 0)
		return 0;
	int err = 0;

	for (i = 0; i < tf->n; i++)
		tf->f[i].changed = false;
	for (rounds = 0; rounds < 16; rounds++) {
		ssize_t got = read(tf->inotify_fd, buf, sizeof(buf));
		char *p;

		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (got <= 0) {
			/* What was read so far is still acted on. */
			err = got < 0 ? -errno : -EIO;
			break;
		}
		for (p = buf; p < buf + got;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;

			if (ev->mask & IN_Q_OVERFLOW)
				all = true;
			for (i = 0; i < tf->n; i++) {
				struct vrrp_tracked_file *f = &tf->f[i];

				if (ev->wd != f->wd)
					continue;
				if (ev->mask & IN_IGNORED) {
					f->lost = true;
					f->wd = -1;
				} else if (ev->len && strcmp(ev->name, f->base) == 0) {
					f->changed = true;
				}
			}
			p += sizeof(*ev) + ev->len;
		}
	}
	/* The kernel's queue overflowed (<all>): every file is read again. */
	for (i = 0; i < tf->n; i++) {
		struct vrrp_tracked_file *f = &tf->f[i];

		if (!f->changed && !all)
			continue;
		f->changed = read_again(f);
		n += f->changed;
	}
	return err ? err : n;
}

void vrrp_trackfile_close(struct vrrp_track_files *tf)
{
	int i;

	for (i = 0; i < tf->n; i++)
		if (tf->f[i].dir_fd >= 0)
			close(tf->f[i].dir_fd);
	if (tf->inotify_fd >= 0)
		close(tf->inotify_fd);
	free(tf->f);
	memset(tf, 0, sizeof(*tf));
	tf->inotify_fd = -1;
}
