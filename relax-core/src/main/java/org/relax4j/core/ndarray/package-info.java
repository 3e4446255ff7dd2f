/** Array helpers that keep DJL arithmetic safe to differentiate. */
package org.relax4j.core.ndarray;
