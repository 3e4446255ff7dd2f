/**
 * Categorical VAEs: D latent variables of C classes each (the setting of the Gumbel-softmax and
 * categorical DisARM papers), trained through any estimator that supports categorical units.
 */
package org.relax4j.models.categorical;
