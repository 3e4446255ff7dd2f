/** Append-only JSON-lines metrics files. */
package org.relax4j.train.metrics;
