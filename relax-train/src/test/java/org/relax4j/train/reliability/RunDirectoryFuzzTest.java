package org.relax4j.train.reliability;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.datasets.DatasetName;
import org.relax4j.datasets.fetch.DataDirectory;
import org.relax4j.datasets.fetch.DataFetcher;
import org.relax4j.train.cli.Relax4jCommand;
import org.relax4j.train.vae.CrashChildMain;
import picocli.CommandLine;

/**
 * Damaged run directories: for each mutation of config.json, metrics.jsonl or checkpoint.bin
 * (truncations, flipped bytes, wrong types, nulls, missing fields, non-UTF-8 bytes, an empty file,
 * a directory in its place), {@code relax4j train --resume DIR --steps N} must exit with status 1
 * and one error line that names the damaged file and says how to fix it, print no stack trace, and
 * leave every file of the run directory byte-identical (issue 12).
 *
 * <p>Only mutations that make the directory wrong are listed: edits a resume may legitimately
 * accept (whitespace, a changed value that is still valid, a missing checkpoint, which means "start
 * from step 0") are excluded by design. A clean copy must resume (exit 0): the control case.
 *
 * <p>Resuming loads the run's data set before it reads the checkpoint and the metrics, so the
 * checkpoint.bin and metrics.jsonl cases (and the control) need verified MNIST files in the data
 * directory ({@code $RELAX4J_DATA} or {@code ~/.relax4j/data}); without them they are skipped. The
 * config.json cases fail before any data is read and always run.
 */
class RunDirectoryFuzzTest {

    private static final List<String> FIX_HINTS =
            List.of("fix", "restore", "delete", "start a new run", "choose", "remove", "rename");

    @TempDir
    static Path shared;

    /** The run directory every case copies: 20 steps, then resumed to 30. */
    private static Path base;

    private static boolean dataPresent;

    @BeforeAll
    static void finishedThenExtendedRun() throws Exception {
        Path dataRoot = DataDirectory.resolve(null);
        Path mnist = DataFetcher.datasetDirectory(DatasetName.MNIST, dataRoot);
        dataPresent = DatasetName.MNIST.files().stream()
                .allMatch(f -> Files.isRegularFile(mnist.resolve(f.fileName()))
                        || Files.isRegularFile(mnist.resolve(f.gzName())));
        base = shared.resolve("base");
        if (dataPresent) {
            String[] common = {
                "--train-examples",
                "400",
                "--batch",
                "4",
                "--log-every",
                "2",
                "--eval-every",
                "0",
                "--eval-k",
                "2",
                "--eval-examples",
                "20",
                "--checkpoint-every",
                "5",
                "--cv-width",
                "20",
                "--cv-depth",
                "1",
                "--no-progress",
                "--data-dir",
                dataRoot.toString()
            };
            List<String> first = new ArrayList<>(List.of("train", "--out", base.toString(), "--steps", "20"));
            first.addAll(List.of(common));
            Result fresh = run(first.toArray(String[]::new));
            assertEquals(0, fresh.status(), fresh.all());
            Result extended = run("train", "--resume", base.toString(), "--steps", "30", "--no-progress");
            assertEquals(0, extended.status(), extended.all());
        } else {
            // Same shape of directory, trained on synthetic data (the checkpoint/metrics cases are skipped).
            CrashChildMain.train(
                    base,
                    CrashChildMain.config(20).toBuilder()
                            .optDataDir(dataRoot.toString())
                            .build(),
                    false);
        }
    }

    /** One way of damaging one file of a run directory. */
    private record Mutation(String file, String name, Mutator mutator) {}

    @FunctionalInterface
    private interface Mutator {
        void apply(Path file) throws IOException;
    }

    @TestFactory
    Stream<DynamicTest> damagedRunDirectoriesAreRefusedWithOneLineAndLeftAlone() {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("control: an undamaged copy resumes", () -> {
            assumeTrue(dataPresent, "needs verified MNIST in the data directory");
            Path dir = copyOfBase("control");
            Result r = resume(dir);
            assertEquals(0, r.status(), r.all());
        }));
        for (Mutation m : mutations()) {
            tests.add(DynamicTest.dynamicTest(m.file() + ": " + m.name(), () -> check(m)));
        }
        return tests.stream();
    }

    private static void check(Mutation m) throws Exception {
        if (!m.file().equals("config.json")) {
            assumeTrue(dataPresent, "needs verified MNIST in the data directory");
        }
        Path dir = copyOfBase(m.file() + "-" + m.name().replaceAll("[^A-Za-z0-9]+", "-"));
        m.mutator().apply(dir.resolve(m.file()));
        Map<String, String> before = hashes(dir);
        Result r = resume(dir);
        Map<String, String> after = hashes(dir);
        String err = r.err().strip();
        String everything = r.all();
        String lower = err.toLowerCase(Locale.ROOT);
        assertAll(
                m.file() + ": " + m.name(),
                () -> assertEquals(1, r.status(), "exit status; output:\n" + everything),
                () -> assertFalse(err.isEmpty() || err.contains("\n"), "one error line expected:\n" + everything),
                () -> assertTrue(err.contains(m.file()), "the error names " + m.file() + ":\n" + everything),
                () -> assertTrue(
                        FIX_HINTS.stream().anyMatch(lower::contains), "the error says how to fix it:\n" + everything),
                () -> assertFalse(
                        everything.contains("at org.") || everything.contains("Exception"),
                        "no stack trace or exception name:\n" + everything),
                () -> assertEquals(before, after, "the run directory changed"));
    }

    // ---- the mutations

    private static List<Mutation> mutations() {
        List<Mutation> list = new ArrayList<>();
        // config.json
        String c = "config.json";
        list.add(new Mutation(c, "empty file", f -> Files.write(f, new byte[0])));
        list.add(new Mutation(c, "truncated to 1 byte", f -> truncate(f, 1)));
        list.add(new Mutation(c, "truncated to half", f -> truncate(f, Files.size(f) / 2)));
        list.add(new Mutation(c, "truncated before the closing brace", f -> truncate(f, Files.size(f) - 2)));
        list.add(new Mutation(c, "first byte flipped", f -> flip(f, 0, 0x01)));
        list.add(new Mutation(c, "colon flipped to semicolon", f -> replaceFirst(f, "\"model\":", "\"model\";")));
        list.add(new Mutation(c, "top level is an array", f -> Files.writeString(f, "[]\n")));
        list.add(new Mutation(c, "top level is null", f -> Files.writeString(f, "null\n")));
        list.add(new Mutation(c, "batch is a string", f -> replaceField(f, "batch", "\"many\"")));
        list.add(new Mutation(c, "steps is an array", f -> replaceField(f, "steps", "[30]")));
        list.add(new Mutation(c, "seed is an object", f -> replaceField(f, "seed", "{}")));
        list.add(new Mutation(c, "model is a number", f -> replaceField(f, "model", "5")));
        list.add(new Mutation(c, "learningRate is a string", f -> replaceField(f, "learningRate", "\"fast\"")));
        list.add(new Mutation(c, "model is null", f -> replaceField(f, "model", "null")));
        list.add(new Mutation(c, "device is null", f -> replaceField(f, "device", "null")));
        list.add(new Mutation(c, "batch is null", f -> replaceField(f, "batch", "null")));
        list.add(new Mutation(c, "estimatorConfig is null", f -> replaceField(f, "estimatorConfig", "null")));
        list.add(new Mutation(c, "dataset is null", f -> replaceField(f, "dataset", "null")));
        list.add(new Mutation(c, "model missing", f -> removeField(f, "model")));
        list.add(new Mutation(c, "estimator missing", f -> removeField(f, "estimator")));
        list.add(new Mutation(c, "estimatorConfig missing", f -> removeField(f, "estimatorConfig")));
        list.add(new Mutation(c, "dataset missing", f -> removeField(f, "dataset")));
        list.add(new Mutation(c, "batch missing", f -> removeField(f, "batch")));
        list.add(new Mutation(c, "device missing", f -> removeField(f, "device")));
        list.add(new Mutation(c, "unknown device", f -> replaceField(f, "device", "\"tpu\"")));
        list.add(new Mutation(c, "negative batch", f -> replaceField(f, "batch", "-4")));
        list.add(new Mutation(c, "unknown estimator", f -> replaceField(f, "estimator", "\"relaks\"")));
        list.add(new Mutation(c, "unknown model", f -> replaceField(f, "model", "\"DEEP\"")));
        list.add(new Mutation(
                c, "non-UTF-8 bytes in a value", f -> replaceFirst(f, "\"relax\"", "\"rel\u00ffax\"", true)));
        list.add(new Mutation(c, "a directory in its place", RunDirectoryFuzzTest::directoryInPlace));
        // metrics.jsonl
        String mt = "metrics.jsonl";
        list.add(new Mutation(mt, "empty file", f -> Files.write(f, new byte[0])));
        list.add(new Mutation(mt, "last line cut mid-way", f -> truncate(f, Files.size(f) - 5)));
        list.add(new Mutation(mt, "cut in the middle of the file", f -> truncate(f, Files.size(f) / 2)));
        list.add(new Mutation(mt, "a line without step", f -> replaceFirst(f, "\"step\":", "\"stepp\":")));
        list.add(new Mutation(mt, "step is null", f -> replaceFirst(f, "\"step\":2,", "\"step\":null,")));
        list.add(new Mutation(mt, "step is a string", f -> replaceFirst(f, "\"step\":2,", "\"step\":\"two\",")));
        list.add(new Mutation(mt, "a line is an array", f -> replaceFirst(f, "{\"step\":2,", "[\"step\",2,")));
        list.add(new Mutation(mt, "a garbage line in the middle", f -> insertLine(f, 3, "not json at all")));
        list.add(new Mutation(mt, "first byte flipped", f -> flip(f, 0, 0x01)));
        list.add(new Mutation(mt, "non-UTF-8 bytes", f -> replaceFirst(f, "\"step\":2,", "\"st\u00ffep\":2,", true)));
        list.add(new Mutation(mt, "a directory in its place", RunDirectoryFuzzTest::directoryInPlace));
        // checkpoint.bin
        String ck = "checkpoint.bin";
        list.add(new Mutation(ck, "empty file", f -> Files.write(f, new byte[0])));
        list.add(new Mutation(ck, "truncated to 10 bytes", f -> truncate(f, 10)));
        list.add(new Mutation(ck, "truncated to 100 bytes", f -> truncate(f, 100)));
        list.add(new Mutation(ck, "truncated to half", f -> truncate(f, Files.size(f) / 2)));
        list.add(new Mutation(ck, "last byte cut", f -> truncate(f, Files.size(f) - 1)));
        list.add(new Mutation(ck, "magic byte flipped", f -> flip(f, 0, 0x01)));
        list.add(new Mutation(ck, "version byte flipped", f -> flip(f, 15, 0x04)));
        list.add(new Mutation(ck, "middle byte flipped", f -> flip(f, Files.size(f) / 2, 0x10)));
        list.add(new Mutation(ck, "checksum byte flipped", f -> flip(f, Files.size(f) - 1, 0x01)));
        list.add(new Mutation(ck, "a directory in its place", RunDirectoryFuzzTest::directoryInPlace));
        return list;
    }

    private static void truncate(Path f, long length) throws IOException {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, (int) length));
    }

    private static void flip(Path f, long offset, int mask) throws IOException {
        byte[] b = Files.readAllBytes(f);
        b[(int) offset] ^= (byte) mask;
        Files.write(f, b);
    }

    private static void replaceFirst(Path f, String from, String to) throws IOException {
        replaceFirst(f, from, to, false);
    }

    /** Replaces the first {@code from}; with {@code latin1}, {@code to} is written as ISO-8859-1 bytes (not UTF-8). */
    private static void replaceFirst(Path f, String from, String to, boolean latin1) throws IOException {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        int at = text.indexOf(from);
        assertTrue(at >= 0, f + " has no " + from);
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] middle = to.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        byte[] tail = text.substring(at + from.length()).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head);
        out.write(middle);
        out.write(tail);
        Files.write(f, out.toByteArray());
    }

    /** Replaces the JSON value of the top-level field {@code name} (a scalar or an object without nesting). */
    private static void replaceField(Path f, String name, String json) throws IOException {
        String text = Files.readString(f);
        String key = "\"" + name + "\":";
        int start = text.indexOf(key);
        assertTrue(start >= 0, f + " has no field " + name);
        int valueStart = start + key.length();
        int valueEnd = valueEnd(text, valueStart);
        Files.writeString(f, text.substring(0, valueStart) + json + text.substring(valueEnd));
    }

    private static void removeField(Path f, String name) throws IOException {
        String text = Files.readString(f);
        String key = "\"" + name + "\":";
        int start = text.indexOf(key);
        assertTrue(start >= 0, f + " has no field " + name);
        int end = valueEnd(text, start + key.length());
        if (text.charAt(end) == ',') {
            end++;
        } else if (text.charAt(start - 1) == ',') {
            start--;
        }
        Files.writeString(f, text.substring(0, start) + text.substring(end));
    }

    /** The end of the JSON value starting at {@code from}: a string, an object or a scalar. */
    private static int valueEnd(String text, int from) {
        char first = text.charAt(from);
        if (first == '"') {
            return text.indexOf('"', from + 1) + 1;
        }
        if (first == '{') {
            int depth = 0;
            for (int i = from; i < text.length(); i++) {
                if (text.charAt(i) == '{') {
                    depth++;
                } else if (text.charAt(i) == '}' && --depth == 0) {
                    return i + 1;
                }
            }
        }
        int i = from;
        while (i < text.length() && ",}\n".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static void insertLine(Path f, int index, String line) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.add(index, line);
        Files.write(f, lines);
    }

    private static void directoryInPlace(Path f) throws IOException {
        Files.delete(f);
        Files.createDirectory(f);
        Files.writeString(f.resolve("inside.txt"), "a file inside the directory\n");
    }

    // ---- running the command

    private record Result(int status, String err, String out) {
        String all() {
            return "exit " + status + "\n--- command error stream:\n" + err + "--- System.out:\n" + out;
        }
    }

    private static Result resume(Path dir) {
        return run("train", "--resume", dir.toString(), "--steps", "40", "--no-progress");
    }

    /**
     * Runs the {@code relax4j} command line in this JVM, capturing its error stream (where the
     * command reports errors and stack traces) and System.out (what the training code prints).
     * System.err is left alone: replacing it sends picocli's error output past the captured writer.
     */
    private static synchronized Result run(String... args) {
        CommandLine cli = Relax4jCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = cli.execute(args);
        } finally {
            System.setOut(oldOut);
        }
        return new Result(status, err.toString(), out.toString(StandardCharsets.UTF_8));
    }

    // ---- directories

    private static Path copyOfBase(String name) throws IOException {
        Path dir = shared.resolve("cases").resolve(name);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(base)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        return dir;
    }

    /** SHA-256 of every file under {@code dir} by relative path (directories listed as such). */
    private static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String rel = dir.relativize(p).toString();
                if (Files.isDirectory(p)) {
                    out.put(rel + "/", "directory");
                } else {
                    out.put(rel, sha256(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
