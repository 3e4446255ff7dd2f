package org.relax4j.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.train.run.LockHolder;
import org.relax4j.train.vae.TrainConfig;
import picocli.CommandLine;

/**
 * {@code train} on run directories: settings given with --resume, a directory another process
 * writes, a run that stopped before its first checkpoint. Each is refused with one line and exit
 * status 1, before any data is loaded, leaving the directory as it was.
 */
class RunDirectoryCommandTest {

    private record Result(int status, String err) {}

    private static Result run(String... args) {
        CommandLine cli = Relax4jCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Result(status, err.toString());
    }

    private static Path runDirectory(Path tmp) throws IOException {
        return TrainCommandErrorsTest.runDirectory(tmp);
    }

    @Test
    void resumeRefusesOtherSettings(@TempDir Path tmp) throws IOException {
        Path dir = runDirectory(tmp);
        String before = Files.readString(dir.resolve(TrainConfig.FILE));
        Result r = run("train", "--resume", dir.toString(), "--steps", "200", "--lr", "0.1", "--estimator", "arm");
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--lr, --estimator cannot be changed"), r.err());
        assertTrue(r.err().contains("only --steps, --no-progress and --debug"), r.err());
        assertTrue(r.err().contains("so --lr, --estimator cannot be changed"), r.err()); // --steps is not refused
        assertEquals(before, Files.readString(dir.resolve(TrainConfig.FILE)));
        Result seed = run("train", "--resume", dir.toString(), "--seed", "4");
        assertTrue(seed.status() == 1 && seed.err().contains("--seed cannot be changed; drop it"), seed.err());
    }

    @Test
    void freshTrainOnARunWithoutCheckpointPointsToResume(@TempDir Path tmp) throws IOException {
        Path dir = runDirectory(tmp);
        Result r = run("train", "--out", dir.toString(), "--steps", "1");
        assertEquals(1, r.status(), r.err());
        assertTrue(
                r.err().contains("stopped before its first checkpoint")
                        && r.err().contains("--resume " + dir),
                r.err());
    }

    /** A second `train` on a directory another live process holds is refused, naming that process. */
    @Test
    void trainIsRefusedWhileAnotherProcessHoldsTheDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        Process holder = LockHolder.start(dir);
        try {
            Result r = run("train", "--out", dir.toString(), "--steps", "1");
            assertEquals(1, r.status(), r.err());
            assertTrue(r.err().contains("relax4j process " + holder.pid()), r.err());
            assertTrue(r.err().contains("wait for it or choose another --out"), r.err());
            assertFalse(Files.exists(dir.resolve(TrainConfig.FILE)));
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }
}
