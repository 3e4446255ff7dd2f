/** Binary VAEs / sigmoid belief nets with Bernoulli latent layers. */
package org.relax4j.models.sbn;
