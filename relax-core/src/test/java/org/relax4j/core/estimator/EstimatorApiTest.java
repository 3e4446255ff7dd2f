package org.relax4j.core.estimator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.estimator.baseline.BaselineKind;
import org.relax4j.core.estimator.baseline.EmaBaseline;
import org.relax4j.core.estimator.baseline.LearnedBaseline;
import org.relax4j.core.random.NoiseSource;

/** The estimator layer as a library: presets and builders, baselines as strategies, DJL blocks. */
class EstimatorApiTest {

    private static final float[] LOGITS = {0.3f, -1.2f, 2.0f, -0.4f};

    /** The VAE preset gives train's RELAX: depth 3, width 200, relu, logit features, wd 1e-3. */
    @Test
    void vaePresetIsTheTrainCommandsRelax() {
        RelaxControlVariate.Builder b =
                Preset.VAE.applyTo(RelaxControlVariate.builder().optNetwork(true));
        assertEquals(
                "network depth 3, width 200, relu, logit features, scale 1.0, weight decay 0.001; "
                        + "eta 1.0, temperature 0.5 learned",
                b.describe());
        assertEquals(
                "network depth 1, width 10, tanh, relaxed features, scale 0.0, weight decay 0.0; "
                        + "eta 1.0, temperature 0.5 learned",
                Preset.TOY.describe());
        EstimatorConfig vae = EstimatorConfig.builder().optPreset(Preset.VAE).build();
        try (ControlVariateEstimator relax =
                        (ControlVariateEstimator) EstimatorRegistry.standard().create("relax", vae);
                NDManager m = NDManager.newBaseManager()) {
            relax.initialize(m, new Shape(2, 784), new Shape(2, 784));
            // the network's parameters: 3 hidden layers and the output layer, weight and bias each
            long linear = relax.controlVariate().getParameters().keys().stream()
                    .filter(k -> k.contains("network"))
                    .count();
            assertEquals(8, linear);
            assertEquals(0.5, relax.controlVariate().temperature(), 1e-6);
            assertEquals(1, relax.controlVariate().eta(), 1e-6);
        }
    }

    /** A user's option wins over the preset, which wins over the builder's default. */
    @Test
    void optionsOverridePresetOverridesDefaults() {
        EstimatorConfig c = EstimatorConfig.builder()
                .optPreset(Preset.VAE)
                .optNetworkDepth(1)
                .optNetworkWidth(7)
                .build();
        try (ControlVariateEstimator relax =
                        (ControlVariateEstimator) EstimatorRegistry.standard().create("relax", c);
                NDManager m = NDManager.newBaseManager()) {
            relax.initialize(m, new Shape(2, 4), null);
            Parameter first = relax.controlVariate().getParameters().get("01network_01Linear_weight");
            assertNotNull(first, relax.controlVariate().getParameters().keys().toString());
            assertEquals(new Shape(7, 4), first.getArray().getShape());
        }
        // a bad value is refused by the estimator's builder, with the value in the message
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EstimatorRegistry.standard()
                        .create("rloo", EstimatorConfig.builder().optSamples(1).build()));
        assertTrue(e.getMessage().contains("1"), e.getMessage());
    }

    /** The config holds only the user's choices and survives Gson (as in a run's config.json). */
    @Test
    void configIsAPlainGsonValue() {
        EstimatorConfig c = EstimatorConfig.builder()
                .optPreset(Preset.VAE)
                .optNetworkWidth(50)
                .build();
        Gson gson = new Gson();
        String json = gson.toJson(c);
        assertFalse(json.contains("networkDepth"), json);
        assertEquals(c, gson.fromJson(json, EstimatorConfig.class));
        assertNull(EstimatorConfig.defaults().networkDepth());
        // a config written by earlier versions (every option explicit) reads back as overrides
        EstimatorConfig old = gson.fromJson(
                "{\"baseline\":\"NONE\",\"emaDecay\":0.99,\"networkDepth\":3,"
                        + "\"networkWidth\":200,\"networkNonlinearity\":\"RELU\",\"networkWeightDecay\":0.001}",
                EstimatorConfig.class);
        assertEquals(3, old.networkDepth());
        assertEquals(BaselineKind.NONE, old.baseline());
    }

    /** The EMA baseline is a strategy whose state survives saveState/loadState. */
    @Test
    void emaBaselineStateIsSavedAndRestored() throws IOException {
        Reinforce a = Reinforce.builder()
                .optBaseline(EmaBaseline.builder().optDecay(0.5).build())
                .build();
        CoupledObjective f = new CoupledObjective(4);
        EstimatorHarness.withGrad(m -> {
            NDArray logits = EstimatorHarness.replicate(m, LOGITS, new Shape(4), 16);
            for (int step = 0; step < 3; step++) {
                a.estimate(EstimatorHarness.problem(
                        logits, Bernoulli.INSTANCE, f, new NoiseSource(5).forStep(step), true));
            }
        });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.saveState(new DataOutputStream(bytes));
        assertEquals(16, bytes.size(), "two doubles, the layout of earlier versions");
        Reinforce b = Reinforce.builder()
                .optBaseline(EmaBaseline.builder().optDecay(0.5).build())
                .build();
        b.loadState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        EstimatorHarness.withGrad(m -> {
            NDArray logits = EstimatorHarness.replicate(m, LOGITS, new Shape(4), 16);
            NDArray ga = a.estimate(EstimatorHarness.problem(
                            logits, Bernoulli.INSTANCE, f, new NoiseSource(5).forStep(9), true))
                    .logitGradient();
            NDArray gb = b.estimate(EstimatorHarness.problem(
                            logits, Bernoulli.INSTANCE, f, new NoiseSource(5).forStep(9), true))
                    .logitGradient();
            assertArrayEquals(ga.toFloatArray(), gb.toFloatArray());
        });
    }

    /**
     * The learned baseline is a real DJL block: DJL's own saveParameters/loadParameters round-trip
     * it, and its forward maps x (B, d) to c(x) (B, 1).
     */
    @Test
    void learnedBaselineIsADjlBlock() throws Exception {
        try (GradientEstimator reinforce = EstimatorRegistry.standard()
                        .create(
                                "reinforce",
                                EstimatorConfig.builder()
                                        .optBaseline(BaselineKind.LEARNED)
                                        .optBaselineHiddenUnits(5)
                                        .build());
                NDManager m = NDManager.newBaseManager()) {
            assertTrue(reinforce.block().isPresent());
            reinforce.initialize(m, new Shape(3, 4), new Shape(3, 2));
            Block block = reinforce.block().get();
            assertTrue(block instanceof LearnedBaseline);
            NDArray x = m.ones(new Shape(3, 2));
            NDArray c = block.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertEquals(new Shape(3, 1), c.getShape());
            assertEquals(reinforce.parameters().size(), block.getParameters().size());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bytes));
            try (GradientEstimator other = EstimatorRegistry.standard()
                    .create(
                            "reinforce",
                            EstimatorConfig.builder()
                                    .optBaseline(BaselineKind.LEARNED)
                                    .optBaselineHiddenUnits(5)
                                    .build())) {
                other.initialize(m, new Shape(3, 4), new Shape(3, 2));
                other.block()
                        .get()
                        .loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                assertEquals(values(block), values(other.block().get()));
            }
        }
    }

    /**
     * RELAX's control variate is a DJL block whose forward is the network term s·r(features, x), of
     * shape (S, B); REBAR's (no network) forward is zero.
     */
    @Test
    void controlVariateBlocksHaveAWorkingForward() {
        EstimatorConfig small = EstimatorConfig.builder()
                .optNetwork(1, 6, Mlp.Nonlinearity.TANH)
                .build();
        try (GradientEstimator relax = EstimatorRegistry.standard().create("relax", small);
                GradientEstimator rebar = EstimatorRegistry.standard().create("rebar", small);
                NDManager m = NDManager.newBaseManager()) {
            for (GradientEstimator e : List.of(relax, rebar)) {
                Block block = e.block().orElseThrow();
                block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4));
                NDArray r = block.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(2, 3, 4))), false)
                        .singletonOrThrow();
                assertEquals(new Shape(2, 3), r.getShape(), e.name());
                if (e == rebar) {
                    assertEquals(0f, r.abs().sum().getFloat(), e.name());
                }
            }
        }
    }

    /**
     * Learned parts are initialized from the configuration's seed: two estimators from one
     * configuration start identical whatever the engine's generator did in between; another seed
     * gives other weights.
     */
    @Test
    void learnedPartsAreSeededByTheConfiguration() {
        EstimatorConfig.Builder relax = EstimatorConfig.builder().optNetwork(1, 6, Mlp.Nonlinearity.TANH);
        EstimatorConfig.Builder learned = EstimatorConfig.builder().optBaseline(BaselineKind.LEARNED);
        for (String[] c : new String[][] {{"relax", "r"}, {"reinforce", "l"}}) {
            EstimatorConfig.Builder b = c[1].equals("r") ? relax : learned;
            List<List<Float>> a = initialValues(c[0], b.optSeed(7).build());
            ai.djl.engine.Engine.getInstance().setRandomSeed(99); // disturbing the global generator changes nothing
            assertEquals(a, initialValues(c[0], b.optSeed(7).build()), c[0]);
            assertFalse(a.equals(initialValues(c[0], b.optSeed(8).build())), c[0]);
        }
    }

    private static List<List<Float>> initialValues(String name, EstimatorConfig config) {
        try (GradientEstimator e = EstimatorRegistry.standard().create(name, config);
                NDManager m = NDManager.newBaseManager()) {
            e.initialize(m, new Shape(3, 4), new Shape(3, 2));
            return values(e.block().orElseThrow());
        }
    }

    private static List<List<Float>> values(Block block) {
        List<List<Float>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            List<Float> v = new ArrayList<>();
            for (float x : p.getValue().getArray().toFloatArray()) {
                v.add(x);
            }
            out.add(v);
        }
        return out;
    }
}
