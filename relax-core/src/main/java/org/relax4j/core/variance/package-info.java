/**
 * Measuring gradient variance: {@link org.relax4j.core.variance.GradientStatistics} over N
 * independent estimates at one θ (per-component mean and unbiased variance, log Avg(V), the
 * variance of the norm, standard errors), for both estimator families; {@link
 * org.relax4j.core.variance.EmaGradientVariance} as a running estimate over training steps.
 */
package org.relax4j.core.variance;
