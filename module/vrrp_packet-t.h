/*
 * VRRP advertisement types (RFC 3768 VRRPv2 over IPv4, RFC 9568 VRRPv3 over
 * IPv4 and IPv6).
 *
 * Pure data: nothing here knows about sockets, HAProxy or Lua.
 */
#ifndef VRRP_PACKET_T_H
#define VRRP_PACKET_T_H

#include <stddef.h>
#include <stdint.h>

#include "vrrp_addr-t.h"

#define VRRP_IPPROTO          112          /* IANA protocol number of VRRP */
#define VRRP_MCAST_GROUP_V4   0xe0000012u  /* 224.0.0.18, host byte order */
#define VRRP_MCAST_GROUP_V6   "ff02::12"
#define VRRP_TTL              255          /* required on send and receive */
#define VRRP_TYPE_ADVERT      1
#define VRRP_HDR_LEN          8            /* fixed part before the addresses */
#define VRRP_V2_AUTH_LEN      8            /* v2 authentication data trailer */
#define VRRP_MAX_ADDRS        32           /* per advert; keepalived allows 20 */
#define VRRP_PRIO_STOP        0            /* master is leaving */
#define VRRP_PRIO_OWNER       255          /* address owner */
#define VRRP_V3_MAX_INTERVAL  4095         /* 12-bit field, centiseconds */
#define VRRP_V2_MAX_INTERVAL  255          /* 8-bit field, seconds */

/* Largest VRRP message we ever build or accept (IPv6 with max addresses;
 * v2, IPv4 only, is far shorter even with its trailer).
 */
#define VRRP_MAX_MSG_LEN  (VRRP_HDR_LEN + 16 * VRRP_MAX_ADDRS + VRRP_V2_AUTH_LEN)

/* VRRPv2 authentication types (RFC 3768 section 5.3.6; 2 is obsolete AH). */
enum vrrp_auth_type {
	VRRP_AUTH_NONE = 0,
	VRRP_AUTH_PASS = 1,
	VRRP_AUTH_AH   = 2,
};

/* Which bytes the v3 checksum covers over IPv4. RFC 9568 says the
 * pseudo-header is included; keepalived and FRR include it by default and
 * both can be told to leave it out for older peers. Over IPv6 it is always
 * included.
 */
enum vrrp_csum_mode {
	VRRP_CSUM_PSEUDO_HEADER = 0,
	VRRP_CSUM_NO_PSEUDO_HEADER = 1,
};

/* Why a received packet was refused. Each has a counter in "show vrrp". */
enum vrrp_rx_error {
	VRRP_RX_OK = 0,
	VRRP_RX_SHORT,         /* shorter than its headers claim or need */
	VRRP_RX_NOT_VRRP,      /* IP protocol is not 112 */
	VRRP_RX_BAD_TTL,       /* TTL (IPv6: hop limit) is not 255 */
	VRRP_RX_BAD_VERSION,   /* not the version this instance speaks */
	VRRP_RX_BAD_TYPE,      /* type is not ADVERTISEMENT */
	VRRP_RX_BAD_LENGTH,    /* length does not match the address count */
	VRRP_RX_BAD_CHECKSUM,
	VRRP_RX_BAD_ADDR_COUNT,/* zero addresses, or more than we handle */
	VRRP_RX_OTHER_VRID,    /* another virtual router on the same link */
	VRRP_RX_BAD_AUTH,      /* v2 auth type or password mismatch */
	VRRP_RX_BAD_INTERVAL,  /* v2 interval differs from ours, or zero */
	VRRP_RX_NOT_PEER,      /* unicast mode: sender is not a unicast_peer */
	VRRP_RX_ERROR_COUNT
};

/* One advertisement, decoded. The interval is always in centiseconds,
 * also for v2 whose wire field is in seconds.
 */
struct vrrp_advert {
	uint8_t  family;       /* of the addresses: AF_INET or AF_INET6 */
	uint8_t  version;      /* 2 or 3 */
	uint8_t  vrid;
	uint8_t  priority;
	uint8_t  naddr;
	uint8_t  auth_type;    /* v2 only, enum vrrp_auth_type */
	uint16_t interval_cs;  /* centiseconds */
	uint16_t checksum;     /* as found on the wire (decode only) */
	struct vrrp_addr addrs[VRRP_MAX_ADDRS];
	char     auth_data[VRRP_V2_AUTH_LEN]; /* v2 PASS: zero padded */
};

/* The parts of the IP header that VRRP validation needs: from the IPv4
 * header the raw socket hands over, or for IPv6 (whose raw sockets give
 * the payload alone) from what the kernel said with it.
 */
struct vrrp_ip_info {
	struct vrrp_addr src;
	struct vrrp_addr dst;
	uint8_t  ttl;          /* IPv6: hop limit */
	const uint8_t *payload;/* points into the caller's buffer */
	size_t   payload_len;
};

/* What a receiver expects of an advert for it to count. */
struct vrrp_expect {
	uint8_t  family;       /* AF_INET or AF_INET6 */
	uint8_t  version;
	uint8_t  vrid;
	uint8_t  auth_type;    /* v2 */
	char     auth_data[VRRP_V2_AUTH_LEN];
	uint16_t interval_cs;  /* v2 requires an exact match */
	enum vrrp_csum_mode csum_mode;
};

#endif
