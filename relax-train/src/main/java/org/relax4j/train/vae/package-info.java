/** Training, evaluation and checkpointing of binary VAEs / sigmoid belief nets with any estimator. */
package org.relax4j.train.vae;
