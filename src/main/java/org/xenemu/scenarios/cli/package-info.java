/**
 * {@code java -jar xenemu.jar scenario FILE --out DIR}: a scenario from the command line, without
 * a web server or a Spring context (docs/scenarios.md "Running it").
 */
@NullMarked
package org.xenemu.scenarios.cli;

import org.jspecify.annotations.NullMarked;
