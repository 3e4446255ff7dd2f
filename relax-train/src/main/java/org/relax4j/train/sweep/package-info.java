/**
 * Sweeps: a grid file (a name, a base configuration and lists of option values) expanded into
 * numbered training tasks, each with its own run directory; running one task by its index
 * (fresh, resumed from its checkpoint, or already finished), running them a few at a time on
 * this machine, and the Kubernetes Indexed Job and Slurm array script that run them on a cluster,
 * where the cluster's scheduler does the scheduling and the retries.
 */
package org.relax4j.train.sweep;
