/** Exact expectations and gradients of small discrete problems, by enumeration. */
package org.relax4j.core.exact;
