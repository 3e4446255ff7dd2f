/**
 * Gradient estimators for E_{b ~ p_α}[f(b)] with discrete b: REINFORCE, Concrete,
 * straight-through, REBAR, RELAX, ARM, DisARM, RLOO and VIMCO, behind one {@link
 * org.relax4j.core.estimator.GradientEstimator} interface and selected by name from an {@link
 * org.relax4j.core.estimator.EstimatorRegistry}.
 *
 * <p>Each estimator is built by its own builder, which owns its options' defaults and checks; an
 * {@link org.relax4j.core.estimator.EstimatorConfig} records only a user's choices (a {@link
 * org.relax4j.core.estimator.Preset} and explicit options) for building by name. A problem is
 * described by an {@link org.relax4j.core.estimator.EstimationProblem}, checked when built and on
 * every evaluation of the objective; what an estimator is unbiased for is its {@link
 * org.relax4j.core.estimator.EstimatorTarget}.
 */
package org.relax4j.core.estimator;
