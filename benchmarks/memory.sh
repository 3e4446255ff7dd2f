#!/usr/bin/env bash
# Native memory over a long RELAX run: samples the process's resident set size every 30 s.
# A flat RSS after warm-up means every step's arrays are released (each step runs in an NDScope).
#   usage: benchmarks/memory.sh [STEPS] [MODEL]     (defaults: 200000 linear)
set -euo pipefail
steps="${1:-200000}"; model="${2:-linear}"
root="$(cd "$(dirname "$0")/.." && pwd)"
relax4j="${RELAX4J:-$root/relax4j}"
export RELAX4J_JAVA_OPTS="${RELAX4J_JAVA_OPTS:--Xmx2g}" RELAX4J_THREADS="${RELAX4J_THREADS:-1}"
out="$(mktemp -d)"
"$relax4j" --version > /dev/null
"$relax4j" train --model "$model" --estimator relax --steps "$steps" --log-every 1000 --eval-every 20000 \
  --eval-examples 200 --eval-k 10 --no-progress --out "$out/run" > "$out/log" 2>&1 &
sleep 5
pid=$(pgrep -f "relax4j[-a-z]*.jar train --model $model --estimator relax --steps $steps" | head -1)
echo "time_s rss_mb step"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || echo 0)
  step=$(tail -1 "$out/run/metrics.jsonl" 2>/dev/null | grep -o '"step":[0-9]*' | cut -d: -f2 || true)
  echo "$(( $(date +%s) - start )) $rss ${step:-0}"
  sleep 30
done
echo "run directory: $out/run"
