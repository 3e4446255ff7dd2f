package org.relax4j.train.nondiff;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.nondiff.lang.NondiffModel;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.models.nondiff.NondiffBenchmarks;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.plot.LineChart;
import org.relax4j.train.plot.PlotUnavailableException;

/**
 * One {@code relax4j nondiff} invocation: trains every requested estimator on one benchmark and
 * writes, under the output directory,
 *
 * <ul>
 *   <li>{@code run.json}: the settings and the model's size;
 *   <li>{@code metrics.jsonl}: one record per estimator and logged iteration: {@code estimator},
 *       {@code iteration}, {@code elbo} and {@code elbo_se} (every {@code --log-every}
 *       iterations), {@code avg_var} and {@code norm_var} (every {@code --variance-every}
 *       iterations), {@code ms_per_iter} (mean since the previous record), {@code train_s}
 *       (cumulative training time), {@code wall_s}, {@code skipped_updates};
 *   <li>{@code elbo.png} (and {@code neg_elbo_log.png}, −ELBO on a log axis, when the ELBO is
 *       negative throughout): the ELBO curves;
 *   <li>{@code variance_ratios.md}: the variance-ratio table next to the published one;
 *   <li>{@code summary.json}: per-estimator averages and the final q (μ, σ per latent).
 * </ul>
 */
public final class NondiffExperiment {

    private NondiffExperiment() {}

    /** Runs the configuration; progress and the final table go to {@code out}. */
    public static VarianceTable.Run run(NondiffRunConfig cfg, PrintWriter out) throws IOException {
        AtomicFiles.ensureWritableDirectory(cfg.out());
        NondiffModel model = NondiffBenchmarks.byName(cfg.model());
        Map<String, Object> runInfo = new LinkedHashMap<>(cfg.toMap());
        runInfo.put("model_description", model.describe());
        AtomicFiles.writeString(cfg.out().resolve("run.json"), MetricsLog.GSON.toJson(runInfo) + "\n");
        out.println(model.describe());
        out.flush();
        List<NondiffRun.Result> results = new ArrayList<>();
        Path metricsPath = cfg.out().resolve("metrics.jsonl");
        try (MetricsLog metrics = MetricsLog.create(metricsPath)) {
            for (String name : cfg.estimators()) {
                NondiffRun.Result r = NondiffRun.run(model, cfg, name, p -> {
                    try {
                        metrics.log(p.toMap());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                results.add(r);
                NondiffMeasurements.LogPoint last = r.points().get(r.points().size() - 1);
                out.printf(
                        "%s/%s: final ELBO %.6g ± %.2g, %.2f ms/iteration%s%n",
                        cfg.model(),
                        name,
                        last.elbo(),
                        last.elboStandardError(),
                        r.msPerIteration(),
                        r.skippedUpdates() > 0 ? ", " + r.skippedUpdates() + " non-finite gradients skipped" : "");
                out.flush();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try {
            writeCharts(cfg, results);
        } catch (PlotUnavailableException e) {
            out.println("warning: no plots: " + e.getMessage());
        }
        VarianceTable.Run run = new VarianceTable.Run(
                cfg.model(),
                VarianceTable.settingsLine(com.google.gson.JsonParser.parseString(MetricsLog.GSON.toJson(cfg.toMap()))
                        .getAsJsonObject()),
                VarianceTable.summarize(MetricsLog.read(metricsPath)));
        String table = "# " + cfg.model() + "\n\n" + VarianceTable.markdown(List.of(run));
        AtomicFiles.writeString(cfg.out().resolve("variance_ratios.md"), table);
        writeSummary(cfg, model, results, run);
        out.println();
        out.println(table);
        out.flush();
        return run;
    }

    private static void writeCharts(NondiffRunConfig cfg, List<NondiffRun.Result> results) throws IOException {
        LineChart chart = new LineChart(
                cfg.model() + ": ELBO (lr " + cfg.learningRate() + ", N = " + cfg.samples() + ")", "iteration", "ELBO");
        LineChart neg = new LineChart(
                        cfg.model() + ": −ELBO, log scale (lr " + cfg.learningRate() + ", N = " + cfg.samples() + ")",
                        "iteration",
                        "−ELBO")
                .logY();
        boolean allNegative = true;
        for (NondiffRun.Result r : results) {
            List<NondiffMeasurements.LogPoint> pts = new ArrayList<>();
            for (NondiffMeasurements.LogPoint p : r.points()) {
                if (p.elbo() != null) {
                    pts.add(p);
                }
            }
            int k = pts.size();
            double[] x = new double[k];
            double[] y = new double[k];
            double[] ny = new double[k];
            for (int i = 0; i < k; i++) {
                x[i] = pts.get(i).iteration();
                y[i] = pts.get(i).elbo();
                ny[i] = -y[i];
                if (Double.isFinite(y[i]) && y[i] >= 0) {
                    allNegative = false;
                }
            }
            chart.add(r.estimator(), x, y);
            neg.add(r.estimator(), x, ny);
        }
        chart.write(cfg.out().resolve("elbo.png"));
        if (allNegative) {
            neg.write(cfg.out().resolve("neg_elbo_log.png"));
        }
    }

    private static void writeSummary(
            NondiffRunConfig cfg, NondiffModel model, List<NondiffRun.Result> results, VarianceTable.Run run)
            throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("config", cfg.toMap());
        Map<String, Object> ests = new LinkedHashMap<>();
        for (NondiffRun.Result r : results) {
            VarianceTable.EstimatorSummary s = run.estimators().get(r.estimator());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("mean_avg_var", s.meanAvgVar());
            e.put("mean_norm_var", s.meanNormVar());
            e.put("ms_per_iter", r.msPerIteration());
            e.put("final_elbo", s.finalElbo());
            e.put("final_elbo_se", s.finalElboStandardError());
            e.put("skipped_updates", r.skippedUpdates());
            MeanFieldGaussian q = MeanFieldGaussian.fromVector(r.theta());
            Map<String, double[]> qMap = new LinkedHashMap<>();
            double[] mu = q.mu();
            double[] sigma = q.sigma();
            for (int i = 0; i < model.numLatents(); i++) {
                qMap.put(model.latentNames().get(i), new double[] {mu[i], sigma[i]});
            }
            e.put("final_q_mean_std", qMap);
            ests.put(r.estimator(), e);
        }
        summary.put("estimators", ests);
        AtomicFiles.writeString(cfg.out().resolve("summary.json"), MetricsLog.GSON.toJson(summary) + "\n");
    }
}
