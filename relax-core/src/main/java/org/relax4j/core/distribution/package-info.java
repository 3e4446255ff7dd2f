/**
 * Discrete distributions with logits and the reparameterisations that relaxation-based gradient
 * estimators need: Bernoulli and categorical units.
 */
package org.relax4j.core.distribution;
