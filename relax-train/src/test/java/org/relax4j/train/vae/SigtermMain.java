package org.relax4j.train.vae;

import java.nio.file.Path;

/** A long training run on synthetic data in DIR (args[0]), for the SIGTERM test's child JVM. */
public final class SigtermMain {

    static final String STARTED = "training started";

    private SigtermMain() {}

    /** Trains until killed. */
    public static void main(String[] args) throws Exception {
        TrainConfig c = VaeTrainingTest.config("rebar", 1_000_000, 1e-3f).toBuilder()
                .optLogEvery(5)
                .optCheckpointEvery(100_000)
                .build();
        try (VaeRun s = VaeRun.create(c, SyntheticMnist.get())) {
            System.out.println(STARTED);
            System.out.flush();
            VaeTraining.run(s, Path.of(args[0]), false, false);
        }
    }
}
