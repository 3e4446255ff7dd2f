/**
 * {@code relax4j train --seeds}: K runs of one VAE configuration, differing only in their seed,
 * trained as one batched computation ({@link org.relax4j.train.stack.StackedVaeRun}) while each
 * keeps its own run directory, listeners and checkpoint in the solo format
 * ({@link org.relax4j.train.stack.StackedTraining}).
 */
package org.relax4j.train.stack;
