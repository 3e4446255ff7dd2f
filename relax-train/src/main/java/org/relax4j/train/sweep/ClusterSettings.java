package org.relax4j.train.sweep;

/**
 * How a sweep is laid out on a cluster: the image (Kubernetes), how many tasks run at once, how
 * many times a failed task is retried, the volumes holding the data and the runs (Kubernetes
 * persistent volume claims), and whether each task asks for a GPU.
 *
 * @param image the container image, whose entrypoint is {@code relax4j} (e.g. relax4j:cpu)
 * @param parallelism the most tasks running at once
 * @param retries retries of each failed task (Kubernetes backoffLimitPerIndex; Slurm requeues
 *     a preempted or failed-node task itself)
 * @param dataClaim the persistent volume claim mounted at /data
 * @param runsClaim the persistent volume claim mounted at /workspace/runs
 * @param gpu whether each task requests one GPU
 */
public record ClusterSettings(
        String image, int parallelism, int retries, String dataClaim, String runsClaim, boolean gpu) {

    /** Checks the values. */
    public ClusterSettings {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1, got " + parallelism);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("--retries must be >= 0, got " + retries);
        }
    }
}
