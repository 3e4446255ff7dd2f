#!/usr/bin/env bash
# A benchmark, not a test: ms per training step of Relax4J (`./relax4j train`) against the plain-PyTorch
# reference relax_vae_step.py on the same VAE step, run INTERLEAVED on this machine (Relax4J, then PyTorch,
# for every row, REPEATS rounds) so that load from other jobs hits both sides alike. One intra-op thread
# on both sides. Timings on a shared machine are noisy: read the ratios, and rerun before concluding.
#   usage: benchmarks/pytorch-reference/compare.sh          (env: REPEATS=3, PYTHON=/usr/bin/python3,
#          THREADS=1, RELAX4J_BEFORE=another relax4j launcher, e.g. of an older commit: adds its column,
#          run interleaved with the others, and the speed-up after/before)
# Relax4J's number is step_ms of the step-600 record of metrics.jsonl (the mean over steps 300..600);
# PyTorch's is the script's step_ms (median of 30-step windows over steps 300..600).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
relax4j="${RELAX4J:-$root/relax4j}"
python="${PYTHON:-/usr/bin/python3}"
repeats="${REPEATS:-3}"
threads="${THREADS:-1}"
before="${RELAX4J_BEFORE:-}"
export RELAX4J_JAVA_OPTS="${RELAX4J_JAVA_OPTS:--Xmx4g}" RELAX4J_THREADS="$threads" OMP_NUM_THREADS="$threads"
rows=("linear relax 24" "nonlinear relax 24" "linear reinforce 24" "nonlinear reinforce 24" "linear relax 256")
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
"$relax4j" --version > /dev/null
for ((r = 1; r <= repeats; r++)); do
  for i in "${!rows[@]}"; do
    read -r m e b <<< "${rows[$i]}"
    for side in ${before:+b} j; do
      launcher="$relax4j"; [[ "$side" == b ]] && launcher="$before"
      out="$tmp/run-$side-$r-$i"
      "$launcher" train --model "$m" --estimator "$e" --batch "$b" --steps 600 --log-every 300 --eval-every 0 \
        --eval-examples 100 --eval-k 1 --no-progress --out "$out" > "$out.log" 2>&1
      grep '"step":600[,}]' "$out/metrics.jsonl" | grep -o '"step_ms":[0-9.eE+-]*' | cut -d: -f2 >> "$tmp/$side$i"
    done
    "$python" "$here/relax_vae_step.py" --model "$m" --estimator "$e" --batch "$b" --threads "$threads" \
      | grep -o '"step_ms": [0-9.eE+-]*' | cut -d' ' -f2 >> "$tmp/p$i"
    echo "round $r/$repeats: $m $e $b done" >&2
  done
done
stats() { sort -g "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "%.2f %.2f %.2f\n", m, v[1], v[NR] }'; }
if [[ -n "$before" ]]; then
  echo "| model | estimator | batch | before ms/step (median, range) | Relax4J ms/step (median, range) | PyTorch ms/step (median, range) | before/after | PyTorch/Relax4J |"
  echo "|---|---|---|---|---|---|---|---|"
else
  echo "| model | estimator | batch | Relax4J ms/step (median, range) | PyTorch ms/step (median, range) | PyTorch/Relax4J |"
  echo "|---|---|---|---|---|---|"
fi
for i in "${!rows[@]}"; do
  read -r m e b <<< "${rows[$i]}"
  read -r jm jl jh < <(stats "$tmp/j$i"); read -r pm pl ph < <(stats "$tmp/p$i")
  if [[ -n "$before" ]]; then
    read -r bm bl bh < <(stats "$tmp/b$i")
    awk -v m="$m" -v e="$e" -v b="$b" -v bm="$bm" -v bl="$bl" -v bh="$bh" -v jm="$jm" -v jl="$jl" -v jh="$jh" \
      -v pm="$pm" -v pl="$pl" -v ph="$ph" 'BEGIN { printf "| %s | %s | %s | %s (%s–%s) | %s (%s–%s) | %s (%s–%s) | %.2f | %.2f |\n",
      m, e, b, bm, bl, bh, jm, jl, jh, pm, pl, ph, bm / jm, pm / jm }'
  else
    awk -v m="$m" -v e="$e" -v b="$b" -v jm="$jm" -v jl="$jl" -v jh="$jh" -v pm="$pm" -v pl="$pl" -v ph="$ph" \
      'BEGIN { printf "| %s | %s | %s | %s (%s–%s) | %s (%s–%s) | %.2f |\n", m, e, b, jm, jl, jh, pm, pl, ph, pm / jm }'
  fi
done
echo "($repeats interleaved round(s), $threads intra-op thread(s), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $("$python" -c 'import torch; print("torch", torch.__version__)'))"
