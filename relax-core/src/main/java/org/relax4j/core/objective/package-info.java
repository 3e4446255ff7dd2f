/** Objectives f(b) that accept hard or relaxed discrete inputs. */
package org.relax4j.core.objective;
