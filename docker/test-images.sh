#!/usr/bin/env bash
# docker/test-images.sh: builds docker/Dockerfile.cpu with podman on a local Debian base and checks
# the image against the native launcher:
#   1. the build context (.dockerignore) is small, without target/, runs/, .git or tests; the
#      image: user 1000, entrypoint relax4j, /workspace, RELAX4J_DATA=/data;
#   2. `relax4j info` in a container (no network);
#   3. a 300-step training run in a container, stopped with SIGTERM (podman stop) mid-run: it must
#      leave a checkpoint; `train --resume` in a new container runs it to the end;
#   4. that run's metrics.jsonl and summary.json equal, bit for bit (timings aside), those of an
#      uninterrupted native `./relax4j train` with the same options, and its files are readable
#      by others (mode 644) and owned by uid 1000;
#   5. throughput: container and native runs interleaved (REPEATS pairs, order alternating), the
#      median of the container's steady-state steps/s at least 0.9x the native median.
# Exits non-zero with a message naming the failed check.
#
# NOT FOR CI: it takes about 8 minutes on 2 shared cores when its caches are warm, about 25 the
# first time (debootstrap 2 min, the stand-in base images 7, Maven downloads and build 8; later
# runs reuse the debootstrap tarball and podman's layers), and needs:
#   root; podman (Debian's 4.3 works) with runc; debootstrap; network access to the Debian mirrors
#   and Maven Central (from inside the build); Java 17 and Maven for the native run; python3;
#   MNIST in $RELAX4J_DATA or ~/.relax4j/data (`./relax4j data fetch`), mounted read-only at /data.
# No registry is needed: the stand-in bases are Debian bookworm from debootstrap with Debian's
# OpenJDK 17 (and Maven for the build stage), given through the Dockerfile's BUILD_BASE and
# RUNTIME_BASE arguments.
# Environment:
#   RELAX4J_IMAGE_CACHE   where the debootstrap tarball and containers.conf are kept
#                         (default /var/tmp/relax4j-images)
#   CONTAINERS_CONF       podman configuration (default: one written to the cache with runtime
#                         runc and nofile/nproc ulimits 4096: crun fails on some kernels' cgroups)
#   REPEATS               throughput pairs (default 3)
#   KEEP=1                keep the work directory (it is kept anyway when a check fails)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cache="${RELAX4J_IMAGE_CACHE:-/var/tmp/relax4j-images}"
repeats="${REPEATS:-3}"
data="${RELAX4J_DATA:-$HOME/.relax4j/data}"
minbase=localhost/relax4j-test/bookworm-minbase:latest
build_base=localhost/relax4j-test/jdk17-maven:latest
runtime_base=localhost/relax4j-test/jre17:latest
image=localhost/relax4j-test/relax4j:cpu
steps=300
# small log interval: 30 records to compare; one cheap validation at the end
opts=(--steps "$steps" --log-every 10 --eval-every 0 --eval-examples 200 --eval-k 10 --no-progress)

t0=$SECONDS
say() { printf '[%4ds] %s\n' $((SECONDS - t0)) "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  [[ -n "${work:-}" ]] && printf '      (work directory kept: %s)\n' "$work" >&2
  exit 1
}

# ---- prerequisites ------------------------------------------------------------------------------
[[ $EUID -eq 0 ]] || fail "run as root (podman import of the debootstrap base and runc need it)"
for cmd in podman debootstrap java mvn python3 tar; do
  command -v "$cmd" >/dev/null || fail "$cmd is not installed (Debian: apt-get install $cmd)"
done
[[ -f "$data/mnist/train-images-idx3-ubyte" ]] \
  || fail "no MNIST in $data/mnist: run ./relax4j data fetch (or set RELAX4J_DATA)"
mkdir -p "$cache"
if [[ -z "${CONTAINERS_CONF:-}" ]]; then
  export CONTAINERS_CONF="$cache/containers.conf"
  printf '[containers]\ndefault_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]\n\n[engine]\nruntime = "runc"\n' \
    > "$CONTAINERS_CONF"
fi
work="$(mktemp -d /tmp/docker-test-images.XXXXXX)"
chmod 755 "$work"
name="relax4j-test-$$"
cleanup() { podman rm -f "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT

# ---- base images --------------------------------------------------------------------------------
if ! podman image exists "$minbase"; then
  if [[ ! -f "$cache/bookworm-minbase.tar" ]]; then
    say "debootstrap bookworm (minbase) into $cache (about 2 minutes, once)"
    rm -rf "$cache/rootfs.tmp"
    debootstrap --variant=minbase bookworm "$cache/rootfs.tmp" > "$cache/debootstrap.log" 2>&1 \
      || fail "debootstrap failed, see $cache/debootstrap.log"
    tar -C "$cache/rootfs.tmp" -c . > "$cache/bookworm-minbase.tar.tmp"
    mv "$cache/bookworm-minbase.tar.tmp" "$cache/bookworm-minbase.tar"
    rm -rf "$cache/rootfs.tmp"
  fi
  say "podman import $minbase"
  podman import -q "$cache/bookworm-minbase.tar" "$minbase" >/dev/null
fi
say "stand-in base images (Debian bookworm + OpenJDK 17 + the host's local CAs; cached as podman layers)"
base_context="$work/base-context"
mkdir -p "$base_context/extra-ca"
cp "$root/docker/test-base.Containerfile" "$base_context/"
touch "$base_context/extra-ca/.keep"
find /usr/local/share/ca-certificates -maxdepth 1 -name '*.crt' -exec cp {} "$base_context/extra-ca/" \; 2>/dev/null || true
podman build -q -f "$base_context/test-base.Containerfile" --build-arg BASE="$minbase" \
  --build-arg PACKAGES="openjdk-17-jdk-headless maven" -t "$build_base" "$base_context" > "$work/base.log" 2>&1 \
  || fail "building $build_base failed (log: $work/base.log)"
podman build -q -f "$base_context/test-base.Containerfile" --build-arg BASE="$minbase" \
  --build-arg PACKAGES="openjdk-17-jre-headless" -t "$runtime_base" "$base_context" >> "$work/base.log" 2>&1 \
  || fail "building $runtime_base failed (log: $work/base.log)"

# ---- the build context (.dockerignore) ----------------------------------------------------------
printf 'FROM %s\nCOPY . /ctx\n' "$minbase" > "$work/context.Containerfile"
podman build -q -f "$work/context.Containerfile" -t localhost/relax4j-test/context "$root" > /dev/null \
  || fail "building the context probe failed"
context_kb="$(podman run --rm --network none localhost/relax4j-test/context du -sk /ctx | cut -f1)"
leaked="$(podman run --rm --network none localhost/relax4j-test/context \
  find /ctx \( -name target -o -name runs -o -name .git -o -name test \) -printf '%P ')"
podman rmi -f localhost/relax4j-test/context > /dev/null
[[ -z "$leaked" ]] || fail "the build context holds $leaked: .dockerignore must leave them out"
(( context_kb < 10240 )) || fail "the build context is $((context_kb / 1024)) MB: .dockerignore lets too much in"
say "build context: $context_kb kB, no target/, runs/, .git or tests: ok"

# ---- the image ----------------------------------------------------------------------------------
say "podman build -f docker/Dockerfile.cpu (BUILD_BASE=$build_base RUNTIME_BASE=$runtime_base)"
b0=$SECONDS
podman build -f "$root/docker/Dockerfile.cpu" --build-arg BUILD_BASE="$build_base" \
  --build-arg RUNTIME_BASE="$runtime_base" -t "$image" "$root" > "$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log" >&2; fail "podman build of docker/Dockerfile.cpu failed (log: $work/build.log)"; }
say "built $image in $((SECONDS - b0)) s, $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"

config="$(podman image inspect --format '{{.Config.User}}|{{json .Config.Entrypoint}}|{{.Config.WorkingDir}}|{{json .Config.Env}}' "$image")"
IFS='|' read -r user entrypoint workdir env <<< "$config"
[[ "$user" == 1000:1000 ]] || fail "image user is '$user', expected 1000:1000"
[[ "$entrypoint" == '["relax4j"]' ]] || fail "image entrypoint is $entrypoint, expected [\"relax4j\"]"
[[ "$workdir" == /workspace ]] || fail "image workdir is '$workdir', expected /workspace"
[[ "$env" == *'"RELAX4J_DATA=/data"'* ]] || fail "image does not set RELAX4J_DATA=/data"
say "image: user $user, entrypoint $entrypoint, workdir $workdir, RELAX4J_DATA=/data: ok"

# ---- info ---------------------------------------------------------------------------------------
podman run --rm --network none "$image" info > "$work/info.txt" 2>&1 || { cat "$work/info.txt" >&2; fail "relax4j info failed in the container"; }
sed -n '1,4p' "$work/info.txt" | sed 's/^/    /'
grep -q 'PyTorch 2.7.1' "$work/info.txt" || fail "relax4j info in the container does not report PyTorch 2.7.1"

# ---- native reference ---------------------------------------------------------------------------
say "native: ./relax4j train ${opts[*]} (uninterrupted reference; builds the jar if needed)"
"$root/relax4j" train "${opts[@]}" --out "$work/native" > "$work/native.log" 2>&1 \
  || { tail -20 "$work/native.log" >&2; fail "native ./relax4j train failed"; }

# ---- container: SIGTERM mid-run, then --resume --------------------------------------------------
runs="$work/container-runs"
mkdir -p "$runs" && chown 1000:1000 "$runs"
mounts=(-v "$runs:/workspace/runs" -v "$data:/data:ro")
say "container: train ${opts[*]} --out runs/vae, SIGTERM (podman stop) after step 100"
podman run -d --name "$name" --network none "${mounts[@]}" "$image" train "${opts[@]}" --out runs/vae >/dev/null
last_step() { [[ -f "$runs/vae/metrics.jsonl" ]] && tail -n 1 "$runs/vae/metrics.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read() or "{}").get("step", 0))' 2>/dev/null || echo 0; }
for _ in $(seq 1 600); do
  [[ "$(podman inspect --format '{{.State.Running}}' "$name")" == true ]] || { podman logs "$name" 2>&1 | tail -20 >&2; fail "the container run ended before it was stopped"; }
  (( $(last_step) >= 100 )) && break
  sleep 0.5
done
(( $(last_step) >= 100 )) || fail "the container run did not reach step 100 in 300 s"
podman stop --time 120 "$name" >/dev/null
code="$(podman inspect --format '{{.State.ExitCode}}' "$name")"
podman logs "$name" > "$work/container-stopped.log" 2>&1
podman rm "$name" >/dev/null
stopped_at="$(last_step)"
[[ -f "$runs/vae/checkpoint.bin" ]] || fail "no checkpoint.bin after SIGTERM (exit code $code; log: $work/container-stopped.log)"
python3 - "$runs/vae/summary.json" <<'EOF' || fail "summary.json after SIGTERM does not say completed=false"
import json, sys
s = json.load(open(sys.argv[1]))
sys.exit(0 if s.get("completed") is False else 1)
EOF
(( stopped_at < steps )) || fail "the run finished (step $stopped_at) before SIGTERM reached it"
say "stopped: exit code $code, last logged step $stopped_at, checkpoint.bin written, summary completed=false"

say "container: train --resume runs/vae --no-progress"
podman run --rm --network none "${mounts[@]}" "$image" train --resume runs/vae --no-progress \
  > "$work/container-resumed.log" 2>&1 || { tail -20 "$work/container-resumed.log" >&2; fail "train --resume failed in the container"; }
say "resumed: $(grep -o 'resumed .* at step [0-9]* of [0-9]*' "$work/container-resumed.log" || echo '(no "resumed ... at step" line in the log)')"

# ---- same numbers, readable files ---------------------------------------------------------------
python3 - "$work/native" "$runs/vae" <<'EOF' || fail "the SIGTERM-and-resumed container run differs from the uninterrupted native run"
import json, sys
native, container = sys.argv[1], sys.argv[2]
timing = {"step_ms", "examples_per_s", "session_seconds", "session_steps_per_second"}
def records(d):
    with open(d + "/metrics.jsonl") as f:
        return [{k: v for k, v in json.loads(l).items() if k not in timing} for l in f if l.strip()]
def summary(d):
    with open(d + "/summary.json") as f:
        return {k: v for k, v in json.load(f).items() if k not in timing}
a, b = records(native), records(container)
if len(a) != len(b):
    sys.exit(f"metrics.jsonl: {len(a)} records native, {len(b)} in the container")
for x, y in zip(a, b):
    if x != y:
        sys.exit(f"metrics.jsonl differs at step {x.get('step')}:\n  native    {x}\n  container {y}")
sa, sb = summary(native), summary(container)
if sa != sb:
    sys.exit(f"summary.json differs:\n  native    {sa}\n  container {sb}")
print(f"    {len(a)} metrics records and summary.json equal (timings aside): final train ELBO "
      f"{sa['final_train_elbo']!r}, grad log-var {sa['final_grad_logvar']!r}, valid IWAE-{sa['valid_k']} {sa['last_valid_iwae']!r}")
EOF
bad="$(find "$runs/vae" -type f ! -name .lock \( ! -perm -044 -o ! -uid 1000 \) -printf '%m %U %f\n')"
[[ -z "$bad" ]] || fail "files in the container's run directory not readable by others or not owned by uid 1000: $bad"
say "run directory files: mode $(stat -c %a "$runs/vae/metrics.jsonl"), owner uid $(stat -c %u "$runs/vae/metrics.jsonl"): ok"

# ---- throughput ---------------------------------------------------------------------------------
# A run's throughput: steps/s of its steady state, 1000 / median step_ms of its metrics records after
# step 50 (the session's overall rate, shown too, also counts JIT warm-up and the final evaluation).
rate() {
  python3 - "$1" <<'EOF'
import json, statistics, sys
d = sys.argv[1]
with open(d + "/metrics.jsonl") as f:
    ms = [r["step_ms"] for r in map(json.loads, filter(str.strip, f)) if r["step"] > 50]
with open(d + "/summary.json") as f:
    session = json.load(f)["session_steps_per_second"]
print(1000 / statistics.median(ms), session)
EOF
}
native_run() { "$root/relax4j" train "${opts[@]}" --out "$work/tp-native-$1" > "$work/tp-native-$1.log" 2>&1 || fail "native throughput run $1 failed"; rate "$work/tp-native-$1"; }
container_run() { podman run --rm --network none "${mounts[@]}" "$image" train "${opts[@]}" --out "runs/tp-$1" > "$work/tp-container-$1.log" 2>&1 || fail "container throughput run $1 failed"; rate "$runs/tp-$1"; }
say "throughput: $repeats interleaved pairs of $steps-step runs, order alternating"
native_rates=() container_rates=()
for i in $(seq 1 "$repeats"); do
  if (( i % 2 )); then n="$(native_run "$i")"; c="$(container_run "$i")"; else c="$(container_run "$i")"; n="$(native_run "$i")"; fi
  read -r n_steady n_session <<< "$n"
  read -r c_steady c_session <<< "$c"
  native_rates+=("$n_steady") container_rates+=("$c_steady")
  printf '    pair %d: native %5.2f steps/s (session %5.2f), container %5.2f steps/s (session %5.2f)\n' \
    "$i" "$n_steady" "$n_session" "$c_steady" "$c_session"
done
python3 - "${native_rates[*]}" "${container_rates[*]}" <<'EOF' || fail "container throughput below 0.9x the native launcher's"
import statistics, sys
n = statistics.median(map(float, sys.argv[1].split()))
c = statistics.median(map(float, sys.argv[2].split()))
print(f"    median steps/s: native {n:.2f}, container {c:.2f}, ratio {c / n:.3f} (needs >= 0.9)")
sys.exit(0 if c >= 0.9 * n else 1)
EOF

say "PASS: all image checks"
if [[ "${KEEP:-0}" == 1 ]]; then echo "work directory: $work"; else rm -rf "$work"; fi
