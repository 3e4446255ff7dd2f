package org.relax4j.train.listener;

import java.util.function.Function;
import java.util.function.Predicate;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.train.progress.Progress;

/**
 * Moves a progress bar on chosen steps, with a status message from the step. Either it owns a
 * bar for one loop (started at the loop's first step, closed at its end), or it moves a shared
 * bar, shifted (several loops on one bar, or steps numbered from an offset).
 */
public final class ProgressListener implements TrainingListener {

    private final String task;
    private final long total;
    private final long shift;
    private final Predicate<StepEvent> when;
    private final Function<StepEvent, String> message;
    private Progress progress;

    private ProgressListener(
            String task,
            long total,
            Progress shared,
            long shift,
            Predicate<StepEvent> when,
            Function<StepEvent, String> message) {
        this.task = task;
        this.total = total;
        this.progress = shared;
        this.shift = shift;
        this.when = when;
        this.message = message;
    }

    /** A bar of its own named {@code task} up to {@code total}, moved on the steps {@code when} accepts. */
    public static ProgressListener owned(
            String task, long total, Predicate<StepEvent> when, Function<StepEvent, String> message) {
        return new ProgressListener(task, total, null, 0, when, message);
    }

    /** Moves {@code shared} (not closed here) to step + {@code shift} on the steps {@code when} accepts. */
    public static ProgressListener shared(
            Progress shared, long shift, Predicate<StepEvent> when, Function<StepEvent, String> message) {
        return new ProgressListener(null, 0, shared, shift, when, message);
    }

    @Override
    public void onTrainingBegin(StochasticTrainer trainer, long step) {
        if (task != null) {
            progress = Progress.start(task, step, total);
        }
    }

    @Override
    public void onStep(StochasticTrainer trainer, StepEvent event) {
        if (when.test(event)) {
            progress.update(event.step() + shift, message.apply(event));
        }
    }

    @Override
    public void onTrainingEnd(StochasticTrainer trainer, Outcome outcome) {
        if (task != null) {
            progress.close();
        }
    }
}
