#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The report of make bench: reads DIR/results.csv (selftests/bench/lib.sh
writes it, one measurement a line) and writes, in DIR:

  results.json  every figure, configuration, size and mode: the rounds'
                values, min, median, max, and the ratio of medians of
                igmpsnoop to the alternative measured beside it
  table.md      the same as a Markdown table
  ratios.md     one row per ratio: igmpsnoop's and its alternative's
                median (min..max), and the ratio (README carries it)
  FIGURE.png    a plot per figure (gnuplot): bars of the medians with the
                min..max spread, or, for a figure measured at several
                sizes, the medians against the size

and prints the table. Exits 1 if results.csv is missing or empty.

  scripts/bench_report.py DIR [--no-plots]
"""

import csv
import json
import os
import shutil
import statistics
import subprocess
import sys

# What each figure measures, and whether a lower value is better.
FIGURES = {
    "forward": ("forwarding rate, one group, 1 member + 1 router port of 8", False),
    "fanout": ("copies delivered per second, by number of member ports", False),
    "fanout-cost": ("nanoseconds per copy delivered, by number of member ports", True),
    "groups": ("forwarding rate of one group, by groups in the table", False),
    "unaffected": ("unicast and non-IP rate, igmpsnoop attached vs not", False),
    "igmp": ("reports (v2) and records (v3) learned per second", False),
    "igmp-net": ("reports and records per second of the snooping's own time "
                 "(less that of the same reports through the bridge without it)", False),
    "memory": ("kernel memory per membership, by groups in the table", True),
    "leave": ("leave latency: from the leave to the last frame delivered", True),
    "dump": ("time to list the table, by groups in it", True),
}
# The mode a figure is about, and the alternatives, best match first.
SUBJECTS = ("igmpsnoop", "attached")
REFERENCES = ("bridge", "ovs", "detached", "flood")


def load(path):
    """The rows of results.csv, and figures derived from them."""
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            r["value"] = float(r["value"])
            rows.append(r)
    # The cost per copy of each fan-out measurement.
    rows += [dict(r, figure="fanout-cost", value=1e9 / r["value"], unit="ns/copy")
             for r in rows if r["figure"] == "fanout" and r["value"] > 0]
    # The snooping's own time per report (record): each IGMP measurement's
    # time less that of the same reports through the bridge without
    # snooping ("none") in the same round, as a rate. A round whose
    # difference is not positive (noise) gives none.
    base = {(r["kernel"], r["config"], r["x"], r["round"]): r["value"]
            for r in rows if r["figure"] == "igmp" and r["mode"] == "none"}
    for r in list(rows):
        b = base.get((r["kernel"], r["config"], r["x"], r["round"]))
        if r["figure"] != "igmp" or r["mode"] == "none" or not b or r["value"] <= 0:
            continue
        net = 1e9 / r["value"] - 1e9 / b
        if net > 0:
            rows.append(dict(r, figure="igmp-net", value=1e9 / net))
    return rows


def num(x):
    try:
        return float(x)
    except ValueError:
        return None


def summarise(rows):
    """Groups the rows by figure, config, x and mode, in first-seen order."""
    out = {}
    for r in rows:
        key = (r["figure"], r["config"], r["x"], r["mode"])
        e = out.setdefault(key, {"kernel": r["kernel"], "unit": r["unit"], "values": []})
        e["values"].append(r["value"])
    for e in out.values():
        v = e["values"]
        e.update(min=min(v), median=statistics.median(v), max=max(v), rounds=len(v))
    # The ratio of medians, igmpsnoop to its alternative.
    for (fig, cfg, x, mode), e in out.items():
        if mode not in SUBJECTS:
            continue
        for ref in REFERENCES:
            other = out.get((fig, cfg, x, ref))
            if other and other["median"]:
                e["ratio"] = e["median"] / other["median"]
                e["versus"] = ref
                break
    return out


def fmt(v):
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}"


def table(summary):
    lines = [
        "| figure | config | x | mode | median | min | max | unit | ratio |",
        "|---|---|---|---|---:|---:|---:|---|---|",
    ]
    for (fig, cfg, x, mode), e in summary.items():
        ratio = ""
        if "ratio" in e:
            better = "lower" if FIGURES.get(fig, ("", False))[1] else "higher"
            ratio = f"**{e['ratio']:.2f}x** {e['versus']} ({better} is better)"
        lines.append(
            f"| {fig} | {cfg} | {x} | {mode} | {fmt(e['median'])} | {fmt(e['min'])} "
            f"| {fmt(e['max'])} | {e['unit']} | {ratio} |"
        )
    return "\n".join(lines) + "\n"


def ratios(summary):
    lines = [
        "| figure | config | size | igmpsnoop: median (min..max) | alternative: median (min..max) | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for (fig, cfg, x, mode), e in summary.items():
        if "ratio" not in e:
            continue
        o = summary[(fig, cfg, x, e["versus"])]
        better = "lower" if FIGURES.get(fig, ("", False))[1] else "higher"
        lines.append(
            f"| {fig} | {cfg} | {x} | {fmt(e['median'])} ({fmt(e['min'])}..{fmt(e['max'])}) "
            f"{e['unit']} | {e['versus']}: {fmt(o['median'])} ({fmt(o['min'])}..{fmt(o['max'])}) "
            f"| **{e['ratio']:.2f}x** ({better} is better) |"
        )
    return "\n".join(lines) + "\n"


def plot(dirname, fig, items):
    """One PNG: bars (min..max as error bars), or lines against x."""
    title, lower = FIGURES.get(fig, (fig, False))
    unit = items[0][1]["unit"]
    kernel = items[0][1]["kernel"]
    xs = {x for (_, _, x, _), _ in items}
    numeric = len(xs) > 1 and all(num(x) is not None for x in xs)
    data = os.path.join(dirname, f"{fig}.dat")
    modes = list(dict.fromkeys(m for (_, _, _, m), _ in items))
    # A line per configuration and mode (memory: slab, objects, ... of each).
    cfgs = list(dict.fromkeys(c for (_, c, _, _), _ in items))
    series = list(dict.fromkeys((c, m) for (_, c, _, m), _ in items))
    title = title.replace("'", "''")	# quoted in gnuplot's single quotes
    gp = [
        "set terminal pngcairo size 900,520 noenhanced font ',10'",
        f"set output '{os.path.join(dirname, fig + '.png')}'",
        f"set title '{fig}: {title} (Linux {kernel}, TCG, {items[0][1]['rounds']} rounds;"
        f" {'lower' if lower else 'higher'} is better)'",
        f"set ylabel '{unit}'",
        "set grid ytics",
        "set key outside right top",
        "set yrange [0:*]",
    ]
    with open(data, "w") as f:
        if numeric:
            for c, m in series:
                f.write(f"# {c} {m}\n")
                pts = sorted((num(x), e["median"], e["min"], e["max"])
                             for (_, cc, x, mm), e in items if (cc, mm) == (c, m))
                for x, med, lo, hi in pts:
                    f.write(f"{x:g} {med:g} {lo:g} {hi:g}\n")
                f.write("\n\n")
            gp += ["set logscale x", "set xlabel 'size'", "plot " + ", ".join(
                f"'{data}' index {i} using 1:2:3:4 with yerrorlines lw 2 title "
                f"'{m if len(cfgs) == 1 else c + ' ' + m}'"
                for i, (c, m) in enumerate(series))]
        else:
            for i, ((_, cfg, x, m), e) in enumerate(items):
                label = f"{cfg}\\n{m}" if len(xs) == 1 else f"{cfg} {x}\\n{m}"
                f.write(f'{i} "{label}" {e["median"]:g} {e["min"]:g} {e["max"]:g} '
                        f"{modes.index(m) + 1}\n")
            gp += [
                "set style fill solid 0.6 border -1",
                "set boxwidth 0.7",
                "set xtics rotate by -45 font ',8'",
                "unset key",
                f"plot '{data}' using 1:3:6:xtic(2) with boxes lc variable,"
                f" '' using 1:3:4:5 with yerrorbars lc rgb 'black' pt 0",
            ]
    subprocess.run(["gnuplot"], input="\n".join(gp) + "\n", text=True, check=True)
    os.unlink(data)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    dirname = args[0]
    path = os.path.join(dirname, "results.csv")
    if not os.path.exists(path):
        sys.exit(f"bench_report: {path} is missing (did the benchmark run?)")
    rows = load(path)
    if not rows:
        sys.exit(f"bench_report: {path} has no measurement")
    summary = summarise(rows)
    with open(os.path.join(dirname, "results.json"), "w") as f:
        json.dump([dict(figure=k[0], config=k[1], x=k[2], mode=k[3], **v)
                   for k, v in summary.items()], f, indent=1)
    text = table(summary)
    with open(os.path.join(dirname, "table.md"), "w") as f:
        f.write(text)
    with open(os.path.join(dirname, "ratios.md"), "w") as f:
        f.write(ratios(summary))
    print(text, end="")
    if "--no-plots" in sys.argv:
        return
    if not shutil.which("gnuplot"):
        sys.exit("bench_report: gnuplot is missing (make deps installs gnuplot-nox)")
    for fig in dict.fromkeys(k[0] for k in summary):
        plot(dirname, fig, [(k, v) for k, v in summary.items() if k[0] == fig])
        print(f"plot: {os.path.join(dirname, fig + '.png')}")


if __name__ == "__main__":
    main()
