package org.relax4j.core.nondiff;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests that evaluate models: one {@link NDManager} per test class, opened before its
 * first test and closed after its last (the test classes of this module run one at a time).
 */
abstract class WithNDManager {

    static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }
}
