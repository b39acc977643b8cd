package org.xenemu.toolstack;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the host holds away from everyone after {@code PUT /host/pressure}: in total, the node asked, per node. */
public record PressureView(long kib, @Nullable Integer node, List<Long> nodesKiB) {
}
