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

#include "vrrp_trackfile.h"

#define WATCHED (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE)

bool vrrp_trackfile_parse(const char *text, size_t len, long *out)
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
	v = strtol(buf, &end, 10);
	if (end == buf || errno)
		return false;
	*out = v;
	return true;
}

/* Reads tracked file <f> again into f->value. Returns true when the value
 * changed.
 */
static bool read_again(struct vrrp_tracked_file *f)
{
	char text[64];
	ssize_t got = -1;
	long v = 0;
	bool ok = false;
	int fd;

	/* O_NONBLOCK: a FIFO put there by mistake must not hang the poll. */
	fd = openat(f->dir_fd, f->base, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0) {
		got = read(fd, text, sizeof(text) - 1);
		close(fd);
	}
	if (got > 0)
		ok = vrrp_trackfile_parse(text, (size_t)got, &v);
	if (!ok)
		v = 0;
	f->readable = ok;
	if (v == f->value)
		return false;
	f->value = v;
	return true;
}

/* keepalived's init_file: the file written with <c>'s value when missing,
 * or always with "overwrite". Returns 0 or -errno.
 */
static int init_file(const struct vrrp_track_file_conf *c)
{
	char text[32];
	int fd, len, e = 0;

	fd = open(c->path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
	                   (c->init_overwrite ? O_TRUNC : O_EXCL), 0644);
	if (fd < 0)
		return errno == EEXIST && !c->init_overwrite ? 0 : -errno;
	len = snprintf(text, sizeof(text), "%ld\n", c->init_value);
	if (write(fd, text, (size_t)len) != len)
		e = errno ? -errno : -EIO;
	close(fd);
	return e;
}

int vrrp_trackfile_open(struct vrrp_track_files *tf,
                        const struct vrrp_track_file_conf *conf, int n,
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
		const char *slash = strrchr(c->path, '/');
		char dir[sizeof(c->path)];
		int e;

		/* (the parser took absolute paths that do not end in '/') */
		snprintf(dir, sizeof(dir), "%.*s", slash == c->path ? 1 : (int)(slash - c->path),
		         c->path);
		snprintf(f->base, sizeof(f->base), "%s", slash + 1);
		if (c->init && (e = init_file(c)) < 0) {
			snprintf(err, errlen, "vrrp_track_file %s (line %d): init_file %s: %s",
			         c->name, c->line, c->path, strerror(-e));
			vrrp_trackfile_close(tf);
			return -1;
		}
		f->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		f->wd = f->dir_fd < 0 ? -1 : inotify_add_watch(tf->inotify_fd, dir, WATCHED);
		if (f->dir_fd < 0 || f->wd < 0) {
			snprintf(err, errlen, "vrrp_track_file %s (line %d): directory %s: %s",
			         c->name, c->line, dir, strerror(errno));
			vrrp_trackfile_close(tf);
			return -1;
		}
		f->value = LONG_MIN;   /* so that the first read sets it */
		read_again(f);
	}
	return 0;
}

int vrrp_trackfile_poll(struct vrrp_track_files *tf, bool *changed)
{
	/* Aligned as struct inotify_event needs. */
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int i, n = 0, rounds;
	bool all = false;

	if (tf->inotify_fd < 0)
		return 0;
	for (i = 0; i < tf->n; i++)
		changed[i] = false;
	for (rounds = 0; rounds < 16; rounds++) {
		ssize_t got = read(tf->inotify_fd, buf, sizeof(buf));
		char *p;

		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (got <= 0)
			return got < 0 ? -errno : -EIO;
		for (p = buf; p < buf + got;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;

			if (ev->mask & IN_Q_OVERFLOW)
				all = true;
			for (i = 0; i < tf->n; i++)
				if (ev->wd == tf->f[i].wd && ev->len &&
				    strcmp(ev->name, tf->f[i].base) == 0)
					changed[i] = true;
			p += sizeof(*ev) + ev->len;
		}
	}
	if (all)
		tf->overflows++;
	for (i = 0; i < tf->n; i++) {
		if (!changed[i] && !all)
			continue;
		changed[i] = read_again(&tf->f[i]);
		n += changed[i];
	}
	return n;
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
