@NullMarked
package org.xenemu.toolstack.balancer;

import org.jspecify.annotations.NullMarked;
