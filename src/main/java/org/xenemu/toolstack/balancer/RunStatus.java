package org.xenemu.toolstack.balancer;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.xenemu.error.XenException;

/** Where a {@link SqueezeRun} stands after a step. */
public sealed interface RunStatus permits RunStatus.Running, RunStatus.Succeeded, RunStatus.Failed {
    /** Not finished: call {@link SqueezeRun#step} again at {@code nextStepAtNanos} (squeezed's {@code io.wait 1.}). */
    record Running(long nextStepAtNanos) implements RunStatus {
    }

    /**
     * The goal was met with every active domain at a stable target (or by the fast path).
     *
     * @param freeKiB    host free memory in the snapshot that decided it
     * @param grantedKiB what the call obtained for its caller: {@code kib} for
     *                   {@link SqueezeRun#freeMemory}, {@code max(min, min(free − 72 MiB, max))} for
     *                   {@link SqueezeRun#freeMemoryRange} (never below min, even when not actually
     *                   free: squeezed logs a warning and still answers min); empty for balancing
     */
    record Succeeded(long freeKiB, OptionalLong grantedKiB) implements RunStatus {
    }

    /** Why a run gave up (memory_interface.ml's two memory errors). */
    enum FailureReason { CANNOT_FREE, DOMAINS_REFUSED }

    /** The run gave up; it always says why. */
    sealed interface Failed extends RunStatus permits CannotFree, DomainsRefused {
        FailureReason reason();

        /** ENOMEM with the reason, as a failed reservation reports it. */
        XenException toException();
    }

    /**
     * sq.ml {@code Cannot_free_this_much_memory (required, free)}: every balloon-capable domain
     * reached a stable target, none is stuck (or only dom0 is, CA-75568), and the goal is not met.
     * The amounts are squeeze.ml's, both including the host free target; memory_server's
     * {@code wrap} subtracts the target from both before a client sees them
     * ({@link #asReportedToClients}).
     */
    record CannotFree(long requiredKiB, long freeKiB) implements Failed {
        @Override
        public FailureReason reason() {
            return FailureReason.CANNOT_FREE;
        }

        /** ms.ml {@code wrap}: both figures minus the host free target (free may become negative). */
        public CannotFree asReportedToClients(long hostFreeTargetKiB) {
            return new CannotFree(requiredKiB - hostFreeTargetKiB, freeKiB - hostFreeTargetKiB);
        }

        @Override
        public XenException toException() {
            return XenException.noMemory("cannot free this much memory: " + requiredKiB + " KiB needed, " + freeKiB
                    + " KiB free");
        }
    }

    /**
     * sq.ml {@code Domains_refused_to_cooperate domids}: the stuck balloon-capable domains, in
     * descending domid order as squeezed builds the list.
     */
    record DomainsRefused(List<Integer> domids) implements Failed {
        public DomainsRefused {
            domids = List.copyOf(domids);
        }

        @Override
        public FailureReason reason() {
            return FailureReason.DOMAINS_REFUSED;
        }

        @Override
        public XenException toException() {
            return XenException.noMemory("domains refused to cooperate: "
                    + domids.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
    }
}
