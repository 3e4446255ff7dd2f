package org.relax4j.train.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --seeds}: the seed lists it accepts, and one clear line for each bad use, before any work. */
class StackedTrainCommandTest {

    private record Result(int status, String err) {}

    private static Result run(String... args) {
        CommandLine cli = Relax4jCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Result(status, err.toString());
    }

    private static void assertRefused(Result r, String expected) {
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void seedLists() {
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, SeedList.parse("0-7"));
        assertArrayEquals(new long[] {0, 3, 5}, SeedList.parse("0,3,5"));
        assertArrayEquals(new long[] {9, 0, 1, 2}, SeedList.parse("9, 0-2"));
        assertArrayEquals(new long[] {4}, SeedList.parse("4"));
    }

    @Test
    void badSeedLists(@TempDir Path tmp) {
        String out = tmp.resolve("s").toString();
        assertRefused(run("train", "--out", out, "--seeds", "7-0"), "the range 7-0 runs backwards");
        assertRefused(run("train", "--out", out, "--seeds", "a"), "'a', which is not a seed");
        assertRefused(run("train", "--out", out, "--seeds", "0,,2"), "an empty item");
        assertRefused(run("train", "--out", out, "--seeds", "0-2,2"), "seed 2 twice");
        assertRefused(run("train", "--out", out, "--seeds", "0-999"), "more than 256 runs");
    }

    @Test
    void unsupportedStacks(@TempDir Path tmp) {
        String out = tmp.resolve("s").toString();
        assertRefused(run("train", "--out", out, "--seeds", "0-1", "--seed", "3"), "drop --seed");
        assertRefused(
                run("train", "--out", out, "--seeds", "0-1", "--estimator", "arm"),
                "--seeds stacks runs of relax, rebar, relax-net, reinforce only, not arm");
        assertRefused(
                run("train", "--out", out, "--seeds", "0-1", "--model", "linear2"),
                "--seeds stacks --model linear or nonlinear only");
        assertRefused(
                run(
                        "train",
                        "--out",
                        out,
                        "--seeds",
                        "0-1",
                        "--model",
                        "categorical-linear",
                        "--estimator",
                        "reinforce"),
                "train categorical-linear with one --seed per run");
        assertRefused(
                run("train", "--out", out, "--seeds", "0-1", "--estimator", "reinforce", "--baseline", "ema"),
                "reinforce with --baseline none only");
    }

    @Test
    void seedsWithResume(@TempDir Path tmp) throws IOException {
        Path dir = TrainCommandErrorsTest.runDirectory(tmp);
        assertRefused(run("train", "--resume", dir.toString(), "--seeds", "0-1"), "--seeds cannot be changed");
    }
}
