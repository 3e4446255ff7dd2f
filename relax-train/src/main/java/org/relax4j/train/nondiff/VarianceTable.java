package org.relax4j.train.nondiff;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.relax4j.models.nondiff.PublishedResults;
import org.relax4j.train.metrics.MetricsLog;

/**
 * The paper's variance-ratio table, built from the metrics of one or more {@code relax4j nondiff}
 * runs: for each estimator, Avg(V) and V(‖·‖₂) averaged over the logged iterations of its own
 * trajectory, divided by SCORE's averages in the same run (as in the paper: ratio of the
 * iteration-averaged variances), next to the published ratios; plus time per iteration and the
 * final ELBO.
 */
public final class VarianceTable {

    /** Averages of one estimator's logged points. */
    public record EstimatorSummary(
            String estimator,
            double meanAvgVar,
            double meanNormVar,
            double msPerIteration,
            double finalElbo,
            double finalElboStandardError,
            int finalIteration,
            int points) {}

    /** One run directory: its model, its settings line and its estimators' summaries. */
    public record Run(String model, String settings, Map<String, EstimatorSummary> estimators) {}

    /** The paper's two variance measures, as labelled in the tables. */
    private enum Measure {
        AVG("Avg(V)", PublishedResults.AVG_VARIANCE_RATIO),
        NORM("V(‖·‖₂)", PublishedResults.NORM_VARIANCE_RATIO);

        final String label;
        final Map<String, Map<String, Double>> publishedRatio;

        Measure(String label, Map<String, Map<String, Double>> publishedRatio) {
            this.label = label;
            this.publishedRatio = publishedRatio;
        }

        double of(EstimatorSummary s) {
            return this == AVG ? s.meanAvgVar() : s.meanNormVar();
        }
    }

    private static final List<String> ESTIMATORS = List.of("score", "reparam", "reparam-nondiff");

    private VarianceTable() {}

    /** Reads a run directory (run.json and metrics.jsonl). */
    public static Run read(Path dir) throws IOException {
        Path runJson = dir.resolve("run.json");
        Path metrics = dir.resolve("metrics.jsonl");
        if (!Files.isRegularFile(runJson) || !Files.isRegularFile(metrics)) {
            throw new IOException(dir + " is not a relax4j nondiff run directory (needs run.json and metrics.jsonl)");
        }
        JsonObject cfg = com.google.gson.JsonParser.parseString(Files.readString(runJson, StandardCharsets.UTF_8))
                .getAsJsonObject();
        String model = cfg.get("model").getAsString();
        return new Run(model, settingsLine(cfg), summarize(MetricsLog.read(metrics)));
    }

    static String settingsLine(JsonObject cfg) {
        return String.format(
                Locale.ROOT,
                "%s: %d iterations, lr %s, N = %d samples per estimate, variance from M = %d"
                        + " estimates every %d iteration(s), ELBO every %d iterations, seed %d, surface %s",
                cfg.get("model").getAsString(),
                cfg.get("iterations").getAsInt(),
                cfg.get("lr").getAsString(),
                cfg.get("samples").getAsInt(),
                cfg.get("variance_samples").getAsInt(),
                cfg.has("variance_every")
                        ? cfg.get("variance_every").getAsInt()
                        : cfg.get("log_every").getAsInt(),
                cfg.get("log_every").getAsInt(),
                cfg.get("seed").getAsLong(),
                cfg.get("surface").getAsString());
    }

    /**
     * Per-estimator summaries of metrics records: variances averaged over the records that carry
     * them, time per iteration from the cumulative training time, the last logged ELBO.
     */
    public static Map<String, EstimatorSummary> summarize(List<JsonObject> records) {
        Map<String, List<JsonObject>> byEstimator = new LinkedHashMap<>();
        for (JsonObject r : records) {
            if (r.has("estimator")) {
                byEstimator
                        .computeIfAbsent(r.get("estimator").getAsString(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        Map<String, EstimatorSummary> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<JsonObject>> e : byEstimator.entrySet()) {
            double avg = 0;
            double norm = 0;
            int varPoints = 0;
            JsonObject lastElbo = null;
            JsonObject last = null;
            for (JsonObject r : e.getValue()) {
                if (r.has("avg_var")) {
                    avg += number(r.get("avg_var"));
                    norm += number(r.get("norm_var"));
                    varPoints++;
                }
                if (r.has("elbo")) {
                    lastElbo = r;
                }
                last = r;
            }
            double iterations = number(last.get("iteration"));
            double ms = last.has("train_s") && iterations > 0
                    ? 1000 * number(last.get("train_s")) / iterations
                    : number(last.get("ms_per_iter"));
            out.put(
                    e.getKey(),
                    new EstimatorSummary(
                            e.getKey(),
                            varPoints == 0 ? Double.NaN : avg / varPoints,
                            varPoints == 0 ? Double.NaN : norm / varPoints,
                            ms,
                            lastElbo == null ? Double.NaN : number(lastElbo.get("elbo")),
                            lastElbo == null ? Double.NaN : number(lastElbo.get("elbo_se")),
                            lastElbo == null ? 0 : (int) number(lastElbo.get("iteration")),
                            varPoints));
        }
        return out;
    }

    private static double number(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return Double.NaN;
        }
        try {
            return e.getAsDouble();
        } catch (NumberFormatException ex) {
            return Double.NaN; // "NaN", "Infinity" written as strings
        }
    }

    /** The Markdown tables for one or more runs (one column pair per model). */
    public static String markdown(List<Run> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Gradient variance, ratio to SCORE (each averaged over its measured iterations)\n\n");
        appendVarianceRatios(sb, runs);
        sb.append("\n## Absolute variance (mean over measured iterations)\n\n");
        appendAbsoluteVariances(sb, runs);
        sb.append("\n## Time per iteration (ms; ours: this machine, gradient estimate + Adam step)\n\n");
        appendTimes(sb, runs);
        sb.append("\n## Final ELBO (± standard error of its Monte Carlo estimate)\n\n");
        appendFinalElbos(sb, runs);
        sb.append("\nSettings:\n");
        for (Run r : runs) {
            sb.append("- ").append(r.settings()).append('\n');
        }
        sb.append("\nPaper: Lee, Yu & Yang (NeurIPS 2018) poster, lr 0.001, 10,000 iterations; REPARAM is biased, "
                + "OURS = reparam-nondiff (one boundary subsampled per sample).\n");
        return sb.toString();
    }

    private static void appendVarianceRatios(StringBuilder sb, List<Run> runs) {
        appendHeader(
                sb,
                runs,
                List.of("estimator", "measure"),
                model -> List.of(model + " (ours)", model + " (paper)", "ours/paper"));
        for (String est : List.of("reparam", "reparam-nondiff")) {
            for (Measure measure : Measure.values()) {
                List<String> row = new ArrayList<>(List.of(label(est), measure.label));
                for (Run r : runs) {
                    double ours = ratio(r, est, measure);
                    double paper = PublishedResults.lookup(measure.publishedRatio, est, r.model());
                    row.addAll(List.of(sci(ours), sci(paper), factor(ours / paper)));
                }
                appendRow(sb, row);
            }
        }
    }

    private static void appendAbsoluteVariances(StringBuilder sb, List<Run> runs) {
        appendHeader(sb, runs, List.of("estimator", "measure"), List::of);
        for (String est : ESTIMATORS) {
            for (Measure measure : Measure.values()) {
                List<String> row = new ArrayList<>(List.of(label(est), measure.label));
                for (Run r : runs) {
                    EstimatorSummary s = r.estimators().get(est);
                    row.add(s == null ? "–" : sci(measure.of(s)));
                }
                appendRow(sb, row);
            }
        }
    }

    private static void appendTimes(StringBuilder sb, List<Run> runs) {
        appendHeader(sb, runs, List.of("estimator"), model -> List.of(model + " (ours)", model + " (paper)"));
        for (String est : ESTIMATORS) {
            List<String> row = new ArrayList<>(List.of(label(est)));
            for (Run r : runs) {
                EstimatorSummary s = r.estimators().get(est);
                row.add(s == null ? "–" : fixed(s.msPerIteration()));
                row.add(fixed(PublishedResults.lookup(PublishedResults.MS_PER_ITERATION, est, r.model())));
            }
            appendRow(sb, row);
        }
    }

    private static void appendFinalElbos(StringBuilder sb, List<Run> runs) {
        appendHeader(sb, runs, List.of("estimator"), List::of);
        for (String est : ESTIMATORS) {
            List<String> row = new ArrayList<>(List.of(label(est)));
            for (Run r : runs) {
                EstimatorSummary s = r.estimators().get(est);
                row.add(
                        s == null
                                ? "–"
                                : String.format(
                                        Locale.ROOT,
                                        "%.6g ± %.2g (it %d)",
                                        s.finalElbo(),
                                        s.finalElboStandardError(),
                                        s.finalIteration()));
            }
            appendRow(sb, row);
        }
    }

    /**
     * A table's header row, the {@code leading} columns then each run's columns (from its model
     * name), and its alignment row: leading columns left-aligned, the runs' right-aligned.
     */
    private static void appendHeader(
            StringBuilder sb, List<Run> runs, List<String> leading, Function<String, List<String>> columnsPerRun) {
        List<String> header = new ArrayList<>(leading);
        for (Run r : runs) {
            header.addAll(columnsPerRun.apply(r.model()));
        }
        appendRow(sb, header);
        sb.append('|');
        for (int i = 0; i < header.size(); i++) {
            sb.append(i < leading.size() ? "---|" : "---:|");
        }
        sb.append('\n');
    }

    private static void appendRow(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String cell : cells) {
            sb.append(' ').append(cell).append(" |");
        }
        sb.append('\n');
    }

    private static double ratio(Run r, String est, Measure measure) {
        EstimatorSummary s = r.estimators().get(est);
        EstimatorSummary score = r.estimators().get("score");
        if (s == null || score == null) {
            return Double.NaN;
        }
        return measure.of(s) / measure.of(score);
    }

    private static String label(String est) {
        switch (est) {
            case "score":
                return "SCORE";
            case "reparam":
                return "REPARAM (biased)";
            case "reparam-nondiff":
                return "OURS (reparam-nondiff)";
            default:
                return est;
        }
    }

    static String sci(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : "–";
    }

    private static String fixed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "–";
    }

    private static String factor(double f) {
        if (!Double.isFinite(f)) {
            return "–";
        }
        String s = f >= 1 ? String.format(Locale.ROOT, "×%.2g", f) : String.format(Locale.ROOT, "÷%.2g", 1 / f);
        return Math.max(f, 1 / f) > 10 ? "**" + s + "**" : s;
    }
}
