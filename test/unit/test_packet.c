/*
 * Codec tests: byte-exact against adverts captured from Debian's
 * keepalived 2.2.7 (test/vectors, see its README), then every way a
 * received packet can be refused.
 *
 * Usage: test_packet VECTOR_DIR
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vrrp_arp.h"
#include "vrrp_packet.h"

static const char *vector_dir;

/* Reads the hex line of a vector file into <buf>; returns its length. */
static size_t read_vector(const char *name, uint8_t *buf, size_t cap)
{
	char path[1024], line[4096];
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", vector_dir, name);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		check_failed++;
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		size_t i;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		for (i = 0; line[i] && line[i] != '\n' && len < cap; i += 2) {
			unsigned int byte;

			if (sscanf(line + i, "%2x", &byte) != 1)
				break;
			buf[len++] = (uint8_t)byte;
		}
	}
	fclose(f);
	return len;
}

static uint32_t addr(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

static struct vrrp_expect expect_v2_pass(void)
{
	struct vrrp_expect e = { .version = 2, .vrid = 51, .auth_type = VRRP_AUTH_PASS,
	                         .interval_cs = 100 };

	memcpy(e.auth_data, "ceb1b3ec", 8);
	return e;
}

/* Decodes the captured packet, checks the fields, and re-encodes it from
 * the decoded fields: the bytes must be the ones keepalived sent.
 */
static void roundtrip(const char *name, const struct vrrp_expect *e,
                      uint8_t prio, uint16_t interval_cs, int naddr)
{
	uint8_t pkt[512], out[VRRP_MAX_MSG_LEN];
	struct vrrp_ipv4_info ip;
	struct vrrp_advert adv;
	size_t len = read_vector(name, pkt, sizeof(pkt)), n;

	CHECK(len > 20);
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_OK);
	CHECK_EQ(ip.ttl, 255);
	CHECK_EQ(ip.dst, htonl(VRRP_MCAST_GROUP_V4));
	CHECK_EQ(ip.src, addr("192.0.2.11"));
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len, ip.src, ip.dst, e, &adv),
	         VRRP_RX_OK);
	CHECK_EQ(adv.version, e->version);
	CHECK_EQ(adv.vrid, e->vrid);
	CHECK_EQ(adv.priority, prio);
	CHECK_EQ(adv.interval_cs, interval_cs);
	CHECK_EQ(adv.naddr, naddr);
	CHECK_EQ(adv.addrs[0], addr("192.0.2.100"));
	if (naddr > 1)
		CHECK_EQ(adv.addrs[1], addr("192.0.2.101"));
	n = vrrp_advert_encode(&adv, ip.src, ip.dst, e->csum_mode, out, sizeof(out));
	CHECK_EQ(n, ip.payload_len);
	if (n != ip.payload_len || memcmp(out, ip.payload, n) != 0) {
		check_failed++;
		fprintf(stderr, "%s: re-encoded advert differs from keepalived's\n", name);
	} else {
		check_passed++;
	}
}

static void test_keepalived_vectors(void)
{
	struct vrrp_expect v2 = expect_v2_pass();
	struct vrrp_expect v2none = { .version = 2, .vrid = 51, .interval_cs = 100 };
	struct vrrp_expect v3 = { .version = 3, .vrid = 51 };
	struct vrrp_expect v3np = { .version = 3, .vrid = 51,
	                            .csum_mode = VRRP_CSUM_NO_PSEUDO_HEADER };

	roundtrip("ka227_v2_pass_prio250.hex", &v2, 250, 100, 1);
	roundtrip("ka227_v2_pass_prio0_shutdown.hex", &v2, 0, 100, 1);
	roundtrip("ka227_v2_2vip_prio100.hex", &v2none, 100, 100, 2);
	roundtrip("ka227_v3_prio250.hex", &v3, 250, 100, 1);
	roundtrip("ka227_v3_prio0_shutdown.hex", &v3, 0, 100, 1);
	roundtrip("ka227_v3_advint50cs.hex", &v3, 250, 50, 1);
	roundtrip("derived_v3_nopseudo_prio250.hex", &v3np, 250, 100, 1);
}

/* keepalived includes the pseudo-header: reading its v3 advert in the
 * other convention must fail on the checksum, and the other way round.
 */
static void test_checksum_conventions(void)
{
	struct vrrp_expect v3 = { .version = 3, .vrid = 51 };
	struct vrrp_expect v3np = { .version = 3, .vrid = 51,
	                            .csum_mode = VRRP_CSUM_NO_PSEUDO_HEADER };
	uint8_t pkt[512];
	struct vrrp_ipv4_info ip;
	struct vrrp_advert adv;
	size_t len;

	len = read_vector("ka227_v3_prio250.hex", pkt, sizeof(pkt));
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_OK);
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len, ip.src, ip.dst, &v3np, &adv),
	         VRRP_RX_BAD_CHECKSUM);
	len = read_vector("derived_v3_nopseudo_prio250.hex", pkt, sizeof(pkt));
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_OK);
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len, ip.src, ip.dst, &v3, &adv),
	         VRRP_RX_BAD_CHECKSUM);
	/* v3 with the pseudo-header depends on the addresses. */
	len = read_vector("ka227_v3_prio250.hex", pkt, sizeof(pkt));
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_OK);
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len, addr("192.0.2.12"), ip.dst,
	                            &v3, &adv), VRRP_RX_BAD_CHECKSUM);
	/* The v2 checksum covers the message only. */
	CHECK_EQ(vrrp_checksum((const uint8_t *)"\x21\x33\xfa\x01\x01\x01\x00\x00"
	                       "\xc0\x00\x02\x64" "ceb1b3ec", 20, 2, 0, 0,
	                       VRRP_CSUM_PSEUDO_HEADER), 0x9437);
}

/* A v2 PASS advert (20 bytes) we can damage in each test. */
static size_t good_v2(uint8_t *msg)
{
	struct vrrp_advert adv = { .version = 2, .vrid = 51, .priority = 200, .naddr = 1,
	                           .auth_type = VRRP_AUTH_PASS, .interval_cs = 100 };

	adv.addrs[0] = addr("192.0.2.100");
	memcpy(adv.auth_data, "ceb1b3ec", 8);
	return vrrp_advert_encode(&adv, 0, 0, VRRP_CSUM_PSEUDO_HEADER, msg, VRRP_MAX_MSG_LEN);
}

static void refix_checksum(uint8_t *msg, size_t len)
{
	uint16_t c = vrrp_checksum(msg, len, msg[0] >> 4, 0, 0, VRRP_CSUM_PSEUDO_HEADER);

	msg[6] = (uint8_t)(c >> 8);
	msg[7] = (uint8_t)c;
}

static enum vrrp_rx_error decode(const uint8_t *msg, size_t len)
{
	struct vrrp_expect e = expect_v2_pass();
	struct vrrp_advert adv;

	return vrrp_advert_decode(msg, len, 0, 0, &e, &adv);
}

static void test_rejections(void)
{
	uint8_t msg[VRRP_MAX_MSG_LEN + 8];
	size_t len;
	size_t i;

	len = good_v2(msg);
	CHECK_EQ(len, 20);
	CHECK_EQ(decode(msg, len), VRRP_RX_OK);

	/* Every truncation is refused, none crashes. */
	for (i = 0; i < len; i++)
		CHECK(decode(msg, i) != VRRP_RX_OK);
	CHECK_EQ(decode(msg, 4), VRRP_RX_SHORT);

	len = good_v2(msg); msg[3] = 0; refix_checksum(msg, len);
	CHECK_EQ(decode(msg, len), VRRP_RX_BAD_ADDR_COUNT);
	len = good_v2(msg); msg[3] = 2; refix_checksum(msg, len);
	CHECK_EQ(decode(msg, len), VRRP_RX_SHORT);
	len = good_v2(msg); msg[len] = 0; refix_checksum(msg, len + 1);
	CHECK_EQ(decode(msg, len + 1), VRRP_RX_BAD_LENGTH);
	len = good_v2(msg); msg[9] ^= 1;
	CHECK_EQ(decode(msg, len), VRRP_RX_BAD_CHECKSUM);
	len = good_v2(msg); msg[0] = 0x31; refix_checksum(msg, len);
	CHECK_EQ(decode(msg, len), VRRP_RX_BAD_VERSION);
	len = good_v2(msg); msg[0] = 0x22; refix_checksum(msg, len);
	CHECK_EQ(decode(msg, len), VRRP_RX_BAD_TYPE);
	len = good_v2(msg); msg[1] = 52; refix_checksum(msg, len);
	CHECK_EQ(decode(msg, len), VRRP_RX_OTHER_VRID);
	len = good_v2(msg); msg[4] = VRRP_AUTH_NONE; refix_checksum(msg, len);
	CHECK_EQ(decode(msg, len), VRRP_RX_BAD_AUTH);
	len = good_v2(msg); msg[19] = 'X'; refix_checksum(msg, len);
	CHECK_EQ(decode(msg, len), VRRP_RX_BAD_AUTH);
	len = good_v2(msg); msg[5] = 2; refix_checksum(msg, len);
	CHECK_EQ(decode(msg, len), VRRP_RX_BAD_INTERVAL);

	/* v3 with a zero interval is meaningless. */
	{
		struct vrrp_advert adv = { .version = 3, .vrid = 51, .priority = 100,
		                           .naddr = 1, .interval_cs = 100 };
		struct vrrp_expect e = { .version = 3, .vrid = 51 };
		struct vrrp_advert out;

		adv.addrs[0] = addr("192.0.2.100");
		len = vrrp_advert_encode(&adv, 1, 2, VRRP_CSUM_PSEUDO_HEADER, msg, sizeof(msg));
		CHECK_EQ(len, 12);
		CHECK_EQ(vrrp_advert_decode(msg, len, 1, 2, &e, &out), VRRP_RX_OK);
		msg[4] = 0; msg[5] = 0;
		{
			uint16_t c = vrrp_checksum(msg, len, 3, 1, 2, VRRP_CSUM_PSEUDO_HEADER);
			msg[6] = (uint8_t)(c >> 8); msg[7] = (uint8_t)c;
		}
		CHECK_EQ(vrrp_advert_decode(msg, len, 1, 2, &e, &out), VRRP_RX_BAD_INTERVAL);
	}

	/* The encoder refuses what it cannot express. */
	{
		struct vrrp_advert bad = { .version = 4, .vrid = 1, .naddr = 1 };

		CHECK_EQ(vrrp_advert_encode(&bad, 0, 0, 0, msg, sizeof(msg)), 0);
		bad.version = 2; bad.naddr = 0;
		CHECK_EQ(vrrp_advert_encode(&bad, 0, 0, 0, msg, sizeof(msg)), 0);
		bad.naddr = 1;
		CHECK_EQ(vrrp_advert_encode(&bad, 0, 0, 0, msg, 10), 0);
	}
}

static void test_ipv4_header(void)
{
	uint8_t pkt[512];
	struct vrrp_ipv4_info ip;
	size_t len = read_vector("ka227_v2_pass_prio250.hex", pkt, sizeof(pkt));

	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_OK);
	CHECK_EQ(ip.payload_len, 20);
	CHECK_EQ(vrrp_ipv4_parse(pkt, 19, &ip), VRRP_RX_SHORT);
	CHECK_EQ(vrrp_ipv4_parse(pkt, len - 1, &ip), VRRP_RX_SHORT); /* truncated */
	pkt[8] = 254;
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_BAD_TTL);
	pkt[8] = 255; pkt[9] = 17;
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_NOT_VRRP);
	pkt[9] = 112; pkt[0] = 0x4f; /* IHL 60 > packet */
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_SHORT);
	pkt[0] = 0x65;
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_NOT_VRRP);
}

static void test_garp_matches_keepalived(void)
{
	uint8_t frame[64], arp[VRRP_ARP_LEN];
	size_t len = read_vector("ka227_garp_master.hex", frame, sizeof(frame));

	CHECK_EQ(len, 42);
	/* Ethernet source is the MAC; the ARP payload follows the 14-byte header. */
	CHECK_EQ(vrrp_arp_build(arp, frame + 6, addr("192.0.2.100")), VRRP_ARP_LEN);
	CHECK(memcmp(arp, frame + 14, VRRP_ARP_LEN) == 0);
}

static void test_names(void)
{
	CHECK(strcmp(vrrp_rx_error_name(VRRP_RX_BAD_TTL), "bad_ttl") == 0);
	CHECK(strcmp(vrrp_rx_error_name(VRRP_RX_ERROR_COUNT), "unknown") == 0);
}

int main(int argc, char **argv)
{
	vector_dir = argc > 1 ? argv[1] : "test/vectors";
	test_keepalived_vectors();
	test_checksum_conventions();
	test_rejections();
	test_ipv4_header();
	test_garp_matches_keepalived();
	test_names();
	return check_report("test_packet");
}
