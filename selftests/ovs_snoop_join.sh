#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: rt
#
# snoop_join.sh with its switch br0 an Open vSwitch datapath built with ovs-dpctl
# in place of a Linux bridge (SWITCH=ovs, see lib.sh).

SWITCH=ovs exec bash "$(dirname "$0")/snoop_join.sh"
