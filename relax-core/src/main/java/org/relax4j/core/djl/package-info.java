/**
 * Adapters that let a DJL {@link ai.djl.training.Trainer} train a model whose block outputs the
 * logits of discrete units with any Relax4J estimator: {@link org.relax4j.core.djl.EstimatorLoss}
 * is the {@link ai.djl.training.loss.Loss} to put in the training configuration.
 */
package org.relax4j.core.djl;
