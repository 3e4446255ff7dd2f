/**
 * The one place where Relax4J reaches below DJL's engine-neutral API into the PyTorch engine:
 * {@link org.relax4j.core.engine.Autograd} ({@code torch.autograd.grad}, grad mode), and
 * {@link org.relax4j.core.engine.NativeArrays} (libtorch-owned copies and constants). Every other
 * package uses DJL's public API only; an architecture test enforces this.
 */
package org.relax4j.core.engine;
