/** PNG line charts (XChart) and image grids. */
package org.relax4j.train.plot;
