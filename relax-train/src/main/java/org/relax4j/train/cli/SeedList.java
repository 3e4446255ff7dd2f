package org.relax4j.train.cli;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The seeds of {@code train --seeds}: a range {@code A-B} (A ≤ B, both included), a comma list
 * {@code 0,3,5}, or a list of both ({@code 0-3,7}); non-negative, distinct, at most
 * {@value #MAX_RUNS} runs.
 */
final class SeedList {

    /** The most runs one stack trains. */
    static final int MAX_RUNS = 256;

    private SeedList() {}

    /** The seeds {@code text} lists, in its order. */
    static long[] parse(String text) {
        Set<Long> seeds = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String item = part.strip();
            if (item.isEmpty()) {
                throw bad(text, "an empty item");
            }
            int dash = item.indexOf('-', 1);
            long from = number(text, dash < 0 ? item : item.substring(0, dash));
            long to = dash < 0 ? from : number(text, item.substring(dash + 1));
            if (to < from) {
                throw bad(text, "the range " + item + " runs backwards");
            }
            if (to - from >= MAX_RUNS) {
                throw bad(text, "more than " + MAX_RUNS + " runs");
            }
            for (long s = from; s <= to; s++) {
                if (!seeds.add(s)) {
                    throw bad(text, "seed " + s + " twice");
                }
            }
        }
        if (seeds.size() > MAX_RUNS) {
            throw bad(text, "more than " + MAX_RUNS + " runs");
        }
        return seeds.stream().mapToLong(Long::longValue).toArray();
    }

    private static long number(String text, String s) {
        try {
            long n = Long.parseLong(s.strip());
            if (n < 0) {
                throw bad(text, "a negative seed " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(text, "'" + s.strip() + "', which is not a seed");
        }
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("--seeds " + text + " has " + problem
                + "; give a range such as 0-7, a list such as 0,3,5, or both (0-3,7), of distinct seeds >= 0");
    }
}
