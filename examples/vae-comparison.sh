#!/usr/bin/env bash
# REINFORCE (EMA baseline), REBAR and RELAX on MNIST (dynamic binarization), L1 (linear) and NL
# (nonlinear), the same number of steps per model: as many as RELAX does in ~30 minutes on one
# core of a 2-core laptop-class CPU. Runs two trainings at a time, one intra-op thread each, then
# evaluates each run's checkpoint with IWAE-100 on all 10,000 validation examples and compares.
#   usage: examples/vae-comparison.sh OUT_DIR [LINEAR_STEPS] [NONLINEAR_STEPS]
#   EXTRA_TRAIN_ARGS="--beta2 0.999" adds options to every training run (e.g. an optimizer A/B)
set -euo pipefail
out="${1:?usage: $0 OUT_DIR [LINEAR_STEPS] [NONLINEAR_STEPS]}"
linear_steps="${2:-75000}"
nonlinear_steps="${3:-50000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
relax4j="${RELAX4J:-$root/relax4j}"
export RELAX4J_JAVA_OPTS="${RELAX4J_JAVA_OPTS:--Xmx6g}" RELAX4J_THREADS="${RELAX4J_THREADS:-1}"
mkdir -p "$out"

train() { # model estimator steps extra...
  local model=$1 est=$2 steps=$3; shift 3
  local dir="$out/$model-$est"
  if [[ -f "$dir/summary.json" ]]; then echo "skip $dir (done)"; return; fi
  if [[ -f "$dir/checkpoint.bin" ]]; then
    "$relax4j" train --resume "$dir" --steps "$steps" --no-progress > "$dir.log" 2>&1
  else
    "$relax4j" train --model "$model" --estimator "$est" --steps "$steps" --batch 24 --lr 1e-3 \
      --eval-every 5000 --eval-k 100 --eval-examples 1000 --checkpoint-every 5000 --log-every 500 \
      --seed 1 --no-progress --out "$dir" ${EXTRA_TRAIN_ARGS:-} "$@" > "$dir.log" 2>&1
  fi
}

"$relax4j" --version > /dev/null   # build once before running in parallel
train linear relax "$linear_steps" & train nonlinear relax "$nonlinear_steps" & wait
train linear rebar "$linear_steps" & train nonlinear rebar "$nonlinear_steps" & wait
train linear reinforce "$linear_steps" --baseline ema & train nonlinear reinforce "$nonlinear_steps" --baseline ema & wait

for dir in "$out"/*-*/; do
  [[ -f "$dir/eval-validation-k100.json" ]] || "$relax4j" eval --run "$dir" --k 100 --split validation
done
"$relax4j" compare --runs "$out"/linear-*/ "$out"/nonlinear-*/ --out "$out/compare"
