/** Learned baselines and control variates (REBAR's relaxed objective, RELAX's network). */
package org.relax4j.core.controlvariate;
