package org.relax4j.train.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.plot.LineChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relax4j compare}: a Markdown table and plots overlaying several training runs. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Compare training runs: a Markdown table and overlaid curves.",
            "Columns: final train ELBO, best validation IWAE during training, final gradient",
            "log-variance, speed, and the bounds `relax4j eval` wrote into the run (eval-*.json);",
            "writes compare.md and compare-{bound,train,logvar}.png to --out."
        })
public final class CompareCommand implements Callable<Integer> {

    @Option(names = "--runs", required = true, arity = "1..*", paramLabel = "DIR", description = "run directories")
    List<Path> runs;

    @Option(
            names = "--out",
            defaultValue = "runs/compare",
            description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws IOException {
        AtomicFiles.ensureWritableDirectory(out);
        StringBuilder table = new StringBuilder(
                "| run | model | estimator | steps | final train ELBO | best valid IWAE (k) | final grad log-var | steps/s "
                        + "| relax4j eval |\n|---|---|---|---|---|---|---|---|---|\n");
        LineChart bound = new LineChart("Validation IWAE", "step", "nats");
        LineChart train = new LineChart("Training ELBO", "step", "nats");
        LineChart logvar = new LineChart("Encoder-gradient log-variance (EMA)", "step", "log Var(g)");
        for (Path run : runs) {
            if (!Files.isDirectory(run)) {
                throw new IOException(
                        run + " is not a run directory; give the --out directories of `relax4j train` runs");
            }
            JsonObject summary = readJson(run.resolve("summary.json"));
            List<JsonObject> records = MetricsLog.read(run.resolve("metrics.jsonl"));
            String label = run.getFileName().toString();
            table.append(String.format(
                    "| %s | %s | %s | %s | %s | %s (%s) | %s | %s | %s |%n",
                    label,
                    text(summary, "model"),
                    text(summary, "estimator"),
                    text(summary, "steps"),
                    number(summary, "final_train_elbo", 2),
                    number(summary, "best_valid_iwae", 2),
                    text(summary, "valid_k"),
                    number(summary, "final_grad_logvar", 3),
                    number(summary, "session_steps_per_second", 1),
                    evaluations(run)));
            List<JsonObject> evals = new ArrayList<>();
            for (JsonObject r : records) {
                if (r.has("valid_iwae")) {
                    evals.add(r);
                }
            }
            bound.add(label, series(evals, "step"), series(evals, "valid_iwae"));
            train.add(label, series(records, "step"), series(records, "train_elbo"));
            logvar.add(label, series(records, "step"), series(records, "grad_logvar"));
        }
        AtomicFiles.writeString(out.resolve("compare.md"), table.toString());
        bound.write(out.resolve("compare-bound.png"));
        train.write(out.resolve("compare-train.png"));
        logvar.write(out.resolve("compare-logvar.png"));
        System.out.print(table);
        System.out.println("wrote " + out.resolve("compare.md") + " and compare-{bound,train,logvar}.png");
        return 0;
    }

    /** The results of {@code relax4j eval} in a run, e.g. "validation IWAE-100 −112.67 (10000 ex.)". */
    private static String evaluations(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(run, "eval-*.json")) {
            for (Path file : files) {
                JsonObject e = readJson(file);
                out.add(String.format(
                        "%s IWAE-%s %s, ELBO %s (%s ex.)",
                        text(e, "split"),
                        text(e, "k"),
                        number(e, "iwae", 2),
                        number(e, "elbo", 2),
                        text(e, "examples")));
            }
        }
        out.sort(null);
        return out.isEmpty() ? "–" : String.join("; ", out);
    }

    private static JsonObject readJson(Path file) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new IOException(
                    file.getParent() + " has no summary.json: it is not a finished `relax4j train` "
                            + "run (an interrupted run writes one on exit; resume it to produce one)",
                    e);
        } catch (RuntimeException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "–" : e.getAsString();
    }

    private static String number(JsonObject o, String key, int digits) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return "–";
        }
        double v = e.getAsDouble();
        return Double.isNaN(v) ? "–" : String.format("%." + digits + "f", v);
    }

    private static double[] series(List<JsonObject> records, String field) {
        double[] v = new double[records.size()];
        for (int i = 0; i < v.length; i++) {
            JsonObject r = records.get(i);
            v[i] = r.has(field) && !r.get(field).isJsonNull() ? r.get(field).getAsDouble() : Double.NaN;
        }
        return v;
    }
}
