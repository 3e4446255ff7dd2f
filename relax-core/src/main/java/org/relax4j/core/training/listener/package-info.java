/**
 * Generic {@link org.relax4j.core.training.TrainingListener}s: windowed training metrics, timing,
 * the divergence guard and the control variates' η and λ. Listeners that write files live with
 * the application (relax-train).
 */
package org.relax4j.core.training.listener;
