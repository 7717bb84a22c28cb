#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed tutorial split across two VLANs (demo_vlan.sh) on two Open
# vSwitch bridges under ovsdb-server and ovs-vswitchd: access ports with
# tag=10 and tag=20, trunks=10,20 for the source and the link; one
# igmpsnoop instance per bridge, which reads the VLANs from OVS's database.

SWITCH=ovs DEMO_VLANS=1 exec bash "$(dirname "$0")/demo.sh"
