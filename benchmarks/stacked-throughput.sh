#!/usr/bin/env bash
# Throughput of stacked runs (train --seeds) against the same runs trained one after another:
# training examples per second summed over the K runs, i.e. K·B / (stacked ms per step) against
# K·B / (sum over the K solo runs of their ms per step). Each repeat runs the stack, then the K
# solo runs, so the two are interleaved; ms per step is each run's second metrics window
# (start-up and JIT warm-up excluded; evaluations are not timed by the trainer).
#   usage: benchmarks/stacked-throughput.sh [K] [STEPS] [BATCH] [REPEATS] [MODEL] [ESTIMATOR]
#          (defaults: 8 400 24 3 linear relax; needs MNIST in the data directory)
# Uses one intra-op thread (set RELAX4J_THREADS to change). On a shared machine compare the ratio
# of one invocation, not absolute numbers across invocations.
set -euo pipefail
runs="${1:-8}"; steps="${2:-400}"; batch="${3:-24}"; repeats="${4:-3}"
model="${5:-linear}"; estimator="${6:-relax}"
root="$(cd "$(dirname "$0")/.." && pwd)"
relax4j="${RELAX4J:-$root/relax4j}"
export RELAX4J_JAVA_OPTS="${RELAX4J_JAVA_OPTS:--Xmx4g}" RELAX4J_THREADS="${RELAX4J_THREADS:-1}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
opts=(--model "$model" --estimator "$estimator" --batch "$batch" --steps "$steps" --log-every $((steps / 2))
      --eval-every 0 --eval-examples 100 --eval-k 1 --checkpoint-every "$steps" --no-progress)
step_ms() { tail -1 "$1/metrics.jsonl" | grep -o '"step_ms":[0-9.]*' | cut -d: -f2; }
"$relax4j" --version > /dev/null
printf '| repeat | stacked ms/step (K=%s) | solo ms/step, mean of %s | stacked examples/s | sequential examples/s | ratio |\n' \
  "$runs" "$runs"
printf '|---|---|---|---|---|---|\n'
ratios=()
for r in $(seq 1 "$repeats"); do
  "$relax4j" train "${opts[@]}" --seeds "0-$((runs - 1))" --out "$out/stack-$r" > "$out/stack-$r.log" 2>&1 \
    || { echo "stacked run failed:"; tail -3 "$out/stack-$r.log"; exit 1; }
  stacked=$(step_ms "$out/stack-$r/seed-0")
  total=0
  for s in $(seq 0 $((runs - 1))); do
    "$relax4j" train "${opts[@]}" --seed "$s" --out "$out/solo-$r-$s" > "$out/solo-$r-$s.log" 2>&1 \
      || { echo "solo run failed:"; tail -3 "$out/solo-$r-$s.log"; exit 1; }
    total=$(awk -v t="$total" -v m="$(step_ms "$out/solo-$r-$s")" 'BEGIN { print t + m }')
  done
  ratio=$(awk -v t="$total" -v m="$stacked" 'BEGIN { print t / m }')
  ratios+=("$ratio")
  awk -v r="$r" -v m="$stacked" -v t="$total" -v k="$runs" -v b="$batch" -v q="$ratio" \
    'BEGIN { printf "| %d | %.2f | %.2f | %.0f | %.0f | %.2f |\n", r, m, t / k, 1000 * k * b / m, 1000 * k * b / t, q }'
  rm -rf "$out/stack-$r" "$out"/solo-"$r"-*
done
printf '%s\n' "${ratios[@]}" | sort -g | awk '{ a[NR] = $1 } END { printf "median ratio %.2f (range %.2f to %.2f) over %d repeats\n", a[int((NR + 1) / 2)], a[1], a[NR], NR }'
