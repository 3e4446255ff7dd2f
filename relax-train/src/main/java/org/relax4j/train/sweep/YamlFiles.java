package org.relax4j.train.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.relax4j.datasets.io.IoErrors;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads and writes the YAML of configuration and grid files (snakeyaml-engine, YAML 1.2 core
 * schema). JSON is YAML 1.2, so a run's {@code config.json} reads the same way. Loading builds
 * only maps, lists, strings, numbers, booleans and nulls (never other Java objects), and a
 * mapping that repeats a key is an error rather than a silent overwrite.
 */
public final class YamlFiles {

    private YamlFiles() {}

    /**
     * The mapping at the top of {@code file}, in the file's key order.
     *
     * @throws IOException with a one-line message naming the file, the place and the fix, if the
     *     file cannot be read, is not YAML/JSON or does not hold one mapping
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMapping(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw IoErrors.describe(file, e);
        }
        Object root;
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(file.toString())
                    .setAllowDuplicateKeys(false)
                    .build();
            root = new Load(settings).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark()
                    .map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
                    .orElse("");
            throw new IOException(file + " is not valid YAML or JSON" + where + " ("
                    + e.getProblem().strip() + "); fix the file");
        } catch (YamlEngineException e) {
            throw new IOException(file + " is not valid YAML or JSON (" + oneLine(e.getMessage()) + "); fix the file");
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IOException(file + " must hold one mapping of keys to values (e.g. `steps: 1000`), found "
                    + (root == null ? "nothing" : describe(root)) + "; fix the file");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new IOException(file + ": key " + key + " is not a name; keys are option names such as steps");
            }
        }
        return (Map<String, Object>) map;
    }

    /** {@code documents} as YAML block documents separated by {@code ---}, keys in map order. */
    public static String dump(Iterable<?> documents) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setExplicitStart(true)
                .setWidth(120)
                .build();
        return new Dump(settings).dumpAllToString(documents.iterator());
    }

    /** How a loaded value reads in a message: "a list", "a mapping", "the number 3", "the text \"x\"". */
    public static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (v instanceof Iterable<?>) {
            return "a list";
        }
        if (v instanceof Number) {
            return "the number " + v;
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        return "the text \"" + v + "\"";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
