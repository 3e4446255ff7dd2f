#!/usr/bin/env bash
# Estimators compared at one frozen model: for each run directory given, train a fresh control
# variate of each estimator on the run's final model (relax4j finetune-cv --estimator) and measure
# the encoder-gradient log-variance on the same minibatches and noise, before and after. Also
# continues the run's own control variate. Prints a Markdown table.
#   usage: examples/fixed-model-variance.sh STEPS RUN_DIR...
set -euo pipefail
steps="${1:?usage: $0 STEPS RUN_DIR...}"; shift
root="$(cd "$(dirname "$0")/.." && pwd)"
relax4j="${RELAX4J:-$root/relax4j}"
export RELAX4J_THREADS="${RELAX4J_THREADS:-1}"
common=(--steps "$steps" --variance-samples 200 --variance-batches 3)

"$relax4j" --version > /dev/null   # build once before running in parallel
for run in "$@"; do
  ( "$relax4j" finetune-cv --run "$run" "${common[@]}" > "$run/finetune-cv.log" 2>&1
    for est in rebar relax relax-net; do
      "$relax4j" finetune-cv --run "$run" --estimator "$est" "${common[@]}" > "$run/finetune-cv-$est.log" 2>&1
    done
    "$relax4j" finetune-cv --run "$run" --estimator reinforce --baseline learned "${common[@]}" \
      --out "$run/finetune-cv-reinforce-learned" > "$run/finetune-cv-reinforce-learned.log" 2>&1 ) &
done
wait

echo "| run | control variate | log-var before | log-var after $steps steps |"
echo "|---|---|---|---|"
for run in "$@"; do
  for what in "the run's own, continued:finetune-cv" "rebar (fresh):finetune-cv-rebar" "relax (fresh):finetune-cv-relax" \
              "relax-net, r_phi alone (fresh):finetune-cv-relax-net" \
              "reinforce, learned baseline (fresh):finetune-cv-reinforce-learned"; do
    # last line of the log: "encoder-gradient log-variance: before B, after A (change C) -> FILE"
    line="$(grep 'encoder-gradient log-variance' "$run/${what#*:}.log" | tail -1)"
    before="$(sed -E 's/.*before ([-0-9.]+),.*/\1/' <<< "$line")"
    after="$(sed -E 's/.*after ([-0-9.]+) .*/\1/' <<< "$line")"
    echo "| $(basename "$run") | ${what%%:*} | $before | $after |"
  done
done
