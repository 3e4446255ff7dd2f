# shellcheck shell=bash
# How the relax4j fat jar is run: the one place for its JVM, thread and OpenMP settings.
# Sourced by ./relax4j, which is also the container images' entrypoint (docker/Dockerfile.*), so a
# native run and a container run use the same settings. Sets RELAX4J_JVM_ARGS (an array: java's
# options before -jar) and exports the native libraries' thread settings.
#   RELAX4J_THREADS     libtorch intra-op threads (default 1: a batch-24 VAE step is no faster with
#                       more, and idle OpenMP threads spinning against other jobs slow it 10x or more;
#                       an image run without these settings trained 7x slower than ./relax4j)
#   RELAX4J_JAVA_OPTS   JVM options replacing the default -Xmx8g (e.g. -XX:MaxRAMPercentage=75
#                       under a container memory limit)
#   DJL_OFFLINE         default true: DJL downloads nothing and sends no usage report
#   RELAX4J_MALLOC      default: leave glibc's malloc settings alone (see below)
#   RELAX4J_UMASK       if set, the umask for everything the run writes (the images set 0022 so
#                       run directories are readable by other users, whatever the runtime's umask)

# MKL and OpenMP must not shrink their thread teams under load, or CPU results stop being
# bit-reproducible (a resumed run would drift from an uninterrupted one)
export MKL_DYNAMIC="${MKL_DYNAMIC:-FALSE}" OMP_DYNAMIC="${OMP_DYNAMIC:-FALSE}" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

# glibc malloc: keep freed native memory for reuse instead of handing it back to the kernel after
# every step. By default glibc serves large arrays (from 128 KiB; it raises that threshold only up to
# 32 MiB) with fresh mappings and returns freed heap to the kernel, so each step page-faults and zeroes
# its intermediates again: 8 stacked runs stepped at 278 ms with the defaults and 109 ms with
# these, a solo batch-24 RELAX step 17% faster (docs/results.md). Resident memory then stays at the
# steady-state high-water mark of a step instead of shrinking between steps. Set RELAX4J_MALLOC=default
# to keep glibc's own settings.
if [[ "${RELAX4J_MALLOC:-tuned}" != default ]]; then
  export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-1073741824}" \
    MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}" \
    MALLOC_TOP_PAD_="${MALLOC_TOP_PAD_:-268435456}"
fi

if [[ -n "${RELAX4J_UMASK:-}" ]]; then
  umask "$RELAX4J_UMASK"
fi

# shellcheck disable=SC2206  # RELAX4J_JAVA_OPTS is split into words on purpose
RELAX4J_JVM_ARGS=(${RELAX4J_JAVA_OPTS:--Xmx8g} -Dai.djl.pytorch.num_threads="${RELAX4J_THREADS:-1}"
  -Djava.awt.headless=true -Dai.djl.offline="${DJL_OFFLINE:-true}")
