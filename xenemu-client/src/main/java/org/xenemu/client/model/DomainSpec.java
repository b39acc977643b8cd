package org.xenemu.client.model;

import java.util.Objects;

/**
 * The body of {@code POST /domains} (docs/api.md "Create request"), built with {@link #builder}.
 * Members left unset take the server's defaults.
 *
 * @param name          1–64 printable ASCII characters, no spaces, unique
 * @param memoryKiB     initial memory, above 0
 * @param staticMaxKiB  static-max (default: memory)
 * @param type          {@code PV} (default) or {@code HVM}
 * @param videoramKiB   HVM video memory (default 8192)
 * @param homeNode      NUMA node (default: the one with most free pages)
 * @param kernel        the guest kernel's options
 * @param dynamicMinKiB dynamic-min (docs/toolstack.md "Dynamic range"; with dynamicMaxKiB)
 * @param dynamicMaxKiB dynamic-max ({@code 0 < min ≤ max ≤ static-max}, else 400 EINVAL)
 * @param reservationId build the domain from this ready reservation (docs/toolstack.md "Reservations")
 */
public record DomainSpec(String name, long memoryKiB, Long staticMaxKiB, String type, Long videoramKiB,
                         Integer homeNode, KernelOptions kernel, Long dynamicMinKiB, Long dynamicMaxKiB,
                         String reservationId) {
    public DomainSpec {
        Objects.requireNonNull(name, "name");
    }

    /** A PV domain named {@code name} with {@code memoryKiB} of memory. */
    public static Builder builder(String name, long memoryKiB) {
        return new Builder(name, memoryKiB);
    }

    /** Builds a {@link DomainSpec}. */
    public static final class Builder {
        private final String name;
        private final long memoryKiB;
        private Long staticMaxKiB;
        private String type;
        private Long videoramKiB;
        private Integer homeNode;
        private KernelOptions kernel;
        private Long dynamicMinKiB;
        private Long dynamicMaxKiB;
        private String reservationId;

        private Builder(String name, long memoryKiB) {
            this.name = name;
            this.memoryKiB = memoryKiB;
        }

        public Builder staticMaxKiB(long kib) {
            this.staticMaxKiB = kib;
            return this;
        }

        /** An HVM guest (libxl's video memory rules apply: docs/api.md "mem-set"). */
        public Builder hvm() {
            this.type = "HVM";
            return this;
        }

        public Builder pv() {
            this.type = "PV";
            return this;
        }

        public Builder videoramKiB(long kib) {
            this.videoramKiB = kib;
            return this;
        }

        public Builder homeNode(int node) {
            this.homeNode = node;
            return this;
        }

        public Builder kernel(KernelOptions options) {
            this.kernel = options;
            return this;
        }

        /** Writes {@code memory/dynamic-min} and {@code dynamic-max} at creation (docs/toolstack.md "Dynamic range"). */
        public Builder dynamicRange(long minKiB, long maxKiB) {
            this.dynamicMinKiB = minKiB;
            this.dynamicMaxKiB = maxKiB;
            return this;
        }

        /**
         * Builds from a ready reservation, which then holds the domain's memory: 404 ENOENT unknown,
         * 409 EBUSY pending or already used, 400 EINVAL failed.
         */
        public Builder reservation(String id) {
            this.reservationId = id;
            return this;
        }

        public DomainSpec build() {
            return new DomainSpec(name, memoryKiB, staticMaxKiB, type, videoramKiB, homeNode, kernel, dynamicMinKiB,
                    dynamicMaxKiB, reservationId);
        }
    }
}
