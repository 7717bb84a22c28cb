#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# Netlink fuzzer for the igmpsnoop generic netlink family.
#
#   nlfuzz.py [--seed S] [--count N] [--unprivileged] [--ifindex I ...]
#             [--dump-race N]
#
# Sends N random requests: every command number (and some past the last),
# random netlink flags (do, dump, echo, ack or not), random genl versions,
# random attribute sets: types up to past the family's maxattr, payloads of
# wrong lengths, integers at their limits, the given ifindexes, group and
# source addresses, strings terminated or not, nests (with or without
# NLA_F_NESTED) holding more of the same, truncated messages. Every request
# that asks for an ack must be answered, a dump must end; prints the errno
# counts.
#
# Every rejection the family itself makes must say why: an error to a
# request that passed genl's own checks (a whole header with reserved zero,
# a command the family has, as do or dump as it offers) carries an extack
# message or a missing attribute, unless it is ENOMEM or, as nobody, EPERM.
#
# --unprivileged drops to nobody before opening the socket: every request
# of a command the family marks as needing CAP_NET_ADMIN must then fail,
# and with EPERM whenever genl got as far as the permission check (a whole
# header, reserved zero, a do request), whatever its attributes.
#
# --dump-race N: a child process adds and removes N static groups on the
# first --ifindex (a switch) and its port, the second, while this process
# dumps the group table again and again: each dump must end (DONE, or
# marked interrupted) and hold well-formed messages.
#
# Exits 1 on any of those failures.
import errno
import os
import random
import select
import socket
import struct
import sys
import time

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO = 1, 2, 4, 8
NLM_F_DUMP_INTR, NLM_F_ROOT, NLM_F_MATCH = 16, 0x100, 0x200
NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLA_F_NESTED, NLA_F_NET_BYTEORDER = 1 << 15, 1 << 14
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
CTRL_ATTR_MAXATTR, CTRL_ATTR_OPS = 5, 6
CTRL_ATTR_OP_ID, CTRL_ATTR_OP_FLAGS = 1, 2
GENL_ADMIN_PERM, GENL_UNS_ADMIN_PERM = 1, 0x10
GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP = 2, 4
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_MISS_TYPE = 1, 5
SOL_NETLINK, NETLINK_EXT_ACK = 270, 11
# From include/uapi/linux/igmpsnoop.h, for --dump-race.
CMD_GROUP_GET, CMD_GROUP_ADD, CMD_GROUP_DEL = 6, 8, 9
A_GROUP_IFINDEX, A_GROUP_ADDR, A_GROUP_MEMBER = 1, 3, 4
A_MEMBER_PORT_IFINDEX = 1


def attr(t, payload):
    ln = 4 + len(payload)
    return struct.pack('HH', ln, t) + payload + b'\0' * ((4 - ln % 4) % 4)


def attrs_of(data, off, end):
    while off + 4 <= end:
        alen, atype = struct.unpack_from('HH', data, off)
        if alen < 4 or off + alen > end:
            raise ValueError(f'attribute of length {alen} at {off}')
        yield atype & ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER), data[off + 4:off + alen]
        off += (alen + 3) & ~3


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.bind((0, 0))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.seq = 0

    def send(self, family, flags, body, claimed_len=None):
        self.seq += 1
        ln = 16 + len(body) if claimed_len is None else claimed_len
        self.sock.send(struct.pack('IHHII', ln, family, flags, self.seq, 0) + body)
        return self.seq

    def messages(self, timeout=10.0):
        """Yields (type, flags, seq, payload) until the caller stops."""
        while True:
            r, _, _ = select.select([self.sock], [], [], timeout)
            if not r:
                raise TimeoutError('no answer from the kernel')
            data = self.sock.recv(1 << 17)
            off = 0
            while off + 16 <= len(data):
                ln, typ, flags, seq, _ = struct.unpack_from('IHHII', data, off)
                if ln < 16 or off + ln > len(data):
                    raise ValueError(f'netlink message of length {ln}')
                yield typ, flags, seq, data[off + 16:off + ln]
                off += (ln + 3) & ~3

    def wait(self, seq, dump, family, why=None):
        """Reads until SEQ is answered: its error/ack, or its dump's end.
        Returns (errno, messages, interrupted). WHY, a list, gets the
        extack's message, or 'missing attribute N', if the answer has one."""
        n, intr = 0, False
        for typ, flags, rseq, payload in self.messages():
            if rseq != seq:
                continue
            if typ == NLMSG_ERROR:
                if why is not None and flags & NLM_F_ACK_TLVS:
                    # The echoed request, padded to 4 bytes, comes first.
                    off = 4 + (16 if flags & NLM_F_CAPPED else
                               (struct.unpack_from('I', payload, 4)[0] + 3) & ~3)
                    why.extend(extack_reasons(payload, off))
                return -struct.unpack_from('i', payload)[0], n, intr
            if typ == NLMSG_DONE:
                intr |= bool(flags & NLM_F_DUMP_INTR)
                if not dump:
                    raise ValueError('NLMSG_DONE for a do request')
                err = -struct.unpack_from('i', payload)[0] if len(payload) >= 4 else 0
                if why is not None and flags & NLM_F_ACK_TLVS:
                    why.extend(extack_reasons(payload, 4))
                return err, n, intr
            if typ != family:
                raise ValueError(f'reply of type {typ}')
            intr |= bool(flags & NLM_F_DUMP_INTR)
            # A reply is a genl header and well-formed attributes.
            if len(payload) < 4:
                raise ValueError('reply shorter than a genl header')
            for _ in attrs_of(payload, 4, len(payload)):
                pass
            n += 1
            if not dump:
                # A do reply; the ack follows if one was asked for.
                continue


def extack_reasons(payload, off):
    """The reasons an error's TLVs give, from OFF in PAYLOAD."""
    out = []
    for t, v in attrs_of(payload, off, len(payload)):
        if t == NLMSGERR_ATTR_MSG:
            out.append(v.split(b'\0')[0].decode(errors='replace'))
        elif t == NLMSGERR_ATTR_MISS_TYPE:
            out.append(f'missing attribute {struct.unpack_from("I", v)[0]}')
    return out


def resolve(g):
    """The family's id, maxattr, privileged commands and every command's
    flags."""
    body = struct.pack('BBH', CTRL_CMD_GETFAMILY, 1, 0) + attr(CTRL_ATTR_FAMILY_NAME, b'igmpsnoop\0')
    seq = g.send(GENL_ID_CTRL, NLM_F_REQUEST, body)
    for typ, _, rseq, payload in g.messages():
        if rseq != seq:
            continue
        if typ == NLMSG_ERROR:
            sys.exit(f'cannot resolve igmpsnoop: {os.strerror(-struct.unpack_from("i", payload)[0])}')
        family, maxattr, admin, ops = None, 0, set(), {}
        for t, v in attrs_of(payload, 4, len(payload)):
            if t == CTRL_ATTR_FAMILY_ID:
                family = struct.unpack('H', v[:2])[0]
            elif t == CTRL_ATTR_MAXATTR:
                maxattr = struct.unpack('I', v)[0]
            elif t == CTRL_ATTR_OPS:
                for _, op in attrs_of(v, 0, len(v)):
                    fields = dict(attrs_of(op, 0, len(op)))
                    cmd = struct.unpack('I', fields[CTRL_ATTR_OP_ID])[0]
                    fl = struct.unpack('I', fields.get(CTRL_ATTR_OP_FLAGS, b'\0\0\0\0'))[0]
                    if fl & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM):
                        admin.add(cmd)
                    ops[cmd] = fl
        return family, maxattr, admin, ops


class Fuzzer:
    def __init__(self, rng, maxattr, ifindexes):
        self.r = rng
        self.maxattr = maxattr
        self.ifindexes = ifindexes or [1]

    def integer(self):
        r = self.r
        pick = r.randrange(8)
        if pick == 0:
            return r.choice(self.ifindexes)
        if pick == 1:
            return r.choice([0, 1, 2, 3, 7, 8, 255, 256, 4094, 4095, 65535,
                             0x7fffffff, 0x80000000, 0xffffffff])
        if pick == 2:   # 239.1.1.x, 224.0.0.x, 10.0.0.x in network order
            return struct.unpack('I', bytes([r.choice([239, 224, 10]), r.choice([0, 1]),
                                             r.choice([0, 1]), r.randrange(256)]))[0]
        return r.getrandbits(32)

    def payload(self, depth):
        r = self.r
        pick = r.randrange(10)
        if pick <= 2:
            return struct.pack('I', self.integer()), False
        if pick == 3:
            return struct.pack(r.choice(['B', 'H', 'Q']), self.integer() & 0xff), False
        if pick == 4:
            s = r.choice([b'br0', b'sw-p1', b'sw-p2', b'x' * 15, b'x' * 16, b'', b'b\xffr',
                          bytes(r.getrandbits(8) for _ in range(r.randrange(40)))])
            return (s + b'\0' if r.randrange(3) else s), False
        if pick == 5:
            return b'', False
        if pick == 6 and depth < 3:
            return self.attrs(depth + 1), True
        return bytes(r.getrandbits(8) for _ in range(r.randrange(24))), False

    def attrs(self, depth=0):
        r = self.r
        out = b''
        for _ in range(r.randrange(1 if depth else 0, 7)):
            t = r.randrange(self.maxattr + 4) if r.randrange(6) else r.randrange(1 << 14)
            data, nested = self.payload(depth)
            if nested and r.randrange(4):
                t |= NLA_F_NESTED
            elif not r.randrange(20):
                t |= r.choice([NLA_F_NESTED, NLA_F_NET_BYTEORDER])
            out += attr(t, data)
        return out

    def request(self, cmd_max):
        r = self.r
        cmd = r.randrange(cmd_max + 3)
        version = r.choice([1, 1, 1, 0, 2, 255])
        flags = NLM_F_REQUEST | NLM_F_ACK
        if not r.randrange(3):
            flags |= NLM_F_DUMP
        if not r.randrange(8):
            flags |= NLM_F_ECHO
        reserved = r.choice([0, 0, 0, 0xffff])
        payload = self.attrs()
        if r.randrange(2):
            # Nearer to valid, to get past the policies into the handlers:
            # a header genl accepts, attribute 1 (the ifindex of every
            # attribute set) naming a device, then a few attributes.
            version, reserved = 1, 0
            flags &= ~NLM_F_DUMP if r.randrange(4) else ~0
            payload = attr(1, struct.pack('I', r.choice(self.ifindexes))) + \
                b''.join(attr(r.randrange(1, self.maxattr + 1), self.payload(2)[0])
                         for _ in range(r.randrange(4)))
        body = struct.pack('BBH', cmd, version, reserved) + payload
        claimed = None
        if not r.randrange(30):     # a message that claims less than it has
            claimed = 16 + r.randrange(len(body) + 1)
            body = body[:claimed - 16]
        # What genl checks before the family's own: the header is whole
        # and its reserved field zero.
        header_ok = (claimed is None or claimed >= 20) and not reserved
        return cmd, flags, body, claimed, header_ok


def fuzz(args, unprivileged):
    rng = random.Random(args.seed)
    if unprivileged:
        os.setgroups([])
        os.setresgid(65534, 65534, 65534)
        os.setresuid(65534, 65534, 65534)
    g = Genl()
    family, maxattr, admin, ops = resolve(g)
    if not admin:
        sys.exit('the family marks no command as privileged')
    # A family with per-op policies reports maxattr 0; the largest
    # attribute set (the instance's) has 39.
    f = Fuzzer(rng, maxattr or 39, args.ifindex)
    counts, bad, explained, unexplained = {}, 0, 0, {}
    for i in range(args.count):
        cmd, flags, body, claimed, header_ok = f.request(max(admin) + 2)
        dump = (flags & NLM_F_DUMP) == NLM_F_DUMP
        seq = g.send(family, flags, body, claimed)
        why = []
        try:
            err, _, _ = g.wait(seq, dump, family, why)
        except (TimeoutError, ValueError) as e:
            print(f'request {i} (cmd {cmd}, flags {flags:#x}): {e}')
            return 1
        name = errno.errorcode.get(err, str(err)) if err else 'ok'
        counts[name] = counts.get(name, 0) + 1
        # The op genl found for the request: the family answers for it.
        ours = header_ok and ops.get(cmd, 0) & (GENL_CMD_CAP_DUMP if dump else GENL_CMD_CAP_DO)
        if unprivileged and cmd in admin and (err == 0 or ours and err != errno.EPERM):
            print(f'request {i}: privileged command {cmd} as nobody gave {name}, not EPERM')
            bad += 1
        if err and ours and err not in (errno.ENOMEM, errno.EPERM):
            if why:
                explained += 1
            else:
                key = (cmd, 'dump' if dump else 'do', name)
                if key not in unexplained:
                    print(f'request {i}: cmd {cmd} ({key[1]}) gave {name} without a reason: '
                          f'{body.hex()}')
                unexplained[key] = unexplained.get(key, 0) + 1
    print('errnos: ' + ' '.join(f'{k}={v}' for k, v in sorted(counts.items())))
    print(f'{explained} rejections said why')
    if unexplained:
        print('rejections without a reason: ' +
              ' '.join(f'cmd{c}/{d}/{e}={n}' for (c, d, e), n in sorted(unexplained.items())))
    return 1 if bad or unexplained else 0


def dump_race(args):
    sw, port = args.ifindex[0], args.ifindex[1]
    pid = os.fork()
    if pid == 0:
        g = Genl()
        family = resolve(g)[0]
        for i in range(args.dump_race):
            addr = struct.pack('BBBB', 239, 3, (i >> 8) & 0x3f, i & 0xff)
            body = (attr(A_GROUP_IFINDEX, struct.pack('I', sw)) + attr(A_GROUP_ADDR, addr) +
                    attr(A_GROUP_MEMBER | NLA_F_NESTED,
                         attr(A_MEMBER_PORT_IFINDEX, struct.pack('I', port))))
            for cmd in (CMD_GROUP_ADD, CMD_GROUP_DEL) if i % 3 == 2 else (CMD_GROUP_ADD,):
                seq = g.send(family, NLM_F_REQUEST | NLM_F_ACK,
                             struct.pack('BBH', cmd, 1, 0) + body)
                g.wait(seq, False, family)
        os._exit(0)
    g = Genl()
    family = resolve(g)[0]
    dumps = intr = 0
    status = None
    try:
        while True:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
            seq = g.send(family, NLM_F_REQUEST | NLM_F_DUMP,
                         struct.pack('BBH', CMD_GROUP_GET, 1, 0) +
                         attr(A_GROUP_IFINDEX, struct.pack('I', sw)))
            err, _, interrupted = g.wait(seq, True, family)
            if err:
                print(f'dump {dumps}: {os.strerror(err)}')
                return 1
            dumps += 1
            intr += interrupted
            if done:
                break
    except (TimeoutError, ValueError) as e:
        print(f'dump {dumps}: {e}')
        return 1
    print(f'{dumps} dumps during {args.dump_race} changes, {intr} marked interrupted')
    if os.waitstatus_to_exitcode(status):
        print('the process changing the table failed')
        return 1
    return 0


def main():
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--count', type=int, default=10000)
    p.add_argument('--unprivileged', action='store_true')
    p.add_argument('--ifindex', type=int, action='append', default=[])
    p.add_argument('--dump-race', type=int, default=0)
    args = p.parse_args()
    start = time.monotonic()
    rc = dump_race(args) if args.dump_race else fuzz(args, args.unprivileged)
    print(f'{time.monotonic() - start:.1f} s')
    return rc


if __name__ == '__main__':
    sys.exit(main())
