/**
 * Training listeners that write a run directory: metrics.jsonl, checkpoints, validation bounds,
 * the summary and plots, and the progress bar.
 */
package org.relax4j.train.listener;
