#!/usr/bin/env bash
# Reproduces the experiments of Lee, Yu & Yang, "Reparameterization Gradient for Non-differentiable
# Models" (NeurIPS 2018) with Relax4J: ELBO curves and the variance-ratio table (ratios of
# REPARAM's and OURS' gradient variance to SCORE's, lr 0.001) for the three benchmarks
# temperature, textmsg and influenza.
#
#   examples/nondiff-benchmarks.sh [OUT_DIR]            (default OUT_DIR: runs/nondiff)
#
# Environment:
#   ITERATIONS        Adam iterations per estimator (default 10000, as in the paper)
#   LR                step size (default 0.001)
#   SAMPLES           samples per gradient estimate N (default 1)
#   VARIANCE_SAMPLES  independent estimates per variance measurement M (default 16, as in the paper)
#   VARIANCE_EVERY    iterations between variance measurements (default 1: every iteration, as in the
#                     paper). Sparser measurement (e.g. VARIANCE_EVERY=100 VARIANCE_SAMPLES=1000) is
#                     cheaper but misses the short, huge variance spikes of reparam-nondiff on
#                     temperature, which dominate its iteration-averaged variance.
#   SEED              random seed (default 1)
#   PARALLEL          run the three models at the same time (default 0: one after the other, which
#                     gives cleaner time-per-iteration numbers)
#   RELAX4J           command to run (default: the ./relax4j launcher, which rebuilds when sources
#                     change; e.g. "java -jar /path/to/relax4j.jar" to pin a build)
#
# Each model's directory gets metrics.jsonl, elbo.png, neg_elbo_log.png, variance_ratios.md and
# summary.json; OUT_DIR/variance_ratios.md combines the three next to the published values.
# On a 2-core CPU the full run takes roughly 30-40 minutes (half of it measuring variance).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-runs/nondiff}"
iterations="${ITERATIONS:-10000}"
lr="${LR:-0.001}"
samples="${SAMPLES:-1}"
variance_samples="${VARIANCE_SAMPLES:-16}"
variance_every="${VARIANCE_EVERY:-1}"
seed="${SEED:-1}"
mkdir -p "$out"
read -r -a relax4j <<< "${RELAX4J:-$root/relax4j}"

run_model() {
  local model="$1"
  "${relax4j[@]}" nondiff --model "$model" --estimator score,reparam,reparam-nondiff \
    --iterations "$iterations" --lr "$lr" --samples "$samples" --variance-samples "$variance_samples" \
    --variance-every "$variance_every" --log-every 100 --elbo-samples 1000 --seed "$seed" --out "$out/$model" > "$out/$model.log" 2>&1
  echo "$model done: $out/$model/variance_ratios.md"
}

# build once before (possibly parallel) runs
"${relax4j[@]}" nondiff --help > /dev/null

if [[ "${PARALLEL:-0}" == 1 ]]; then
  for model in temperature textmsg influenza; do run_model "$model" & done
  wait
else
  for model in temperature textmsg influenza; do run_model "$model"; done
fi

"${relax4j[@]}" nondiff table "$out/temperature" "$out/textmsg" "$out/influenza" --out "$out/variance_ratios.md"
