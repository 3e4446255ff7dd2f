package org.relax4j.datasets.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * One place that turns the operating system's terse IO failures ("No space left on device", "Is
 * a directory", "Input length = 1") into one-line messages naming the file and the fix.
 */
public final class IoErrors {

    private IoErrors() {}

    /**
     * An exception whose message names {@code file} (the file being read or written when {@code e}
     * happened, or null if unknown) and how to fix the problem; {@code e} is its cause. An
     * exception whose message is already clear is returned as it is.
     */
    public static IOException describe(Path file, IOException e) {
        String message = message(file, e);
        return message == null ? e : new IOException(message, e);
    }

    /** The one-line message for {@code e} that happened on {@code file} (may be null), or null if its own is clear. */
    public static String message(Path file, IOException e) {
        String where = file != null ? file.toString() : null;
        if (e instanceof FileSystemException fse && fse.getFile() != null) {
            where = fse.getFile();
        }
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        String subject = where != null ? where : "a file";
        if (e instanceof CharacterCodingException) {
            return subject + " is not UTF-8 text; it may be damaged or not the file expected: "
                    + "fix or replace it (or start a new run)";
        }
        if (reason != null && reason.contains("No space left on device")) {
            return "no space left on device while writing " + subject + "; free space or choose another --out";
        }
        if (reason != null && reason.contains("Disk quota exceeded")) {
            return "disk quota exceeded while writing " + subject + "; free space or choose another --out";
        }
        if (reason != null && reason.contains("Is a directory")) {
            return subject
                    + " is a directory where a file was expected; remove or rename that directory (or give a file path)";
        }
        if (reason != null && reason.contains("Read-only file system")) {
            return subject + " is on a read-only file system; choose a writable location (e.g. another --out)";
        }
        if (e instanceof FileSystemException && reason != null && reason.contains("; ")) {
            return null; // already a message with its fix
        }
        if (e instanceof AccessDeniedException) {
            return subject + ": permission denied" + (reason != null ? " (" + reason + ")" : "")
                    + "; fix its permissions or choose another path";
        }
        if (e instanceof NotDirectoryException) {
            return subject + " is not a directory; give a directory path";
        }
        if (e instanceof NoSuchFileException) {
            return subject + " does not exist" + (reason != null ? " (" + reason + ")" : "") + "; check the path";
        }
        if (e instanceof FileSystemException && where != null) {
            return where + ": " + (reason != null ? reason : e.getClass().getSimpleName())
                    + "; check the path and its permissions";
        }
        return null;
    }
}
