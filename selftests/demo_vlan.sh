#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed tutorial (demo.sh) split across two VLANs on two Linux bridges
# with vlan_filtering 1: the h1 hosts and h2s2 in VLAN 10, the h3 hosts in
# VLAN 20, the source h2s1 and the link between the bridges on trunks of
# both. h2s1 sends each group in each VLAN; every step must deliver it to
# the tutorial's receivers, each in its own VLAN only.

DEMO_VLANS=1 exec bash "$(dirname "$0")/demo.sh"
