#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# Listens to igmpsnoop's "monitor" multicast group and prints a line per
# group notification, with what the CLI does not show: the message's
# length in bytes, and how many members and source records it carries.
#   nlmonitor.py
# prints "ready" once it listens, then until killed (SIGTERM) lines of
#   GROUP_NTF event=E members=M sources=S length=L
import signal
import socket
import struct
import sys

NETLINK_GENERIC, SOL_NETLINK = 16, 270
NETLINK_ADD_MEMBERSHIP = 1
NLM_F_REQUEST = 1
NLA_TYPE_MASK = 0x3fff
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2

# From include/uapi/linux/igmpsnoop.h
CMD_GROUP_NTF = 12
A_GROUP_MEMBER, A_GROUP_EVENT = 4, 5
A_MEMBER_SOURCE = 7


def attrs(data, off=0, end=None):
    """(type, payload) of each attribute in data[off:end]."""
    end = len(data) if end is None else end
    while off + 4 <= end:
        alen, atype = struct.unpack_from('HH', data, off)
        if alen < 4:
            return
        yield atype & NLA_TYPE_MASK, data[off + 4:off + alen]
        off += (alen + 3) & ~3


def main():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    sock.bind((0, 0))
    name = b'igmpsnoop\0'
    body = struct.pack('BBH', CTRL_CMD_GETFAMILY, 1, 0) + \
        struct.pack('HH', 4 + len(name), CTRL_ATTR_FAMILY_NAME) + name + b'\0' * 2
    sock.send(struct.pack('IHHII', 16 + len(body), GENL_ID_CTRL, NLM_F_REQUEST, 1, 0) + body)
    reply = sock.recv(65536)
    group = None
    for atype, payload in attrs(reply, 20):
        if atype != CTRL_ATTR_MCAST_GROUPS:
            continue
        for _, grp in attrs(payload):
            fields = dict(attrs(grp))
            if fields.get(CTRL_ATTR_MCAST_GRP_NAME, b'').rstrip(b'\0') == b'monitor':
                group = struct.unpack('I', fields[CTRL_ATTR_MCAST_GRP_ID])[0]
    if group is None:
        sys.exit('igmpsnoop has no "monitor" multicast group')
    sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print('ready', flush=True)
    while True:
        data = sock.recv(1 << 22)
        off = 0
        while off + 16 <= len(data):
            length, _ = struct.unpack_from('IH', data, off)
            if length < 20:
                break
            if data[off + 16] == CMD_GROUP_NTF:
                event = members = sources = 0
                for atype, payload in attrs(data, off + 20, off + length):
                    if atype == A_GROUP_EVENT:
                        event = struct.unpack('I', payload)[0]
                    elif atype == A_GROUP_MEMBER:
                        members += 1
                        sources += sum(t == A_MEMBER_SOURCE for t, _ in attrs(payload))
                print(f'GROUP_NTF event={event} members={members} sources={sources} '
                      f'length={length}', flush=True)
            off += (length + 3) & ~3


main()
