/** Binary encoding of arrays in state files. */
package org.relax4j.core.io;
