#!/usr/bin/env bash
# Crash campaign (issue 12): a real `./relax4j train` run killed with SIGKILL many times at random
# moments (every third kill as soon as a checkpoint temp file appears, i.e. in the middle of a
# checkpoint write), resumed with --resume after each kill, then compared with an uninterrupted
# run of the same configuration: final checkpoint.bin bytes, and metrics.jsonl rows by step
# (timing fields step_ms and examples_per_s excluded).
# Too slow for CI (two full runs plus the restarts: about 3-5 minutes with the defaults);
# the suite's CrashResumeTest is the fast version on synthetic data.
#   usage: benchmarks/crash-campaign.sh [KILLS] [STEPS] [CHECKPOINT_EVERY] [SEED]
#          (defaults: 20 3000 50 1; needs MNIST in the data directory, python3)
#   EARLY_KILL=1  allow the first kill before the first checkpoint exists (issue 12, defect 2)
#   KEEP=1        keep the work directory
set -euo pipefail
kills="${1:-20}"; steps="${2:-3000}"; every="${3:-50}"; seed="${4:-1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
relax4j="${RELAX4J:-$root/relax4j}"
export RELAX4J_JAVA_OPTS="${RELAX4J_JAVA_OPTS:--Xmx2g}" RELAX4J_THREADS="${RELAX4J_THREADS:-1}"
command -v python3 >/dev/null || { echo "crash-campaign: python3 is needed to compare metrics" >&2; exit 1; }
work="$(mktemp -d)"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT
RANDOM="$seed"
opts=(--steps "$steps" --log-every 10 --eval-every 0 --eval-examples 200 --eval-k 10
      --checkpoint-every "$every" --no-progress)

"$relax4j" --version > /dev/null   # build the jar first, so no kill lands in a build

start=$(date +%s)
"$relax4j" train "${opts[@]}" --out "$work/reference" > "$work/reference.log" 2>&1 \
  || { echo "uninterrupted run failed:"; tail -3 "$work/reference.log"; exit 1; }
echo "uninterrupted run: $(( $(date +%s) - start )) s"

run="$work/killed"
size() { stat -c %s "$1" 2>/dev/null || echo -1; }
temp_files() { find "$run" -maxdepth 1 -name '.*checkpoint*' -newer "$1" 2>/dev/null | head -1; }

done_kills=0; write_kills=0; resumes=0; failed=0; segment=0
args=(train "${opts[@]}" --out "$run")
while true; do
  log="$work/segment-$segment.log"; segment=$((segment + 1))
  touch "$work/started"
  "$relax4j" "${args[@]}" > "$log" 2>&1 &
  pid=$!   # the launcher execs java: this is the JVM
  if (( done_kills < kills )); then
    if (( done_kills == 0 )) && [[ "${EARLY_KILL:-0}" != 1 ]]; then
      while kill -0 "$pid" 2>/dev/null && [[ ! -f "$run/checkpoint.bin" ]]; do sleep 0.05; done
    fi
    if (( done_kills % 3 == 2 )); then
      # in a checkpoint write: wait for training to append, then for a new temp file
      m0=$(size "$run/metrics.jsonl")
      while kill -0 "$pid" 2>/dev/null && (( $(size "$run/metrics.jsonl") <= m0 )); do sleep 0.01; done
      while kill -0 "$pid" 2>/dev/null && [[ -z "$(temp_files "$work/started")" ]]; do :; done
      what="in a checkpoint write"
    else
      delay_ms=$(( 1000 + RANDOM % 6000 ))   # JVM start-up takes about 2-3 s of this
      sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
      what="after ${delay_ms} ms"
    fi
    kill -9 "$pid" 2>/dev/null || true
    status=0; wait "$pid" || status=$?
    if (( status == 137 )); then
      done_kills=$((done_kills + 1))
      if [[ "$what" == "in a checkpoint write" ]]; then
        if [[ -n "$(temp_files "$work/started")" ]]; then
          write_kills=$((write_kills + 1))
        else
          what="just after a checkpoint write (the temp file was renamed before the kill landed)"
        fi
      fi
      last=$(tail -1 "$run/metrics.jsonl" 2>/dev/null | grep -o '"step":[0-9]*' | cut -d: -f2 || true)
      echo "kill $done_kills $what (last metrics step ${last:-none})"
      args=(train --resume "$run" --no-progress)
      continue
    fi
    (( status == 0 )) && break   # finished before the kill
  elif wait "$pid"; then
    break
  fi
  failed=$((failed + 1))
  echo "a resume failed: $(grep -m1 '^error' "$log" || tail -1 "$log")"
  if (( failed >= 3 )); then
    echo "giving up after 3 failed resumes"
    break
  fi
done
resumes=$(cat "$work"/segment-*.log | grep -c 'resumed .* at step' || true)

python3 - "$work/reference" "$run" "$done_kills" "$write_kills" "$resumes" "$failed" <<'EOF'
import json, os, sys
ref, run, kills, write_kills, resumes, failed = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
timing = {"step_ms", "examples_per_s"}
def rows(d):
    out, bad = [], 0
    try:
        lines = open(os.path.join(d, "metrics.jsonl"), "rb").read().split(b"\n")
    except OSError:
        return out, -1
    for line in lines:
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            out.append({k: v for k, v in r.items() if k not in timing})
        except ValueError:
            bad += 1
    return out, bad
a, _ = rows(ref)
b, bad = rows(run)
by_step = {}
for r in b:
    by_step.setdefault(r.get("step"), []).append(r)
ref_steps = [r["step"] for r in a]
lost = sum(1 for s in ref_steps if s not in by_step)
dup = sum(len(v) - 1 for v in by_step.values())
differ = sum(1 for r in a if r["step"] in by_step and by_step[r["step"]][0] != r)
def read(p):
    try:
        return open(p, "rb").read()
    except OSError:
        return None
same_ckpt = read(os.path.join(ref, "checkpoint.bin")) == read(os.path.join(run, "checkpoint.bin"))
temps = [f for f in os.listdir(run) if f.endswith(".tmp")]
exact = same_ckpt and a == b and failed == 0
print(f"kills: {kills} ({write_kills} with a checkpoint temp file present); resumes: {resumes}; failed resumes: {failed}")
print(f"final checkpoint identical: {'yes' if same_ckpt else 'NO'}; metrics identical: {'yes' if a == b else 'NO'}")
print(f"metrics rows: reference {len(a)}, resumed run {len(b)}; lost {lost}, duplicated {dup}, "
      f"differing {differ}, unparseable {bad}")
print(f"temp files left: {len(temps)}")
print("EXACT" if exact else "NOT EXACT")
raise SystemExit(0 if exact else 1)
EOF
if [[ "${KEEP:-0}" == 1 ]]; then echo "work directory: $work"; fi
