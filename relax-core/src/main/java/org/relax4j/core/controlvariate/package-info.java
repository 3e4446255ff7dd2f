/**
 * The control variate of REBAR and RELAX ({@link org.relax4j.core.controlvariate.RelaxControlVariate}),
 * the MLPs it and learned baselines use, the learned parts of double control variates ({@link
 * org.relax4j.core.controlvariate.LinearControlVariate}) and of RODEO ({@link
 * org.relax4j.core.controlvariate.SteinControlVariate}), and {@link org.relax4j.core.controlvariate.EstimatorBlock},
 * the DJL block base of an estimator's learned parts. Baselines are in {@link
 * org.relax4j.core.estimator.baseline}.
 */
package org.relax4j.core.controlvariate;
