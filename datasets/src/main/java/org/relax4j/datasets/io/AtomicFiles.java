package org.relax4j.datasets.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees a half-written one: the content goes to a temporary
 * file in the same directory, is flushed to disk, and is then renamed over the target. An
 * interrupted write leaves the previous version (or nothing) in place.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes the bytes produced by {@code writer} to {@code target} atomically. */
    public static void write(Path target, StreamWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        ensureWritableDirectory(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
                out.flush();
            }
            moveAtomically(tmp, target);
        } catch (IOException e) {
            throw IoErrors.describe(target, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes UTF-8 {@code text} to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Renames {@code source} over {@code target}, atomically where the file system allows. */
    public static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Creates {@code dir} if needed and checks that files can be created in it, failing with a
     * message that names the directory and the fix.
     */
    public static void ensureWritableDirectory(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileSystemException e) {
            throw new IOException(
                    "Cannot create directory " + dir + " ("
                            + (e.getReason() != null
                                    ? e.getReason()
                                    : e.getClass().getSimpleName()) + "); choose a directory you can write to.",
                    e);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " exists but is not a directory; choose another output path.");
        }
        if (!Files.isWritable(dir)) {
            throw new AccessDeniedException(
                    dir.toString(), null, "directory is not writable; fix its permissions or choose another path");
        }
    }

    /** Produces the content of a file. */
    @FunctionalInterface
    public interface StreamWriter {
        /** Writes the content to {@code out}. */
        void write(OutputStream out) throws IOException;
    }

    /** Unchecked variant of {@link #writeString(Path, String)} for use in lambdas. */
    public static void writeStringUnchecked(Path target, String text) {
        try {
            writeString(target, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
