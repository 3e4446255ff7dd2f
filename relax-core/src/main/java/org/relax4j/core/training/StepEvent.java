package org.relax4j.core.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished step as listeners see it. On report steps, listeners add their values to
 * {@link #record()} in listener order; a listener that writes records writes it last.
 */
public final class StepEvent {

    private final long step;
    private final long totalSteps;
    private final StepResult result;
    private final boolean report;
    private final boolean evaluate;
    private final long startNanos;
    private final Map<String, Object> record = new LinkedHashMap<>();

    /**
     * An event for step {@code step} (steps done, this one included) of a loop running to
     * {@code totalSteps}; the trainer makes one per step, and a listener that drives other
     * listeners (one per run of a stack) makes theirs.
     */
    public StepEvent(long step, long totalSteps, StepResult result, boolean report, boolean evaluate, long startNanos) {
        this.step = step;
        this.startNanos = startNanos;
        this.totalSteps = totalSteps;
        this.result = result;
        this.report = report;
        this.evaluate = evaluate;
        record.put("step", step);
    }

    /** Steps done, this one included. */
    public long step() {
        return step;
    }

    /** The step count the loop runs to. */
    public long totalSteps() {
        return totalSteps;
    }

    /** What the step did. */
    public StepResult result() {
        return result;
    }

    /** Whether this step is reported (every report interval, every evaluation and the last step). */
    public boolean report() {
        return report;
    }

    /** Whether this step evaluates on held-out data (every evaluation interval and the last step). */
    public boolean evaluate() {
        return evaluate;
    }

    /** {@link System#nanoTime()} when the step began. */
    public long startNanos() {
        return startNanos;
    }

    /** The step's metrics record, starting with "step"; filled on report steps. */
    public Map<String, Object> record() {
        return record;
    }
}
