package org.relax4j.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryTest {

    @Test
    void namesDescriptionsAndFactories() {
        Registry<Integer, String> r = new Registry<>("greeting");
        r.register("hello", "says hello", n -> "hello".repeat(n));
        r.register("bye", "says bye", n -> "bye");
        assertEquals(List.of("hello", "bye"), r.names());
        assertEquals("hellohello", r.create("hello", 2));
        assertEquals("says bye", r.describe("bye"));
        assertNull(r.describe("hi"));
        assertTrue(r.contains("bye"));
        assertFalse(r.contains("hi"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> r.create("hi", 1));
        assertEquals("unknown greeting 'hi'; choose one of hello, bye", unknown.getMessage());
        IllegalArgumentException taken =
                assertThrows(IllegalArgumentException.class, () -> r.register("bye", "again", n -> "x"));
        assertEquals("the greeting name 'bye' is already registered", taken.getMessage());
    }
}
