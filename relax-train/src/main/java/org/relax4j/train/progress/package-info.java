/** Progress bars for long loops. */
package org.relax4j.train.progress;
