/*
 * VRRP advertisement codec. See vrrp_packet.h.
 */
#include <string.h>
#include <arpa/inet.h>

#include "vrrp_addr.h"
#include "vrrp_packet.h"

uint32_t vrrp_csum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)buf[i] << 8 | buf[i + 1];
	if (len & 1)
		sum += (uint32_t)buf[len - 1] << 8;
	return sum;
}

uint16_t vrrp_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t vrrp_checksum(const uint8_t *msg, size_t len, uint8_t version,
                       const struct vrrp_addr *src, const struct vrrp_addr *dst,
                       enum vrrp_csum_mode mode)
{
	uint32_t sum = 0;

	if (version == 3 && src->family == AF_INET6) {
		/* RFC 9568 5.2.8: the IPv6 pseudo-header of RFC 8200 8.1. */
		uint8_t ph[40] = { 0 };

		memcpy(ph, src->b, 16);
		memcpy(ph + 16, dst->b, 16);
		ph[34] = (uint8_t)(len >> 8);
		ph[35] = (uint8_t)len;
		ph[39] = VRRP_IPPROTO;
		sum = vrrp_csum_add(sum, ph, sizeof(ph));
	} else if (version == 3 && mode == VRRP_CSUM_PSEUDO_HEADER) {
		/* RFC 9568 5.2.8: the IPv4 pseudo-header of RFC 768. */
		uint8_t ph[12];

		memcpy(ph, src->b, 4);
		memcpy(ph + 4, dst->b, 4);
		ph[8] = 0;
		ph[9] = VRRP_IPPROTO;
		ph[10] = (uint8_t)(len >> 8);
		ph[11] = (uint8_t)len;
		sum = vrrp_csum_add(sum, ph, sizeof(ph));
	}
	/* Sum around the checksum field (bytes 6 and 7) as if it were zero. */
	sum = vrrp_csum_add(sum, msg, 6);
	if (len > 8)
		sum = vrrp_csum_add(sum, msg + 8, len - 8);
	return vrrp_csum_fold(sum);
}

/* Length of a message of <version> carrying <naddr> addresses of <alen>
 * bytes.
 */
static size_t vrrp_msg_len(uint8_t version, uint8_t naddr, size_t alen)
{
	return VRRP_HDR_LEN + alen * naddr + (version == 2 ? VRRP_V2_AUTH_LEN : 0);
}

size_t vrrp_advert_encode(const struct vrrp_advert *adv, const struct vrrp_addr *src,
                          const struct vrrp_addr *dst, enum vrrp_csum_mode mode,
                          uint8_t *buf, size_t cap)
{
	size_t len, alen = vrrp_addr_len(adv->family);
	uint16_t csum;
	unsigned int i;

	if (adv->version != 2 && adv->version != 3)
		return 0;
	if (!alen || (adv->version == 2 && adv->family != AF_INET))
		return 0;
	if (adv->naddr == 0 || adv->naddr > VRRP_MAX_ADDRS || adv->vrid == 0)
		return 0;
	len = vrrp_msg_len(adv->version, adv->naddr, alen);
	if (cap < len)
		return 0;

	memset(buf, 0, len);
	buf[0] = (uint8_t)(adv->version << 4 | VRRP_TYPE_ADVERT);
	buf[1] = adv->vrid;
	buf[2] = adv->priority;
	buf[3] = adv->naddr;
	if (adv->version == 2) {
		unsigned int secs = adv->interval_cs / 100;

		if (secs == 0)
			secs = 1;
		if (secs > VRRP_V2_MAX_INTERVAL)
			secs = VRRP_V2_MAX_INTERVAL;
		buf[4] = adv->auth_type;
		buf[5] = (uint8_t)secs;
	} else {
		uint16_t cs = adv->interval_cs & 0x0fff; /* 4 reserved bits */

		buf[4] = (uint8_t)(cs >> 8);
		buf[5] = (uint8_t)cs;
	}
	for (i = 0; i < adv->naddr; i++)
		memcpy(buf + VRRP_HDR_LEN + alen * i, adv->addrs[i].b, alen);
	if (adv->version == 2 && adv->auth_type == VRRP_AUTH_PASS)
		memcpy(buf + VRRP_HDR_LEN + 4u * adv->naddr, adv->auth_data,
		       VRRP_V2_AUTH_LEN);

	csum = vrrp_checksum(buf, len, adv->version, src, dst, mode);
	buf[6] = (uint8_t)(csum >> 8);
	buf[7] = (uint8_t)csum;
	return len;
}

enum vrrp_rx_error vrrp_ipv4_parse(const uint8_t *buf, size_t len,
                                   struct vrrp_ip_info *info)
{
	size_t ihl, total;

	if (len < 20)
		return VRRP_RX_SHORT;
	if (buf[0] >> 4 != 4)
		return VRRP_RX_NOT_VRRP;
	ihl = (size_t)(buf[0] & 0x0f) * 4;
	total = (size_t)buf[2] << 8 | buf[3];
	if (ihl < 20 || ihl > len)
		return VRRP_RX_SHORT;
	/* Raw sockets hand us the datagram as received; trust the shorter of
	 * the IP total length and what was read, and refuse a truncated one.
	 */
	if (total < ihl || total > len)
		return VRRP_RX_SHORT;
	if (buf[9] != VRRP_IPPROTO)
		return VRRP_RX_NOT_VRRP;
	info->src = vrrp_addr_from(AF_INET, buf + 12);
	info->dst = vrrp_addr_from(AF_INET, buf + 16);
	info->ttl = buf[8];
	info->payload = buf + ihl;
	info->payload_len = total - ihl;
	if (info->ttl != VRRP_TTL)
		return VRRP_RX_BAD_TTL;
	return VRRP_RX_OK;
}

enum vrrp_rx_error vrrp_ipv6_info(const uint8_t *buf, size_t len,
                                  const struct vrrp_addr *src,
                                  const struct vrrp_addr *dst, int hoplimit,
                                  struct vrrp_ip_info *info)
{
	info->src = *src;
	info->dst = *dst;
	info->ttl = hoplimit < 0 ? 0 : (uint8_t)hoplimit;
	info->payload = buf;
	info->payload_len = len;
	return hoplimit == VRRP_TTL ? VRRP_RX_OK : VRRP_RX_BAD_TTL;
}

enum vrrp_rx_error vrrp_advert_decode(const uint8_t *msg, size_t len,
                                      const struct vrrp_addr *src,
                                      const struct vrrp_addr *dst,
                                      const struct vrrp_expect *exp,
                                      struct vrrp_advert *adv)
{
	size_t need, alen = vrrp_addr_len(exp->family);
	uint16_t want;
	unsigned int i;

	memset(adv, 0, sizeof(*adv));
	adv->family = exp->family;
	if (len < VRRP_HDR_LEN)
		return VRRP_RX_SHORT;
	adv->version = msg[0] >> 4;
	adv->vrid = msg[1];
	adv->priority = msg[2];
	adv->naddr = msg[3];
	adv->checksum = (uint16_t)(msg[6] << 8 | msg[7]);
	if (adv->version == 2) {
		adv->auth_type = msg[4];
		adv->interval_cs = (uint16_t)(msg[5] * 100);
	} else {
		adv->interval_cs = (uint16_t)((msg[4] & 0x0f) << 8 | msg[5]);
	}

	if (adv->version != exp->version)
		return VRRP_RX_BAD_VERSION;
	if ((msg[0] & 0x0f) != VRRP_TYPE_ADVERT)
		return VRRP_RX_BAD_TYPE;
	if (adv->naddr == 0 || adv->naddr > VRRP_MAX_ADDRS)
		return VRRP_RX_BAD_ADDR_COUNT;
	need = vrrp_msg_len(adv->version, adv->naddr, alen);
	/* v2 peers without authentication may omit the trailer (RFC 3768
	 * keeps it, but some implementations strip it); accept both lengths.
	 */
	if (len < need && !(adv->version == 2 && len == need - VRRP_V2_AUTH_LEN &&
	                    adv->auth_type == VRRP_AUTH_NONE))
		return VRRP_RX_SHORT;
	if (len > need)
		return VRRP_RX_BAD_LENGTH;
	want = vrrp_checksum(msg, len, adv->version, src, dst, exp->csum_mode);
	if (want != adv->checksum)
		return VRRP_RX_BAD_CHECKSUM;

	for (i = 0; i < adv->naddr; i++)
		adv->addrs[i] = vrrp_addr_from(exp->family, msg + VRRP_HDR_LEN + alen * i);
	if (adv->version == 2 && len == need)
		memcpy(adv->auth_data, msg + VRRP_HDR_LEN + 4u * adv->naddr,
		       VRRP_V2_AUTH_LEN);

	if (adv->vrid != exp->vrid)
		return VRRP_RX_OTHER_VRID;
	if (adv->version == 2) {
		if (adv->auth_type != exp->auth_type)
			return VRRP_RX_BAD_AUTH;
		if (adv->auth_type == VRRP_AUTH_PASS &&
		    memcmp(adv->auth_data, exp->auth_data, VRRP_V2_AUTH_LEN) != 0)
			return VRRP_RX_BAD_AUTH;
		if (adv->interval_cs != exp->interval_cs)
			return VRRP_RX_BAD_INTERVAL;
	} else if (adv->interval_cs == 0) {
		return VRRP_RX_BAD_INTERVAL;
	}
	return VRRP_RX_OK;
}

const char *vrrp_rx_error_name(enum vrrp_rx_error err)
{
	static const char *const names[VRRP_RX_ERROR_COUNT] = {
		[VRRP_RX_OK]             = "ok",
		[VRRP_RX_SHORT]          = "short",
		[VRRP_RX_NOT_VRRP]       = "not_vrrp",
		[VRRP_RX_BAD_TTL]        = "bad_ttl",
		[VRRP_RX_BAD_VERSION]    = "bad_version",
		[VRRP_RX_BAD_TYPE]       = "bad_type",
		[VRRP_RX_BAD_LENGTH]     = "bad_length",
		[VRRP_RX_BAD_CHECKSUM]   = "bad_checksum",
		[VRRP_RX_BAD_ADDR_COUNT] = "bad_addr_count",
		[VRRP_RX_OTHER_VRID]     = "other_vrid",
		[VRRP_RX_BAD_AUTH]       = "bad_auth",
		[VRRP_RX_BAD_INTERVAL]   = "bad_interval",
		[VRRP_RX_NOT_PEER]       = "not_peer",
	};

	if ((unsigned)err >= VRRP_RX_ERROR_COUNT)
		return "unknown";
	return names[err];
}
