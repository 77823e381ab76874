/*
 * A look at HAProxy's own configuration files, for "haproxy -c": the Lua
 * body runs while HAProxy parses its configuration, before HAProxy knows
 * the backends declared after the lua-load line, so a tracked backend's
 * name is checked against the files themselves. (At start, the Lua side
 * checks it again against the backends HAProxy really has.)
 */
#ifndef VRRP_HAPROXY_CFG_H
#define VRRP_HAPROXY_CFG_H

#include <stddef.h>

#include "vrrp_conf-t.h"

/* Whether the configuration at <path> (a file, or a directory whose *.cfg
 * files HAProxy reads, hidden ones aside) has a "backend" or "listen" section named <name>.
 * Returns 1 or 0, or -errno when it cannot be read.
 */
int vrrp_haproxy_cfg_has_backend(const char *path, const char *name);

/* The configuration files HAProxy was given ("-f FILE", "-fFILE", and
 * the names after "--"), read from the command line <cmdline> of <len>
 * bytes (NUL-separated arguments, as /proc/self/cmdline has them). Puts
 * up to <max> pointers into <cmdline> in <files>; returns how many.
 */
int vrrp_haproxy_cfg_files(const char *cmdline, size_t len, const char **files,
                           int max);

/* Checks that every track_backend of <conf> names a backend of the files
 * <cmdline> (of <len> bytes) gives HAProxy. Returns 0 (also when the
 * command line names no file, or 64 or more: nothing sure to check
 * against), or -1 with <err> as "file:line: name: reason", the file
 * being vrrp.conf or the included one the track_backend line is in.
 */
int vrrp_haproxy_cfg_check_tracked(const struct vrrp_conf *conf, const char *cmdline,
                                   size_t len, char *err, size_t errlen);

#endif
