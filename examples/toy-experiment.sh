#!/usr/bin/env bash
# The RELAX paper's toy problem (section 6.1, Fig. 1) at t = 0.499: REINFORCE, REBAR, RELAX (with
# and without the relaxed objective in its control variate), 10,000 steps, 5 seeds.
#   usage: examples/toy-experiment.sh OUT_DIR
set -euo pipefail
out="${1:?usage: $0 OUT_DIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
"${RELAX4J:-$root/relax4j}" toy --estimator reinforce,rebar,relax,relax-net --target 0.499 --steps 10000 \
  --seeds 5 --log-every 10 --variance-samples 1000 --out "$out"
