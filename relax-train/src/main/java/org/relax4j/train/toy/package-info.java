/** Training and reporting on the toy problem of the RELAX paper. */
package org.relax4j.train.toy;
