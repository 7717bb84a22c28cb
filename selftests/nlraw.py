#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# Sends hand-made, malformed igmpsnoop requests and checks each is rejected
# with the errno and the extack message expected. Prints one line per case;
# exits 1 if any case was not rejected as expected.
#   nlraw.py SWITCH_IFINDEX PORT_IFINDEX
# With --too-big, the one case is a GROUP_GET of GROUP, whose reply would
# pass 64 KiB:
#   nlraw.py --too-big SWITCH_IFINDEX GROUP
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NLA_F_NESTED = 1 << 15
SOL_NETLINK, NETLINK_EXT_ACK = 270, 11
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLMSGERR_ATTR_MSG = 1
NLM_F_ACK_TLVS = 0x200
NLM_F_CAPPED = 0x100

# From include/uapi/linux/igmpsnoop.h
CMD_INSTANCE_ATTACH, CMD_INSTANCE_DETACH, CMD_INSTANCE_SET = 1, 2, 4
CMD_PORT_SET, CMD_GROUP_GET, CMD_GROUP_ADD, CMD_PORT_ADD = 5, 6, 8, 15
A_INST_IFINDEX, A_INST_PORT, A_INST_ROBUSTNESS = 1, 4, 7
A_INST_QUERY_INTERVAL, A_INST_QUERY_RESPONSE_INTERVAL = 8, 9
A_INST_FLOODING, A_INST_MAX_GROUPS = 13, 20
A_INST_QUERIER_SOURCE, A_INST_IGMP_VERSION, A_INST_QUERIER_SELF = 23, 24, 25
A_INST_STARTUP_QUERY_COUNT, A_INST_NAME, A_INST_PORT_SUBSET = 29, 31, 32
A_PORT_IFINDEX, A_PORT_ROUTER = 1, 3
A_GROUP_IFINDEX, A_GROUP_ADDR, A_GROUP_MEMBER, A_GROUP_INSTANCE = 1, 3, 4, 7
A_GROUP_STATS = 9
A_MEMBER_PORT_IFINDEX, A_MEMBER_STATE = 1, 4


def attr(t, payload):
    ln = 4 + len(payload)
    return struct.pack('HH', ln, t) + payload + b'\0' * ((4 - ln % 4) % 4)


def u32(t, v):
    return attr(t, struct.pack('I', v))


def u8(t, v):
    return attr(t, struct.pack('B', v))


def nest(t, *attrs):
    return attr(t | NLA_F_NESTED, b''.join(attrs))


sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
sock.bind((0, 0))
sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
seq = 0


def request(family, cmd, payload, version=1):
    global seq
    seq += 1
    body = struct.pack('BBH', cmd, version, 0) + payload
    sock.send(struct.pack('IHHII', 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK, seq, 0) + body)
    while True:
        data = sock.recv(65536)
        ln, typ, flags, rseq, _ = struct.unpack_from('IHHII', data)
        if typ != NLMSG_ERROR or rseq != seq:
            continue
        err = -struct.unpack_from('i', data, 16)[0]
        msg, reply = '', data
        if flags & NLM_F_ACK_TLVS:
            # The echoed request is padded to 4 bytes before the TLVs.
            off = 20 + (16 if flags & NLM_F_CAPPED else
                        (struct.unpack_from('I', data, 20)[0] + 3) & ~3)
            while off + 4 <= ln:
                alen, atype = struct.unpack_from('HH', data, off)
                if alen < 4:
                    break
                if atype == NLMSGERR_ATTR_MSG:
                    msg = data[off + 4:off + alen].split(b'\0')[0].decode()
                off += (alen + 3) & ~3
        return err, msg, reply


name = attr(CTRL_ATTR_FAMILY_NAME, b'igmpsnoop\0')
err, _, reply = request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, name)
if err:
    sys.exit(f'cannot resolve the igmpsnoop family: {os.strerror(err)}')
# The reply came first; fetch it again without the ACK for its attributes.
seq += 1
body = struct.pack('BBH', CTRL_CMD_GETFAMILY, 1, 0) + name
sock.send(struct.pack('IHHII', 16 + len(body), GENL_ID_CTRL, NLM_F_REQUEST, seq, 0) + body)
data = sock.recv(65536)
off, family = 20, None
while off + 4 <= len(data):
    alen, atype = struct.unpack_from('HH', data, off)
    if atype == CTRL_ATTR_FAMILY_ID:
        family = struct.unpack_from('H', data, off + 4)[0]
    off += (alen + 3) & ~3

EINVAL, ERANGE, EMSGSIZE = 22, 34, 90
too_big = sys.argv[1] == '--too-big'
if too_big:
    sys.argv.pop(1)
sw, port = int(sys.argv[1]), 0 if too_big else int(sys.argv[2])
cases = [
    ('wrong type: robustness as u8', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + u8(A_INST_ROBUSTNESS, 3), EINVAL, ''),
    ('out of range: robustness 9', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + u32(A_INST_ROBUSTNESS, 9), ERANGE, 'range'),
    ('out of range: query interval 999 ms', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + u32(A_INST_QUERY_INTERVAL, 999), ERANGE, 'range'),
    ('out of range: max-groups 0', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + u32(A_INST_MAX_GROUPS, 0), ERANGE, 'range'),
    ('query response interval not below query interval', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + u32(A_INST_QUERY_RESPONSE_INTERVAL, 200000),
     EINVAL, 'shorter than the query interval'),
    ('missing attribute: no ifindex', CMD_INSTANCE_SET,
     u32(A_INST_ROBUSTNESS, 3), EINVAL, 'Missing attribute'),
    ('unknown attribute type 200', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + u32(200, 1), EINVAL, 'Unknown attribute'),
    ('output-only attribute in a request', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + u8(A_INST_FLOODING, 0), EINVAL, ''),
    ('querier source: multicast', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + attr(A_INST_QUERIER_SOURCE, socket.inet_aton('224.0.0.5')),
     EINVAL, 'must be a unicast address'),
    ('out of range: igmp version 4', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + u32(A_INST_IGMP_VERSION, 4), ERANGE, 'range'),
    ('out of range: startup query count 8', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + u32(A_INST_STARTUP_QUERY_COUNT, 8), ERANGE, 'range'),
    ('output-only attribute: querier-self', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + u8(A_INST_QUERIER_SELF, 1), EINVAL, ''),
    ('no such device', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, 999999) + u32(A_INST_ROBUSTNESS, 3), 19, 'No such device'),
    ('port set: nest without port', CMD_PORT_SET,
     u32(A_INST_IFINDEX, sw) + nest(A_INST_PORT, u32(A_PORT_ROUTER, 1)),
     EINVAL, 'Missing port ifindex'),
    ('port set: router mode 7', CMD_PORT_SET,
     u32(A_INST_IFINDEX, sw) + nest(A_INST_PORT, u32(A_PORT_IFINDEX, port),
                                    u32(A_PORT_ROUTER, 7)), ERANGE, 'range'),
    ('group add: not multicast', CMD_GROUP_ADD,
     u32(A_GROUP_IFINDEX, sw) + attr(A_GROUP_ADDR, socket.inet_aton('10.0.0.1')) +
     nest(A_GROUP_MEMBER, u32(A_MEMBER_PORT_IFINDEX, port)), EINVAL, 'Not a multicast'),
    ('group add: link-local group', CMD_GROUP_ADD,
     u32(A_GROUP_IFINDEX, sw) + attr(A_GROUP_ADDR, socket.inet_aton('224.0.0.5')) +
     nest(A_GROUP_MEMBER, u32(A_MEMBER_PORT_IFINDEX, port)), EINVAL, 'never snooped'),
    ('group add: no member', CMD_GROUP_ADD,
     u32(A_GROUP_IFINDEX, sw) + attr(A_GROUP_ADDR, socket.inet_aton('239.9.9.9')),
     EINVAL, 'Missing attribute'),
    ('group add: the switch is no port', CMD_GROUP_ADD,
     u32(A_GROUP_IFINDEX, sw) + attr(A_GROUP_ADDR, socket.inet_aton('239.9.9.9')) +
     nest(A_GROUP_MEMBER, u32(A_MEMBER_PORT_IFINDEX, sw)), 19, 'Not a port'),
    ('group add: state 5', CMD_GROUP_ADD,
     u32(A_GROUP_IFINDEX, sw) + attr(A_GROUP_ADDR, socket.inet_aton('239.9.9.9')) +
     nest(A_GROUP_MEMBER, u32(A_MEMBER_PORT_IFINDEX, port), u32(A_MEMBER_STATE, 5)),
     ERANGE, 'range'),
    ('truncated attribute', CMD_INSTANCE_SET,
     u32(A_INST_IFINDEX, sw) + struct.pack('HH', 8, A_INST_ROBUSTNESS) + b'\1\0', EINVAL, ''),
    ('unknown command 99', 99, u32(A_INST_IFINDEX, sw), 95, ''),
    ('attach: port nest without port', CMD_INSTANCE_ATTACH,
     u32(A_INST_IFINDEX, sw) + nest(A_INST_PORT), EINVAL, 'Missing port ifindex'),
    ('attach: port nest with a port setting', CMD_INSTANCE_ATTACH,
     u32(A_INST_IFINDEX, sw) + nest(A_INST_PORT, u32(A_PORT_ROUTER, 1)),
     EINVAL, 'Unsupported attribute'),
    ('attach: ports given, port-subset 0', CMD_INSTANCE_ATTACH,
     u32(A_INST_IFINDEX, sw) + u8(A_INST_PORT_SUBSET, 0) +
     nest(A_INST_PORT, u32(A_PORT_IFINDEX, port)), EINVAL, 'only to a subset instance'),
    ('attach: port-subset 2', CMD_INSTANCE_ATTACH,
     u32(A_INST_IFINDEX, sw) + u8(A_INST_PORT_SUBSET, 2), ERANGE, 'range'),
    ('attach: name of 20 bytes', CMD_INSTANCE_ATTACH,
     u32(A_INST_IFINDEX, sw) + attr(A_INST_NAME, b'n' * 20 + b'\0'), EINVAL, 'policy'),
    ('attach: name without NUL', CMD_INSTANCE_ATTACH,
     u32(A_INST_IFINDEX, sw) + attr(A_INST_NAME, b'abcd'), EINVAL, 'policy'),
    ('detach: no such instance', CMD_INSTANCE_DETACH,
     attr(A_INST_NAME, b'nosuch\0'), 2, 'No igmpsnoop instance or switch'),
    ('detach: name and ifindex disagree', CMD_INSTANCE_DETACH,
     u32(A_INST_IFINDEX, port) + attr(A_INST_NAME, b'br0\0'), EINVAL, 'not on this switch'),
    ('port add: instance of every port', CMD_PORT_ADD,
     attr(A_INST_NAME, b'br0\0') + nest(A_INST_PORT, u32(A_PORT_IFINDEX, port)),
     95, 'follows every port'),
    ('port add: no port nest', CMD_PORT_ADD, attr(A_INST_NAME, b'br0\0'),
     EINVAL, 'Missing attribute'),
    ('group add: no instance', CMD_GROUP_ADD,
     attr(A_GROUP_ADDR, socket.inet_aton('239.9.9.9')) +
     nest(A_GROUP_MEMBER, u32(A_MEMBER_PORT_IFINDEX, port)), EINVAL, 'Missing attribute'),
    ('group add: stats are output only', CMD_GROUP_ADD,
     u32(A_GROUP_IFINDEX, sw) + attr(A_GROUP_ADDR, socket.inet_aton('239.9.9.9')) +
     nest(A_GROUP_MEMBER, u32(A_MEMBER_PORT_IFINDEX, port)) + nest(A_GROUP_STATS),
     EINVAL, 'Unsupported attribute'),
    ('group add: instance name too long', CMD_GROUP_ADD,
     attr(A_GROUP_INSTANCE, b'x' * 16 + b'\0') + attr(A_GROUP_ADDR, socket.inet_aton('239.9.9.9')) +
     nest(A_GROUP_MEMBER, u32(A_MEMBER_PORT_IFINDEX, port)), EINVAL, 'policy'),
]
if too_big:
    cases = [('group get: a reply past 64 KiB', CMD_GROUP_GET,
              u32(A_GROUP_IFINDEX, sw) + attr(A_GROUP_ADDR, socket.inet_aton(sys.argv[2])),
              EMSGSIZE, 'dump it')]
bad = 0
for what, cmd, payload, want_err, want_msg in cases:
    err, msg, _ = request(family, cmd, payload)
    ok = err == want_err and want_msg in msg and (msg or cmd == 99)
    # Every rejection by policy or handler carries a message, except the
    # unknown command, which genetlink answers itself.
    if cmd != 99 and not msg:
        ok = False
    print(f'{"ok" if ok else "FAIL"}: {what}: {os.strerror(err) if err else "accepted"}'
          f' "{msg}" (expected {os.strerror(want_err)} "{want_msg}")')
    bad += not ok
sys.exit(1 if bad else 0)
