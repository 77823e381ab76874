/*
 * Addresses of either family. See vrrp_addr.h.
 */
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "vrrp_addr.h"

size_t vrrp_addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

/* Every constructor clears the whole union: an initialiser zeroes only
 * its first member, and the spare bytes of an IPv4 address must be zero.
 */
struct vrrp_addr vrrp_addr4(uint32_t v4)
{
	struct vrrp_addr a;

	memset(&a, 0, sizeof(a));
	a.family = AF_INET;
	a.v4 = v4;
	return a;
}

struct vrrp_addr vrrp_addr_from(int family, const void *wire)
{
	struct vrrp_addr a;

	memset(&a, 0, sizeof(a));
	a.family = (uint8_t)family;
	memcpy(a.b, wire, vrrp_addr_len(family));
	return a;
}

bool vrrp_addr_parse(const char *s, struct vrrp_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->v4) == 1) {
		a->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, &a->v6) == 1) {
		a->family = AF_INET6;
		return true;
	}
	memset(a, 0, sizeof(*a));
	return false;
}

bool vrrp_addr_is_set(const struct vrrp_addr *a)
{
	return a->family != 0;
}

bool vrrp_addr_eq(const struct vrrp_addr *a, const struct vrrp_addr *b)
{
	return a->family == b->family &&
	       memcmp(a->b, b->b, vrrp_addr_len(a->family)) == 0;
}

int vrrp_addr_cmp(const struct vrrp_addr *a, const struct vrrp_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->b, b->b, vrrp_addr_len(a->family));
}

bool vrrp_addr_is_linklocal(const struct vrrp_addr *a)
{
	return a->family == AF_INET6 && a->b[0] == 0xfe && (a->b[1] & 0xc0) == 0x80;
}

bool vrrp_addr_is_multicast(const struct vrrp_addr *a)
{
	return (a->family == AF_INET && (a->b[0] & 0xf0) == 0xe0) ||
	       (a->family == AF_INET6 && a->b[0] == 0xff);
}

const char *vrrp_addr_str(const struct vrrp_addr *a, char *buf)
{
	if (!a->family || !inet_ntop(a->family, a->b, buf, VRRP_ADDR_STRLEN))
		strcpy(buf, "-");
	return buf;
}

const char *vrrp_family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}
