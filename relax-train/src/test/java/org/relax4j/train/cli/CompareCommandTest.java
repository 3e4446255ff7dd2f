package org.relax4j.train.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.Preset;
import org.relax4j.train.vae.TrainConfig;

/**
 * {@code relax4j compare} aggregates runs that differ only in seed (mean ± standard error, worked
 * out by hand below), keeps other runs apart, and exports the metrics as CSV.
 */
class CompareCommandTest {

    @TempDir
    Path tmp;

    /** A finished-looking run: config.json, summary.json and two metrics records. */
    private Path run(String name, String estimator, long seed, double elbo) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        TrainConfig.builder()
                .optEstimator(estimator)
                .setEstimatorConfig(EstimatorConfig.builder()
                        .optPreset(Preset.VAE)
                        .optSeed(seed)
                        .build())
                .optSeed(seed)
                .optSteps(200)
                .build()
                .write(dir);
        Files.writeString(
                dir.resolve("summary.json"),
                "{\"model\": \"linear\", \"estimator\": \"" + estimator + "\", \"steps\": 200, \"completed\": true, "
                        + "\"final_train_elbo\": " + elbo + ", \"best_valid_iwae\": " + (elbo + 10)
                        + ", \"valid_k\": 100, \"final_grad_logvar\": -4.0, \"session_steps_per_second\": 20.0}\n");
        Files.writeString(
                dir.resolve("metrics.jsonl"),
                "{\"step\": 100, \"train_elbo\": " + (elbo - 5) + ", \"grad_logvar\": -3.5}\n"
                        + "{\"step\": 200, \"train_elbo\": " + elbo + ", \"grad_logvar\": -4.0, \"valid_iwae\": "
                        + (elbo + 10) + "}\n");
        return dir;
    }

    @Test
    void seedsAreAggregatedAsMeanAndStandardError() throws IOException {
        Path a0 = run("rebar-seed0", "rebar", 0, -100);
        Path a1 = run("rebar-seed1", "rebar", 1, -102);
        Path a2 = run("rebar-seed2", "rebar", 2, -104);
        Path b0 = run("relax-seed0", "relax", 0, -99);
        Path csv = tmp.resolve("metrics.csv");
        SweepCommandTest.Result r = SweepCommandTest.run(
                "compare",
                "--runs",
                a0.toString(),
                a1.toString(),
                a2.toString(),
                b0.toString(),
                "--out",
                tmp.resolve("cmp").toString(),
                "--csv",
                csv.toString());
        assertEquals(0, r.status(), r.err());
        String[] rows = Files.readString(tmp.resolve("cmp/compare.md")).split("\n");
        assertEquals(4, rows.length, String.join("\n", rows));
        // mean of -100, -102, -104 is -102; s.d. 2; standard error 2/sqrt(3) = 1.1547
        assertEquals(
                "| rebar-seed* | 0, 1, 2 | linear | rebar | 200 | -102.00 ± 1.15 | -92.00 ± 1.15 (100) | -4.000 ± 0.000 "
                        + "| 20.0 ± 0.0 | – |",
                rows[2]);
        assertEquals("| relax-seed0 | 0 | linear | relax | 200 | -99.00 | -89.00 (100) | -4.000 | 20.0 | – |", rows[3]);
        assertTrue(Files.size(tmp.resolve("cmp/compare-train.png")) > 0);

        List<String> lines = Files.readAllLines(csv);
        assertEquals("run,seed,step,train_elbo,grad_logvar,valid_iwae", lines.get(0));
        assertEquals(1 + 4 * 2, lines.size());
        assertEquals(a1 + ",1,200,-102.0,-4.0,-92.0", lines.get(4));
        assertEquals(a0 + ",0,100,-105.0,-3.5,", lines.get(1));
    }

    @Test
    void standardErrorIsTheSampleStandardDeviationOverRootN() {
        double[] ms = CompareCommand.meanAndStandardError(List.of(1.0, 2.0, 4.0, 9.0));
        // mean 4; squared deviations 9 + 4 + 0 + 25 = 38; s^2 = 38/3; se = sqrt(38/3/4)
        assertArrayEquals(new double[] {4.0, Math.sqrt(38.0 / 12.0)}, ms, 1e-12);
    }
}
