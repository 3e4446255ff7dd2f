/**
 * The non-differentiable benchmark models of Lee, Yu and Yang (2018): temperature, textmsg,
 * influenza; and a model's variational inference as a {@link
 * org.relax4j.core.training.StochasticModel} ({@link
 * org.relax4j.models.nondiff.VariationalNondiffModel}).
 */
package org.relax4j.models.nondiff;
