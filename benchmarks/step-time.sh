#!/usr/bin/env bash
# Time per training step of every estimator on one model, in one run, as ratios to REINFORCE.
#   usage: benchmarks/step-time.sh [MODEL] [STEPS] [BATCH]     (defaults: linear 1000 24)
# Uses one intra-op thread (set RELAX4J_THREADS to change). Timings on a shared machine are noisy:
# compare the ratios printed by one invocation, not absolute numbers across invocations.
set -euo pipefail
model="${1:-linear}"; steps="${2:-1000}"; batch="${3:-24}"
root="$(cd "$(dirname "$0")/.." && pwd)"
relax4j="${RELAX4J:-$root/relax4j}"
export RELAX4J_JAVA_OPTS="${RELAX4J_JAVA_OPTS:--Xmx4g}" RELAX4J_THREADS="${RELAX4J_THREADS:-1}"
out="$(mktemp -d)"
estimators=(reinforce concrete straight-through arm disarm rebar relax relax-net)
[[ "$model" != linear2 ]] && estimators+=(rloo vimco)
"$relax4j" --version > /dev/null
declare -A ms
for e in "${estimators[@]}"; do
  "$relax4j" train --model "$model" --estimator "$e" --batch "$batch" --steps "$steps" --log-every $((steps / 2)) \
    --eval-every 0 --eval-examples 100 --eval-k 1 --no-progress --out "$out/$e" > "$out/$e.log" 2>&1
  # the second window excludes start-up and warm-up
  ms[$e]=$(tail -1 "$out/$e/metrics.jsonl" | grep -o '"step_ms":[0-9.]*' | cut -d: -f2)
done
printf '| estimator | ms/step (%s, batch %s) | ratio to reinforce |\n|---|---|---|\n' "$model" "$batch"
for e in "${estimators[@]}"; do
  awk -v e="$e" -v m="${ms[$e]}" -v r="${ms[reinforce]}" 'BEGIN { printf "| %s | %.2f | %.2f |\n", e, m, m / r }'
done
rm -rf "$out"
