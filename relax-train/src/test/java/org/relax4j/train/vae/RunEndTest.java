package org.relax4j.train.vae;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a run ends: strict-JSON summary whatever the numbers, and a full report on SIGTERM. */
class RunEndTest {

    /** A diverging run's summary.json (NaN bounds) is still strict JSON. */
    @Test
    void summaryIsStrictJsonEvenWhenTheRunDiverged(@TempDir Path dir) throws IOException {
        TrainConfig c = VaeTrainingTest.config("relax", 40, 1e38f).toBuilder()
                .optCvLearningRate(1e-3f)
                .optWarmupSteps(5)
                .optLogEvery(5)
                .optEvalExamples(50)
                .optCheckpointEvery(5)
                .optMaxBadSteps(3)
                .build();
        try (VaeRun s = VaeRun.create(c, SyntheticMnist.get())) {
            VaeTraining.run(s, dir, false, false);
        }
        String summary = Files.readString(dir.resolve("summary.json"));
        JsonReader reader = new JsonReader(new StringReader(summary));
        reader.setStrictness(Strictness.STRICT);
        JsonParser.parseReader(reader).getAsJsonObject();
        assertFalse(summary.contains("NaN") || summary.contains("Infinity"), summary);
    }

    /**
     * SIGTERM (what Ctrl-C's shutdown does) in the middle of a run, in a child JVM: the run
     * checkpoints, writes summary.json and the plots, prints the summary, and nothing fails
     * with "Shutdown in progress".
     */
    @Test
    void sigtermEndsLikeANormalRun(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Djava.awt.headless=true",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                SigtermMain.class.getName(),
                dir.toString());
        Path log = dir.resolveSibling(dir.getFileName() + ".out");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        while (p.isAlive()
                && !(Files.readString(log).contains(SigtermMain.STARTED)
                        && Files.exists(dir.resolve("metrics.jsonl")))) {
            Thread.sleep(50);
        }
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), Files.readString(log));
        String text = Files.readString(log);
        assertFalse(text.contains("Shutdown in progress"), text);
        assertTrue(text.contains("run directory: ") && text.contains("\"stop_reason\":\"interrupted\""), text);
        for (String f : List.of("summary.json", "checkpoint.bin", "elbo.png", "logvar.png", "samples.png")) {
            assertTrue(Files.exists(dir.resolve(f)), f + " missing; output:\n" + text);
        }
    }
}
