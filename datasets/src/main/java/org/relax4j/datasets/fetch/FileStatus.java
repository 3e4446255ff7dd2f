package org.relax4j.datasets.fetch;

import java.nio.file.Path;
import org.relax4j.datasets.io.IdxArray;

/**
 * The state of one data file as found by {@link DataFetcher#inspect()}, which changes nothing.
 *
 * @param spec what the file must be
 * @param path the file found (raw or {@code .gz}), or null if none
 * @param state the verdict
 * @param actualSha256 SHA-256 of the uncompressed content, or null if it could not be read
 * @param detail a human-readable explanation (the error message for a bad file)
 * @param content the parsed content when the state is {@link State#OK}, else null
 */
public record FileStatus(
        IdxFileSpec spec, Path path, State state, String actualSha256, String detail, IdxArray content) {

    /** Verdict on a file. */
    public enum State {
        /** Present, well-formed, right shape and checksum. */
        OK,
        /** Neither the raw nor the {@code .gz} file exists. */
        MISSING,
        /** Well-formed but with a different SHA-256 (or shape). */
        MISMATCH,
        /** Not a complete, well-formed IDX file. */
        CORRUPT
    }

    /** Whether the file can be used. */
    public boolean ok() {
        return state == State.OK;
    }
}
