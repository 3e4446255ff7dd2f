package org.relax4j.datasets.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader never sees a half-written one: the content goes to a temporary
 * file in the same directory ({@code .NAME.DIGITS.tmp}, with the umask's permissions), is forced
 * to disk, is renamed over the target, and the directory is forced. An interrupted write leaves
 * the previous version (or nothing) in place, plus at worst a temporary file that
 * {@link #deleteTempFiles} removes.
 */
public final class AtomicFiles {

    private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.[0-9]+\\.tmp");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /**
     * Writes the bytes produced by {@code writer} to {@code target} atomically and durably: the
     * temporary file is created with the permissions the process's umask gives new files (not
     * 0600), forced to disk before the rename, and the directory is forced after it, so that after
     * a crash or power loss the target holds either the old or the new content in full.
     */
    public static void write(Path target, StreamWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        ensureWritableDirectory(dir);
        Path tmp = createTempFile(dir, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                writer.write(out);
                out.flush();
                durability.forceFile(channel);
            }
            moveAtomically(tmp, target);
            durability.forceDirectory(dir);
        } catch (IOException e) {
            throw IoErrors.describe(target, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Whether {@code fileName} is a temporary file of {@link #write}: {@code .NAME.DIGITS.tmp}. One
     * left behind by a killed writer is garbage; {@link #deleteTempFiles} removes them.
     */
    public static boolean isTempFile(String fileName) {
        return TEMP_NAME.matcher(fileName).matches();
    }

    /**
     * Deletes the temporary files that interrupted writes left in {@code dir} (not its
     * subdirectories) and returns how many. Call it only while no other process writes to
     * {@code dir} (e.g. holding the directory's lock).
     */
    public static int deleteTempFiles(Path dir) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (isTempFile(f.getFileName().toString())
                        && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && Files.deleteIfExists(f)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /**
     * Creates an empty {@code .NAME.DIGITS.tmp} in {@code dir} without explicit permissions, so the
     * umask decides them as for any other new file.
     */
    private static Path createTempFile(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        .close();
                return tmp;
            } catch (FileAlreadyExistsException taken) {
                // another writer's name: draw again
            }
        }
    }

    /** Forces an open file's content, then a directory's entries, to disk. */
    interface Durability {
        /** Forces the content and metadata of {@code channel}'s file to the storage device. */
        void forceFile(FileChannel channel) throws IOException;

        /**
         * Forces {@code dir}'s entries (the rename) to the storage device, where the operating
         * system allows opening a directory for that; elsewhere (Windows) it does nothing.
         */
        void forceDirectory(Path dir);
    }

    /** What {@link #write} does on a real file system. */
    static final Durability FSYNC = new Durability() {
        @Override
        public void forceFile(FileChannel channel) throws IOException {
            channel.force(true);
        }

        @Override
        public void forceDirectory(Path dir) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException refused) {
                // some systems cannot open or sync a directory; the rename is still atomic there
            }
        }
    };

    private static volatile Durability durability = FSYNC;

    /** Replaces how {@link #write} forces data to disk (tests observe the calls); returns the previous. */
    static Durability setDurability(Durability replacement) {
        Durability previous = durability;
        durability = replacement;
        return previous;
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
