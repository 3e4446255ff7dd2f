/**
 * One training engine for models with stochastic nodes whose gradients estimators supply:
 * the {@link org.relax4j.core.training.StochasticModel} contract, the
 * {@link org.relax4j.core.training.StochasticTrainer} that runs its steps and loop, the
 * {@link org.relax4j.core.training.TrainingListener}s that observe it, and
 * {@link org.relax4j.core.training.Stateful} components that checkpoints save and restore.
 */
package org.relax4j.core.training;
