/**
 * {@code relax4j nondiff}: variational inference on the non-differentiable benchmarks through the
 * one {@link org.relax4j.core.training.StochasticTrainer} ({@link
 * org.relax4j.train.nondiff.NondiffRun}), its measurements as a listener ({@link
 * org.relax4j.train.nondiff.NondiffMeasurements}), and the output files and variance tables.
 */
package org.relax4j.train.nondiff;
