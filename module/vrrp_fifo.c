/*
 * keepalived's notify FIFO. See vrrp_fifo.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vrrp_fifo.h"

int vrrp_fifo_open(const char *path, const char *user, const char *group,
                   char *why, size_t whylen)
{
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	bool created = false;
	struct stat st;
	int fd;

	if (user) {
		struct passwd *pw = getpwnam(user);

		if (!pw) {
			snprintf(why, whylen, "%s: no user %s", path, user);
			return -1;
		}
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	if (group) {
		struct group *gr = getgrnam(group);

		if (!gr) {
			snprintf(why, whylen, "%s: no group %s", path, group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if (mkfifo(path, 0600) == 0)
		created = true;
	else if (errno != EEXIST) {
		snprintf(why, whylen, "cannot create the FIFO %s: %s", path, strerror(errno));
		return -1;
	}
	/* Whatever is there now: never through a symlink, never a device
	 * opened by mistake (O_NONBLOCK), and only a FIFO is kept.
	 */
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(why, whylen, "%s: %s", path, errno == ELOOP ?
		         "is a symbolic link (give the FIFO itself)" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		snprintf(why, whylen, "%s exists and is not a FIFO", path);
		close(fd);
		return -1;
	}
	if (created && (user || group) && fchown(fd, uid, gid) < 0) {
		snprintf(why, whylen, "%s: chown: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int vrrp_fifo_write(int fd, const char *line)
{
	size_t len = strlen(line);
	ssize_t n;

	do {
		n = write(fd, line, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

size_t vrrp_fifo_line(char *buf, size_t cap, bool group, const char *name,
                      const char *state, unsigned priority)
{
	int n = snprintf(buf, cap, "%s \"%s\" %s %u\n", group ? "GROUP" : "INSTANCE",
	                 name, state, priority);

	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}
