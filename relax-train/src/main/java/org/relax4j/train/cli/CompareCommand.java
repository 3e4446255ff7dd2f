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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.plot.LineChart;
import org.relax4j.train.vae.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code relax4j compare}: a Markdown table and plots of several training runs, where runs that
 * differ only in their seed are one row (mean ± standard error over the seeds) and one curve (the
 * mean, in a band of ± one standard error); and optionally every metrics record as CSV.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Compare training runs: a Markdown table and overlaid curves.",
            "Runs whose config.json differ only in the seed are aggregated: one row with mean ± standard",
            "error (s.d./sqrt(n)) over the seeds, one curve with a band of ± one standard error.",
            "Columns: final train ELBO, best validation IWAE during training, final gradient",
            "log-variance, speed, and the bounds `relax4j eval` wrote into the run (eval-*.json);",
            "writes compare.md and compare-{bound,train,logvar}.png to --out, and with --csv every",
            "metrics record of every run as CSV."
        })
public final class CompareCommand implements Callable<Integer> {

    @Option(names = "--runs", required = true, arity = "1..*", paramLabel = "DIR", description = "run directories")
    List<Path> runs;

    @Option(
            names = "--out",
            defaultValue = "runs/compare",
            description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--csv",
            paramLabel = "FILE",
            description = "also write every metrics record as CSV: run, seed, step and one column per metric")
    Path csv;

    /** The fields of config.json that tell runs of one experiment apart without making it another. */
    private static final Set<String> NOT_THE_EXPERIMENT = Set.of("seed", "dataDir");

    /** One run directory's results. */
    private record Run(Path dir, String name, JsonObject summary, List<JsonObject> records, String seed) {}

    @Override
    public Integer call() throws IOException {
        AtomicFiles.ensureWritableDirectory(out);
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        List<Run> all = new ArrayList<>();
        for (Path dir : runs) {
            if (!Files.isDirectory(dir)) {
                throw new IOException(
                        dir + " is not a run directory; give the --out directories of `relax4j train` runs");
            }
            JsonObject config = readConfig(dir);
            Run run = new Run(
                    dir,
                    dir.getFileName().toString(),
                    readJson(dir.resolve("summary.json")),
                    MetricsLog.read(dir.resolve(MetricsLog.FILE)),
                    config == null || !config.has("seed")
                            ? "–"
                            : config.get("seed").getAsString());
            all.add(run);
            String experiment = config == null ? "run:" + dir.toAbsolutePath() : experiment(config);
            groups.computeIfAbsent(experiment, k -> new ArrayList<>()).add(run);
        }
        StringBuilder table = new StringBuilder(
                "| run | seeds | model | estimator | steps | final train ELBO | best valid IWAE (k) | final grad log-var "
                        + "| steps/s | relax4j eval |\n|---|---|---|---|---|---|---|---|---|---|\n");
        LineChart bound = new LineChart("Validation IWAE", "step", "nats");
        LineChart train = new LineChart("Training ELBO", "step", "nats");
        LineChart logvar = new LineChart("Encoder-gradient log-variance (EMA)", "step", "log Var(g)");
        for (List<Run> group : groups.values()) {
            Run first = group.get(0);
            String label = label(group);
            table.append(String.format(
                    "| %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s | %s |%n",
                    label,
                    group.stream().map(Run::seed).collect(Collectors.joining(", ")),
                    text(first.summary(), "model"),
                    text(first.summary(), "estimator"),
                    group.stream()
                            .map(r -> text(r.summary(), "steps"))
                            .distinct()
                            .collect(Collectors.joining("/")),
                    stat(group, r -> value(r.summary(), "final_train_elbo"), 2),
                    stat(group, r -> value(r.summary(), "best_valid_iwae"), 2),
                    text(first.summary(), "valid_k"),
                    stat(group, r -> value(r.summary(), "final_grad_logvar"), 3),
                    stat(group, r -> value(r.summary(), "session_steps_per_second"), 1),
                    evaluations(group)));
            addCurve(bound, label, group, "valid_iwae");
            addCurve(train, label, group, "train_elbo");
            addCurve(logvar, label, group, "grad_logvar");
        }
        AtomicFiles.writeString(out.resolve("compare.md"), table.toString());
        bound.write(out.resolve("compare-bound.png"));
        train.write(out.resolve("compare-train.png"));
        logvar.write(out.resolve("compare-logvar.png"));
        System.out.print(table);
        System.out.println("wrote " + out.resolve("compare.md") + " and compare-{bound,train,logvar}.png");
        if (csv != null) {
            AtomicFiles.writeString(csv, csv(all));
            System.out.println("wrote " + csv);
        }
        return 0;
    }

    /** What makes runs one experiment: their config.json without the seeds and the data directory. */
    private static String experiment(JsonObject config) {
        JsonObject c = config.deepCopy();
        NOT_THE_EXPERIMENT.forEach(c::remove);
        if (c.get("estimatorConfig") instanceof JsonObject e) {
            e.remove("seed");
        }
        return MetricsLog.GSON.toJson(new TreeMap<>(c.asMap()));
    }

    /**
     * A group's name: a single run's directory name; for several seeds, the first's with its seed
     * part ("seed0", "s0") written as "seed*" ("rebar-seed*"), or its name and "+ n-1 seeds".
     */
    private static String label(List<Run> group) {
        String name = group.get(0).name();
        if (group.size() == 1) {
            return name;
        }
        String starred = name.replaceFirst("(?<=^|[-_])(seed|s)\\d+(?=$|[-_])", "$1*");
        return starred.equals(name) ? name + " + " + (group.size() - 1) + " seeds" : starred;
    }

    /** The mean ± standard error of a value over the runs of {@code group} that have it. */
    private static String stat(List<Run> group, Function<Run, Double> of, int digits) {
        List<Double> v = new ArrayList<>();
        group.forEach(r -> v.add(of.apply(r)));
        return stat(v, digits);
    }

    /**
     * The mean ± standard error of the finite values, "(n=k)" added when only k of them are; the
     * value alone for a single run; "–" for none.
     */
    private static String stat(List<Double> values, int digits) {
        List<Double> v =
                values.stream().filter(x -> x != null && Double.isFinite(x)).toList();
        if (v.isEmpty()) {
            return "–";
        }
        double[] ms = meanAndStandardError(v);
        String f = "%." + digits + "f";
        String partial = v.size() < values.size() ? " (n=" + v.size() + ")" : "";
        if (v.size() == 1) {
            return String.format(f, ms[0]) + partial;
        }
        return String.format(f + " ± " + f, ms[0], ms[1]) + partial;
    }

    /** Mean and standard error of the mean, s/√n with the unbiased sample variance s² (n ≥ 2). */
    static double[] meanAndStandardError(List<Double> v) {
        int n = v.size();
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= n;
        if (n < 2) {
            return new double[] {mean, Double.NaN};
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(ss / (n - 1) / n)};
    }

    /**
     * One run's curve, or a group's mean curve in a band of ± one standard error, over the steps
     * that every run of the group recorded.
     */
    private static void addCurve(LineChart chart, String label, List<Run> group, String field) {
        if (group.size() == 1) {
            List<JsonObject> rs = withField(group.get(0).records(), field);
            chart.add(label, series(rs, "step"), series(rs, field));
            return;
        }
        Map<Long, List<Double>> byStep = new TreeMap<>();
        for (Run r : group) {
            for (JsonObject rec : withField(r.records(), field)) {
                byStep.computeIfAbsent(rec.get("step").getAsLong(), k -> new ArrayList<>())
                        .add(value(rec, field));
            }
        }
        byStep.values().removeIf(v -> v.size() < group.size() || v.stream().anyMatch(x -> x == null));
        int n = byStep.size();
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        int i = 0;
        for (Map.Entry<Long, List<Double>> e : byStep.entrySet()) {
            double[] ms = meanAndStandardError(e.getValue());
            x[i] = e.getKey();
            mean[i] = ms[0];
            lo[i] = ms[0] - ms[1];
            hi[i] = ms[0] + ms[1];
            i++;
        }
        chart.addBand(label + " (n=" + group.size() + ", ± s.e.)", x, mean, lo, hi);
    }

    private static List<JsonObject> withField(List<JsonObject> records, String field) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject r : records) {
            if (r.has(field) && r.has("step")) {
                out.add(r);
            }
        }
        return out;
    }

    /** Every metrics record of every run: run, seed, then the columns in order of first appearance. */
    private static String csv(List<Run> all) {
        Set<String> columns = new LinkedHashSet<>(List.of("step"));
        for (Run r : all) {
            r.records().forEach(rec -> columns.addAll(rec.keySet()));
        }
        StringBuilder s = new StringBuilder("run,seed");
        columns.forEach(c -> s.append(',').append(csvField(c)));
        s.append('\n');
        for (Run r : all) {
            for (JsonObject rec : r.records()) {
                s.append(csvField(r.dir().toString())).append(',').append(csvField(r.seed()));
                for (String c : columns) {
                    JsonElement e = rec.get(c);
                    s.append(',').append(e == null || e.isJsonNull() ? "" : csvField(e.getAsString()));
                }
                s.append('\n');
            }
        }
        return s.toString();
    }

    /** A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break. */
    private static String csvField(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /**
     * The results of {@code relax4j eval} in the runs, e.g. "validation IWAE-100 −112.67 (10000 ex.)",
     * as mean ± standard error over the runs of a group that have the same evaluation.
     */
    private static String evaluations(List<Run> group) throws IOException {
        Map<String, List<JsonObject>> byKind = new TreeMap<>();
        for (Run run : group) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(run.dir(), "eval-*.json")) {
                for (Path file : files) {
                    JsonObject e = readJson(file);
                    String kind = text(e, "split") + " IWAE-" + text(e, "k") + " (" + text(e, "examples") + " ex.)";
                    byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(e);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<JsonObject>> k : byKind.entrySet()) {
            List<Double> iwae = new ArrayList<>();
            List<Double> elbo = new ArrayList<>();
            for (JsonObject e : k.getValue()) {
                iwae.add(value(e, "iwae"));
                elbo.add(value(e, "elbo"));
            }
            String kind = k.getKey();
            int cut = kind.indexOf(" (");
            out.add(String.format(
                    "%s %s, ELBO %s%s", kind.substring(0, cut), stat(iwae, 2), stat(elbo, 2), kind.substring(cut)));
        }
        return out.isEmpty() ? "–" : String.join("; ", out);
    }

    /** The run's config.json as JSON, or null if it has none. */
    private static JsonObject readConfig(Path dir) throws IOException {
        Path file = dir.resolve(TrainConfig.FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
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

    /** A number of a JSON object, or null if it is absent, null or not a number. */
    private static Double value(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null
                || e.isJsonNull()
                || !e.isJsonPrimitive()
                || !e.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        return e.getAsDouble();
    }

    private static double[] series(List<JsonObject> records, String field) {
        double[] v = new double[records.size()];
        for (int i = 0; i < v.length; i++) {
            JsonObject r = records.get(i);
            Double x = value(r, field);
            v[i] = x == null ? Double.NaN : x;
        }
        return v;
    }
}
