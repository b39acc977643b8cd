package org.xenemu.scenarios.document;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A domain's {@code kernel} as {@code POST /domains} takes it; empty members keep the kernel defaults. */
public record KernelSettings(OptionalLong swapKiB, Optional<Boolean> tmem, Optional<Boolean> nommu,
                             OptionalInt overcommitMemory, OptionalInt overcommitRatio, OptionalLong slabKiB) {
    public static final KernelSettings DEFAULTS = new KernelSettings(OptionalLong.empty(), Optional.empty(),
            Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty());
}
