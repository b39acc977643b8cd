package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the host holds away from everyone after {@code PUT /host/pressure}.
 *
 * @param kib      in total
 * @param node     the node asked for, if one was
 * @param nodesKiB per node
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Pressure(long kib, OptionalInt node, List<Long> nodesKiB) {
    public Pressure {
        node = node == null ? OptionalInt.empty() : node;
        nodesKiB = nodesKiB == null ? List.of() : List.copyOf(nodesKiB);
    }
}
