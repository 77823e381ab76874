/*
 * What "show vrrp" prints on the stats socket: the text form (a header,
 * fault lines, then one line of key=value words per instance) and the
 * JSON form ("show vrrp json": an array with one object per instance and
 * the same fields), and the same as Prometheus metrics. All come from one
 * description of an instance, so they cannot drift apart.
 */
#ifndef VRRP_SHOW_H
#define VRRP_SHOW_H

#include <stddef.h>
#include <stdint.h>

#include "vrrp_node-t.h"

/* Formats the text form of <node> at <now> (ms) into <buf> of <cap>
 * bytes, NUL-terminated. Returns the length written (truncated to
 * <cap> - 1).
 */
size_t vrrp_show_text(const struct vrrp_node *node, uint64_t now, char *buf,
                      size_t cap);

/* The same as JSON, with a final newline. Same contract. */
size_t vrrp_show_json(const struct vrrp_node *node, uint64_t now, char *buf,
                      size_t cap);

/* The same as Prometheus metrics (text exposition format 0.0.4): one
 * family per field, a "vrrp_instance" label on every series (not
 * "instance": Prometheus gives that one to the scraped target),
 * "haproxy_vrrp_" names in the style of HAProxy's own exporter. Same
 * contract; 0 when <node> has no instance, VRRP_SHOW_NOMEM when memory
 * runs out.
 */
#define VRRP_SHOW_NOMEM ((size_t)-1)
size_t vrrp_show_prometheus(const struct vrrp_node *node, uint64_t now, char *buf,
                            size_t cap);

/* Room any of these forms needs for <node>. */
size_t vrrp_show_size(const struct vrrp_node *node);

#endif
