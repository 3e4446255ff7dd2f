package org.relax4j.train.vae;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.models.sbn.VaeModel;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.plot.ImageGrid;
import org.relax4j.train.plot.LineChart;

/** The plots of a VAE run directory: bound curves, gradient log-variance, reconstructions, samples. */
public final class VaeReport {

    private VaeReport() {}

    /** Writes {@code elbo.png} and {@code logvar.png} from the run's metrics. */
    public static void writeCurves(Path dir, String title) throws IOException {
        List<JsonObject> records = MetricsLog.read(dir.resolve("metrics.jsonl"));
        LineChart bound = new LineChart(title + ": bounds (nats)", "step", "nats");
        LineChart logvar = new LineChart(title + ": encoder-gradient log-variance (EMA)", "step", "log Var(g)");
        bound.add("train ELBO", series(records, "step"), series(records, "train_elbo"));
        List<JsonObject> evals = new ArrayList<>();
        for (JsonObject r : records) {
            if (r.has("valid_iwae")) {
                evals.add(r);
            }
        }
        if (!evals.isEmpty()) {
            String k = evals.get(0).has("valid_k") ? evals.get(0).get("valid_k").getAsString() : "k";
            bound.add("valid IWAE-" + k, series(evals, "step"), series(evals, "valid_iwae"));
        }
        logvar.add("grad_logvar", series(records, "step"), series(records, "grad_logvar"));
        bound.write(dir.resolve("elbo.png"));
        logvar.write(dir.resolve("logvar.png"));
    }

    /** Values of a numeric field (NaN where missing). */
    static double[] series(List<JsonObject> records, String field) {
        double[] v = new double[records.size()];
        for (int i = 0; i < v.length; i++) {
            JsonObject r = records.get(i);
            v[i] = r.has(field) && !r.get(field).isJsonNull() ? r.get(field).getAsDouble() : Double.NaN;
        }
        return v;
    }

    /**
     * Writes {@code reconstructions.png} (validation digits above their reconstructions) and
     * {@code samples.png} (64 ancestral samples' mean images).
     */
    public static void writeImages(VaeRun run, Path dir) throws IOException {
        int d = run.model().inputDim();
        int side = (int) Math.round(Math.sqrt(d));
        if (side * side != d) {
            return;
        }
        NoiseSource noise = new NoiseSource(run.config().seed() ^ VaeModel.EVAL_NOISE ^ 0x1L);
        float[][] images = run.model().reconstructionsAndSamples(run.data().validation(), noise.forStep(0));
        float[] grid = new float[32 * d];
        System.arraycopy(images[0], 0, grid, 0, 8 * d);
        System.arraycopy(images[1], 0, grid, 8 * d, 8 * d);
        System.arraycopy(images[0], 8 * d, grid, 16 * d, 8 * d);
        System.arraycopy(images[1], 8 * d, grid, 24 * d, 8 * d);
        ImageGrid.write(dir.resolve("reconstructions.png"), grid, side, 8, 2);
        ImageGrid.write(dir.resolve("samples.png"), images[2], side, 8, 2);
    }
}
