package org.relax4j.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.Preset;
import org.relax4j.datasets.io.IoErrors;
import org.relax4j.train.vae.TrainConfig;

/**
 * Edited or damaged run files and failing disks give one line naming the file, the problem and
 * the fix, exit status 1 and no stack trace (unless {@code --debug}).
 */
class UserErrorMessagesTest {

    private record Result(int status, String err) {}

    private static Result run(String... args) {
        var cli = Relax4jCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Result(status, err.toString());
    }

    private static Path runWithConfig(Path tmp, String from, String to) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        TrainConfig.builder()
                .setEstimatorConfig(
                        EstimatorConfig.builder().optPreset(Preset.VAE).build())
                .build()
                .write(dir);
        Path file = dir.resolve(TrainConfig.FILE);
        String json = Files.readString(file);
        assertTrue(json.contains(from), json);
        Files.writeString(file, json.replace(from, to));
        return dir;
    }

    private static void assertUserError(Result r, String... parts) {
        assertEquals(1, r.status(), r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "expected '" + p + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "stack trace: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void editedConfigFieldsAreNamedWithTheFix(@TempDir Path tmp) throws IOException {
        String[][] cases = {
            {"\"batch\":24", "\"batch\":-3", "field 'batch' must be positive, got -3"},
            {"\"device\":\"cpu\"", "\"device\":\"tpu\"", "field 'device' must be cpu or gpu, got tpu"},
            {"\"batch\":24", "\"batch\":null", "field 'batch' is null"},
            {"\"batch\":24,", "", "field 'batch' is missing"},
            {"\"batch\":24", "\"batch\":\"many\"", "field 'batch' must be a whole number"},
            {"\"batch\":24", "\"batch\":2.5", "field 'batch' must be a whole number"},
            {"\"model\":\"LINEAR\"", "\"model\":\"DEEP\"", "field 'model' must be one of LINEAR"},
            {"\"estimator\":\"relax\"", "\"estimator\":\"relaks\"", "unknown estimator 'relaks'"},
            {"\"estimatorConfig\":{", "\"estimatorConfig\":{\"temperature\":\"hot\",", "'estimatorConfig.temperature'"},
            {"\"maxBadSteps\":10}", "\"maxBadSteps\":10", "is not valid JSON"},
        };
        for (String[] c : cases) {
            Path dir = runWithConfig(tmp.resolve(String.valueOf(c[2].hashCode())), c[0], c[1]);
            Result r = run("train", "--resume", dir.toString());
            assertUserError(r, dir.resolve("config.json").toString(), c[2], "; fix the file or start a new run");
        }
    }

    @Test
    void debugPrintsTheStackTrace(@TempDir Path tmp) throws IOException {
        Path dir = runWithConfig(tmp, "\"batch\":24", "\"batch\":-3");
        Result r = run("train", "--debug", "--resume", dir.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("field 'batch' must be positive") && r.err().contains("\tat "), r.err());
        Result top = run("--debug", "eval", "--run", dir.toString());
        assertTrue(top.err().contains("\tat "), top.err());
    }

    @Test
    void nonUtf8AndDirectoryConfigsNameTheFile(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        Files.write(dir.resolve("config.json"), new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertUserError(run("train", "--resume", dir.toString()), dir.resolve("config.json") + " is not UTF-8 text");
        Path dir2 = Files.createDirectories(tmp.resolve("dir").resolve("config.json"))
                .getParent();
        assertUserError(run("train", "--resume", dir2.toString()), dir2.resolve("config.json") + " is a directory");
    }

    @Test
    void bareIoFailuresGetAPathAndAFix() {
        Path file = Path.of("/runs/x/checkpoint.bin");
        IOException full = IoErrors.describe(file, new IOException("No space left on device"));
        assertEquals(
                "no space left on device while writing /runs/x/checkpoint.bin; free space or choose another --out",
                full.getMessage());
        assertTrue(IoErrors.describe(file, new IOException("Is a directory"))
                .getMessage()
                .startsWith(file + " is a directory"));
        assertTrue(IoErrors.describe(file, new MalformedInputException(1))
                .getMessage()
                .startsWith(file + " is not UTF-8 text"));
        // without a known file, the handler still adds the fix
        assertTrue(UserErrorHandler.userMessage(new IOException("No space left on device"))
                .contains("free space or choose another --out"));
    }

    @Test
    void wrappedUserErrorsAreUnwrapped() {
        Throwable t = UserErrorHandler.unwrap(
                new RuntimeException(new UncheckedIOException(new IOException("x.json: bad; fix it"))));
        assertEquals("x.json: bad; fix it", UserErrorHandler.userMessage(t));
        Throwable iae = UserErrorHandler.unwrap(new RuntimeException(new IllegalArgumentException("bad --lr")));
        assertEquals("bad --lr", UserErrorHandler.userMessage(iae));
    }
}
