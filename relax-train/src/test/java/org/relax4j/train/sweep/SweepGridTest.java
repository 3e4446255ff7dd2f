package org.relax4j.train.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grid files: expansion as a product in file order (last key fastest), index mapping, run directories, errors. */
class SweepGridTest {

    @TempDir
    Path tmp;

    private SweepGrid grid(String yaml) throws IOException {
        return SweepGrid.read(Files.writeString(tmp.resolve("grid.yaml"), yaml));
    }

    @Test
    void productInFileOrderWithTheLastKeyFastest() throws IOException {
        SweepGrid g = grid("name: l1-sweep\nbase: {model: linear, steps: 20000}\n"
                + "grid: {estimator: [rebar, relax], seed: [0, 1, 2]}\n");
        assertEquals(6, g.size());
        List<String> seen = new ArrayList<>();
        for (SweepTask t : g.tasks()) {
            seen.add(t.index() + ":" + t.dir() + ":" + t.optionsText());
        }
        assertEquals(
                List.of(
                        "0:l1-sweep/rebar-seed0:model=linear steps=20000 estimator=rebar seed=0",
                        "1:l1-sweep/rebar-seed1:model=linear steps=20000 estimator=rebar seed=1",
                        "2:l1-sweep/rebar-seed2:model=linear steps=20000 estimator=rebar seed=2",
                        "3:l1-sweep/relax-seed0:model=linear steps=20000 estimator=relax seed=0",
                        "4:l1-sweep/relax-seed1:model=linear steps=20000 estimator=relax seed=1",
                        "5:l1-sweep/relax-seed2:model=linear steps=20000 estimator=relax seed=2"),
                seen);
    }

    /** Every index maps to a distinct combination, and task(i) agrees with the mixed-radix formula. */
    @Test
    void indexMappingIsMixedRadix() throws IOException {
        SweepGrid g = grid("name: s\ngrid: {a: [x, y], lr: [0.001, 3e-4, 1.0e-5], seed: [0, 1], device: [cpu]}\n");
        assertEquals(12, g.size());
        List<Object> a = g.grid().get("a");
        List<Object> lr = g.grid().get("lr");
        List<Object> seed = g.grid().get("seed");
        for (int i = 0; i < 12; i++) {
            Map<String, Object> o = g.task(i).options();
            assertEquals(a.get(i / 6), o.get("a"));
            assertEquals(lr.get(i / 2 % 3), o.get("lr"));
            assertEquals(seed.get(i % 2), o.get("seed"));
        }
        assertEquals(Path.of("s", "y-lr0.00001-seed1-cpu"), g.task(11).dir());
        assertEquals(Path.of("s", "x-lr0.0003-seed0-cpu"), g.task(2).dir());
        assertEquals(12, g.tasks().stream().map(SweepTask::dir).distinct().count());
    }

    @Test
    void emptyGridIsOneTask() throws IOException {
        SweepGrid g = grid("name: one\nbase: {steps: 10}\n");
        assertEquals(1, g.size());
        assertEquals(Path.of("one", "base"), g.task(0).dir());
    }

    @Test
    void jsonIsAGridFileToo() throws IOException {
        SweepGrid g = grid("{\"name\": \"j\", \"grid\": {\"seed\": [1, 2]}}");
        assertEquals(2, g.size());
        assertEquals(Path.of("j", "seed2"), g.task(1).dir());
    }

    @Test
    void indexOutOfRange() throws IOException {
        SweepGrid g = grid("name: s\ngrid: {seed: [0, 1]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.task(2));
        assertTrue(e.getMessage().contains("task index 2 is out of range")
                && e.getMessage().contains("0 to 1"));
    }

    @Test
    void structuralErrorsAreOneLineNamingTheKey() {
        assertError("grid: {seed: [0]}\n", "'name' must be a name");
        assertError("name: s\ngrid: {seed: 3}\n", "grid 'seed' must be a non-empty list");
        assertError("name: s\ngrid: {seed: []}\n", "grid 'seed' must be a non-empty list");
        assertError("name: s\nbase: {seed: 1}\ngrid: {seed: [0]}\n", "'seed' is in both base and grid");
        assertError("name: s\ngrids: {seed: [0]}\n", "unknown key 'grids'");
        assertError("name: s\ngrid: {seed: [0], seed: [1]}\n", "duplicate key");
        assertError("name: s\ngrid: {seed: [0\n", "is not valid YAML or JSON at line");
        assertError("- a\n- b\n", "must hold one mapping");
        assertError("name: s\ngrid: {estimator: [relax, relax]}\n", "would share the run directory");
    }

    private void assertError(String yaml, String expected) {
        IOException e = assertThrows(IOException.class, () -> grid(yaml), yaml);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "not one line: " + e.getMessage());
    }
}
