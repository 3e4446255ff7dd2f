package org.relax4j.train.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.Preset;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.sweep.SweepGrid;
import org.relax4j.train.sweep.YamlFiles;
import org.relax4j.train.vae.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Settings of {@code relax4j train} given as a mapping (a {@code --config} file, a sweep's base and
 * grid values) rather than on the command line. A key is one of train's options without the
 * leading {@code --} ({@code steps: 20000}, {@code cv-depth: 2}) or the name of the Java field the
 * option is declared on, which is the name a run's {@code config.json} stores it under
 * ({@code learningRate}, {@code estimatorConfig: {networkDepth: 2}}); so a run's config.json is a
 * valid configuration file. Keys are looked up in train's picocli model: the options, their names,
 * types, defaults and value checks have one source, the {@code @Option}s of {@link TrainCommand}
 * and {@link EstimatorOptions}.
 *
 * <p>Each value is checked as the command line would check it, alone, so that a bad value is
 * reported with its key. A stored field that has no option ({@code gradVarianceDecay},
 * {@code estimatorConfig.etaInit}, ...) is accepted only with the value train would store anyway.
 */
final class TrainSettings {

    /** Options that are not settings of a run. */
    private static final Set<String> NOT_SETTINGS = Set.of("--help", "--version", "--config", "--resume", "--debug");

    /** The stored field holding the estimator's options. */
    private static final String ESTIMATOR_CONFIG = "estimatorConfig";

    /** The one estimator option stored inverted: {@code learnTemperature: false} is {@code --fixed-temperature}. */
    private static final String LEARN_TEMPERATURE = "learnTemperature";

    private static final String FIXED_TEMPERATURE = "--fixed-temperature";

    /** The estimator's stored seed: train sets it from {@code seed}. */
    private static final String ESTIMATOR_SEED = "seed";

    /**
     * One setting: its key as written, the option it sets, its command-line form and its value as
     * the option holds it.
     */
    record Setting(String key, OptionSpec option, List<String> args, Object value) {}

    private TrainSettings() {}

    /** A parser of train's options alone: what every value is checked with. */
    static CommandLine trainParser() {
        CommandLine cli = new CommandLine(new TrainCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /**
     * The settings in {@code map}, in order; {@code source} names where they come from in messages
     * (a file, "FILE: task 3").
     *
     * @throws IOException with a one-line message naming the source, the key and the fix
     */
    static List<Setting> of(String source, Map<String, Object> map) throws IOException {
        CommandSpec train = trainParser().getCommandSpec();
        List<Setting> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (ESTIMATOR_CONFIG.equals(key) && v != null && !(v instanceof Map<?, ?>)) {
                throw problem(
                        source, key, "must be a mapping of the estimator's options, got " + YamlFiles.describe(v));
            }
            if (ESTIMATOR_CONFIG.equals(key) && v instanceof Map<?, ?> nested) {
                for (Map.Entry<?, ?> n : nested.entrySet()) {
                    String field = String.valueOf(n.getKey());
                    Setting s = estimatorSetting(source, train, field, n.getValue());
                    if (s != null) {
                        out.add(s);
                    }
                }
                continue;
            }
            OptionSpec option = find(train, key);
            if (option == null) {
                checkStoredWithoutOption(source, key, v, defaults().get(key), TrainConfig.class);
                continue;
            }
            Setting s = setting(source, key, option, v);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Sets the options of {@code train} (a parsed {@code relax4j train}) from {@code file}, except
     * those given on its command line, which override the file's.
     */
    static void apply(java.nio.file.Path file, CommandSpec train) throws IOException {
        CommandLine.ParseResult given = train.commandLine().getParseResult();
        for (Setting s : of(file.toString(), YamlFiles.readMapping(file))) {
            OptionSpec option = train.findOption(s.option().longestName());
            if (!given.hasMatchedOption(option)) {
                option.setValue(s.value());
            }
        }
    }

    /** The settings as command-line arguments, e.g. ["--model", "linear", "--steps", "300"]. */
    static List<String> args(List<Setting> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach(s -> args.addAll(s.args()));
        return args;
    }

    private static Setting estimatorSetting(String source, CommandSpec train, String field, Object v)
            throws IOException {
        String key = ESTIMATOR_CONFIG + "." + field;
        if (ESTIMATOR_SEED.equals(field)) {
            return null; // train derives the estimator's seed from the run's seed
        }
        if (LEARN_TEMPERATURE.equals(field)) {
            if (v == null || Boolean.TRUE.equals(v)) {
                return null;
            }
            if (Boolean.FALSE.equals(v)) {
                return setting(source, key, train.findOption(FIXED_TEMPERATURE), true);
            }
            throw problem(source, key, "must be true or false, got " + YamlFiles.describe(v));
        }
        OptionSpec option = find(train, field);
        if (option == null || !EstimatorOptions.class.equals(declaringClass(option))) {
            JsonElement stored = defaults().getAsJsonObject(ESTIMATOR_CONFIG).get(field);
            checkStoredWithoutOption(source, key, v, stored, EstimatorConfig.class);
            return null;
        }
        return setting(source, key, option, v);
    }

    /** The option named {@code key} (without its {@code --}) or declared on a Java field named {@code key}. */
    private static OptionSpec find(CommandSpec train, String key) {
        for (OptionSpec o : train.options()) {
            if (NOT_SETTINGS.contains(o.longestName())) {
                continue;
            }
            if (o.longestName().equals("--" + key)
                    || (o.userObject() instanceof Field f && f.getName().equals(key))) {
                return o;
            }
        }
        return null;
    }

    private static Class<?> declaringClass(OptionSpec o) {
        return o.userObject() instanceof Field f ? f.getDeclaringClass() : null;
    }

    /** The setting of {@code option} to {@code v}, checked by train's parser; null for an unset (null or false) value. */
    private static Setting setting(String source, String key, OptionSpec option, Object v) throws IOException {
        if (v == null) {
            return null;
        }
        List<String> args = new ArrayList<>();
        String name = option.longestName();
        if (v instanceof Iterable<?> values && option.isMultiValue()) { // an option that takes several values
            for (Object one : values) {
                args.add(name);
                args.add(SweepGrid.text(one));
            }
            return checked(source, key, option, args);
        }
        if (v instanceof Map<?, ?> || v instanceof Iterable<?>) {
            throw problem(
                    source,
                    key,
                    "must be one value, got " + YamlFiles.describe(v) + " (lists of values go in a sweep's grid)");
        }
        if (option.arity().max() == 0) { // a flag
            if (!(v instanceof Boolean b)) {
                throw problem(source, key, "must be true or false, got " + YamlFiles.describe(v));
            }
            if (!b) {
                return null;
            }
            args.add(name);
        } else {
            args.add(name);
            args.add(SweepGrid.text(v));
        }
        return checked(source, key, option, args);
    }

    /** The setting of {@code option} by {@code args}, checked by train's parser. */
    private static Setting checked(String source, String key, OptionSpec option, List<String> args) throws IOException {
        String name = option.longestName();
        CommandLine probe = trainParser();
        try {
            probe.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            String m = e.getMessage().replaceFirst("^Invalid value for option '[^']*': ", "");
            throw problem(source, key, "has a bad value: " + m + "; see relax4j train --help for " + name);
        }
        Object value = probe.getCommandSpec().findOption(name).getValue();
        return new Setting(key, option, List.copyOf(args), value);
    }

    /**
     * A key that is no option: a stored field without one is accepted with the value train stores
     * by default (so that a run's own config.json reads), anything else is an unknown key.
     */
    private static void checkStoredWithoutOption(
            String source, String key, Object v, JsonElement stored, Class<?> storedIn) throws IOException {
        String field = key.substring(key.lastIndexOf('.') + 1);
        boolean isStoredField = false;
        for (Field f : storedIn.getDeclaredFields()) {
            isStoredField |= f.getName().equals(field) && !java.lang.reflect.Modifier.isStatic(f.getModifiers());
        }
        if (!isStoredField) {
            throw problem(
                    source,
                    key,
                    "is not an option of relax4j train" + suggestion(key)
                            + "; keys are train's options without the leading -- (relax4j train --help) or the fields of "
                            + "a run's config.json");
        }
        JsonElement given = v == null ? JsonNull.INSTANCE : MetricsLog.GSON.toJsonTree(v);
        JsonElement expected = stored == null ? JsonNull.INSTANCE : stored;
        if (!sameValue(given, expected)) {
            throw problem(
                    source,
                    key,
                    "is " + YamlFiles.describe(v) + ", but relax4j train has no option for it (it always uses "
                            + expected + "); remove the key");
        }
    }

    private static boolean sameValue(JsonElement a, JsonElement b) {
        if (a.isJsonPrimitive() && b.isJsonPrimitive()) {
            if (a.getAsJsonPrimitive().isNumber() && b.getAsJsonPrimitive().isNumber()) {
                return a.getAsDouble() == b.getAsDouble();
            }
            return a.getAsString().equalsIgnoreCase(b.getAsString());
        }
        return Objects.equals(a, b);
    }

    /** What train stores for an otherwise unset configuration. */
    private static JsonObject defaults() {
        return MetricsLog.GSON
                .toJsonTree(TrainConfig.builder()
                        .setEstimatorConfig(
                                EstimatorConfig.builder().optPreset(Preset.VAE).build())
                        .build())
                .getAsJsonObject();
    }

    /** " (did you mean 'steps'?)" for the nearest option name, if one is close. */
    private static String suggestion(String key) {
        CommandSpec train = trainParser().getCommandSpec();
        return train.options().stream()
                .map(o -> o.longestName().substring(2))
                .filter(n -> !NOT_SETTINGS.contains("--" + n))
                .min(Comparator.comparingInt(n -> distance(n, key)))
                .filter(n -> distance(n, key) <= Math.max(2, key.length() / 3))
                .map(n -> " (did you mean '" + n + "'?)")
                .orElse("");
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static IOException problem(String source, String key, String what) {
        return new IOException(source + ": key '" + key + "' " + what);
    }
}
