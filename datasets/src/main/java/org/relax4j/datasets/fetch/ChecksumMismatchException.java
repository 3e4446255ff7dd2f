package org.relax4j.datasets.fetch;

import java.io.IOException;

/** A file whose uncompressed content does not have the SHA-256 it must have. */
public class ChecksumMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final String expected;
    private final String actual;

    /** Creates the exception with a complete, user-facing {@code message}. */
    public ChecksumMismatchException(String message, String fileName, String expected, String actual) {
        super(message);
        this.fileName = fileName;
        this.expected = expected;
        this.actual = actual;
    }

    /** Canonical name of the file. */
    public String fileName() {
        return fileName;
    }

    /** The SHA-256 it must have. */
    public String expected() {
        return expected;
    }

    /** The SHA-256 it has. */
    public String actual() {
        return actual;
    }
}
