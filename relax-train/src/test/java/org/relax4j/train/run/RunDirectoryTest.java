package org.relax4j.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run directory, stale locks, and cleanup of interrupted writes. */
class RunDirectoryTest {

    /**
     * While another process holds a directory, opening it is refused with a message naming that
     * process; once it is killed (kill -9: its lock file stays behind, naming it), the directory
     * opens.
     */
    @Test
    void secondProcessIsRefusedAndADeadHolderDoesNotBlock(@TempDir Path dir) throws Exception {
        Process holder = LockHolder.start(dir);
        try {
            RunDirectory.DirectoryInUseException e =
                    assertThrows(RunDirectory.DirectoryInUseException.class, () -> RunDirectory.open(dir));
            assertTrue(
                    e.getMessage().startsWith(dir + " is in use by relax4j process " + holder.pid() + " (started "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("; wait for it or choose another --out"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertTrue(Files.readString(dir.resolve(RunDirectory.LOCK_FILE)).contains("pid " + holder.pid()));
        try (RunDirectory held = RunDirectory.open(dir)) {
            assertTrue(Files.readString(held.resolve(RunDirectory.LOCK_FILE))
                    .contains("pid " + ProcessHandle.current().pid()));
        }
    }

    /** Within one JVM a directory is held once; closing releases it. */
    @Test
    void sameProcessHoldsADirectoryOnce(@TempDir Path dir) throws Exception {
        try (RunDirectory held = RunDirectory.open(dir)) {
            Exception e = assertThrows(RunDirectory.DirectoryInUseException.class, () -> RunDirectory.open(dir));
            assertTrue(
                    e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
        }
        RunDirectory.open(dir).close();
    }

    /** Temporary files of interrupted atomic writes are deleted on opening; everything else stays. */
    @Test
    void leftoverTempFilesAreDeleted(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve(".checkpoint.bin.8127364519.tmp"), new byte[1000]);
        Files.writeString(dir.resolve("checkpoint.bin"), "keep");
        try (RunDirectory held = RunDirectory.open(dir)) {
            assertEquals(1, held.deletedTempFiles());
        }
        assertFalse(Files.exists(dir.resolve(".checkpoint.bin.8127364519.tmp")));
        assertTrue(Files.exists(dir.resolve("checkpoint.bin")));
    }
}
