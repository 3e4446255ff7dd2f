/** The one-unit toy problem E[(b − t)²] of the RELAX paper. */
package org.relax4j.models.toy;
