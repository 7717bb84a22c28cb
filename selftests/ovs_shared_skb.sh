#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: rt
# vm: debug
#
# IGMP in shared skbs (shared_skb.sh) on an ovs-dpctl datapath, where
# igmpsnoop's netdev ingress hook sees the shared skb before the datapath
# unshares it. It runs on the debug kernel too (KASAN, kmemleak).

SWITCH=ovs exec bash "$(dirname "$0")/shared_skb.sh"
