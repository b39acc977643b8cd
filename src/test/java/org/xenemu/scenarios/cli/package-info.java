@NullMarked
package org.xenemu.scenarios.cli;

import org.jspecify.annotations.NullMarked;
