#!/usr/bin/env python3
"""Turn one packet of a tcpdump pcap into a test-vector .hex file.

Used by capture.sh.  Standard library only.

  mkvec.py vrrp OUT.hex PCAP --select first|last [--prio N] \
           --title TEXT --conf CONF --nscmd TEXT --filter TEXT \
           [--log LOGFILE] [--note TEXT ...]
  mkvec.py arp  OUT.hex PCAP --title ... --conf ... --nscmd ... --filter ...

For "vrrp" the hex line holds the full IPv4 packet (IP header + VRRP
message, the Ethernet header is removed).  For "arp" it holds the whole
Ethernet frame.  Every vector is verified (IP TTL 255, protocol 112,
destination 224.0.0.18, IP header checksum, VRRP checksum); the VRRP
checksum is computed in each variant and the one that matched is stated
in the file.  The script exits non-zero if a check fails.
"""
import argparse
import datetime
import ipaddress
import struct
import subprocess
import sys


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise SystemExit(f"{path}: truncated pcap")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise SystemExit(f"{path}: not a pcap file (pcapng not supported)")
    linktype = struct.unpack(e + "I", data[20:24])[0]
    if linktype != 1:
        raise SystemExit(f"{path}: link type {linktype}, expected 1 (EN10MB)")
    off, pkts = 24, []
    while off + 16 <= len(data):
        ts_s, ts_frac, incl, orig = struct.unpack(e + "IIII", data[off:off + 16])
        off += 16
        frame = data[off:off + incl]
        off += incl
        if incl != orig:
            raise SystemExit(f"{path}: packet truncated by snaplen")
        pkts.append((ts_s, ts_frac, frame))
    return pkts


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def vrrp_csum_variants(ip, vrrp):
    """Checksum over the VRRP message with its checksum field zeroed."""
    z = vrrp[:6] + b"\0\0" + vrrp[8:]
    phdr = ip[12:16] + ip[16:20] + struct.pack("!BBH", 0, 112, len(vrrp))
    return {
        "vrrp-only": csum(z),
        "ipv4-pseudo-header": csum(phdr + z),
    }


def ip4(b):
    return str(ipaddress.IPv4Address(b))


def decode_vrrp(frame, expect_variant):
    errors, lines = [], []
    if struct.unpack("!H", frame[12:14])[0] != 0x0800:
        raise SystemExit("not an IPv4 frame")
    ip = frame[14:]
    ihl = (ip[0] & 0x0F) * 4
    tot = struct.unpack("!H", ip[2:4])[0]
    ip = ip[:tot]                     # drop Ethernet padding, if any
    ttl, proto = ip[8], ip[9]
    src, dst = ip4(ip[12:16]), ip4(ip[16:20])
    ip_ck_ok = csum(ip[:ihl]) == 0
    vr = ip[ihl:]
    ver, typ = vr[0] >> 4, vr[0] & 0x0F
    vrid, prio, count = vr[1], vr[2], vr[3]
    ck = struct.unpack("!H", vr[6:8])[0]
    emac = frame[0:6].hex(":")
    smac = frame[6:12].hex(":")
    lines.append(f"Ethernet (stripped, not in hex line): dst {emac} src {smac} type 0x0800")
    lines.append(f"IPv4: version {ip[0] >> 4}, IHL {ihl} bytes, TOS 0x{ip[1]:02x}, total length {tot}, "
                 f"id 0x{struct.unpack('!H', ip[4:6])[0]:04x}, flags/frag 0x{struct.unpack('!H', ip[6:8])[0]:04x}, "
                 f"TTL {ttl}, protocol {proto}, header checksum 0x{struct.unpack('!H', ip[10:12])[0]:04x} "
                 f"({'valid' if ip_ck_ok else 'INVALID'}), src {src}, dst {dst}")
    if ttl != 255:
        errors.append(f"TTL {ttl} != 255")
    if proto != 112:
        errors.append(f"protocol {proto} != 112")
    if dst != "224.0.0.18":
        errors.append(f"dst {dst} != 224.0.0.18")
    if not ip_ck_ok:
        errors.append("IP header checksum invalid")
    lines.append(f"VRRP: version {ver}, type {typ} ({'ADVERTISEMENT' if typ == 1 else '?'}), "
                 f"vrid {vrid}, priority {prio}, count IPvX addr {count}")
    if ver == 2:
        auth_type, adv = vr[4], vr[5]
        names = {0: "none", 1: "simple text password (PASS)", 2: "IP Authentication Header (AH)"}
        lines.append(f"VRRP: auth type {auth_type} ({names.get(auth_type, '?')}), adver_int {adv} s, "
                     f"checksum 0x{ck:04x}")
        addrs = [ip4(vr[8 + 4 * i:12 + 4 * i]) for i in range(count)]
        ad = vr[8 + 4 * count:16 + 4 * count]
        lines.append("VRRP: addresses " + ", ".join(addrs))
        lines.append(f"VRRP: authentication data (8 bytes) hex {ad.hex()} ascii {ad.decode('latin-1')!r}")
        want_len = 16 + 4 * count
    else:
        rsvd, maxadv = vr[4] >> 4, struct.unpack("!H", vr[4:6])[0] & 0x0FFF
        lines.append(f"VRRP: rsvd {rsvd}, max adver_int {maxadv} centiseconds ({maxadv / 100:g} s), "
                     f"checksum 0x{ck:04x}")
        addrs = [ip4(vr[8 + 4 * i:12 + 4 * i]) for i in range(count)]
        lines.append("VRRP: addresses " + ", ".join(addrs))
        lines.append("VRRP: (no authentication data in v3)")
        want_len = 8 + 4 * count
    if len(vr) != want_len:
        errors.append(f"VRRP length {len(vr)} != expected {want_len}")
    lines.append(f"VRRP message length {len(vr)} bytes; full IP packet {len(ip)} bytes")
    variants = vrrp_csum_variants(ip, vr)
    matched = [k for k, v in variants.items() if v == ck]
    desc = {
        "vrrp-only": "RFC 3768 style: one's complement sum over the VRRP message only",
        "ipv4-pseudo-header": "IPv4 pseudo-header (src, dst, 0, proto 112, VRRP length) + VRRP message",
    }
    lines.append("Checksum verification (checksum field zeroed, recomputed by mkvec.py):")
    for k, v in variants.items():
        lines.append(f"  {k:20s} 0x{v:04x}  {'MATCH' if v == ck else 'no match'}  -- {desc[k]}")
    if expect_variant not in matched:
        errors.append(f"checksum 0x{ck:04x} does not match expected variant {expect_variant} "
                      f"(variants: { {k: hex(v) for k, v in variants.items()} })")
    lines.append(f"Checksum variant that matched: {', '.join(matched) or 'NONE'}")
    return ip, lines, errors, (ver, prio)


def decode_arp(frame):
    errors, lines = [], []
    et = struct.unpack("!H", frame[12:14])[0]
    lines.append(f"Ethernet: dst {frame[0:6].hex(':')} src {frame[6:12].hex(':')} type 0x{et:04x}")
    a = frame[14:]
    htype, ptype, hlen, plen, op = struct.unpack("!HHBBH", a[:8])
    sha, spa, tha, tpa = a[8:14], a[14:18], a[18:24], a[24:28]
    lines.append(f"ARP: htype {htype}, ptype 0x{ptype:04x}, hlen {hlen}, plen {plen}, "
                 f"op {op} ({ {1: 'request', 2: 'reply'}.get(op, '?') })")
    lines.append(f"ARP: sender {sha.hex(':')} {ip4(spa)}, target {tha.hex(':')} {ip4(tpa)}")
    lines.append(f"Frame length {len(frame)} bytes (captured on the receiving veth; the 18 bytes after the "
                 f"28-byte ARP body are Ethernet padding to the 60-byte minimum)"
                 if len(frame) == 60 else f"Frame length {len(frame)} bytes")
    if et != 0x0806:
        errors.append("not an ARP frame")
    if spa != tpa:
        errors.append("not gratuitous (sender IP != target IP)")
    return frame, lines, errors


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["vrrp", "arp"])
    p.add_argument("out")
    p.add_argument("pcap")
    p.add_argument("--select", choices=["first", "last"], default="first")
    p.add_argument("--prio", type=int)
    p.add_argument("--arp-ip", help="select the gratuitous ARP for this IP")
    p.add_argument("--expect-csum", default="vrrp-only",
                   choices=["vrrp-only", "ipv4-pseudo-header"])
    p.add_argument("--recompute-csum", choices=["vrrp-only", "ipv4-pseudo-header"],
                   help="DERIVED vectors only: overwrite the captured VRRP checksum")
    p.add_argument("--title", required=True)
    p.add_argument("--conf", required=True)
    p.add_argument("--nscmd", required=True)
    p.add_argument("--filter", required=True)
    p.add_argument("--log")
    p.add_argument("--note", action="append", default=[])
    a = p.parse_args()

    pkts = read_pcap(a.pcap)
    cands = []
    for i, (ts, tf, fr) in enumerate(pkts):
        if a.kind == "vrrp":
            if len(fr) < 34 or fr[12:14] != b"\x08\x00" or fr[23] != 112:
                continue
            ihl = (fr[14] & 0x0F) * 4
            if a.prio is not None and fr[14 + ihl + 2] != a.prio:
                continue
        else:
            if fr[12:14] != b"\x08\x06":
                continue
            if a.arp_ip and ip4(fr[14 + 14:14 + 18]) != a.arp_ip:
                continue
        cands.append(i)
    if not cands:
        raise SystemExit(f"{a.pcap}: no matching packet")
    idx = cands[0] if a.select == "first" else cands[-1]
    frame = pkts[idx][2]
    if a.recompute_csum:
        if a.kind != "vrrp":
            raise SystemExit("--recompute-csum only applies to vrrp")
        ihl = (frame[14] & 0x0F) * 4
        tot = struct.unpack("!H", frame[16:18])[0]
        ip = frame[14:14 + tot]
        vr = ip[ihl:]
        new = vrrp_csum_variants(ip, vr)[a.recompute_csum]
        old = struct.unpack("!H", vr[6:8])[0]
        o = 14 + ihl + 6
        frame = frame[:o] + struct.pack("!H", new) + frame[o + 2:]
        a.note.insert(0, f"DERIVED: captured VRRP checksum 0x{old:04x} replaced by 0x{new:04x} "
                         f"({a.recompute_csum}); every other byte is as captured")

    if a.kind == "vrrp":
        data, dec, errors, _ = decode_vrrp(frame, a.expect_csum)
    else:
        data, dec, errors = decode_arp(frame)

    kv = subprocess.run(["keepalived", "--version"], capture_output=True, text=True)
    kver = (kv.stdout + kv.stderr).splitlines()[0].strip()
    tv = subprocess.run(["tcpdump", "--version"], capture_output=True, text=True)
    tver = (tv.stdout + tv.stderr).splitlines()[0].strip()
    out = []
    c = out.append
    c(f"# {a.title}")
    c("#")
    c(f"# Generated by test/vectors/capture.sh (+ mkvec.py) on "
      f"{datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%SZ')}")
    c(f"# Implementation: {kver} (Debian 12 package, /usr/sbin/keepalived); capture: {tver}")
    c("# Topology: netns hvvec-a (veth0 192.0.2.11/24) <-veth-> netns hvvec-b (veth1 192.0.2.12/24);")
    c("#   keepalived runs in hvvec-a only, tcpdump listens on veth1 in hvvec-b (the wire as received).")
    c(f"# keepalived command: {a.nscmd}")
    c(f"# tcpdump: ip netns exec hvvec-b tcpdump -i veth1 -n -U -w FILE.pcap '{a.filter}'")
    c(f"# Packet chosen: {a.select} of {len(cands)} matching packet(s) in the capture"
      + (f" with priority {a.prio}" if a.prio is not None else "")
      + (f" for {a.arp_ip}" if a.arp_ip else "")
      + f" (pcap packet #{idx + 1} of {len(pkts)})")
    for n in a.note:
        c(f"# Note: {n}")
    c("#")
    c("# keepalived.conf:")
    with open(a.conf) as f:
        for line in f.read().rstrip("\n").splitlines():
            c("#   " + line if line else "#")
    if a.log:
        with open(a.log, errors="replace") as f:
            keep = [l.rstrip() for l in f if any(w in l for w in (
                "WARNING", "Unknown", "Truncat", "Entering", "transition", "priority 0",
                "Stopped", "configuration", "unknown", "error", "Error"))]
        if keep:
            c("#")
            c("# Relevant keepalived log lines (-l -D):")
            for l in keep[:25]:
                c("#   " + l)
    c("#")
    c("# Decoded:")
    for l in dec:
        c("#   " + l)
    c("#")
    c("# Verified: " + ("ALL CHECKS PASSED" if not errors else "FAILED: " + "; ".join(errors)))
    c("# The line below is the " + ("full IPv4 packet (IP header + VRRP message), no Ethernet header"
                                    if a.kind == "vrrp" else "full Ethernet frame as captured"))
    c(data.hex())
    with open(a.out, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {a.out}: {'OK' if not errors else 'FAILED ' + '; '.join(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
