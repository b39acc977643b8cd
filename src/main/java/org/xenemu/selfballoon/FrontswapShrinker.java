package org.xenemu.selfballoon;

/**
 * {@code frontswap_shrink(target)} as the guest's memory engine performs it: swap pages held in
 * tmem back into process memory (a partial swapoff) until at most {@code targetPages} remain in
 * frontswap or guest memory runs out, give the tmem pages back to the host, and answer the
 * frontswap count afterwards. The workload engine, which knows which mappings own the swapped
 * pages, attaches one to the domain's {@code GuestKernel}
 * ({@code kernel.attach(FrontswapShrinker.class, ...)}); without it
 * {@link DomainSelfballoonGuest} moves the pages at the level of the kernel's counters.
 */
@FunctionalInterface
public interface FrontswapShrinker {
    long shrinkTo(long targetPages);
}
