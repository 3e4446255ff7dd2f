/**
 * The model language for non-differentiable models (Lee, Yu &amp; Yang, NeurIPS 2018): {@link
 * org.relax4j.core.nondiff.lang.NondiffModel} declares latents and factors, {@link
 * org.relax4j.core.nondiff.lang.Expr} builds log densities (with branches {@link
 * org.relax4j.core.nondiff.lang.Expr#ifPositive} on affine guards, {@link
 * org.relax4j.core.nondiff.lang.Affine}), {@link org.relax4j.core.nondiff.lang.Dist} supplies the
 * distributions. At build time guards are grouped into {@link
 * org.relax4j.core.nondiff.lang.Hyperplane}s; log p(x, y) is evaluated batched on DJL float64
 * arrays, optionally with guards forced to one side ({@link
 * org.relax4j.core.nondiff.lang.Forcing}).
 */
package org.relax4j.core.nondiff.lang;
