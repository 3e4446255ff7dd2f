/**
 * Reverse-mode differentiation with respect to chosen inputs ({@code torch.autograd.grad}),
 * including second-order gradients, which DJL's API does not expose.
 */
package org.relax4j.core.autograd;
