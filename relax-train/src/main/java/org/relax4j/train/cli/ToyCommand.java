package org.relax4j.train.cli;

import ai.djl.engine.Engine;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.estimator.Preset;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.models.toy.ToyProblem;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.plot.PlotUnavailableException;
import org.relax4j.train.progress.Progress;
import org.relax4j.train.toy.ToyReport;
import org.relax4j.train.toy.ToyRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code relax4j toy}: the toy problem of the RELAX paper, for one or several estimators. */
@Command(
        name = "toy",
        mixinStandardHelpOptions = true,
        description = {
            "The toy problem of the RELAX paper: minimise E[(b - t)^2], b ~ Bernoulli(sigmoid(l)).",
            "One sample per step (RELAX paper, section 6.1).",
            "Writes DIR/metrics.jsonl (exact loss and gradient, estimator mean and log-variance from",
            "fresh samples), loss/theta/logvar plots and summary.json.",
            "Estimators: reinforce, concrete (BIASED), straight-through (BIASED), rebar, relax, relax-net,",
            "arm, disarm, rloo, vimco. The toy's RELAX network defaults to the paper's: 1->10 tanh->1 on",
            "2*sigma(z/lambda)-1 with output scale starting at 0 (relax-net is exactly that surrogate)."
        })
public final class ToyCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ToyCommand.class);

    @Option(
            names = "--estimator",
            split = ",",
            defaultValue = "reinforce,rebar,relax-net",
            description = "comma-separated estimators (default: ${DEFAULT-VALUE})")
    List<String> estimators;

    @Option(
            names = "--target",
            defaultValue = "0.499",
            description = "t (default: ${DEFAULT-VALUE}; the REBAR paper used 0.45)")
    double target;

    @Option(names = "--steps", defaultValue = "10000", description = "training steps (default: ${DEFAULT-VALUE})")
    long steps;

    @Option(names = "--seed", defaultValue = "0", description = "first seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--seeds",
            defaultValue = "1",
            description = "number of seeds, seed..seed+n-1 (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(
            names = "--lr",
            defaultValue = "0.01",
            description = "Adam learning rate on the logit (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(
            names = "--cv-lr",
            defaultValue = "0.01",
            description = "Adam learning rate on the estimator's parameters (default: ${DEFAULT-VALUE})")
    float cvLr;

    @Option(
            names = "--log-every",
            defaultValue = "10",
            description = "steps between measurements (default: ${DEFAULT-VALUE})")
    int logEvery;

    @Option(
            names = "--variance-samples",
            defaultValue = "1000",
            description = "fresh estimates per measurement (default: ${DEFAULT-VALUE})")
    int varianceSamples;

    @Option(names = "--out", defaultValue = "runs/toy", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    EstimatorOptions estimatorOptions;

    @Override
    public Integer call() throws IOException {
        validate();
        AtomicFiles.ensureWritableDirectory(out);
        EstimatorConfig config = estimatorOptions.toConfig(Preset.TOY, seed);
        for (String name : estimators) {
            EstimatorRegistry.standard().create(name, config).close();
        }
        writeConfig();
        ToyProblem problem = new ToyProblem(target);
        Map<String, List<ToyRun.Result>> results = new LinkedHashMap<>();
        long total = steps * estimators.size() * seeds;
        try (MetricsLog log = MetricsLog.create(out.resolve("metrics.jsonl"));
                Progress progress = Progress.start("toy", 0, total)) {
            long done = 0;
            for (String name : estimators) {
                for (int s = 0; s < seeds; s++) {
                    long runSeed = seed + s;
                    Engine.getInstance().setRandomSeed((int) runSeed);
                    ToyRun run = new ToyRun(
                            () -> EstimatorRegistry.standard()
                                    .create(
                                            name,
                                            config.toBuilder().optSeed(runSeed).build()),
                            problem,
                            runSeed,
                            lr,
                            cvLr,
                            varianceSamples);
                    ToyRun.Result r = run.run(steps, logEvery, log, progress, done, name + " seed " + runSeed);
                    results.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
                    LOG.info(
                            "{} seed {}: final theta {} mean log-variance {}",
                            name,
                            runSeed,
                            String.format("%.4f", r.finalTheta()),
                            String.format("%.3f", r.meanLogVariance()));
                    done += steps;
                }
            }
        }
        try {
            ToyReport.writePlots(MetricsLog.read(out.resolve("metrics.jsonl")), target, out);
        } catch (PlotUnavailableException e) {
            LOG.warn("no plots: {}", e.getMessage());
        }
        writeSummary(results);
        System.out.println(summaryTable(results));
        System.out.println("wrote " + out.resolve("metrics.jsonl") + ", loss.png, theta.png, logvar.png, summary.json");
        return 0;
    }

    private void validate() {
        if (estimators.isEmpty()) {
            throw new IllegalArgumentException("--estimator needs at least one name");
        }
        if (steps <= 0 || seeds <= 0 || logEvery <= 0 || varianceSamples < 2) {
            throw new IllegalArgumentException(
                    "--steps, --seeds and --log-every must be positive and --variance-samples at least 2");
        }
        if (!(lr > 0) || !(cvLr > 0) || Float.isInfinite(lr) || Float.isInfinite(cvLr)) {
            throw new IllegalArgumentException("--lr and --cv-lr must be positive and finite");
        }
    }

    private void writeConfig() throws IOException {
        JsonObject c = new JsonObject();
        c.addProperty("command", "toy");
        c.addProperty("estimators", String.join(",", estimators));
        c.addProperty("target", target);
        c.addProperty("steps", steps);
        c.addProperty("seed", seed);
        c.addProperty("seeds", seeds);
        c.addProperty("lr", lr);
        c.addProperty("cv_lr", cvLr);
        c.addProperty("log_every", logEvery);
        c.addProperty("variance_samples", varianceSamples);
        AtomicFiles.writeString(out.resolve("config.json"), MetricsLog.GSON.toJson(c) + "\n");
    }

    private void writeSummary(Map<String, List<ToyRun.Result>> results) throws IOException {
        JsonObject summary = new JsonObject();
        for (Map.Entry<String, List<ToyRun.Result>> e : results.entrySet()) {
            JsonObject s = new JsonObject();
            double[] theta =
                    e.getValue().stream().mapToDouble(ToyRun.Result::finalTheta).toArray();
            double[] logvar = e.getValue().stream()
                    .mapToDouble(ToyRun.Result::meanLogVariance)
                    .toArray();
            s.addProperty("seeds", theta.length);
            s.addProperty("final_theta_mean", mean(theta));
            s.addProperty("final_theta_se", se(theta));
            s.addProperty("mean_logvar_mean", mean(logvar));
            s.addProperty("mean_logvar_se", se(logvar));
            s.addProperty(
                    "ms_per_step",
                    1000
                            * e.getValue().stream()
                                    .mapToDouble(ToyRun.Result::secondsPerStep)
                                    .average()
                                    .orElse(Double.NaN));
            summary.add(e.getKey(), s);
        }
        AtomicFiles.writeString(out.resolve("summary.json"), MetricsLog.GSON.toJson(summary) + "\n");
    }

    private static String summaryTable(Map<String, List<ToyRun.Result>> results) {
        StringBuilder sb = new StringBuilder(
                "| estimator | seeds | final theta (mean ± s.e.) | mean log-variance (mean ± s.e.) |\n|---|---|---|---|\n");
        for (Map.Entry<String, List<ToyRun.Result>> e : results.entrySet()) {
            double[] theta =
                    e.getValue().stream().mapToDouble(ToyRun.Result::finalTheta).toArray();
            double[] logvar = e.getValue().stream()
                    .mapToDouble(ToyRun.Result::meanLogVariance)
                    .toArray();
            sb.append(String.format(
                    "| %s | %d | %.4f ± %.4f | %.2f ± %.2f |%n",
                    e.getKey(), theta.length, mean(theta), se(theta), mean(logvar), se(logvar)));
        }
        return sb.toString();
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double se(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1) / x.length);
    }
}
