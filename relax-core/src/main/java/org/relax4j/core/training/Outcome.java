package org.relax4j.core.training;

/**
 * How a training loop ended.
 *
 * @param step steps done
 * @param startStep the step the loop started from (after a resume, the checkpoint's)
 * @param completed whether it reached its total without stopping
 * @param stopReason {@link #INTERRUPTED}, why it failed, or null
 */
public record Outcome(long step, long startStep, boolean completed, String stopReason) {

    /** The stop reason of a loop stopped by {@link StochasticTrainer#requestStop()} (e.g. Ctrl-C). */
    public static final String INTERRUPTED = "interrupted";

    /** Whether the run failed (diverged): its state after the failure must not be saved. */
    public boolean failed() {
        return stopReason != null && !INTERRUPTED.equals(stopReason);
    }
}
