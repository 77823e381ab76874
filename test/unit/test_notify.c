/*
 * The notify scripts' helper (module/vrrp_notify.c), for real: started as
 * HAProxy's master starts it, asked to run a target's scripts, it runs
 * exactly the configured commands with keepalived's arguments, in order;
 * a request for an unknown target, an unknown state, or a datagram of
 * another shape runs nothing; a notify FIFO's reader starts with the
 * FIFO's path as its last word and runs until the helper stops it;
 * closing the worker's end stops the helper.
 *
 * Usage: test_notify (any user; a temporary directory of its own)
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "check.h"
#include "vrrp_notify.h"

static char dir[] = "/tmp/hvt-notify-unit-XXXXXX";
static char out[256], script[256];

/* The lines the script wrote, '|'-joined, waiting up to 5 s for <want>
 * lines.
 */
static const char *lines(int want, char *buf, size_t cap)
{
	int i, n;

	for (i = 0; i < 500; i++) {
		FILE *f = fopen(out, "r");
		char line[256];
		size_t o = 0;

		n = 0;
		buf[0] = '\0';
		if (f) {
			while (fgets(line, sizeof(line), f) && o < cap) {
				line[strcspn(line, "\n")] = '\0';
				o += (size_t)snprintf(buf + o, cap - o, "%s%s", n ? "|" : "", line);
				n++;
			}
			fclose(f);
		}
		if (n >= want)
			break;
		usleep(10000);
	}
	return buf;
}

/* The number in the file <path> (waiting up to 5 s for it), or 0. */
static long read_pid(const char *path)
{
	long v = 0;
	int i;

	for (i = 0; i < 500 && v <= 0; i++) {
		FILE *f = fopen(path, "r");

		if (f) {
			if (fscanf(f, "%ld", &v) != 1)
				v = 0;
			fclose(f);
		}
		if (v <= 0)
			usleep(10000);
	}
	return v;
}

/* The last word of the first line of <path> as a number, or 0. */
static long last_word_of(const char *path)
{
	char line[512], *sp;
	FILE *f = fopen(path, "r");
	long v = 0;

	if (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		sp = strrchr(line, ' ');
		v = sp ? strtol(sp + 1, NULL, 10) : 0;
	}
	if (f)
		fclose(f);
	return v;
}

/* Whether process <pid> is gone (or a zombie) within <ms>. */
static bool pid_gone_within(long pid, int ms)
{
	char path[64], stat[512];
	int i;

	if (pid <= 1)
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	for (i = 0; i < ms / 10; i++) {
		FILE *f = fopen(path, "r");
		bool gone = !f || !fgets(stat, sizeof(stat), f) || strstr(stat, ") Z ");

		if (f)
			fclose(f);
		if (gone)
			return true;
		usleep(10000);
	}
	return false;
}

/* Whether the file <path> holds <want> within 5 s. */
static bool file_has(const char *path, const char *want)
{
	char buf[512];
	int i;

	for (i = 0; i < 500; i++) {
		FILE *f = fopen(path, "r");
		size_t n = 0;

		if (f) {
			n = fread(buf, 1, sizeof(buf) - 1, f);
			fclose(f);
		}
		buf[n] = '\0';
		if (strstr(buf, want))
			return true;
		usleep(10000);
	}
	fprintf(stderr, "%s: wanted '%s', got '%s'\n", path, want, buf);
	return false;
}

int main(void)
{
	char cmd[VRRP_NOTIFY_COUNT][VRRP_NOTIFY_MAX] = { { 0 } };
	bool off[VRRP_NOTIFY_COUNT] = { false };
	/* notify_fault runs as another user (keepalived's "notify_fault
	 * SCRIPT USER"): nobody, when the test runs as root.
	 */
	uid_t uids[VRRP_NOTIFY_COUNT], want_uid = getuid();
	gid_t gids[VRRP_NOTIFY_COUNT];
	struct vrrp_notify_target t = { .name = "VI_1", .cmd = cmd, .off = off,
	                                .uid = uids, .gid = gids };
	char idscript[300], uidfile[320], rdscript[300], rdout[340], fifo[320], want[420];
	struct vrrp_notify_reader reader;
	int k;
	char err[256], buf[1024];
	FILE *f;
	int fd;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(script, sizeof(script), "%s/s.sh", dir);
	f = fopen(script, "w");
	/* Its parent's pid first, whole (renamed into place), then its line:
	 * once the test sees the line, the pid is there to read.
	 */
	fprintf(f, "#!/bin/sh\necho $PPID >%s.ppid.$$ && mv %s.ppid.$$ %s.ppid\n"
	        "echo \"$*\" >>%s\n", out, out, out, out);
	fclose(f);
	chmod(script, 0755);
	snprintf(cmd[VRRP_NOTIFY_MASTER], VRRP_NOTIFY_MAX, "%s 'went master'", script);
	snprintf(cmd[VRRP_NOTIFY_ANY], VRRP_NOTIFY_MAX, "%s", script);
	for (k = 0; k < VRRP_NOTIFY_COUNT; k++) {
		uids[k] = getuid();
		gids[k] = getgid();
	}
	{
		struct passwd *pw = getuid() == 0 ? getpwnam("nobody") : NULL;
		char wdir[300];

		if (pw) {
			uids[VRRP_NOTIFY_FAULT] = want_uid = pw->pw_uid;
			gids[VRRP_NOTIFY_FAULT] = pw->pw_gid;
		}
		/* (a directory that user may write in, the script it may run) */
		chmod(dir, 0755);
		snprintf(wdir, sizeof(wdir), "%s/w", dir);
		mkdir(wdir, 0777);
		chmod(wdir, 0777);
		snprintf(uidfile, sizeof(uidfile), "%s/uid", wdir);
		snprintf(idscript, sizeof(idscript), "%s/id.sh", dir);
		f = fopen(idscript, "w");
		fprintf(f, "#!/bin/sh\nid -u >%s.$$ && mv %s.$$ %s\n", uidfile, uidfile, uidfile);
		fclose(f);
		chmod(idscript, 0755);
		snprintf(cmd[VRRP_NOTIFY_FAULT], VRRP_NOTIFY_MAX, "%s", idscript);
		/* A notify FIFO's reader (notify_fifo_script), as that user too:
		 * says how it was started (in "FIFO.log"), starts a child of its
		 * own ("FIFO.child": its pid), then runs until SIGTERM (30 s at
		 * most)
		 */
		snprintf(fifo, sizeof(fifo), "%s/the fifo", wdir);
		snprintf(rdout, sizeof(rdout), "%s.log", fifo);
		snprintf(rdscript, sizeof(rdscript), "%s/rd.sh", dir);
		f = fopen(rdscript, "w");
		fprintf(f, "#!/bin/sh\ntrap 'echo TERM >>\"$1.log\"; exit 0' TERM\n"
		        "sleep 30 & echo $! >\"$1.child.$$\" && mv \"$1.child.$$\" \"$1.child\"\n"
		        "echo \"$# $* $(id -u) $PPID\" >>\"$1.log\"\n"
		        "i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done\n");
		fclose(f);
		chmod(rdscript, 0755);
		reader = (struct vrrp_notify_reader){ .cmd = rdscript, .fifo = fifo,
		                                      .uid = pw ? pw->pw_uid : getuid(),
		                                      .gid = pw ? pw->pw_gid : getgid() };
	}

	fd = vrrp_notify_start(&t, 1, &reader, 1, getuid(), getgid(), err, sizeof(err));
	CHECK(fd >= 0);
	if (fd < 0) {
		fprintf(stderr, "%s\n", err);
		return check_report("test_notify");
	}
	/* Nothing of these runs anything. */
	CHECK_EQ(vrrp_notify_send(fd, 1, "MASTER", 250), 0);     /* no such target */
	CHECK_EQ(vrrp_notify_send(fd, -1, "MASTER", 250), 0);
	CHECK_EQ(vrrp_notify_send(fd, 0, "EVIL", 250), 0);       /* no such state */
	CHECK_EQ(vrrp_notify_send(fd, 0, "MASTER", 300), 0);     /* no such priority */
	{
		/* another shape: the words of a command, as a hijacked worker
		 * might send; handled before the requests below, in order
		 */
		char raw[300];
		int len = snprintf(raw, sizeof(raw), "/bin/sh%c-c%ctouch %s/pwned", 0, 0, dir);

		CHECK(send(fd, raw, (size_t)len, 0) == len);
	}
	/* This does: notify_master, then notify with keepalived's words. */
	CHECK_EQ(vrrp_notify_send(fd, 0, "MASTER", 250), 0);
	CHECK_EQ(vrrp_notify_send(fd, 0, "BACKUP", 200), 0);     /* no notify_backup */
	CHECK(strcmp(lines(3, buf, sizeof(buf)),
	             "went master|INSTANCE VI_1 MASTER 250|INSTANCE VI_1 BACKUP 200") == 0);
	if (strcmp(buf, "went master|INSTANCE VI_1 MASTER 250|INSTANCE VI_1 BACKUP 200"))
		fprintf(stderr, "got: %s\n", buf);
	{
		char pwned[300];

		snprintf(pwned, sizeof(pwned), "%s/pwned", dir);
		CHECK(access(pwned, F_OK) < 0);
		unlink(pwned);
	}
	/* FAULT: notify_fault runs as its own user, then notify. */
	CHECK_EQ(vrrp_notify_send(fd, 0, "FAULT", 0), 0);
	{
		long got = -1;
		int i;

		for (i = 0; i < 500 && got < 0; i++) {
			f = fopen(uidfile, "r");
			if (f) {
				if (fscanf(f, "%ld", &got) != 1)
					got = -1;
				fclose(f);
			}
			if (got < 0)
				usleep(10000);
		}
		CHECK_EQ(got, (long)want_uid);
		unlink(uidfile);
	}
	/* The reader started with the FIFO's path as one last word. */
	snprintf(want, sizeof(want), "1 %s %ld ", fifo, (long)want_uid);
	CHECK(file_has(rdout, want));
	/* The worker's end closed: the helper (the scripts' parent) exits,
	 * and tells the reader to stop, as keepalived does at its stop.
	 */
	{
		char path[340], stat[512];
		long pid = 0;
		bool gone = false;
		int i;

		snprintf(path, sizeof(path), "%s.ppid", out);
		f = fopen(path, "r");
		if (f) {
			if (fscanf(f, "%ld", &pid) != 1)
				pid = 0;
			fclose(f);
		}
		CHECK(pid > 1);
		close(fd);
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		for (i = 0; pid > 1 && i < 300 && !gone; i++) {
			/* gone, or a zombie nobody reaped yet */
			f = fopen(path, "r");
			gone = !f || !fgets(stat, sizeof(stat), f) || strstr(stat, ") Z ");
			if (f)
				fclose(f);
			if (!gone)
				usleep(10000);
		}
		CHECK(gone);
		snprintf(path, sizeof(path), "%s.ppid", out);
		unlink(path);
		CHECK(file_has(rdout, "TERM\n"));
		/* ...the reader's whole process group: its child too. */
		snprintf(path, sizeof(path), "%s.child", fifo);
		CHECK(pid_gone_within(read_pid(path), 5000));
		unlink(path);
	}
	/* A helper killed outright (SIGKILL, the OOM killer): its reader,
	 * running as another user, still gets SIGTERM (PR_SET_PDEATHSIG,
	 * which a change of user clears: set after it).
	 */
	{
		char fifo2[340], log2[360], path[380];
		struct vrrp_notify_reader r2 = reader;
		long helper;

		snprintf(fifo2, sizeof(fifo2), "%s2", fifo);
		snprintf(log2, sizeof(log2), "%s.log", fifo2);
		r2.fifo = fifo2;
		fd = vrrp_notify_start(&t, 0, &r2, 1, getuid(), getgid(), err, sizeof(err));
		CHECK(fd >= 0);
		if (fd < 0)
			fprintf(stderr, "%s\n", err);
		snprintf(want, sizeof(want), "1 %s %ld ", fifo2, (long)want_uid);
		CHECK(file_has(log2, want));
		helper = last_word_of(log2);
		CHECK(helper > 1);
		if (helper > 1)
			kill((pid_t)helper, SIGKILL);
		CHECK(file_has(log2, "TERM\n"));
		if (fd >= 0)
			close(fd);
		snprintf(path, sizeof(path), "%s.child", fifo2);
		kill((pid_t)read_pid(path), SIGKILL);   /* (not the helper's to stop) */
		unlink(path);
		unlink(log2);
	}
	unlink(out);
	unlink(script);
	unlink(idscript);
	unlink(rdscript);
	unlink(rdout);
	snprintf(uidfile, sizeof(uidfile), "%s/w", dir);
	rmdir(uidfile);
	rmdir(dir);
	return check_report("test_notify");
}
