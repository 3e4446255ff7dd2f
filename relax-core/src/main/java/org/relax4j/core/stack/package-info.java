/**
 * Independent training runs stacked along a leading run axis: K runs of one model and estimator
 * trained as one batched computation, each parameter, optimizer moment and tracker array of
 * shape (K, solo shape…). Since the runs share nothing, the gradient of the sum of their losses
 * is their K gradients, and Adam, being elementwise, updates each slice exactly as the run's own
 * optimizer would. {@link org.relax4j.core.stack.RunAxis} moves arrays on and off the run axis;
 * {@link org.relax4j.core.stack.StackedState} splits saved optimizer and tracker state into the
 * runs' own states and joins them back.
 */
package org.relax4j.core.stack;
