@NullMarked
package org.xenemu.scenarios.report;

import org.jspecify.annotations.NullMarked;
