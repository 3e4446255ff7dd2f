#!/usr/bin/env bash
# A benchmark, not a test: profile of one `relax4j train` step (StepProfile.java + trace_summary.py) for
# each configuration of the PyTorch comparison.
#   usage: benchmarks/step-profile/profile.sh JAR [WARMUP] [STEPS]   (JAR: a relax4j fat jar, e.g.
#          relax-train/target/relax4j-launch.jar after ./relax4j --version; run it for two commits' jars
#          to compare). Prints per configuration the timings (JSON) and the op counts of 10 traced steps.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$1"; warmup="${2:-100}"; steps="${3:-100}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
export MKL_DYNAMIC=FALSE OMP_DYNAMIC=FALSE OMP_WAIT_POLICY=PASSIVE
java=(java -Xmx4g -Dai.djl.pytorch.num_threads="${RELAX4J_THREADS:-1}" -Dai.djl.offline=true -Djava.awt.headless=true)
for row in "linear relax 24" "nonlinear relax 24" "linear reinforce 24" "nonlinear reinforce 24" "linear relax 256"; do
  read -r m e b <<< "$row"
  dir="$tmp/$m-$e-$b"
  "${java[@]}" -jar "$jar" train --model "$m" --estimator "$e" --batch "$b" --steps 1 --eval-every 0 --eval-examples 10 \
    --eval-k 1 --no-progress --out "$dir" > /dev/null 2>&1
  echo "== $row"
  "${java[@]}" -cp "$jar" "$here/StepProfile.java" "$dir" "$warmup" "$steps" "$tmp/trace.json" 2>&1 | grep step_ms
  python3 "$here/trace_summary.py" "$tmp/trace.json" > "$tmp/summary.txt"; head -1 "$tmp/summary.txt"
done
