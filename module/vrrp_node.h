/*
 * The VRRP speaker of one HAProxy process: ties the configuration, the
 * state machines, the raw socket, ARP and netlink together, and carries
 * out what the state machines ask for.
 *
 * Life cycle: load (parse only; safe under "haproxy -c") -> open (sockets,
 * needs the privileges) -> poll (first call starts the state machines) ->
 * stop (priority 0, VIPs removed) -> free. Times are milliseconds on a
 * monotonic clock passed in by the caller.
 */
#ifndef VRRP_NODE_H
#define VRRP_NODE_H

#include <stddef.h>
#include "vrrp_node-t.h"

/* Parses <path>, and the files it includes, into <node>, "@ID" lines
 * matched against <config_id> (NULL: keepalived's default, see
 * vrrp_conf_parse()), and checks that its net_namespace, if any, exists.
 * Returns 0 or -1 with <err> naming file, line and keyword. The config's
 * notes are queued as log lines.
 */
int vrrp_node_load(struct vrrp_node *node, const char *path, const char *config_id,
                   char *err, size_t errlen);

/* Resolves interfaces and addresses and opens every socket, inside the
 * config's net_namespace if it has one (the calling thread enters it for
 * this and comes back: HAProxy's master, single threaded, as root).
 * Returns 0 or -1 with <err> naming the instance, the interface and what
 * failed (or the namespace); nothing stays open then.
 */
int vrrp_node_open(struct vrrp_node *node, char *err, size_t errlen);

/* Receives pending adverts, fires due timers and carries out the
 * resulting actions; the first call in a process starts the instances.
 * Returns the time of the next deadline (absolute ms).
 */
uint64_t vrrp_node_poll(struct vrrp_node *node, uint64_t now);

/* Called while HAProxy is stopping (soft stop), until it returns true.
 * When a newer worker of the same master has announced itself (a reload,
 * vrrp_handoff.h), goes quiet: no more adverts, no priority 0, VIPs left to
 * the successor, which takes over as master. HAProxy 2.6 and 3.0 signal
 * the old worker just before they fork the new one (3.1+ only once the
 * new one is ready), and the new one announces itself once its instances
 * run: until
 * VRRP_RETIRE_WAIT_MS after the first call, no successor yet means "not
 * decided" (returns false, the instances keep running); after that it is
 * a real stop, same as vrrp_node_stop(). With <final> (the process is
 * exiting) it waits out that time here instead of returning false.
 */
#define VRRP_RETIRE_WAIT_MS 1000
bool vrrp_node_retire(struct vrrp_node *node, uint64_t now, bool final);

/* Whether HAProxy is stopping (a soft stop began: a reload's old worker,
 * or a stop): 1 or 0 from HAProxy's own flag, -1 when this binary does
 * not export it (vrrp_proc_stopping_flag(); ask core.get_info() then).
 */
int vrrp_node_haproxy_stopping(const struct vrrp_node *node);

/* Operator handover: <resign> makes the instance named <name> (with its
 * whole sync group, if in one; all instances when NULL) step aside (a master keeps its VIPs until another router has
 * taken over; then it stays backup at priority 1), !<resign> restores the
 * configured priority. Asking for what is already so changes nothing.
 * Returns how many instances <name> matched (1 or 0; all when NULL). Who may ask is the caller's
 * business: the Lua side only acts on HAProxy's admin-only server state.
 */
int vrrp_node_handover(struct vrrp_node *node, const char *name, bool resign,
                       uint64_t now);

/* Tracked backends (track_backend). The Lua side watches HAProxy's
 * backends and tells the node whether backend <name> has a usable
 * server; the instances that track it act on it at the next poll (FAULT,
 * or a priority the weights change). Every tracked backend counts as
 * usable until told otherwise. Returns how many instances track <name>.
 */
int vrrp_node_track_backend(struct vrrp_node *node, const char *name, bool usable);

/* The names of the backends the instances track, each once, up to <max>
 * into <names> (pointing into the node's config). Returns how many.
 */
int vrrp_node_tracked_backends(const struct vrrp_node *node, const char **names,
                               int max);

/* For "haproxy -c": checks that each tracked backend is declared in the
 * configuration files on HAProxy's command line (vrrp_haproxy_cfg.h).
 * Returns 0, or -1 with <err> naming vrrp.conf's line and the name.
 */
int vrrp_node_check_tracked(const struct vrrp_node *node, char *err, size_t errlen);

/* Shuts every instance down (a master sends priority 0 and removes its
 * VIPs) and closes the sockets. Only the process that ran the instances
 * acts; elsewhere it just closes. Safe to call twice.
 */
void vrrp_node_stop(struct vrrp_node *node, uint64_t now);

/* Releases everything; the node is reusable after vrrp_node_load(). */
void vrrp_node_free(struct vrrp_node *node);

/* Name of instance <i>'s state as "show vrrp" prints it: INIT, BACKUP,
 * MASTER, or FAULT while it (or the whole node) cannot take part.
 */
const char *vrrp_node_state_name(const struct vrrp_node *node, int i);

/* What instance <i> waits for in FAULT, as "show vrrp" prints it as
 * fault= (an interface, "vip", a backend; "node" when the whole node
 * cannot run), or NULL when it is not in FAULT.
 */
const char *vrrp_node_fault_word(const struct vrrp_node *node, int i);

/* Queues a log line; the Lua side drains the queue into HAProxy's log. */
void vrrp_node_log(struct vrrp_node *node, enum vrrp_log_level level,
                   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
