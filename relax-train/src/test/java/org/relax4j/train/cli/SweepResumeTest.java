package org.relax4j.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep task killed (SIGKILL) and run again with the same index resumes its run from the
 * checkpoint instead of starting over, and a finished task is not run again; {@code --local} runs
 * every task to the end and skips finished ones when run again. Tasks are child JVMs
 * ({@link SweepChildMain}: the sweep command on synthetic data).
 */
class SweepResumeTest {

    private static final long CHILD_TIMEOUT_S = 120;

    @TempDir
    Path tmp;

    @Test
    void killedTaskRerunWithTheSameIndexResumes() throws Exception {
        Path grid = Files.writeString(tmp.resolve("g.yaml"), "name: t\nbase: {steps: 120}\ngrid: {seed: [7, 8]}\n");
        Path runs = tmp.resolve("runs");
        Path dir = runs.resolve("t/seed8");

        Process first = start(grid, runs, 1, tmp.resolve("first.log"));
        while (first.isAlive() && !(Files.exists(dir.resolve("checkpoint.bin")) && metricsLines(dir) >= 10)) {
            Thread.sleep(5);
        }
        assertTrue(first.isAlive(), "task ended before the kill: " + Files.readString(tmp.resolve("first.log")));
        first.destroyForcibly();
        first.waitFor();

        Path log = tmp.resolve("second.log");
        Process second = start(grid, runs, 1, log);
        assertTrue(second.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS), "rerun did not finish");
        String text = Files.readString(log);
        assertEquals(0, second.exitValue(), text);
        assertTrue(text.contains("task 1: resuming " + dir), text);
        assertTrue(text.matches("(?s).*resumed \\S+ at step [1-9][0-9]* of 120.*"), text);
        JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve("summary.json")))
                .getAsJsonObject();
        assertTrue(summary.get("completed").getAsBoolean(), summary.toString());
        assertEquals(120, summary.get("steps").getAsLong());
        assertTrue(
                summary.get("session_steps_per_second").getAsDouble() > 0,
                "the rerun trained only the remaining steps: " + summary);

        SweepCommandTest.Result again = inProcess(grid.toString(), "--index", "1", "--runs", runs.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals("task 1: " + dir + " is finished", again.out().strip());
    }

    @Test
    void localRunsEveryTaskAndSkipsFinishedOnesWhenRunAgain() throws Exception {
        Path grid = Files.writeString(tmp.resolve("g.yaml"), "name: l\nbase: {steps: 10}\ngrid: {seed: [1, 2]}\n");
        Path runs = tmp.resolve("runs");
        SweepCommandTest.Result r = inProcess(grid.toString(), "--local", "2", "--runs", runs.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        for (int seed = 1; seed <= 2; seed++) {
            Path summary = runs.resolve("l/seed" + seed + "/summary.json");
            assertTrue(Files.exists(summary), r.out());
            assertTrue(Files.readString(runs.resolve("l/seed" + seed + "/sweep.log"))
                    .contains("starting"));
        }
        SweepCommandTest.Result again = inProcess(grid.toString(), "--local", "2", "--runs", runs.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(2, again.out().split("finished, skipped").length - 1, again.out());
    }

    private static Process start(Path grid, Path runs, int index, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-cp",
                System.getProperty("java.class.path"),
                SweepChildMain.class.getName(),
                grid.toString(),
                "--index",
                Integer.toString(index),
                "--runs",
                runs.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    private static SweepCommandTest.Result inProcess(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = SweepChildMain.command().execute(args);
            return new SweepCommandTest.Result(status, out.toString(StandardCharsets.UTF_8), "");
        } finally {
            System.setOut(saved);
        }
    }

    private static long metricsLines(Path dir) throws IOException {
        Path m = dir.resolve("metrics.jsonl");
        return Files.exists(m) ? Files.readAllLines(m).size() : 0;
    }
}
