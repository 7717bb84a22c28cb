// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: the ports attach gives an instance: a list, or an OVS
 * bridge's, read from Open vSwitch's database with ovs-vsctl.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <linux/genetlink.h>

#include "igmpsnoopctl.h"

/*
 * Runs ovs-vsctl with @args and returns what it printed (to free), or dies
 * after what it said: the ports of the OVS bridge @br are in Open vSwitch's
 * database.
 */
static char *ovs_vsctl(const char *const *args, const char *br)
{
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (!out || pipe(fds) < 0)
		die("ovs-vsctl: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execvp("ovs-vsctl", (char *const *)args);
		fprintf(stderr, "igmpsnoopctl: cannot run ovs-vsctl: %s\n", strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		if (len + 1 >= cap) {
			cap *= 2;
			out = realloc(out, cap);
			if (!out)
				die("out of memory");
		}
		n = read(fds[0], out + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	out[len] = 0;
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		die("ovs-vsctl failed: is Open vSwitch running, and %s one of its bridges?", br);
	return out;
}

/*
 * Is the OVS interface @iface a vport of the datapath? @types is ovs-vsctl's
 * "name,type" CSV of all interfaces: system (type "") and tap interfaces
 * are; internal, patch and tunnel ones are not.
 */
static int ovs_iface_is_vport(const char *types, const char *iface)
{
	size_t len = strlen(iface), type_len;
	const char *line, *end, *type;

	for (line = types; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (strncmp(line, iface, len) || line[len] != ',')
			continue;
		type = line + len + 1;
		type_len = end - type;
		return !type_len || (type_len == 6 && !strncmp(type, "system", 6)) ||
		       (type_len == 3 && !strncmp(type, "tap", 3));
	}
	return 0;
}

/*
 * The line of ovs-vsctl's CSV @rows ("a,b,c" per row) whose field @col is
 * @val (whole, or one word of a set when @word): the start of that line,
 * or NULL.
 */
static const char *csv_row(const char *rows, unsigned int col, const char *val,
			   bool word)
{
	size_t len = strlen(val);
	const char *line, *end, *f;
	unsigned int i;

	for (line = rows; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		for (f = line, i = 0; i < col && f < end; i++)
			f = strchrnul(f, ',') + 1;
		if (f > end)
			continue;
		for (;;) {
			if (!strncmp(f, val, len) &&
			    (f[len] == ',' || f[len] == '\n' || !f[len] ||
			     (word && f[len] == ' ')))
				return line;
			f += strcspn(f, word ? " ,\n" : ",\n");
			if (!word || *f != ' ')
				break;
			f++;
		}
	}
	return NULL;
}

/* Field @col of the CSV line @line, into @buf. */
static const char *csv_field(const char *line, unsigned int col, char *buf,
			     size_t len)
{
	unsigned int i;
	size_t n;

	for (i = 0; i < col; i++) {
		n = strcspn(line, ",\n");
		if (line[n] != ',') {
			*buf = 0;
			return buf;
		}
		line += n + 1;
	}
	n = strcspn(line, ",\n");
	if (n >= len)
		n = len - 1;
	memcpy(buf, line, n);
	buf[n] = 0;
	return buf;
}

/*
 * Puts the VLANs of the OVS port that holds the interface @iface: @ports
 * is ovs-vsctl's CSV of name,tag,trunks,vlan_mode,interfaces of all ports,
 * @uuids that of _uuid,name of all interfaces. Returns false, after
 * saying why, for a VLAN mode igmpsnoop does not follow.
 */
static bool put_ovs_port_vlans(struct nlmsghdr *nlh, const char *ports,
			       const char *uuids, const char *iface)
{
	char uuid[64], tag[16], mode[32], trunks[16384], *p;
	const char *row;

	row = csv_row(uuids, 1, iface, false);
	if (!row)
		return true;
	csv_field(row, 0, uuid, sizeof(uuid));
	row = csv_row(ports, 4, uuid, true);
	if (!row)
		return true;
	csv_field(row, 1, tag, sizeof(tag));
	csv_field(row, 2, trunks, sizeof(trunks));
	csv_field(row, 3, mode, sizeof(mode));
	if (*mode && strcmp(mode, "access") && strcmp(mode, "trunk") &&
	    strcmp(mode, "native-tagged") && strcmp(mode, "native-untagged")) {
		fprintf(stderr,
			"igmpsnoopctl: %s: vlan_mode %s is not followed: not snooped\n",
			iface, mode);
		return false;
	}
	if (*tag && (!*mode || !strcmp(mode, "access"))) {
		put_port_vlans(nlh, "access-vlan", tag);
		return true;
	}
	if (!strcmp(mode, "access")) {
		put_port_vlans(nlh, "trunk", "0");	/* access, no tag: VLAN 0 */
		return true;
	}
	for (p = trunks; *p; p++)
		if (*p == ' ')
			*p = ',';
	put_port_vlans(nlh, "trunk", *trunks ? trunks : "all");
	/* A native mode with a tag; without one, a plain trunk (VLAN 0). */
	if (*tag && strncmp(mode, "native-", 7) == 0)
		put_port_vlans(nlh, mode, tag);
	return true;
}

/*
 * Puts a port nest for each interface of the OVS bridge @br that is a
 * vport, with the VLANs of its port.
 */
void put_ovs_bridge_ports(struct nlmsghdr *nlh, const char *br)
{
	static const char *const list_args[] = {
		"ovs-vsctl", "--timeout=10", "--", "list-ifaces", NULL, NULL,
	};
	static const char *const type_args[] = {
		"ovs-vsctl", "--timeout=10", "--format=csv", "--data=bare",
		"--no-headings", "--columns=name,type", "list", "Interface", NULL,
	};
	static const char *const uuid_args[] = {
		"ovs-vsctl", "--timeout=10", "--format=csv", "--data=bare",
		"--no-headings", "--columns=_uuid,name", "list", "Interface", NULL,
	};
	static const char *const port_args[] = {
		"ovs-vsctl", "--timeout=10", "--format=csv", "--data=bare",
		"--no-headings", "--columns=name,tag,trunks,vlan_mode,interfaces",
		"list", "Port", NULL,
	};
	const char *args[sizeof(list_args) / sizeof(list_args[0])];
	char *ifaces, *types, *uuids, *ports, *iface, *save;
	struct nlattr *nest;

	memcpy(args, list_args, sizeof(args));
	args[4] = br;
	ifaces = ovs_vsctl(args, br);
	types = ovs_vsctl(type_args, br);
	uuids = ovs_vsctl(uuid_args, br);
	ports = ovs_vsctl(port_args, br);
	for (iface = strtok_r(ifaces, "\n", &save); iface;
	     iface = strtok_r(NULL, "\n", &save)) {
		if (!ovs_iface_is_vport(types, iface)) {
			fprintf(stderr,
				"igmpsnoopctl: %s: not a datapath port (internal, patch or tunnel): not snooped\n",
				iface);
			continue;
		}
		nest = nest_start(nlh, IGMPSNOOP_A_INST_PORT);
		put_u32(nlh, IGMPSNOOP_A_PORT_IFINDEX, dev_index(iface));
		if (put_ovs_port_vlans(nlh, ports, uuids, iface))
			mnl_attr_nest_end(nlh, nest);
		else
			mnl_attr_nest_cancel(nlh, nest);
	}
	free(ports);
	free(uuids);
	free(types);
	free(ifaces);
}

/* Puts a port nest for each port of the comma-separated list @list. */
void put_port_list(struct nlmsghdr *nlh, char *list)
{
	struct nlattr *nest;
	char *port, *save;

	for (port = strtok_r(list, ",", &save); port; port = strtok_r(NULL, ",", &save)) {
		nest = nest_start(nlh, IGMPSNOOP_A_INST_PORT);
		put_u32(nlh, IGMPSNOOP_A_PORT_IFINDEX, dev_index(port));
		mnl_attr_nest_end(nlh, nest);
	}
}
