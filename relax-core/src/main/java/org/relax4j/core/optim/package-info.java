/**
 * Optimizers and gradient steps: the Adam update rule in one place ({@link
 * org.relax4j.core.optim.AdamRule}), applied to DJL parameters with saveable state ({@link
 * org.relax4j.core.optim.StatefulAdam}: DJL's fused kernel, or elementwise operations that on
 * float64 parameters are the rule's double arithmetic exactly) or to a Java {@code double[]} ({@link
 * org.relax4j.core.optim.DoubleAdam}), and gradient steps restricted to chosen parameters ({@link
 * org.relax4j.core.optim.GradientStep}).
 */
package org.relax4j.core.optim;
