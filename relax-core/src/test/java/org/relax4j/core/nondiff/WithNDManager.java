package org.relax4j.core.nondiff;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests that evaluate models: one {@link NDManager} per test class, opened before its
 * first test and closed after its last (the test classes of this module run one at a time). Shared
 * by the tests of the nondiff packages.
 */
public abstract class WithNDManager {

    /** The manager of the running test class. */
    protected static NDManager manager;

    @BeforeAll
    protected static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    protected static void closeManager() {
        manager.close();
    }
}
