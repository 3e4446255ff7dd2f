#!/usr/bin/env python3
"""Summarise a PyTorch profiler chrome trace written by StepProfile.java (10 steps).

Prints per step: top-level ops (the calls Java made into libtorch that reached an aten op), all ops
(including the ones libtorch runs inside them and the autograd backward ops), and the top-level ops
by count and by time.  usage: trace_summary.py TRACE.json [STEPS=10]"""
import collections
import json
import sys

events = json.load(open(sys.argv[1]))
events = events["traceEvents"] if isinstance(events, dict) else events
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
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
