/*
 * Codec tests: byte-exact against adverts captured from Debian's
 * keepalived 2.2.7 (test/vectors, see its README), then every way a
 * received packet can be refused.
 *
 * Usage: test_packet VECTOR_DIR
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vrrp_arp.h"
#include "vrrp_addr.h"
#include "vrrp_ndisc.h"
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

static struct vrrp_addr addr(const char *s)
{
	struct vrrp_addr a;

	CHECK(vrrp_addr_parse(s, &a));
	return a;
}

static bool same_addr(const struct vrrp_addr *a, const char *s)
{
	struct vrrp_addr b = addr(s);

	return vrrp_addr_eq(a, &b);
}
#define CHECK_ADDR(a, s) CHECK(same_addr(&(a), (s)))

/* Addresses the v2 checksum ignores. */
static const struct vrrp_addr no4 = { .family = AF_INET };

static struct vrrp_expect expect_v2_pass(void)
{
	struct vrrp_expect e = { .family = AF_INET, .version = 2, .vrid = 51,
	                         .auth_type = VRRP_AUTH_PASS,
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
	struct vrrp_ip_info ip;
	struct vrrp_advert adv;
	size_t len = read_vector(name, pkt, sizeof(pkt)), n;

	CHECK(len > 20);
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_OK);
	CHECK_EQ(ip.ttl, 255);
	CHECK_ADDR(ip.dst, "224.0.0.18");
	CHECK_ADDR(ip.src, "192.0.2.11");
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len, &ip.src, &ip.dst, e, &adv),
	         VRRP_RX_OK);
	CHECK_EQ(adv.version, e->version);
	CHECK_EQ(adv.vrid, e->vrid);
	CHECK_EQ(adv.priority, prio);
	CHECK_EQ(adv.interval_cs, interval_cs);
	CHECK_EQ(adv.naddr, naddr);
	CHECK_ADDR(adv.addrs[0], "192.0.2.100");
	if (naddr > 1)
		CHECK_ADDR(adv.addrs[1], "192.0.2.101");
	n = vrrp_advert_encode(&adv, &ip.src, &ip.dst, e->csum_mode, out, sizeof(out));
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
	struct vrrp_expect v2none = { .family = AF_INET, .version = 2, .vrid = 51, .interval_cs = 100 };
	struct vrrp_expect v3 = { .family = AF_INET, .version = 3, .vrid = 51 };
	struct vrrp_expect v3np = { .family = AF_INET, .version = 3, .vrid = 51,
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
	struct vrrp_expect v3 = { .family = AF_INET, .version = 3, .vrid = 51 };
	struct vrrp_expect v3np = { .family = AF_INET, .version = 3, .vrid = 51,
	                            .csum_mode = VRRP_CSUM_NO_PSEUDO_HEADER };
	uint8_t pkt[512];
	struct vrrp_ip_info ip;
	struct vrrp_advert adv;
	size_t len;

	len = read_vector("ka227_v3_prio250.hex", pkt, sizeof(pkt));
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_OK);
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len, &ip.src, &ip.dst, &v3np, &adv),
	         VRRP_RX_BAD_CHECKSUM);
	len = read_vector("derived_v3_nopseudo_prio250.hex", pkt, sizeof(pkt));
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_OK);
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len, &ip.src, &ip.dst, &v3, &adv),
	         VRRP_RX_BAD_CHECKSUM);
	/* v3 with the pseudo-header depends on the addresses. */
	len = read_vector("ka227_v3_prio250.hex", pkt, sizeof(pkt));
	CHECK_EQ(vrrp_ipv4_parse(pkt, len, &ip), VRRP_RX_OK);
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len,
	                            (const struct vrrp_addr[]){ addr("192.0.2.12") },
	                            &ip.dst, &v3, &adv), VRRP_RX_BAD_CHECKSUM);
	/* The v2 checksum covers the message only. */
	CHECK_EQ(vrrp_checksum((const uint8_t *)"\x21\x33\xfa\x01\x01\x01\x00\x00"
	                       "\xc0\x00\x02\x64" "ceb1b3ec", 20, 2, &no4, &no4,
	                       VRRP_CSUM_PSEUDO_HEADER), 0x9437);
}

/* A v2 PASS advert (20 bytes) we can damage in each test. */
static size_t good_v2(uint8_t *msg)
{
	struct vrrp_advert adv = { .family = AF_INET, .version = 2, .vrid = 51,
	                           .priority = 200, .naddr = 1,
	                           .auth_type = VRRP_AUTH_PASS, .interval_cs = 100 };

	adv.addrs[0] = addr("192.0.2.100");
	memcpy(adv.auth_data, "ceb1b3ec", 8);
	return vrrp_advert_encode(&adv, &no4, &no4, VRRP_CSUM_PSEUDO_HEADER, msg,
	                          VRRP_MAX_MSG_LEN);
}

static void refix_checksum(uint8_t *msg, size_t len)
{
	uint16_t c = vrrp_checksum(msg, len, msg[0] >> 4, &no4, &no4,
	                           VRRP_CSUM_PSEUDO_HEADER);

	msg[6] = (uint8_t)(c >> 8);
	msg[7] = (uint8_t)c;
}

static enum vrrp_rx_error decode(const uint8_t *msg, size_t len)
{
	struct vrrp_expect e = expect_v2_pass();
	struct vrrp_advert adv;

	return vrrp_advert_decode(msg, len, &no4, &no4, &e, &adv);
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
		struct vrrp_advert adv = { .family = AF_INET, .version = 3, .vrid = 51,
		                           .priority = 100, .naddr = 1, .interval_cs = 100 };
		const struct vrrp_addr one = vrrp_addr4(1), two = vrrp_addr4(2);
		struct vrrp_expect e = { .family = AF_INET, .version = 3, .vrid = 51 };
		struct vrrp_advert out;

		adv.addrs[0] = addr("192.0.2.100");
		len = vrrp_advert_encode(&adv, &one, &two, VRRP_CSUM_PSEUDO_HEADER, msg,
		                         sizeof(msg));
		CHECK_EQ(len, 12);
		CHECK_EQ(vrrp_advert_decode(msg, len, &one, &two, &e, &out), VRRP_RX_OK);
		msg[4] = 0; msg[5] = 0;
		{
			uint16_t c = vrrp_checksum(msg, len, 3, &one, &two,
			                           VRRP_CSUM_PSEUDO_HEADER);
			msg[6] = (uint8_t)(c >> 8); msg[7] = (uint8_t)c;
		}
		CHECK_EQ(vrrp_advert_decode(msg, len, &one, &two, &e, &out),
		         VRRP_RX_BAD_INTERVAL);
	}

	/* The encoder refuses what it cannot express. */
	{
		struct vrrp_advert bad = { .family = AF_INET, .version = 4, .vrid = 1,
		                           .naddr = 1 };

		CHECK_EQ(vrrp_advert_encode(&bad, &no4, &no4, 0, msg, sizeof(msg)), 0);
		bad.version = 2; bad.naddr = 0;
		CHECK_EQ(vrrp_advert_encode(&bad, &no4, &no4, 0, msg, sizeof(msg)), 0);
		bad.naddr = 1;
		CHECK_EQ(vrrp_advert_encode(&bad, &no4, &no4, 0, msg, 10), 0);
		/* VRRPv2 is IPv4 only. */
		bad.family = AF_INET6;
		CHECK_EQ(vrrp_advert_encode(&bad, &no4, &no4, 0, msg, sizeof(msg)), 0);
	}
}

static void test_ipv4_header(void)
{
	uint8_t pkt[512];
	struct vrrp_ip_info ip;
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
	CHECK_EQ(vrrp_arp_build(arp, frame + 6, addr("192.0.2.100").v4), VRRP_ARP_LEN);
	CHECK(memcmp(arp, frame + 14, VRRP_ARP_LEN) == 0);
}

/* keepalived's IPv6 advert: the kernel gives us the payload, with the
 * addresses from the header; decoded, re-encoded byte for byte, and the
 * checksum covers the IPv6 pseudo-header (another source fails it).
 */
static void test_ipv6_vector(void)
{
	struct vrrp_expect e = { .family = AF_INET6, .version = 3, .vrid = 51 };
	uint8_t pkt[512], out[VRRP_MAX_MSG_LEN];
	struct vrrp_addr src, dst, other = addr("fe80::ff:fe00:12");
	struct vrrp_ip_info ip;
	struct vrrp_advert adv;
	size_t len = read_vector("ka227_v3_ipv6_prio250.hex", pkt, sizeof(pkt)), n;

	CHECK_EQ(len, 64);
	CHECK_EQ(pkt[6], VRRP_IPPROTO);
	src = vrrp_addr_from(AF_INET6, pkt + 8);
	dst = vrrp_addr_from(AF_INET6, pkt + 24);
	CHECK_ADDR(src, "fe80::ff:fe00:11");
	CHECK_ADDR(dst, VRRP_MCAST_GROUP_V6);
	CHECK_EQ(vrrp_ipv6_info(pkt + 40, len - 40, &src, &dst, pkt[7], &ip), VRRP_RX_OK);
	CHECK_EQ(vrrp_ipv6_info(pkt + 40, len - 40, &src, &dst, 254, &ip), VRRP_RX_BAD_TTL);
	CHECK_EQ(vrrp_ipv6_info(pkt + 40, len - 40, &src, &dst, -1, &ip), VRRP_RX_BAD_TTL);
	CHECK_EQ(vrrp_ipv6_info(pkt + 40, len - 40, &src, &dst, 255, &ip), VRRP_RX_OK);
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len, &src, &dst, &e, &adv),
	         VRRP_RX_OK);
	CHECK_EQ(adv.priority, 250);
	CHECK_EQ(adv.interval_cs, 100);
	CHECK_EQ(adv.naddr, 1);
	CHECK_ADDR(adv.addrs[0], "2001:db8::100");
	n = vrrp_advert_encode(&adv, &src, &dst, VRRP_CSUM_PSEUDO_HEADER, out, sizeof(out));
	CHECK_EQ(n, 24);
	CHECK(n == 24 && memcmp(out, pkt + 40, n) == 0);
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len, &other, &dst, &e, &adv),
	         VRRP_RX_BAD_CHECKSUM);
	/* Read as IPv4 the same bytes are another message: the address count
	 * asks for 4 bytes, 16 are there.
	 */
	e.family = AF_INET;
	CHECK_EQ(vrrp_advert_decode(ip.payload, ip.payload_len, &src, &dst, &e, &adv),
	         VRRP_RX_BAD_LENGTH);
}

/* Our unsolicited NA is keepalived's, byte for byte (without the Router
 * flag, as keepalived on a link that does not forward); with it, only
 * the flag and the checksum differ.
 */
static void test_na_matches_keepalived(void)
{
	uint8_t frame[128], na[VRRP_NA_LEN];
	size_t len = read_vector("ka227_na_master.hex", frame, sizeof(frame));
	struct vrrp_addr vip = addr("2001:db8::100");

	CHECK_EQ(len, 14 + VRRP_NA_LEN);
	CHECK_EQ(vrrp_na_build(na, frame + 6, &vip, false), VRRP_NA_LEN);
	CHECK(memcmp(na, frame + 14, VRRP_NA_LEN) == 0);
	vrrp_na_build(na, frame + 6, &vip, true);
	CHECK_EQ(na[44], 0xa0);   /* Router | Override */
	CHECK(memcmp(na, frame + 14, 42) == 0);
	CHECK(memcmp(na + 46, frame + 14 + 46, VRRP_NA_LEN - 46) == 0);
}

/* An IPv4 address is its 4 bytes: whatever the rest of the union holds
 * (an initialiser need not clear it), two of them compare by those.
 */
static void test_addr_compare(void)
{
	struct vrrp_addr a = addr("192.0.2.11"), b = a, c = addr("192.0.2.12");

	memset(b.b + 4, 0xa5, 12);
	CHECK(vrrp_addr_eq(&a, &b));
	CHECK_EQ(vrrp_addr_cmp(&a, &b), 0);
	memset(c.b + 4, 0x11, 12);
	CHECK(vrrp_addr_cmp(&b, &c) < 0);
	CHECK(!vrrp_addr_eq(&a, &c));
	c = vrrp_addr4(a.v4);
	CHECK(vrrp_addr_eq(&a, &c));
	/* Another family is another address, whatever the bytes. */
	c = vrrp_addr_from(AF_INET6, a.b);
	CHECK(!vrrp_addr_eq(&a, &c));
	CHECK(vrrp_addr_is_linklocal((const struct vrrp_addr[]){ addr("fe80::1") }));
	CHECK(!vrrp_addr_is_linklocal((const struct vrrp_addr[]){ addr("2001:db8::1") }));
	CHECK(vrrp_addr_is_multicast((const struct vrrp_addr[]){ addr("224.0.0.18") }));
	CHECK(vrrp_addr_is_multicast((const struct vrrp_addr[]){ addr("239.255.1.1") }));
	CHECK(!vrrp_addr_is_multicast((const struct vrrp_addr[]){ addr("192.0.2.12") }));
	CHECK(!vrrp_addr_is_multicast((const struct vrrp_addr[]){ addr("240.0.0.1") }));
	CHECK(vrrp_addr_is_multicast((const struct vrrp_addr[]){ addr("ff02::12") }));
	CHECK(!vrrp_addr_is_multicast((const struct vrrp_addr[]){ addr("fe80::1") }));
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
	test_ipv6_vector();
	test_na_matches_keepalived();
	test_names();
	test_addr_compare();
	return check_report("test_packet");
}
