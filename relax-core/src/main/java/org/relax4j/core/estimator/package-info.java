/**
 * Gradient estimators for E_{b ~ p_α}[f(b)] with discrete b: REINFORCE, Concrete,
 * straight-through, REBAR, RELAX, ARM, DisARM, RLOO and VIMCO, behind one {@link
 * org.relax4j.core.estimator.GradientEstimator} interface and selected by name from an {@link
 * org.relax4j.core.estimator.EstimatorRegistry}.
 */
package org.relax4j.core.estimator;
