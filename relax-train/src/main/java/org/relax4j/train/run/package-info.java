/**
 * Run directories: the exclusive lock a process holds on a directory for as long as it writes
 * into it, and the cleanup of what interrupted writes left behind. Training, fine-tuning and
 * evaluation open their output directory through {@link org.relax4j.train.run.RunDirectory}.
 */
package org.relax4j.train.run;
