/*
 * An IPv4 or IPv6 address. An instance speaks one family (VRRPv3 over
 * IPv6 is RFC 9568's other half); every address it handles, from its VIPs
 * to the sender of an advert, is one of these.
 */
#ifndef VRRP_ADDR_T_H
#define VRRP_ADDR_T_H

#include <stdint.h>
#include <netinet/in.h>

#define VRRP_ADDR_STRLEN INET6_ADDRSTRLEN

/* Network byte order. An IPv4 address takes the first 4 bytes; the
 * helpers of vrrp_addr.h compare only as many bytes as the family has, so
 * a byte-wise comparison orders addresses of one family numerically (the
 * RFC's tie-break on the primary address).
 */
struct vrrp_addr {
	uint8_t family;            /* AF_INET, AF_INET6, or 0: none */
	union {
		uint32_t v4;
		struct in6_addr v6;
		uint8_t b[16];
	};
};

#endif
