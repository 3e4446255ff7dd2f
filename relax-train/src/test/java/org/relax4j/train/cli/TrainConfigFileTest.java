package org.relax4j.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.distribution.NoiseMode;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.Preset;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.DatasetName;
import org.relax4j.models.sbn.ModelArchitecture;
import org.relax4j.train.vae.TrainConfig;
import picocli.CommandLine;

/**
 * {@code relax4j train --config FILE}: YAML or JSON keyed by train's options (or by a run's
 * config.json fields), overridden by the command line; every bad key or value is one line naming
 * the key and the fix.
 */
class TrainConfigFileTest {

    @TempDir
    Path tmp;

    /** The train command after parsing {@code args} and applying its --config file, as call() does. */
    private static TrainCommand parsed(String... args) throws IOException {
        CommandLine cli = TrainSettings.trainParser();
        cli.parseArgs(args);
        TrainCommand train = cli.getCommand();
        TrainSettings.apply(train.configFile, cli.getCommandSpec());
        return train;
    }

    private record Result(int status, String err) {}

    private static Result run(String... args) {
        CommandLine cli = Relax4jCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Result(status, err.toString().strip());
    }

    @Test
    void yamlKeysAreOptionNamesAndTheCommandLineOverridesThem() throws IOException {
        Path f = Files.writeString(
                tmp.resolve("c.yaml"),
                "model: nonlinear\nestimator: rebar\nsteps: 20000\nlr: 3e-4\nbinarization: static\n"
                        + "cv-depth: 2\ncv-activation: tanh\nfixed-temperature: true\nseed: 5\n");
        TrainCommand t = parsed("--config", f.toString(), "--seed", "9");
        assertEquals("nonlinear", t.model);
        assertEquals("rebar", t.estimator);
        assertEquals(20000L, t.steps);
        assertEquals(3e-4f, t.learningRate);
        assertEquals(Binarization.STATIC, t.binarization);
        assertEquals(2, t.estimatorOptions.networkDepth);
        assertEquals(Mlp.Nonlinearity.TANH, t.estimatorOptions.networkNonlinearity);
        assertTrue(t.estimatorOptions.fixedTemperature);
        assertEquals(9, t.seed, "the command line wins over the file");
        assertEquals(24, t.batch, "unset keys keep the option's default");
    }

    /** A run's own config.json (every field, Gson's names and enum spellings) is a valid config file. */
    @Test
    void aRunsConfigJsonIsAValidInput() throws IOException {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        TrainConfig.builder()
                .optModel(ModelArchitecture.LINEAR2)
                .optEstimator("relax")
                .setEstimatorConfig(EstimatorConfig.builder()
                        .optPreset(Preset.VAE)
                        .optSeed(4)
                        .optNetworkDepth(3)
                        .optNetworkWidth(50)
                        .optLearnTemperature(false)
                        .optNoiseMode(NoiseMode.TIED)
                        .build())
                .optDataset(DatasetName.FASHION_MNIST)
                .optDataDir(tmp.resolve("data").toString())
                .optBatch(16)
                .optSteps(1234)
                .optLearningRate(5e-4f)
                .optCvLearningRate(2e-3f)
                .optWarmupSteps(7)
                .optSeed(4)
                .optEvalK(10)
                .build()
                .write(dir);
        TrainCommand t = parsed("--config", dir.resolve("config.json").toString(), "--seed", "5");
        assertEquals("LINEAR2", t.model);
        assertEquals(ModelArchitecture.LINEAR2, ModelArchitecture.parse(t.model));
        assertEquals(DatasetName.FASHION_MNIST, DatasetName.parse(t.dataset));
        assertEquals(tmp.resolve("data"), t.dataDir);
        assertEquals(16, t.batch);
        assertEquals(1234L, t.steps);
        assertEquals(5e-4f, t.learningRate);
        assertEquals(2e-3f, t.cvLearningRate);
        assertEquals(7, t.warmupSteps);
        assertEquals(10, t.evalK);
        assertEquals(3, t.estimatorOptions.networkDepth);
        assertEquals(50, t.estimatorOptions.networkWidth);
        assertEquals(NoiseMode.TIED, t.estimatorOptions.noiseMode);
        assertTrue(t.estimatorOptions.fixedTemperature, "learnTemperature: false is --fixed-temperature");
        assertNull(t.estimatorOptions.temperature, "unset estimator options stay unset");
        assertEquals(5, t.seed);
    }

    /**
     * The link between config.json and the options is the options' Java field names: every stored
     * field has an option field of the same name, except the few train has no option for.
     */
    @Test
    void everyStoredFieldHasAnOptionOfTheSameName() {
        assertStoredFieldsHaveOptions(
                TrainConfig.class, TrainCommand.class, Set.of("estimatorConfig", "gradVarianceDecay"));
        assertStoredFieldsHaveOptions(
                EstimatorConfig.class,
                EstimatorOptions.class,
                Set.of("preset", "seed", "learnTemperature", "baselineHiddenUnits", "etaInit"));
    }

    private static void assertStoredFieldsHaveOptions(Class<?> stored, Class<?> options, Set<String> without) {
        Set<String> optionFields = new HashSet<>();
        for (Field f : options.getDeclaredFields()) {
            if (f.isAnnotationPresent(CommandLine.Option.class)) {
                optionFields.add(f.getName());
            }
        }
        for (Field f : stored.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !without.contains(f.getName())) {
                assertTrue(
                        optionFields.contains(f.getName()),
                        stored.getSimpleName() + "." + f.getName() + " has no option field of that name in "
                                + options.getSimpleName());
            }
        }
    }

    @Test
    void unknownKeyNamesTheKeyAndSuggestsTheOption() throws IOException {
        Path f = Files.writeString(tmp.resolve("c.yaml"), "stepz: 10\n");
        Result r =
                run("train", "--config", f.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(
                "error: " + f + ": key 'stepz' is not an option of relax4j train (did you mean 'steps'?); keys are "
                        + "train's options without the leading -- (relax4j train --help) or the fields of a run's "
                        + "config.json",
                r.err());
    }

    @Test
    void badValuesNameTheKey() throws IOException {
        assertError("batch: lots\n", "key 'batch' has a bad value: 'lots' is not an int; see relax4j train --help");
        assertError("binarization: fuzzy\n", "key 'binarization' has a bad value");
        assertError(
                "seed: [0, 1]\n", "key 'seed' must be one value, got a list (lists of values go in a sweep's grid)");
        assertError("no-progress: 3\n", "key 'no-progress' must be true or false");
        assertError("gradVarianceDecay: 0.5\n", "key 'gradVarianceDecay' is the number 0.5, but relax4j train has no");
        assertError("estimatorConfig: {etaInit: 2.0}\n", "key 'estimatorConfig.etaInit' is the number 2.0, but");
        assertError("resume: somewhere\n", "key 'resume' is not an option of relax4j train");
        assertError("steps: [1\n", "is not valid YAML or JSON at line 2");
        assertError("steps: -5\n", "--steps must be positive, got -5");
    }

    @Test
    void missingFile() {
        Result r = run("train", "--config", tmp.resolve("nope.yaml").toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("nope.yaml"), r.err());
        assertFalse(r.err().contains("\n"), r.err());
    }

    @Test
    void configWithResumeIsRefused() throws IOException {
        Path dir = TrainCommandErrorsTest.runDirectory(tmp);
        Path f = Files.writeString(tmp.resolve("c.yaml"), "steps: 10\n");
        Result r = run("train", "--resume", dir.toString(), "--config", f.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("--config cannot be changed"), r.err());
    }

    private void assertError(String yaml, String expected) throws IOException {
        Path f = Files.writeString(tmp.resolve("bad.yaml"), yaml);
        Result r =
                run("train", "--config", f.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, r.status(), yaml + " -> " + r.err());
        assertTrue(r.err().contains(expected), yaml + " -> " + r.err());
        assertFalse(r.err().contains("\n"), "not one line: " + r.err());
        assertFalse(Files.exists(tmp.resolve("o").resolve("config.json")), "a run was started");
    }
}
