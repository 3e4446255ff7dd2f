package org.relax4j.train.nondiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.train.cli.Relax4jCommand;
import org.relax4j.train.metrics.MetricsLog;
import picocli.CommandLine;

/** {@code relax4j nondiff}: flag errors, and a tiny run that writes every output. */
class NondiffCommandTest {

    private static Object[] run(String... args) {
        CommandLine cli = Relax4jCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Object[] {code, out.toString(), err.toString()};
    }

    @Test
    void badFlagsGiveOneClearLine(@TempDir Path dir) throws Exception {
        String out = dir.resolve("o").toString();
        Object[][] cases = {
            run("nondiff", "--model", "weather", "--out", out),
            run("nondiff", "--model", "textmsg", "--estimator", "score,magic", "--out", out),
            run("nondiff", "--model", "textmsg", "--iterations", "0", "--out", out),
            run("nondiff", "--model", "textmsg", "--samples", "-1", "--out", out),
            run("nondiff", "--model", "textmsg", "--variance-samples", "1", "--out", out),
            run("nondiff", "--model", "textmsg"),
        };
        String[] expected = {
            "unknown --model 'weather'",
            "unknown --estimator 'magic'",
            "--iterations must be a positive",
            "--samples must be a positive",
            "--variance-samples must be at least 2",
            "--out DIR is required"
        };
        for (int i = 0; i < cases.length; i++) {
            assertEquals(1, cases[i][0], "case " + i + ": " + cases[i][2]);
            assertTrue(((String) cases[i][2]).contains(expected[i]), "case " + i + ": " + cases[i][2]);
        }
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        Object[] notDir = run("nondiff", "--model", "textmsg", "--iterations", "2", "--out", file.toString());
        assertEquals(1, notDir[0]);
        assertTrue(((String) notDir[2]).contains("Cannot create directory"), (String) notDir[2]);
    }

    @Test
    void tinyRunWritesMetricsChartAndTable(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Object[] r = run(
                "nondiff",
                "--model",
                "textmsg",
                "--iterations",
                "20",
                "--log-every",
                "10",
                "--variance-every",
                "5",
                "--variance-samples",
                "4",
                "--elbo-samples",
                "50",
                "--out",
                out.toString());
        assertEquals(0, r[0], (String) r[2]);
        List<JsonObject> records = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertEquals(15, records.size(), "3 estimators × iterations 0, 5, 10, 15, 20");
        int elbos = 0;
        for (JsonObject o : records) {
            for (String field : new String[] {"estimator", "iteration", "avg_var", "norm_var"}) {
                assertTrue(o.has(field), field + " missing in " + o);
            }
            int it = o.get("iteration").getAsInt();
            assertEquals(it % 10 == 0, o.has("elbo"), "ELBO logged every 10 iterations: " + o);
            elbos += o.has("elbo") ? 1 : 0;
        }
        assertEquals(9, elbos);
        // common random numbers: every estimator's ELBO at iteration 0 is the same number
        assertEquals(
                records.get(0).get("elbo").getAsDouble(),
                records.get(5).get("elbo").getAsDouble(),
                0);
        assertTrue(Files.size(out.resolve("elbo.png")) > 1000);
        String md = Files.readString(out.resolve("variance_ratios.md"));
        assertTrue(md.contains("| OURS (reparam-nondiff) | Avg(V) |") && md.contains("2.77e-02"), md);
        assertTrue(((String) r[1]).contains("Gradient variance, ratio to SCORE"));
        Object[] t = run(
                "nondiff", "table", out.toString(), "--out", dir.resolve("t.md").toString());
        assertEquals(0, t[0], (String) t[2]);
        assertTrue(Files.readString(dir.resolve("t.md")).contains("textmsg (paper)"));
    }
}
