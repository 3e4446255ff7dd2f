package org.relax4j.core.training.listener;

import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;

/**
 * Reports the mean wall time per step since the last report ({@code step_ms}, from the start of
 * the window's first step to the end of the report step, so evaluations are not counted) and the
 * throughput ({@code examples_per_s}).
 */
public final class TimingListener implements TrainingListener {

    private final int batch;
    private long windowStart = -1;
    private long windowSteps;

    /** A listener for minibatches of {@code batch} examples. */
    public TimingListener(int batch) {
        this.batch = batch;
    }

    @Override
    public void onStep(StochasticTrainer trainer, StepEvent event) {
        if (windowStart < 0) {
            windowStart = event.startNanos();
        }
        windowSteps++;
        if (event.report()) {
            double stepMs = (System.nanoTime() - windowStart) / 1e6 / Math.max(1, windowSteps);
            event.record().put("step_ms", stepMs);
            event.record().put("examples_per_s", 1000.0 * batch / stepMs);
            windowStart = -1;
            windowSteps = 0;
        }
    }
}
