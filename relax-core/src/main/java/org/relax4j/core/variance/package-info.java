/** Measuring gradient variance: over fresh samples, and as a running estimate during training. */
package org.relax4j.core.variance;
