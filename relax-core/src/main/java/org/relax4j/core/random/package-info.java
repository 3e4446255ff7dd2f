/** Reproducible, step-addressed noise for estimators and training loops. */
package org.relax4j.core.random;
