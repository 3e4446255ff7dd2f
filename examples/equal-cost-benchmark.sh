#!/usr/bin/env bash
# Equal-cost benchmark of the estimators after RELAX, on the DisARM paper's binary-VAE protocol
# (Dong, Mnih & Tucker 2020: dynamically binarized MNIST and Fashion-MNIST, 200 Bernoulli units,
# linear and nonlinear, batch 50, Adam 1e-4) and on the categorical VAE (20 variables x 10
# classes), 3 seeds each, run as two `relax4j sweep` grids and summarised with `relax4j compare`
# (mean ± standard error over seeds: train ELBO, validation IWAE-100, gradient log-variance, steps/s).
#
#   usage: examples/equal-cost-benchmark.sh [STEPS] [PARALLEL] [RUNS_DIR]
#          (defaults: 50000 steps, 2 tasks at a time, runs/equal-cost)
#   BINARY_ESTIMATORS, CATEGORICAL_ESTIMATORS, DATASETS, SEEDS (YAML lists) override the grids.
#
# Cost: 84 binary and 72 categorical tasks. At 50,000 steps this is days on a 2-core machine (one
# task is 20-60 min there, RODEO and RELAX the slowest): run it on a cluster with
# `relax4j sweep GRID --emit kubernetes|slurm` (the grid files are written to RUNS_DIR first; pass
# EMIT_ONLY=1 to stop there), or lower STEPS for a smoke test. Rerunning the script resumes
# interrupted tasks and skips finished ones.
#
# Differences from the DisARM paper's setup, on purpose: the prior's logits are trained by Adam
# with the rest (the paper uses SGD 1e-2 for them); "nonlinear" is Relax4J's nonlinear model (two
# deterministic tanh layers of 200, as in the REBAR/RELAX papers) rather than LeakyReLU layers;
# multi-sample estimators use K = 2 samples (their default), so every unbiased estimator but
# RELAX and REBAR evaluates f twice per example and step. IndeCateR (N·D·C = 200 evaluations of f
# per example and step) is left out of the default categorical grid; add it to
# CATEGORICAL_ESTIMATORS to measure it.
set -euo pipefail
steps="${1:-50000}"; parallel="${2:-2}"; runs="${3:-runs/equal-cost}"
root="$(cd "$(dirname "$0")/.." && pwd)"
relax4j="${RELAX4J:-$root/relax4j}"
binary="${BINARY_ESTIMATORS:-[rloo, disarm, rodeo, double-cv, arms, relax, rebar]}"
categorical="${CATEGORICAL_ESTIMATORS:-[disarm, carms, gumbel-rao, gapped-st, reinmax, reinforce]}"
datasets="${DATASETS:-[mnist, fashion-mnist]}"
seeds="${SEEDS:-[0, 1, 2]}"
eval_every=$(( steps >= 10 ? steps / 10 : steps ))

mkdir -p "$runs"
for d in $(tr -d '[],' <<< "$datasets"); do "$relax4j" data fetch --dataset "$d" > /dev/null; done

base="{batch: 50, lr: 1e-4, binarization: dynamic, steps: $steps, eval-every: $eval_every, eval-k: 100, eval-examples: 1000, log-every: 100, no-progress: true}"
cat > "$runs/binary.yaml" <<GRID
name: binary
base: $base
grid: {dataset: $datasets, model: [linear, nonlinear], estimator: $binary, seed: $seeds}
GRID
cat > "$runs/categorical.yaml" <<GRID
name: categorical
base: $base
grid: {dataset: $datasets, model: [categorical-linear, categorical-nonlinear], estimator: $categorical, seed: $seeds}
GRID
[[ -n "${EMIT_ONLY:-}" ]] && { echo "grid files: $runs/binary.yaml $runs/categorical.yaml"; exit 0; }

for grid in binary categorical; do
  "$relax4j" sweep "$runs/$grid.yaml" --runs "$runs" --local "$parallel"
done

# one table (and one plot with a band per estimator) per data set and model
for d in $(tr -d '[],' <<< "$datasets"); do
  for pair in binary:linear binary:nonlinear categorical:categorical-linear categorical:categorical-nonlinear; do
    grid="${pair%%:*}"; model="${pair#*:}"
    echo; echo "## $d, $model"
    "$relax4j" compare --runs "$runs/$grid/$d-$model-"* --out "$runs/$grid/$d-$model.compare" \
      --csv "$runs/$grid/$d-$model.csv"
  done
done
