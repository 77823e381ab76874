/*
 * Helpers for struct vrrp_addr: parse, print, compare. Pure.
 */
#ifndef VRRP_ADDR_H
#define VRRP_ADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "vrrp_addr-t.h"

/* Bytes an address of <family> takes on the wire: 4, 16, or 0. */
size_t vrrp_addr_len(int family);

/* <a> as an IPv4 address (network order <v4>). */
struct vrrp_addr vrrp_addr4(uint32_t v4);

/* Reads <len> bytes of <family> from <wire> into a fresh address. */
struct vrrp_addr vrrp_addr_from(int family, const void *wire);

/* Parses <s>, an IPv4 or IPv6 address without prefix, into <a>. Returns
 * true when it is one.
 */
bool vrrp_addr_parse(const char *s, struct vrrp_addr *a);

/* True when <a> holds an address. */
bool vrrp_addr_is_set(const struct vrrp_addr *a);

/* True when <a> and <b> are the same address of the same family. */
bool vrrp_addr_eq(const struct vrrp_addr *a, const struct vrrp_addr *b);

/* <0, 0 or >0 as <a> is numerically below, equal to or above <b> (both of
 * one family; an unset address is below any).
 */
int vrrp_addr_cmp(const struct vrrp_addr *a, const struct vrrp_addr *b);

/* True for an IPv6 link-local unicast address (fe80::/10). */
bool vrrp_addr_is_linklocal(const struct vrrp_addr *a);

/* True for a multicast address: 224.0.0.0/4 or ff00::/8. */
bool vrrp_addr_is_multicast(const struct vrrp_addr *a);

/* Prints <a> into <buf> (VRRP_ADDR_STRLEN bytes) and returns <buf>; an
 * unset address prints as "-".
 */
const char *vrrp_addr_str(const struct vrrp_addr *a, char *buf);

/* "IPv4" or "IPv6" for <family>. */
const char *vrrp_family_name(int family);

#endif
