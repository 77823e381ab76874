/*
 * Fuzz target: a received packet goes through exactly what the node does
 * with it (IPv4 header, then the advert decoder with each expectation;
 * and the whole input as an IPv6 payload).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct vrrp_expect exps[] = {
		{ .family = AF_INET, .version = 2, .vrid = 51, .auth_type = VRRP_AUTH_PASS,
		  .auth_data = "ceb1b3ec", .interval_cs = 100 },
		{ .family = AF_INET, .version = 2, .vrid = 51, .interval_cs = 100 },
		{ .family = AF_INET, .version = 3, .vrid = 51 },
		{ .family = AF_INET, .version = 3, .vrid = 51,
		  .csum_mode = VRRP_CSUM_NO_PSEUDO_HEADER },
	};
	static const struct vrrp_expect exp6 = { .family = AF_INET6, .version = 3, .vrid = 51 };
	static const struct vrrp_addr none4 = { .family = AF_INET };
	static const struct vrrp_addr ll = { .family = AF_INET6, .b = { 0xfe, 0x80, [15] = 1 } };
	static const struct vrrp_addr group = { .family = AF_INET6, .b = { 0xff, 2, [15] = 0x12 } };
	struct vrrp_ip_info ip;
	struct vrrp_advert adv;
	uint8_t out[VRRP_MAX_MSG_LEN];
	size_t i;

	if (vrrp_ipv4_parse(data, size, &ip) == VRRP_RX_OK) {
		for (i = 0; i < sizeof(exps) / sizeof(exps[0]); i++)
			if (vrrp_advert_decode(ip.payload, ip.payload_len, &ip.src, &ip.dst,
			                       &exps[i], &adv) == VRRP_RX_OK)
				vrrp_advert_encode(&adv, &ip.src, &ip.dst, exps[i].csum_mode,
				                   out, sizeof(out));
	}
	/* The payload alone, as if the header had been fine. */
	for (i = 0; i < sizeof(exps) / sizeof(exps[0]); i++)
		vrrp_advert_decode(data, size, &none4, &none4, &exps[i], &adv);
	/* As an IPv6 raw socket hands it over: no header. */
	if (vrrp_ipv6_info(data, size, &ll, &group, 255, &ip) == VRRP_RX_OK &&
	    vrrp_advert_decode(ip.payload, ip.payload_len, &ip.src, &ip.dst, &exp6,
	                       &adv) == VRRP_RX_OK)
		vrrp_advert_encode(&adv, &ip.src, &ip.dst, VRRP_CSUM_PSEUDO_HEADER, out,
		                   sizeof(out));
	return 0;
}
