package org.relax4j.datasets.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An IDX file that is not what it should be: wrong magic number, truncated, extra bytes, corrupt
 * compression. The message names the file, what was expected, what was found and how to fix it.
 */
public class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** Creates the exception for {@code file} with a complete, user-facing {@code message}. */
    public IdxFormatException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /** Creates the exception for {@code file} with a complete message and its cause. */
    public IdxFormatException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
