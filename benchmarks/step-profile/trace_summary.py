#!/usr/bin/env python3
"""Summarise a PyTorch profiler chrome trace written by StepProfile.java (10 steps).

Prints per step: top-level ops (the calls Java made into libtorch that reached an aten op), all ops
(including the ones libtorch runs inside them and the autograd backward ops), and the top-level ops
by count and by time; with --by-shape also the ops' self time (own time, not their callees') per op and
input shapes, which needs a trace recorded with shapes (StackedProfile.java records them).
usage: trace_summary.py TRACE.json [STEPS=10] [--by-shape]"""
import collections
import json
import sys

events = json.load(open(sys.argv[1]))
events = events["traceEvents"] if isinstance(events, dict) else events
args = [a for a in sys.argv[1:] if not a.startswith("--")]
steps = int(args[1]) if len(args) > 1 else 10
by_thread = collections.defaultdict(list)
for e in events:
    if e.get("ph") == "X":
        by_thread[e["tid"]].append(e)
top = []
for evs in by_thread.values():
    evs.sort(key=lambda e: (e["ts"], -e["dur"]))
    end = -1.0
    for e in evs:
        if e["ts"] >= end:
            top.append(e)
            end = e["ts"] + e["dur"]
n_all = sum(len(v) for v in by_thread.values())
print(f"top-level ops/step {len(top) / steps:.0f}, all ops/step {n_all / steps:.0f}, "
      f"time in top-level ops {sum(e['dur'] for e in top) / steps / 1000:.2f} ms/step")
count = collections.Counter(e["name"] for e in top)
time = collections.Counter()
for e in top:
    time[e["name"]] += e["dur"]
print("by count:", ", ".join(f"{k} {v / steps:.0f}" for k, v in count.most_common(15)))
print("by time (ms/step):", ", ".join(f"{k} {v / steps / 1000:.2f}" for k, v in time.most_common(12)))

if "--by-shape" in sys.argv:
    own = collections.Counter()
    calls = collections.Counter()
    for evs in by_thread.values():
        open_ops = []
        for e in evs:  # sorted by start time, outer ops first
            while open_ops and open_ops[-1]["ts"] + open_ops[-1]["dur"] <= e["ts"]:
                open_ops.pop()
            key = (e["name"], str(e.get("shape", "")))
            own[key] += e["dur"]
            calls[key] += 1
            if open_ops:
                parent = open_ops[-1]
                own[(parent["name"], str(parent.get("shape", "")))] -= e["dur"]
            open_ops.append(e)
    print("self time by op and input shapes (ms/step, calls/step):")
    for (name, shape), t in own.most_common(25):
        print(f"  {t / steps / 1000:7.2f} {calls[(name, shape)] / steps:5.1f}  {name} {shape}")
