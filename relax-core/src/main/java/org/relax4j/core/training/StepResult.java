package org.relax4j.core.training;

/**
 * What one training step did.
 *
 * @param applied whether the updates were applied (false: a loss or gradient was not finite)
 * @param objective the mean objective over the batch (e.g. the one-sample ELBO), NaN if the model
 *     computes none
 * @param problem why the step was skipped, or null
 */
public record StepResult(boolean applied, double objective, String problem) {}
