package org.xenemu.toolstack;

import java.util.Map;
import java.util.Optional;
import org.xenemu.balloon.BalloonView;
import org.xenemu.selfballoon.SelfballoonView;

/**
 * One domain as {@code GET /domains/{domid}} shows it (docs/api.md "Host and domains"): the
 * toolstack's figures, then the engines' own views as their facades give them — the balloon
 * driver, the guest's meminfo ({@code guest.MeminfoView}, or the kernel's {@link MeminfoSummary}
 * in a composition without guest engines) and selfballoon. Sizes in KiB; pages per node by node
 * number. Taken under the engine lock. {@code memoryPolicy}: the dynamic range and what the
 * decider thinks of the domain (docs/toolstack.md "Observability").
 */
public record DomainView(int domid, String name, String type, int homeNode, long staticMaxKiB, long videoramKiB,
                         long maxKiB, long currentKiB, Map<String, Long> pagesPerNode, long targetKiB,
                         BalloonView balloon, Record meminfo, Optional<SelfballoonView> selfballoon,
                         Optional<DomainMemoryPolicy> memoryPolicy) {

    /** A view without the memory-policy figures. */
    public DomainView(int domid, String name, String type, int homeNode, long staticMaxKiB, long videoramKiB,
                      long maxKiB, long currentKiB, Map<String, Long> pagesPerNode, long targetKiB,
                      BalloonView balloon, Record meminfo, Optional<SelfballoonView> selfballoon) {
        this(domid, name, type, homeNode, staticMaxKiB, videoramKiB, maxKiB, currentKiB, pagesPerNode, targetKiB, balloon,
                meminfo, selfballoon, Optional.empty());
    }
}
