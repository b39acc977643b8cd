@NullMarked
package org.xenemu.scenarios.workload;

import org.jspecify.annotations.NullMarked;
