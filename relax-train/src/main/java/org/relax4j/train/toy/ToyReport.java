package org.relax4j.train.toy;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.relax4j.train.plot.LineChart;

/**
 * Plots of a toy run directory's {@code metrics.jsonl}: exact loss, θ and gradient log-variance
 * against the step, one line per estimator (the mean over seeds when there are several).
 */
public final class ToyReport {

    private ToyReport() {}

    /** Writes {@code loss.png}, {@code theta.png} and {@code logvar.png} into {@code dir}. */
    public static void writePlots(List<JsonObject> records, double target, Path dir) throws IOException {
        Map<String, TreeMap<Long, List<JsonObject>>> byEstimator = new LinkedHashMap<>();
        for (JsonObject r : records) {
            byEstimator
                    .computeIfAbsent(r.get("estimator").getAsString(), k -> new TreeMap<>())
                    .computeIfAbsent(r.get("step").getAsLong(), k -> new ArrayList<>())
                    .add(r);
        }
        String t = "t = " + target;
        LineChart loss = new LineChart("Toy problem, exact loss (" + t + ")", "step", "E[(b - t)^2]");
        LineChart theta = new LineChart("Toy problem, theta (" + t + ")", "step", "theta");
        LineChart logvar = new LineChart("Toy problem, gradient log-variance (" + t + ")", "step", "log Var(g)");
        for (Map.Entry<String, TreeMap<Long, List<JsonObject>>> e : byEstimator.entrySet()) {
            int n = e.getValue().size();
            double[] steps = new double[n];
            double[] l = new double[n];
            double[] th = new double[n];
            double[] v = new double[n];
            int i = 0;
            for (Map.Entry<Long, List<JsonObject>> s : e.getValue().entrySet()) {
                steps[i] = s.getKey();
                l[i] = mean(s.getValue(), "exact_loss");
                th[i] = mean(s.getValue(), "theta");
                v[i] = mean(s.getValue(), "grad_logvar");
                i++;
            }
            loss.add(e.getKey(), steps, l);
            theta.add(e.getKey(), steps, th);
            logvar.add(e.getKey(), steps, v);
        }
        loss.write(dir.resolve("loss.png"));
        theta.write(dir.resolve("theta.png"));
        logvar.write(dir.resolve("logvar.png"));
    }

    private static double mean(List<JsonObject> records, String field) {
        double sum = 0;
        for (JsonObject r : records) {
            sum += r.get(field).getAsDouble();
        }
        return sum / records.size();
    }
}
