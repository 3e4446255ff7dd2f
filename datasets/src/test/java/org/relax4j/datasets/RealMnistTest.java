package org.relax4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.relax4j.datasets.fetch.DataDirectory;
import org.relax4j.datasets.fetch.DataFetcher;
import org.relax4j.datasets.fetch.FileStatus;
import org.relax4j.datasets.io.IdxArray;

/** Checks the real MNIST files; runs only where they are already in the default data directory. */
class RealMnistTest {

    @Test
    void realMnistHasTheKnownSplitsAndStatistics() {
        Path root = DataDirectory.resolve(null);
        List<FileStatus> status =
                DataFetcher.forDataset(DatasetName.MNIST, root).inspect();
        Assumptions.assumeTrue(
                status.stream().allMatch(FileStatus::ok),
                "MNIST is not (completely, verified) in " + root
                        + "/mnist; run `./relax4j data fetch` to enable this test");
        Map<String, IdxArray> files = new LinkedHashMap<>();
        status.forEach(s -> files.put(s.spec().fileName(), s.content()));
        MnistData data = MnistData.fromFiles(DatasetName.MNIST, files, null); // no cache written by tests

        assertEquals(50_000, data.train().size());
        assertEquals(10_000, data.validation().size());
        assertEquals(10_000, data.test().size());
        assertEquals(784, data.train().dim());
        // Known test-set label counts of MNIST.
        assertArrayEquals(
                new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
                data.test().labelHistogram());
        // Validation = last 10k of the training file: train + validation histograms = the 60k counts.
        int[] h = data.train().labelHistogram();
        int[] v = data.validation().labelHistogram();
        int[] full = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
        for (int c = 0; c < 10; c++) {
            assertEquals(full[c], h[c] + v[c], "class " + c);
        }
        float[] mean = data.trainingMean();
        assertEquals(784, mean.length);
        double avg = 0;
        for (float f : mean) {
            avg += f / 784.0;
        }
        assertEquals(0.1307, avg, 0.003, "mean grey level");
        assertEquals(0f, mean[0], "corner pixel is always black");

        // Static binarization: mean on-fraction close to the mean grey level, deterministic.
        SplitData test = data.test();
        long on = 0;
        for (int i = 0; i < test.size(); i++) {
            for (int j = 0; j < 784; j++) {
                on += test.staticPixel(i, j) ? 1 : 0;
            }
        }
        double frac = on / (10_000.0 * 784);
        assertTrue(Math.abs(frac - 0.1325) < 0.01, "static on-fraction " + frac);
    }
}
