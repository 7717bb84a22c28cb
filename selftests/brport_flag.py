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
import struct
import sys

from rtnl import attr, bridge_setlink, nest

IFLA_PROTINFO = 12
FLAGS = {'mab': 40}     # IFLA_BRPORT_MAB (Linux 6.2)
U32S = {'mcast_max_groups': 42}     # IFLA_BRPORT_MCAST_MAX_GROUPS (Linux 6.3)


def main():
    if len(sys.argv) != 4 or not (
            (sys.argv[2] in FLAGS and sys.argv[3] in ('on', 'off')) or
            (sys.argv[2] in U32S and sys.argv[3].isdigit())):
        sys.exit('usage: brport_flag.py PORT mab on|off\n'
                 '       brport_flag.py PORT mcast_max_groups N')
    if sys.argv[2] in FLAGS:
        flag = attr(FLAGS[sys.argv[2]], struct.pack('=B', sys.argv[3] == 'on'))
    else:
        flag = attr(U32S[sys.argv[2]], struct.pack('=I', int(sys.argv[3])))
    err = bridge_setlink(sys.argv[1], nest(IFLA_PROTINFO, flag))
    if err:
        sys.exit(f'{sys.argv[1]}: {sys.argv[2]} {sys.argv[3]}: {errno.errorcode.get(err, err)}')


main()
