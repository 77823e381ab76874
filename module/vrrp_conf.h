/*
 * vrrp.conf loader: keepalived's syntax, the subset that makes sense for
 * VRRP inside HAProxy. Every keyword is either used, accepted with a note
 * saying why it has no effect, or refused with an error naming file, line
 * and keyword: nothing is ignored silently.
 */
#ifndef VRRP_CONF_H
#define VRRP_CONF_H

#include <stddef.h>
#include "vrrp_conf-t.h"

/* Parses the text <text> of <len> bytes, named <path> in messages (and
 * the directory of relative includes), into <conf>; "@ID" lines are
 * matched against <config_id> (keepalived's -i), NULL meaning keepalived's
 * default, the node name up to its first '.'. Returns 0, or -1 with
 * "path:line: keyword: reason" in <err> (<errlen> bytes), path being the
 * included file the statement came from. <conf> must be released with
 * vrrp_conf_free() in both cases.
 */
int vrrp_conf_parse(const char *path, const char *config_id, const char *text,
                    size_t len, struct vrrp_conf *conf, char *err, size_t errlen);

/* Reads and parses the file <path>; same contract as vrrp_conf_parse(),
 * and an unreadable file is reported with its errno text. The files it
 * includes are read now too, so call it before any chroot.
 */
int vrrp_conf_load(const char *path, const char *config_id, struct vrrp_conf *conf,
                   char *err, size_t errlen);

/* Called by vrrp_conf_check() for every statement: its file (the main
 * one or an included one), line, keyword, class and, for all but
 * VRRP_KW_USED, why (for VRRP_KW_INVALID, the error a load would stop on;
 * a used statement may have one too: keepalived's warning about it). A
 * statement can be reported a second time, once the rest of its block is
 * read (a nopreempt that state MASTER makes void, an advert_int rounded
 * to its version's unit): that verdict replaces the first.
 */
typedef void (*vrrp_conf_report_fn)(void *arg, const char *file, int line,
                                    const char *kw, enum vrrp_kw_class cls,
                                    const char *why);

/* Check mode: reads a keepalived.conf (<config_id> as for
 * vrrp_conf_parse()) and reports every statement through <fn> instead of
 * stopping at the first problem. Returns the number of statements
 * reported VRRP_KW_UNSUPPORTED or VRRP_KW_INVALID (0: the file loads as
 * it is), or -1 if the text cannot even be tokenized (reported as one
 * VRRP_KW_INVALID, line 0) or uses a file-syntax feature not provided
 * (~SEQ...: reported as VRRP_KW_UNSUPPORTED at its line).
 */
int vrrp_conf_check(const char *path, const char *config_id, const char *text,
                    size_t len, vrrp_conf_report_fn fn, void *arg);

/* Name of a class as the check mode prints it ("used", "replaced", ...). */
const char *vrrp_kw_class_name(enum vrrp_kw_class cls);

/* Releases what <conf> owns and zeroes it; safe to call twice. */
void vrrp_conf_free(struct vrrp_conf *conf);

/* The keyword that names notify FIFO <which> (VRRP_FIFO_*), or with
 * <script> its reader's: "notify_fifo", "vrrp_notify_fifo_script", ...
 * Pure.
 */
const char *vrrp_fifo_keyword(int which, bool script);

/* Writes where the loc <loc> (a line kept in <conf>'s structs) is:
 * "line N", or "line N of FILE" in an included file, into <buf> of <len>
 * bytes, and returns <buf>.
 */
const char *vrrp_conf_at(const struct vrrp_conf *conf, int loc, char *buf,
                         size_t len);

/* Returns the name of the file the loc <loc> (a line kept in <conf>'s
 * structs) is in: the included file's, or the main file's <conf>->path,
 * for messages written "FILE:LINE" (conf_loc_line() gives the line).
 */
const char *vrrp_conf_file(const struct vrrp_conf *conf, int loc);

#endif
