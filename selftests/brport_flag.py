#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Sets a bridge port flag or setting the installed iproute2 may not know
# yet, over rtnetlink (RTM_SETLINK, AF_BRIDGE, IFLA_PROTINFO):
#
#   brport_flag.py PORT mab on|off
#   brport_flag.py PORT mcast_max_groups N
#
# A kernel that does not know the flag ignores it (IFLA_PROTINFO is parsed
# leniently): the caller checks the kernel version.

import errno
import socket
import struct
import sys

IFLA_PROTINFO = 12
NLA_F_NESTED = 0x8000
FLAGS = {'mab': 40}     # IFLA_BRPORT_MAB (Linux 6.2)
U32S = {'mcast_max_groups': 42}     # IFLA_BRPORT_MCAST_MAX_GROUPS (Linux 6.3)
RTM_SETLINK = 19
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack('=HH', length, kind) + payload + b'\0' * ((4 - length % 4) % 4)


def main():
    if len(sys.argv) != 4 or not (
            (sys.argv[2] in FLAGS and sys.argv[3] in ('on', 'off')) or
            (sys.argv[2] in U32S and sys.argv[3].isdigit())):
        sys.exit('usage: brport_flag.py PORT mab on|off\n'
                 '       brport_flag.py PORT mcast_max_groups N')
    ifindex = socket.if_nametoindex(sys.argv[1])
    if sys.argv[2] in FLAGS:
        flag = attr(FLAGS[sys.argv[2]], struct.pack('=B', sys.argv[3] == 'on'))
    else:
        flag = attr(U32S[sys.argv[2]], struct.pack('=I', int(sys.argv[3])))
    body = struct.pack('=BxHiII', socket.AF_BRIDGE, 0, ifindex, 0, 0)
    body += attr(IFLA_PROTINFO | NLA_F_NESTED, flag)
    msg = struct.pack('=IHHII', 16 + len(body), RTM_SETLINK,
                      NLM_F_REQUEST | NLM_F_ACK, 1, 0) + body
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    s.send(msg)
    reply = s.recv(65536)
    kind = struct.unpack_from('=H', reply, 4)[0]
    err = -struct.unpack_from('=i', reply, 16)[0] if kind == NLMSG_ERROR else 0
    if err:
        sys.exit(f'{sys.argv[1]}: {sys.argv[2]} {sys.argv[3]}: {errno.errorcode.get(err, err)}')


main()
