/** Optimizers with saveable state, and gradient steps restricted to chosen parameters. */
package org.relax4j.core.optim;
