package org.relax4j.train.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.train.vae.CrashChildMain;

/**
 * A training run killed with SIGKILL at random points, checkpoint writes included, and resumed
 * each time ends with the same checkpoint and the same metrics records (timings aside) as a run
 * that was never interrupted. The runs are child JVMs ({@link CrashChildMain}: the {@code train}
 * command's fresh start and resume on synthetic data) so that the kill is a real one.
 */
class CrashResumeTest {

    /** Total steps of the tiny run (a checkpoint every 5, a metrics record every 2). */
    private static final long STEPS = 300;

    /** Timing fields of a metrics record: the only ones allowed to differ. */
    private static final List<String> TIMING = List.of("step_ms", "examples_per_s");

    private static final long CHILD_TIMEOUT_S = 120;

    @TempDir
    static Path shared;

    /** The uninterrupted run all kill scenarios are compared with. */
    private static Path reference;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        reference = shared.resolve("reference");
        Path logFile = shared.resolve("reference.log");
        assertEquals(0, runToEnd("fresh", reference, logFile), Files.readString(logFile));
    }

    /**
     * Four kills: two at random moments after training has visibly progressed, two as soon as a
     * checkpoint temp file appears (a kill in the middle of a checkpoint write). The first kill
     * comes after the first checkpoint exists (see {@link #killBeforeTheFirstCheckpoint} for the
     * earlier case).
     */
    @Test
    void killedAndResumedRunMatchesUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("killed");
        Random rng = new Random(12);
        boolean[] duringWrite = {false, true, false, true};
        int kills = 0;
        int segment = 0;
        String mode = "fresh";
        while (true) {
            Path logFile = tmp.resolve("segment-" + segment++ + ".log");
            Process p = start(mode, dir, logFile);
            if (kills < duringWrite.length) {
                boolean killed = duringWrite[kills] ? killDuringCheckpointWrite(p, dir) : killAtRandom(p, dir, rng);
                if (killed) {
                    kills++;
                    mode = "resume";
                    continue;
                }
            }
            assertTrue(p.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS), "run did not finish");
            int status = p.exitValue();
            assertEquals(0, status, Files.readString(logFile));
            break;
        }
        assertTrue(kills >= 3, "only " + kills + " of the planned kills landed before the run ended");
        assertArrayEquals(
                Files.readAllBytes(reference.resolve("checkpoint.bin")),
                Files.readAllBytes(dir.resolve("checkpoint.bin")),
                "final checkpoint differs after " + kills + " kills");
        assertEquals(records(reference), records(dir), "metrics records differ after " + kills + " kills");
    }

    /**
     * A run killed before its first checkpoint can be resumed (from step 0) and then matches a run
     * that was never interrupted (issue 12, defect 2).
     */
    @Test
    void killBeforeTheFirstCheckpoint(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("killed");
        Process p = start("fresh", dir, tmp.resolve("first.log"));
        // config.json is written before training starts; kill as soon as it is there.
        while (!Files.exists(dir.resolve("config.json")) && p.isAlive()) {
            Thread.sleep(1);
        }
        assertTrue(p.isAlive() && !Files.exists(dir.resolve("checkpoint.bin")), "the kill came too late");
        kill(p);
        int status = runToEnd("resume", dir, tmp.resolve("resume.log"));
        assertEquals(0, status, "resume after a kill before the first checkpoint: " + log(tmp, "resume.log"));
        assertArrayEquals(
                Files.readAllBytes(reference.resolve("checkpoint.bin")),
                Files.readAllBytes(dir.resolve("checkpoint.bin")));
        assertEquals(records(reference), records(dir));
    }

    /** A kill during a checkpoint write leaves no temp file once the run is resumed (defect 8). */
    @Test
    void killDuringACheckpointWriteLeavesNoTempFile(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("killed");
        Process p = start("fresh", dir, tmp.resolve("first.log"));
        assertTrue(killDuringCheckpointWrite(p, dir), "no checkpoint write was caught");
        assertEquals(0, runToEnd("resume", dir, tmp.resolve("resume.log")), log(tmp, "resume.log"));
        try (Stream<Path> files = Files.list(dir)) {
            List<String> temps = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp"))
                    .toList();
            assertEquals(List.of(), temps, "temp files left in the run directory");
        }
    }

    // ---- child processes

    private static Process start(String mode, Path dir, Path logFile) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-cp",
                System.getProperty("java.class.path"),
                CrashChildMain.class.getName(),
                mode,
                dir.toString(),
                Long.toString(STEPS));
        pb.environment().put("MKL_DYNAMIC", "FALSE");
        pb.environment().put("OMP_DYNAMIC", "FALSE");
        pb.redirectErrorStream(true);
        pb.redirectOutput(logFile.toFile());
        return pb.start();
    }

    private static int runToEnd(String mode, Path dir, Path logFile) throws Exception {
        Process p = start(mode, dir, logFile);
        if (!p.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS)) {
            kill(p);
            throw new AssertionError("child run did not finish in " + CHILD_TIMEOUT_S + " s");
        }
        return p.exitValue();
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Unix
        p.waitFor();
    }

    /**
     * Waits until training visibly progresses in this process (checkpoint.bin exists and
     * metrics.jsonl has grown since the start), then kills it after a random delay of up to 300 ms.
     *
     * @return whether the process was still running when killed
     */
    private static boolean killAtRandom(Process p, Path dir, Random rng) throws Exception {
        long metricsAtStart = size(dir.resolve("metrics.jsonl"));
        int delay = rng.nextInt(300);
        while (p.isAlive()
                && !(Files.exists(dir.resolve("checkpoint.bin"))
                        && size(dir.resolve("metrics.jsonl")) > metricsAtStart)) {
            Thread.sleep(1);
        }
        Thread.sleep(delay);
        if (!p.isAlive()) {
            return false;
        }
        kill(p);
        return true;
    }

    /**
     * Kills the process as soon as a checkpoint temp file (a write in progress) appears in {@code
     * dir} after training has progressed.
     *
     * @return whether a write was caught before the process ended
     */
    private static boolean killDuringCheckpointWrite(Process p, Path dir) throws Exception {
        long metricsAtStart = size(dir.resolve("metrics.jsonl"));
        while (p.isAlive() && size(dir.resolve("metrics.jsonl")) <= metricsAtStart) {
            Thread.sleep(1);
        }
        List<String> before = tempFiles(dir);
        while (p.isAlive()) {
            List<String> now = tempFiles(dir);
            now.removeAll(before);
            if (!now.isEmpty()) {
                kill(p);
                return true;
            }
        }
        return false;
    }

    private static List<String> tempFiles(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.contains("checkpoint") && !n.equals("checkpoint.bin"))
                    .forEach(names::add);
        } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException e) {
            // a file vanished while listing: try again
        }
        return names;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String log(Path tmp, String name) throws IOException {
        return Files.readString(tmp.resolve(name));
    }

    /** The metrics records without their timing fields. */
    private static List<JsonObject> records(Path dir) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            TIMING.forEach(o::remove);
            out.add(o);
        }
        return out;
    }
}
