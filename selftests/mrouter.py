#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The host as a multicast router, as igmpproxy, smcroute or pimd make it:
# the kernel's IPv4 multicast routing (MRT_INIT) with a virtual interface
# on DEV, which turns mc_forwarding on for DEV, for SECONDS:
#
#   mrouter.py DEV SECONDS
#
# It prints "ready" once the interface is in place.

import socket
import struct
import sys
import time

MRT_INIT = 200
MRT_ADD_VIF = 202
VIFF_USE_IFINDEX = 0x8


def main():
    dev, seconds = sys.argv[1], float(sys.argv[2])
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_IGMP)
    s.setsockopt(socket.IPPROTO_IP, MRT_INIT, 1)
    # struct vifctl: vifi, flags, threshold, rate_limit, ifindex, rmt_addr
    vif = struct.pack('=HBBIi4s', 0, VIFF_USE_IFINDEX, 1, 0,
                      socket.if_nametoindex(dev), bytes(4))
    s.setsockopt(socket.IPPROTO_IP, MRT_ADD_VIF, vif)
    print('ready', flush=True)
    time.sleep(seconds)


if __name__ == '__main__':
    main()
