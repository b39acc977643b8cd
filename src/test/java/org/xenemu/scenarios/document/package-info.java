@NullMarked
package org.xenemu.scenarios.document;

import org.jspecify.annotations.NullMarked;
