/** The non-differentiable benchmark models of Lee, Yu and Yang (2018): temperature, textmsg, influenza. */
package org.relax4j.models.nondiff;
