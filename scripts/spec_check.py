#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# Checks that the YNL spec and the uAPI header agree, both ways: every
# constant the spec defines (enum entries, attributes, commands) has the same
# name and value in include/uapi/linux/igmpsnoop.h, and every constant of
# the header's enums is in the spec. Loads the spec with the kernel's own YNL
# library, which validates it against the genetlink-legacy schema.
#   spec_check.py YNL_DIR SCHEMA SPEC HEADER
import os
import re
import subprocess
import sys
import tempfile

ynl_dir, schema, spec_path, header = sys.argv[1:5]
sys.path.insert(0, ynl_dir)
from lib.nlspec import SpecFamily  # noqa: E402

spec = SpecFamily(spec_path, schema)


def c_name(prefix, name):
    return (prefix + name).upper().replace('-', '_')


consts = {}
for name, enum in spec.consts.items():
    if enum['type'] != 'enum':
        continue
    prefix = enum.yaml.get('name-prefix', f'{spec.name}-{name}-')
    for e in enum.entries.values():
        consts[c_name(prefix, e.name)] = e.value
for aset in spec.attr_sets.values():
    prefix = aset.yaml['name-prefix']
    for attr in aset.attrs.values():
        consts[c_name(prefix, attr.name)] = attr.value
    consts[c_name(prefix, 'max')] = max(a.value for a in aset.attrs.values())
prefix = spec.yaml['operations']['name-prefix']
for op in spec.msgs.values():
    consts[c_name(prefix, op.name)] = op.req_value
consts[c_name(prefix, 'max')] = max(op.req_value for op in spec.msgs.values())

# The header's enumerators, apart from the __..._MAX sentinels and UNSPECs.
text = open(header).read()
enumerators = set()
for body in re.findall(r'enum\s+\w+\s*\{(.*?)\}', text, re.S):
    body = re.sub(r'/\*.*?\*/', '', body, flags=re.S)
    for item in body.split(','):
        m = re.match(r'\s*([A-Z][A-Z0-9_]*)', item)
        if m and not m.group(1).startswith('__'):
            enumerators.add(m.group(1))
missing = sorted(n for n in enumerators - consts.keys() if not n.endswith('_UNSPEC'))

with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, 'check.c')
    with open(src, 'w') as f:
        f.write(f'#include "{os.path.abspath(header)}"\n')
        for n, v in consts.items():
            f.write(f'_Static_assert({n} == {v}, "{n} is not {v} as in the spec");\n')
    res = subprocess.run(['gcc', '-fsyntax-only', '-std=gnu11', src],
                         capture_output=True, text=True)
errors = [l for l in res.stderr.splitlines() if 'error' in l]
for l in errors:
    print('spec_check:', l.split('error: ')[-1])
for n in missing:
    print(f'spec_check: {n} is in the header, not in the spec')
if errors or missing or res.returncode:
    sys.exit(1)
print(f'spec_check: {len(consts)} constants agree between '
      f'{os.path.basename(spec_path)} and {os.path.basename(header)}')
