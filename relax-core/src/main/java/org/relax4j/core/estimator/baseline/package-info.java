/**
 * Baselines for the score-function estimator as strategies ({@link
 * org.relax4j.core.estimator.baseline.Baseline}): none, an exponential moving average, and a learned
 * input-dependent baseline.
 */
package org.relax4j.core.estimator.baseline;
