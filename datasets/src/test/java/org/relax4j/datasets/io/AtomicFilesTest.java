package org.relax4j.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Permissions, durability and temp-file cleanup of {@link AtomicFiles}. */
class AtomicFilesTest {

    /**
     * A file written atomically gets the permissions any new file of this process gets (the
     * umask's), not the 0600 of {@code Files.createTempFile}.
     */
    @Test
    void permissionsFollowTheUmask(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path reference = dir.resolve("reference");
        try (OutputStream out = Files.newOutputStream(reference)) {
            out.write(1);
        }
        Path written = dir.resolve("written.json");
        AtomicFiles.writeString(written, "{}\n");
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(written));
        AtomicFiles.writeString(written, "{\"again\":1}\n");
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(written));
    }

    /** The content is forced before the rename and the directory after it. */
    @Test
    void writeForcesTheFileThenTheDirectory(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("state.bin");
        List<String> calls = new ArrayList<>();
        AtomicFiles.Durability previous = AtomicFiles.setDurability(new AtomicFiles.Durability() {
            @Override
            public void forceFile(FileChannel channel) throws IOException {
                calls.add("file:" + channel.size() + ":" + Files.exists(target));
                AtomicFiles.FSYNC.forceFile(channel);
            }

            @Override
            public void forceDirectory(Path d) {
                calls.add("dir:" + d.equals(dir.toAbsolutePath()) + ":" + Files.exists(target));
                AtomicFiles.FSYNC.forceDirectory(d);
            }
        });
        try {
            AtomicFiles.write(target, new byte[] {1, 2, 3});
        } finally {
            AtomicFiles.setDurability(previous);
        }
        assertEquals(List.of("file:3:false", "dir:true:true"), calls);
    }

    /** Leftover {@code .NAME.DIGITS.tmp} files are deleted; other files, dotted or not, stay. */
    @Test
    void deleteTempFilesRemovesOnlyLeftovers(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".checkpoint.bin.123456789.tmp"), "partial");
        Files.writeString(dir.resolve(".config.json.42.tmp"), "partial");
        Files.writeString(dir.resolve("checkpoint.bin"), "keep");
        Files.writeString(dir.resolve(".lock"), "keep");
        Files.writeString(dir.resolve("notes.tmp"), "keep");
        Files.createDirectory(dir.resolve(".sub.1.tmp"));
        assertEquals(2, AtomicFiles.deleteTempFiles(dir));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(4, left.count());
        }
        assertFalse(Files.exists(dir.resolve(".checkpoint.bin.123456789.tmp")));
        assertTrue(AtomicFiles.isTempFile(".metrics.jsonl.9.tmp"));
        assertFalse(AtomicFiles.isTempFile("metrics.jsonl"));
    }

    /** A completed write leaves no temporary file behind. */
    @Test
    void writeLeavesNoTempFile(@TempDir Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve("a.txt"), "a");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(
                    List.of("a.txt"), left.map(p -> p.getFileName().toString()).toList());
        }
    }
}
