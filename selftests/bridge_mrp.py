#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# MRP (IEC 62439-2) on a bridge, over rtnetlink (RTM_SETLINK, AF_BRIDGE,
# IFLA_AF_SPEC/IFLA_BRIDGE_MRP), as an MRP daemon sets it up: iproute2
# has no command for it.
#
#   bridge_mrp.py BRIDGE ring ID PRIMARY SECONDARY   an MRP instance
#   bridge_mrp.py PORT state blocked|forwarding      a ring port's state
#
# The instance is the bridge's own (IFLA_BRIDGE_FLAGS self), a port's state
# goes through its bridge (master).

import errno
import socket
import struct
import sys

from rtnl import attr, bridge_setlink, nest

IFLA_AF_SPEC = 26
IFLA_BRIDGE_FLAGS, IFLA_BRIDGE_MRP = 0, 4
BRIDGE_FLAGS_SELF = 2
IFLA_BRIDGE_MRP_INSTANCE, IFLA_BRIDGE_MRP_PORT_STATE = 1, 2
# IFLA_BRIDGE_MRP_INSTANCE_*
RING_ID, P_IFINDEX, S_IFINDEX, PRIO = 1, 2, 3, 4
IFLA_BRIDGE_MRP_PORT_STATE_STATE = 1
STATES = {'blocked': 1, 'forwarding': 2}    # enum br_mrp_port_state_type


def mrp_setlink(dev, mrp, own=False):
    flags = attr(IFLA_BRIDGE_FLAGS, struct.pack('=H', BRIDGE_FLAGS_SELF)) if own else b''
    err = bridge_setlink(dev, nest(IFLA_AF_SPEC, flags + nest(IFLA_BRIDGE_MRP, mrp)))
    if err:
        sys.exit(f'{" ".join(sys.argv[1:])}: {errno.errorcode.get(err, err)}')


def main():
    a = sys.argv[1:]
    if len(a) == 5 and a[1] == 'ring' and a[2].isdigit():
        idx = socket.if_nametoindex
        mrp_setlink(a[0], nest(IFLA_BRIDGE_MRP_INSTANCE,
                               attr(RING_ID, struct.pack('=I', int(a[2]))),
                               attr(P_IFINDEX, struct.pack('=I', idx(a[3]))),
                               attr(S_IFINDEX, struct.pack('=I', idx(a[4]))),
                               attr(PRIO, struct.pack('=H', 0x8000))), own=True)
    elif len(a) == 3 and a[1] == 'state' and a[2] in STATES:
        mrp_setlink(a[0], nest(IFLA_BRIDGE_MRP_PORT_STATE,
                               attr(IFLA_BRIDGE_MRP_PORT_STATE_STATE,
                                    struct.pack('=I', STATES[a[2]]))))
    else:
        sys.exit('usage: bridge_mrp.py BRIDGE ring ID PRIMARY SECONDARY\n'
                 '       bridge_mrp.py PORT state blocked|forwarding')


main()
