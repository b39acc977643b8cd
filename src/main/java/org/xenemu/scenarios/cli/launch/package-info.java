/**
 * The command line's first moments, before the application: the jar's {@code Main-Class}
 * ({@link org.xenemu.scenarios.cli.launch.JarMain}), the command line's grammar, and the hand-off of
 * a run to a batch JVM started from a cache of the unpacked jar (docs/scenarios.md "Running it").
 * Its classes are also at the jar's root, on the JVM's own class path: they use nothing but the JDK.
 */
@NullMarked
package org.xenemu.scenarios.cli.launch;

import org.jspecify.annotations.NullMarked;
