package org.relax4j.train.sweep;

/**
 * The Slurm batch script of a sweep: a job array with one element per task ({@code --array=0-(n-1)%p},
 * at most {@code p} at once); element {@code i} runs {@code relax4j sweep GRID --index
 * $SLURM_ARRAY_TASK_ID}, which starts, resumes or skips task i's run. {@code --requeue} lets
 * Slurm put a preempted or node-failed element back in the queue, and the requeued element resumes
 * from its checkpoint. Submit it with {@code sbatch} from the directory holding the grid file and
 * {@code runs/}; {@code relax4j} must be on the PATH of the compute nodes.
 */
public final class SlurmScript {

    private SlurmScript() {}

    /**
     * The script for {@code grid}, referring to the grid file as {@code gridPath} and to the runs
     * root as {@code runs}.
     */
    public static String script(SweepGrid grid, String gridPath, String runs, ClusterSettings settings) {
        int n = grid.size();
        int p = Math.min(settings.parallelism(), n);
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# relax4j sweep ")
                .append(grid.file().getFileName())
                .append(": ")
                .append(n);
        s.append(" tasks as a Slurm job array. Submit: sbatch FILE\n");
        s.append("#SBATCH --job-name=")
                .append(KubernetesJob.resourceName(grid.name()))
                .append('\n');
        s.append("#SBATCH --array=0-").append(n - 1).append('%').append(p).append('\n');
        s.append("#SBATCH --requeue\n");
        s.append("#SBATCH --ntasks=1\n");
        s.append("#SBATCH --cpus-per-task=1\n");
        if (settings.gpu()) {
            s.append("#SBATCH --gres=gpu:1\n");
        }
        s.append("#SBATCH --output=relax4j-").append(grid.name()).append("-%A_%a.out\n");
        s.append("set -euo pipefail\n");
        s.append("exec relax4j sweep ")
                .append(quote(gridPath))
                .append(" --index \"$SLURM_ARRAY_TASK_ID\" --runs ")
                .append(quote(runs))
                .append('\n');
        return s.toString();
    }

    /** {@code s} as one shell word (single-quoted unless it is plain). */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:=+-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
