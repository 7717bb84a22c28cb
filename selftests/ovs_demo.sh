#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed tutorial (demo.sh) on two Open vSwitch bridges s1 and s2 joined
# by a veth pair, as in the Mininet run, under real ovsdb-server and
# ovs-vswitchd: one igmpsnoop instance per OVS bridge on the shared kernel
# datapath ovs-system, s1 the querier. Delivery is checked after each step.

SWITCH=ovs exec bash "$(dirname "$0")/demo.sh"
