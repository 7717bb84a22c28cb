# SPDX-License-Identifier: GPL-2.0
#
# RTM_SETLINK of family AF_BRIDGE, for the tests' scripts that set what
# the installed iproute2 cannot (brport_flag.py, bridge_mrp.py).

import socket
import struct

RTM_SETLINK = 19
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NLA_F_NESTED = 0x8000


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack('=HH', length, kind) + payload + b'\0' * ((4 - length % 4) % 4)


def nest(kind, *attrs):
    return attr(kind | NLA_F_NESTED, b''.join(attrs))


def bridge_setlink(dev, attrs):
    """RTM_SETLINK for DEV, family AF_BRIDGE, with the attributes ATTRS
    (bytes); returns the kernel's errno, 0 if it did it."""
    body = struct.pack('=BxHiII', socket.AF_BRIDGE, 0, socket.if_nametoindex(dev), 0, 0)
    body += attrs
    msg = struct.pack('=IHHII', 16 + len(body), RTM_SETLINK,
                      NLM_F_REQUEST | NLM_F_ACK, 1, 0) + body
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE) as s:
        s.send(msg)
        reply = s.recv(65536)
    kind = struct.unpack_from('=H', reply, 4)[0]
    return -struct.unpack_from('=i', reply, 16)[0] if kind == NLMSG_ERROR else 0
