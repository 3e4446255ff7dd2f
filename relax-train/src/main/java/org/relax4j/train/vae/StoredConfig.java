package org.relax4j.train.vae;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.train.metrics.MetricsLog;

/**
 * Reads a {@code config.json} that a user may have edited: the JSON must parse, and every field of
 * {@link TrainConfig} (and of its estimator options) must be present, non-null where required, of
 * its type, and a known name for enumerations and the estimator, before the values are checked
 * as {@link TrainConfig.Builder#build()} checks them. Every problem is one line naming the file,
 * the field and the fix.
 */
final class StoredConfig {

    /** Fields that may be absent or null. */
    private static final Set<String> OPTIONAL = Set.of("dataDir");

    private StoredConfig() {}

    static TrainConfig parse(Path file, String json) throws IOException {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.LENIENT); // NaN is how older versions wrote special values
            root = JsonParser.parseReader(reader);
        } catch (JsonParseException e) {
            throw problem(file, "is not valid JSON (" + rootMessage(e) + ")");
        }
        if (!root.isJsonObject()) {
            throw problem(file, "must hold one JSON object, found " + kind(root));
        }
        checkFields(file, "", root.getAsJsonObject(), TrainConfig.class, true);
        TrainConfig config;
        try {
            config = MetricsLog.GSON.fromJson(root, TrainConfig.class);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw problem(file, "cannot be read (" + rootMessage(e) + ")");
        }
        try {
            config.validateStored();
        } catch (IllegalArgumentException e) {
            throw problem(file, e.getMessage());
        }
        if (!EstimatorRegistry.standard().names().contains(config.estimator())) {
            throw problem(
                    file,
                    "field 'estimator' names an unknown estimator '" + config.estimator() + "' (known: "
                            + String.join(", ", EstimatorRegistry.standard().names()) + ")");
        }
        return config;
    }

    private static void checkFields(Path file, String prefix, JsonObject o, Class<?> type, boolean required)
            throws IOException {
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                continue;
            }
            String name = prefix + f.getName();
            JsonElement v = o.get(f.getName());
            Class<?> t = f.getType();
            boolean nullable = !required || OPTIONAL.contains(name) || !t.isPrimitive() && prefix.length() > 0;
            if (v == null || v.isJsonNull()) {
                if (nullable) {
                    continue;
                }
                throw problem(file, "field '" + name + "' is " + (v == null ? "missing" : "null"));
            }
            if (t == EstimatorConfig.class) {
                if (!v.isJsonObject()) {
                    throw wrongType(file, name, "an object", v);
                }
                checkFields(file, name + ".", v.getAsJsonObject(), EstimatorConfig.class, false);
            } else if (t.isEnum()) {
                String known = Arrays.stream(t.getEnumConstants())
                        .map(c -> ((Enum<?>) c).name())
                        .collect(Collectors.joining(", "));
                if (!isString(v)) {
                    throw wrongType(file, name, "one of " + known, v);
                }
                boolean ok = Arrays.stream(t.getEnumConstants())
                        .anyMatch(c -> ((Enum<?>) c).name().equals(v.getAsString()));
                if (!ok) {
                    throw problem(
                            file, "field '" + name + "' must be one of " + known + ", got '" + v.getAsString() + "'");
                }
            } else if (t == String.class) {
                if (!isString(v)) {
                    throw wrongType(file, name, "a string", v);
                }
            } else if (t == boolean.class || t == Boolean.class) {
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
                    throw wrongType(file, name, "true or false", v);
                }
            } else if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
                boolean isInt = t == int.class || t == Integer.class;
                if (!isNumber(v) || !integral(v.getAsJsonPrimitive(), isInt)) {
                    throw wrongType(file, name, isInt ? "a whole number (32-bit)" : "a whole number", v);
                }
            } else if (t == float.class || t == Float.class || t == double.class || t == Double.class) {
                if (!isNumber(v)) {
                    throw wrongType(file, name, "a number", v);
                }
            }
        }
    }

    private static boolean isString(JsonElement v) {
        return v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
    }

    private static boolean isNumber(JsonElement v) {
        return v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
    }

    private static boolean integral(JsonPrimitive p, boolean isInt) {
        try {
            BigDecimal d = new BigDecimal(p.getAsString());
            long value = d.longValueExact();
            return !isInt || (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE);
        } catch (NumberFormatException | ArithmeticException e) {
            return false;
        }
    }

    private static String kind(JsonElement v) {
        if (v.isJsonNull()) {
            return "null";
        }
        if (v.isJsonObject()) {
            return "an object";
        }
        if (v.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        if (p.isString()) {
            return "the string \"" + p.getAsString() + "\"";
        }
        return (p.isBoolean() ? "" : "the number ") + p.getAsString();
    }

    private static IOException wrongType(Path file, String field, String expected, JsonElement v) {
        return problem(file, "field '" + field + "' must be " + expected + ", got " + kind(v));
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
        int see = m.indexOf("\nSee ");
        return (see >= 0 ? m.substring(0, see) : m)
                .replace('\n', ' ')
                .toLowerCase(Locale.ROOT)
                .strip();
    }

    private static IOException problem(Path file, String what) {
        String sep = what.startsWith("field") ? ": " : " ";
        return new IOException(file + sep + what + "; fix the file or start a new run");
    }
}
