/** Training and variance measurement on the non-differentiable benchmarks. */
package org.relax4j.train.nondiff;
