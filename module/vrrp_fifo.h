/*
 * keepalived's notify FIFO (global_defs notify_fifo / vrrp_notify_fifo):
 * one line per state change, in keepalived's format, for whatever reads
 * the FIFO (keepalived users' existing readers). Writing never blocks and
 * never runs anything.
 */
#ifndef VRRP_FIFO_H
#define VRRP_FIFO_H

#include <stdbool.h>
#include <stddef.h>

/* Opens the FIFO at <path> for writing: created (mode 0600, then owned by
 * <user> and <group> when not NULL) if missing, refused if something else
 * is there. It is opened read-write and non-blocking, so that a write
 * never waits or fails for want of a reader (Linux): lines nobody reads
 * stay in the pipe until it is full, then are dropped. Meant for
 * register_init (root, before a chroot). Returns the descriptor, or -1
 * with <why>.
 */
int vrrp_fifo_open(const char *path, const char *user, const char *group,
                   char *why, size_t whylen);

/* Writes <line> (at most PIPE_BUF bytes: all or nothing). Returns 0, or
 * -errno (-EAGAIN: the pipe is full, nobody reads).
 */
int vrrp_fifo_write(int fd, const char *line);

/* keepalived's line for an instance, INSTANCE "<name>" <STATE> <priority>,
 * or for a sync group (<group>), GROUP "<name>" <STATE> 0 (keepalived
 * gives a group priority 0); STATE one of MASTER, BACKUP, FAULT, STOP.
 * Returns its length.
 */
size_t vrrp_fifo_line(char *buf, size_t cap, bool group, const char *name,
                      const char *state, unsigned priority);

#endif
