/*
 * VRRP advertisement codec: build and parse adverts from plain buffers.
 *
 * Everything takes (buf, len) and never touches a socket, so it is unit
 * tested against captured keepalived adverts and fuzzed.
 */
#ifndef VRRP_PACKET_H
#define VRRP_PACKET_H

#include <stdbool.h>
#include "vrrp_packet-t.h"

/* Internet checksum (RFC 1071) of <len> bytes, continued from <sum>, which
 * is 0 for a fresh sum. Returns the unfolded 32-bit accumulator; fold it
 * with vrrp_csum_fold().
 */
uint32_t vrrp_csum_add(uint32_t sum, const uint8_t *buf, size_t len);

/* Folds a 32-bit accumulator into the final one's-complement checksum. */
uint16_t vrrp_csum_fold(uint32_t sum);

/* Computes the checksum that a VRRP message <msg> of <len> bytes must carry
 * (its checksum field is treated as zero). <src> and <dst> are the IP
 * addresses of its packet, used for v3 with the pseudo-header: always over
 * IPv6 (RFC 9568 5.2.8), over IPv4 as <mode> says. Returns the checksum
 * in host byte order.
 */
uint16_t vrrp_checksum(const uint8_t *msg, size_t len, uint8_t version,
                       const struct vrrp_addr *src, const struct vrrp_addr *dst,
                       enum vrrp_csum_mode mode);

/* Encodes <adv> into <buf> (capacity <cap>), filling the checksum for a
 * packet from <src> to <dst> (of adv->family). For v2 the interval is
 * rounded down to whole seconds (at least 1). Returns the message length,
 * or 0 if <adv> is invalid (v2 over IPv6 too) or <buf> is too small.
 */
size_t vrrp_advert_encode(const struct vrrp_advert *adv, const struct vrrp_addr *src,
                          const struct vrrp_addr *dst, enum vrrp_csum_mode mode,
                          uint8_t *buf, size_t cap);

/* Parses the IPv4 header of a packet as a raw socket returns it. Fills
 * <info> and returns VRRP_RX_OK, or the reason it is unusable (short,
 * not protocol 112, TTL not 255).
 */
enum vrrp_rx_error vrrp_ipv4_parse(const uint8_t *buf, size_t len,
                                   struct vrrp_ip_info *info);

/* Fills <info> for an IPv6 VRRP payload <buf> of <len> bytes that the
 * kernel says came from <src> to <dst> with hop limit <hoplimit> (-1: it
 * did not say). Returns VRRP_RX_OK, or VRRP_RX_BAD_TTL unless the hop
 * limit is 255 (RFC 9568 7.1: a router beyond the link could forge it).
 */
enum vrrp_rx_error vrrp_ipv6_info(const uint8_t *buf, size_t len,
                                  const struct vrrp_addr *src,
                                  const struct vrrp_addr *dst, int hoplimit,
                                  struct vrrp_ip_info *info);

/* Decodes the VRRP message <msg> of <len> bytes received from <src> to
 * <dst> and checks it against <exp>: version, type, length, address count
 * (of exp->family's size), checksum, VRID, v2 authentication and interval.
 * Fills <adv> and returns VRRP_RX_OK, or the first failed check. <adv> is
 * filled as far as decoding got, which helps logging.
 */
enum vrrp_rx_error vrrp_advert_decode(const uint8_t *msg, size_t len,
                                      const struct vrrp_addr *src,
                                      const struct vrrp_addr *dst,
                                      const struct vrrp_expect *exp,
                                      struct vrrp_advert *adv);

/* Short stable name of a receive error, for counters and logs. */
const char *vrrp_rx_error_name(enum vrrp_rx_error err);

#endif
