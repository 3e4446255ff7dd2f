package org.relax4j.core.training.listener;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.relax4j.core.training.Stateful;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StepResult;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts skipped (non-finite) steps, logs each, reports the total as {@code skipped_steps} and
 * fails the run after {@code maxBadSteps} in a row: the model has diverged, and nothing after the
 * last good checkpoint is saved.
 */
public final class DivergenceGuard implements TrainingListener, Stateful {

    private static final Logger LOG = LoggerFactory.getLogger(DivergenceGuard.class);

    private final int maxBadSteps;
    private long skipped;
    private int consecutive;

    /**
     * @param maxBadSteps consecutive skipped steps that end the run (the stop reason ends with the
     *     trainer's {@link StochasticTrainer#divergenceAdvice()})
     */
    public DivergenceGuard(int maxBadSteps) {
        if (maxBadSteps <= 0) {
            throw new IllegalArgumentException("--max-bad-steps must be positive, got " + maxBadSteps);
        }
        this.maxBadSteps = maxBadSteps;
    }

    /** Steps skipped so far. */
    public long skippedSteps() {
        return skipped;
    }

    @Override
    public void onTrainingBegin(StochasticTrainer trainer, long step) {
        consecutive = 0;
    }

    @Override
    public void onStep(StochasticTrainer trainer, StepEvent event) {
        StepResult r = event.result();
        if (r.applied()) {
            consecutive = 0;
        } else {
            consecutive++;
            skipped++;
            LOG.warn("step {} skipped: {} (objective {})", event.step(), r.problem(), r.objective());
            if (consecutive >= maxBadSteps) {
                trainer.fail(consecutive + " consecutive steps had non-finite losses or gradients (last: " + r.problem()
                        + "); the model diverged" + trainer.divergenceAdvice());
                return;
            }
        }
        if (event.report()) {
            event.record().put("skipped_steps", skipped);
        }
    }

    @Override
    public String stateName() {
        return "listener/divergence";
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(skipped);
    }

    @Override
    public void load(DataInputStream in, NDManager manager) throws IOException {
        skipped = in.readLong();
    }
}
