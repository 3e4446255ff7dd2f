package org.relax4j.train.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;

/**
 * Saves a checkpoint every {@code every} steps and when the loop ends (completed or interrupted,
 * Ctrl-C included); after a failure (divergence) nothing is saved, so the last good checkpoint
 * stays. Add it after the listeners whose state it saves have seen the step.
 */
public final class CheckpointListener implements TrainingListener {

    /** Saves a checkpoint taken at a step. */
    @FunctionalInterface
    public interface Saver {
        /** Writes the checkpoint of {@code step}. */
        void save(long step) throws IOException;
    }

    private final long every;
    private final Saver saver;

    /** Saves with {@code saver} every {@code every} steps and at the end. */
    public CheckpointListener(long every, Saver saver) {
        this.every = every;
        this.saver = saver;
    }

    @Override
    public void onStep(StochasticTrainer trainer, StepEvent event) {
        if (event.step() % every == 0) {
            save(event.step());
        }
    }

    @Override
    public void onTrainingEnd(StochasticTrainer trainer, Outcome outcome) {
        if (!outcome.failed()) {
            save(outcome.step());
        }
    }

    private void save(long step) {
        try {
            saver.save(step);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
