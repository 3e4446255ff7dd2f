package org.relax4j.train.sweep;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sweep's grid file: {@code {name: l1-sweep, base: {model: linear, steps: 20000}, grid:
 * {estimator: [rebar, relax], seed: [0, 1, 2]}}}. The tasks are the product of the grid's lists,
 * expanded like nested loops in the file's key order: the last key varies fastest, so the example
 * gives 0 rebar/0, 1 rebar/1, 2 rebar/2, 3 relax/0, 4 relax/1, 5 relax/2. Task {@code i}'s value
 * of key {@code k} (with {@code n_k} values and {@code s_k} the product of the sizes of the keys
 * after it) is value number {@code (i / s_k) mod n_k}.
 *
 * <p>Each task's run directory is {@code <name>/<part>-<part>...}, one part per grid key in order:
 * a text value stands alone ({@code rebar}), a number or boolean follows its key ({@code seed0},
 * {@code lr0.0003}); characters other than letters, digits, {@code . _ + -} become {@code _}. With an
 * empty grid the one task's directory is {@code <name>/base}.
 */
public final class SweepGrid {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> KEYS = Set.of("name", "base", "grid");

    private final Path file;
    private final String name;
    private final Map<String, Object> base;
    private final Map<String, List<Object>> grid;

    private SweepGrid(Path file, String name, Map<String, Object> base, Map<String, List<Object>> grid) {
        this.file = file;
        this.name = name;
        this.base = base;
        this.grid = grid;
    }

    /** Reads and checks a grid file (its structure; the options are checked by the command). */
    public static SweepGrid read(Path file) throws IOException {
        return of(file, YamlFiles.readMapping(file));
    }

    /** A grid from the mapping read from {@code file}; every problem is a one-line message. */
    static SweepGrid of(Path file, Map<String, Object> m) throws IOException {
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw problem(file, "unknown key '" + k + "'; a grid file has name, base and grid");
            }
        }
        Object n = m.get("name");
        if (!(n instanceof String name) || !NAME.matcher(name).matches()) {
            throw problem(
                    file,
                    "'name' must be a name of letters, digits, '.', '_' and '-' (it names the runs directory), got "
                            + YamlFiles.describe(n));
        }
        Map<String, Object> base = new LinkedHashMap<>();
        Object b = m.get("base");
        if (b != null) {
            if (!(b instanceof Map<?, ?> bm)) {
                throw problem(file, "'base' must be a mapping of options, e.g. {model: linear, steps: 1000}");
            }
            for (Map.Entry<?, ?> e : bm.entrySet()) {
                base.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        Object g = m.get("grid");
        if (g != null) {
            if (!(g instanceof Map<?, ?> gm)) {
                throw problem(file, "'grid' must be a mapping of options to lists, e.g. {seed: [0, 1, 2]}");
            }
            for (Map.Entry<?, ?> e : gm.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof List<?> values) || values.isEmpty()) {
                    throw problem(
                            file,
                            "grid '" + key + "' must be a non-empty list of values, e.g. " + key + ": [a, b], got "
                                    + YamlFiles.describe(e.getValue()));
                }
                if (base.containsKey(key)) {
                    throw problem(file, "'" + key + "' is in both base and grid; keep it in one");
                }
                grid.put(key, List.copyOf(values));
            }
        }
        SweepGrid sweep =
                new SweepGrid(file, name, Collections.unmodifiableMap(base), Collections.unmodifiableMap(grid));
        sweep.checkDirectories();
        return sweep;
    }

    /** The file it was read from. */
    public Path file() {
        return file;
    }

    /** The sweep's name: the directory of its runs under the runs root. */
    public String name() {
        return name;
    }

    /** The options every task shares. */
    public Map<String, Object> base() {
        return base;
    }

    /** The options varied, each with its values in order. */
    public Map<String, List<Object>> grid() {
        return grid;
    }

    /** The number of tasks: the product of the grid's list sizes (1 for an empty grid). */
    public int size() {
        long n = 1;
        for (List<Object> values : grid.values()) {
            n *= values.size();
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(file + " expands to more than " + Integer.MAX_VALUE + " tasks");
            }
        }
        return (int) n;
    }

    /** Task {@code index} (0 to {@link #size()} - 1). */
    public SweepTask task(int index) {
        if (index < 0 || index >= size()) {
            throw new IllegalArgumentException("task index " + index + " is out of range: " + file + " has " + size()
                    + " tasks (0 to " + (size() - 1) + ")");
        }
        Map<String, Object> options = new LinkedHashMap<>(base);
        List<String> parts = new ArrayList<>();
        int stride = size();
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            List<Object> values = e.getValue();
            stride /= values.size();
            Object v = values.get(index / stride % values.size());
            options.put(e.getKey(), v);
            parts.add(part(e.getKey(), v));
        }
        Path dir = Path.of(name, parts.isEmpty() ? "base" : String.join("-", parts));
        return new SweepTask(index, dir, Collections.unmodifiableMap(options));
    }

    /** All tasks in index order. */
    public List<SweepTask> tasks() {
        List<SweepTask> tasks = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            tasks.add(task(i));
        }
        return tasks;
    }

    /** Two tasks must not share a run directory. */
    private void checkDirectories() throws IOException {
        Map<Path, Integer> seen = new HashMap<>();
        for (SweepTask t : tasks()) {
            Integer other = seen.put(t.dir(), t.index());
            if (other != null) {
                throw problem(
                        file,
                        "tasks " + other + " and " + t.index() + " would share the run directory " + t.dir()
                                + "; give the grid values that differ distinct names");
            }
        }
    }

    /** A value as text: numbers in plain notation (0.0003, not 3.0E-4). */
    public static String text(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d)
                    ? new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString()
                    : Double.toString(d);
        }
        return String.valueOf(v);
    }

    private static String part(String key, Object v) {
        String p = v instanceof Number || v instanceof Boolean ? key + text(v) : text(v);
        return p.replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    private static IOException problem(Path file, String what) {
        return new IOException(file + ": " + what);
    }
}
