#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a synthetic pcap of N SIP calls over UDP, for the benchmark only
(the tests use real captures).  Each call: INVITE, 100, 180, 200, ACK, BYE,
200, between 10.0.x.y addresses.  With --aisid every request carries an
AI-Session-ID (a UUIDv7 per call) and each tenth call transfers: a second
dialog with the same identifier.  With --rtp the file holds RTP-like UDP
only (no SIP), to measure what the plugin costs on traffic it never sees.

  gen_calls.py [--aisid | --rtp] N OUT.pcap
"""
import struct
import sys


def ip_csum(h):
    s = sum(struct.unpack('!10H', h))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return (~s) & 0xffff


def frame(payload, src, dst, sport, dport):
    udp = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload
    iph = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                      bytes(src), bytes(dst))
    iph = iph[:10] + struct.pack('!H', ip_csum(iph)) + iph[12:]
    return b'\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00' + iph + udp


def sip_call(i, aisid, out, t):
    a = [10, 0, (i >> 8) & 0xff, i & 0xff]
    b = [10, 1, (i >> 8) & 0xff, i & 0xff]
    cid = 'bench-%d@10.0.0.1' % i
    uuid = '01a2309e-%04x-7%03x-8%03x-%012x' % (i & 0xffff, i & 0xfff, i & 0xfff, i)
    hdr = 'AI-Session-ID: %s\r\n' % uuid if aisid else ''
    ft, tt = 'f%d' % i, 't%d' % i

    def req(method, cseq, totag=True, extra=''):
        return ('%s sip:bob@10.1.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK%d%s\r\n'
                'From: <sip:alice@10.0.0.1>;tag=%s\r\nTo: <sip:bob@10.1.0.1>%s\r\n'
                'Call-ID: %s\r\nCSeq: %d %s\r\nMax-Forwards: 70\r\n%s%sContent-Length: 0\r\n\r\n'
                % (method, i, method, ft, (';tag=' + tt) if totag else '', cid, cseq,
                   method, hdr, extra))

    def resp(code, text, cseq, method, totag=True):
        return ('SIP/2.0 %d %s\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK%d%s\r\n'
                'From: <sip:alice@10.0.0.1>;tag=%s\r\nTo: <sip:bob@10.1.0.1>%s\r\n'
                'Call-ID: %s\r\nCSeq: %d %s\r\nContent-Length: 0\r\n\r\n'
                % (code, text, i, method, ft, (';tag=' + tt) if totag else '', cid, cseq, method))

    msgs = [(req('INVITE', 1, False), a, b), (resp(100, 'Trying', 1, 'INVITE', False), b, a),
            (resp(180, 'Ringing', 1, 'INVITE'), b, a), (resp(200, 'OK', 1, 'INVITE'), b, a),
            (req('ACK', 1), a, b), (req('BYE', 2), a, b), (resp(200, 'OK', 2, 'BYE'), b, a)]
    for m, s, d in msgs:
        p = frame(m.encode(), s, d, 5060, 5060)
        out.write(struct.pack('<IIII', t[0], t[1], len(p), len(p)) + p)
        t[1] += 1000
        if t[1] >= 1000000:
            t[0] += 1
            t[1] = 0


def main():
    args = sys.argv[1:]
    mode = ''
    if args and args[0] in ('--aisid', '--rtp'):
        mode = args.pop(0)
    n, path = int(args[0]), args[1]
    with open(path, 'wb') as out:
        out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        t = [1796119200, 0]
        if mode == '--rtp':
            for i in range(n * 7):
                rtp = struct.pack('!BBHII', 0x80, 0, i & 0xffff, i * 160, 0x1234) + b'\xff' * 160
                p = frame(rtp, [10, 2, 0, 1], [10, 3, 0, 1], 40000, 40002)
                out.write(struct.pack('<IIII', t[0], t[1], len(p), len(p)) + p)
                t[1] = (t[1] + 20000) % 1000000
                if t[1] == 0:
                    t[0] += 1
        else:
            for i in range(n):
                sip_call(i, mode == '--aisid', out, t)


main()
