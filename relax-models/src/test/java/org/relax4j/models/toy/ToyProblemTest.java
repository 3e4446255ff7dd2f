package org.relax4j.models.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.relax4j.core.exact.BernoulliEnumeration;

class ToyProblemTest {

    /** The closed forms agree with enumeration and with a finite difference of the loss. */
    @Test
    void exactLossAndGradientAgreeWithEnumeration() {
        ToyProblem toy = new ToyProblem(0.499);
        for (double logit : new double[] {-3, -0.2, 0, 1.7}) {
            BernoulliEnumeration e = new BernoulliEnumeration(logit);
            double loss = e.expectation(b -> (b[0] - 0.499) * (b[0] - 0.499));
            double grad = e.gradient(b -> (b[0] - 0.499) * (b[0] - 0.499))[0];
            assertEquals(loss, toy.exactLoss(logit), 1e-12);
            assertEquals(grad, toy.exactGradient(logit), 1e-12);
            double fd = (toy.exactLoss(logit + 1e-6) - toy.exactLoss(logit - 1e-6)) / 2e-6;
            assertEquals(fd, toy.exactGradient(logit), 1e-8);
        }
    }
}
