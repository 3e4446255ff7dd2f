#!/usr/bin/env bash
# Stacked runs against their solo runs over a long run: trains seeds 0..K-1 once as a stack
# (train --seeds) and once one by one (train --seed s), same settings, then prints per seed the
# final training ELBO (mean of the last metrics window) and validation IWAE of both, the
# per-seed difference stacked − solo, and the seed-to-seed standard deviation of the solo runs.
# Stacked run k draws exactly its solo run's minibatches and noise, so the two differ only by
# float rounding (batched matrix products), which the chaotic dynamics of training amplify; the
# check is that the differences are within the seed-to-seed spread and centred on zero.
#   usage: benchmarks/stacked-equivalence.sh [K] [STEPS] [MODEL] [ESTIMATOR]
#          (defaults: 4 2000 linear relax; needs MNIST in the data directory, python3)
set -euo pipefail
runs="${1:-4}"; steps="${2:-2000}"; model="${3:-linear}"; estimator="${4:-relax}"
root="$(cd "$(dirname "$0")/.." && pwd)"
relax4j="${RELAX4J:-$root/relax4j}"
export RELAX4J_JAVA_OPTS="${RELAX4J_JAVA_OPTS:--Xmx4g}" RELAX4J_THREADS="${RELAX4J_THREADS:-1}"
out="${OUT:-$(mktemp -d)}"
opts=(--model "$model" --estimator "$estimator" --steps "$steps" --log-every 100 --eval-every 0
      --eval-examples 1000 --eval-k 100 --checkpoint-every "$steps" --no-progress)
# not a timing: the stack and the solo runs train side by side
"$relax4j" --version > /dev/null
"$relax4j" train "${opts[@]}" --seeds "0-$((runs - 1))" --out "$out/stack" > "$out/stack.log" 2>&1 &
for s in $(seq 0 $((runs - 1))); do
  "$relax4j" train "${opts[@]}" --seed "$s" --out "$out/solo-$s" > "$out/solo-$s.log" 2>&1 &
done
wait
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
def final(d):
    s = json.load(open(f"{d}/summary.json"))
    return s["final_train_elbo"], s["last_valid_iwae"]
print("| seed | stacked train ELBO | solo train ELBO | difference | stacked valid IWAE | solo valid IWAE | difference |")
print("|---|---|---|---|---|---|---|")
de, di, se, si = [], [], [], []
for k in range(runs):
    a, b = final(f"{out}/stack/seed-{k}"), final(f"{out}/solo-{k}")
    de.append(a[0] - b[0]); di.append(a[1] - b[1]); se.append(b[0]); si.append(b[1])
    print(f"| {k} | {a[0]:.2f} | {b[0]:.2f} | {a[0]-b[0]:+.2f} | {a[1]:.2f} | {b[1]:.2f} | {a[1]-b[1]:+.2f} |")
for name, d, s in (("train ELBO", de, se), ("valid IWAE", di, si)):
    m, sd = statistics.mean(d), statistics.stdev(d) if len(d) > 1 else float("nan")
    print(f"{name}: mean difference {m:+.3f} (SE {sd / len(d) ** 0.5:.3f}), mean |difference| "
          f"{statistics.mean(abs(x) for x in d):.3f}; seed-to-seed SD of the solo runs {statistics.stdev(s):.3f}")
PY
