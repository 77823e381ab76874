/*
 * Fuzz target: a received packet goes through exactly what the node does
 * with it (IPv4 header, then the advert decoder with each expectation).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vrrp_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct vrrp_expect exps[] = {
		{ .version = 2, .vrid = 51, .auth_type = VRRP_AUTH_PASS,
		  .auth_data = "ceb1b3ec", .interval_cs = 100 },
		{ .version = 2, .vrid = 51, .interval_cs = 100 },
		{ .version = 3, .vrid = 51 },
		{ .version = 3, .vrid = 51, .csum_mode = VRRP_CSUM_NO_PSEUDO_HEADER },
	};
	struct vrrp_ipv4_info ip;
	struct vrrp_advert adv;
	uint8_t out[VRRP_MAX_MSG_LEN];
	size_t i;

	if (vrrp_ipv4_parse(data, size, &ip) == VRRP_RX_OK) {
		for (i = 0; i < sizeof(exps) / sizeof(exps[0]); i++)
			if (vrrp_advert_decode(ip.payload, ip.payload_len, ip.src, ip.dst,
			                       &exps[i], &adv) == VRRP_RX_OK)
				vrrp_advert_encode(&adv, ip.src, ip.dst, exps[i].csum_mode,
				                   out, sizeof(out));
	}
	/* The payload alone, as if the header had been fine. */
	for (i = 0; i < sizeof(exps) / sizeof(exps[0]); i++)
		vrrp_advert_decode(data, size, 0, 0, &exps[i], &adv);
	return 0;
}
