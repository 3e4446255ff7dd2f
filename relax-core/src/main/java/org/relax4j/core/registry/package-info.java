/**
 * Named factories: {@link org.relax4j.core.registry.Registry} maps a name users type (on the
 * command line, in a config) to a one-line description and a factory that builds the object from
 * options. The estimator registries of both estimator families are registries of this shape.
 */
package org.relax4j.core.registry;
