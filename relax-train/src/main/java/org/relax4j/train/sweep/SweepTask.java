package org.relax4j.train.sweep;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One task of a sweep: its index in the grid's expansion, its run directory (relative to the runs
 * root) and its training options (the base's, then its grid values), keyed by option name
 * without the leading {@code --}.
 */
public record SweepTask(int index, Path dir, Map<String, Object> options) {

    /** The options as {@code key=value} pairs in order, e.g. "model=linear steps=300 estimator=rebar seed=0". */
    public String optionsText() {
        return options.entrySet().stream()
                .map(e -> e.getKey() + "=" + SweepGrid.text(e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
