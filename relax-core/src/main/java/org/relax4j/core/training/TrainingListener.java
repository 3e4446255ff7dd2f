package org.relax4j.core.training;

/**
 * Observes a {@link StochasticTrainer}'s loop, in the manner of DJL's
 * {@code ai.djl.training.listener.TrainingListener}: metrics, validation, checkpoints, divergence
 * guards, progress bars and reports are listeners. Listeners run in the order they were added;
 * one with running state also implements {@link Stateful} so checkpoints carry it.
 */
public interface TrainingListener {

    /** Before the first step; {@code step} is the step the loop starts from. */
    default void onTrainingBegin(StochasticTrainer trainer, long step) {}

    /**
     * After each step. A listener may end the run with {@link StochasticTrainer#fail}; the
     * listeners after it then do not see this step.
     */
    default void onStep(StochasticTrainer trainer, StepEvent event) {}

    /** After the loop, however it ended. */
    default void onTrainingEnd(StochasticTrainer trainer, Outcome outcome) {}
}
