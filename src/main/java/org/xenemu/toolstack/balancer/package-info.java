/**
 * The host's memory decider (issue 13): squeezed's proportional balancer, written from
 * {@code xapi-project/xen-api} {@code ocaml/squeezed/} (its {@code lib/squeeze.ml},
 * {@code src/squeeze_xen.ml}, {@code src/memory_server.ml} and its own test scenarios), and oVirt
 * MoM's balloon policy ({@code oVirt/mom} {@code doc/balloon.rules}, vdsm's {@code 02-balloon.policy});
 * docs/toolstack.md says what each does here.
 *
 * <p>Pure code: every decision takes "now" as a parameter and reads the host through the port
 * {@link org.xenemu.toolstack.balancer.BalancerHost}; nothing here schedules, sleeps or touches
 * xenstore. The integration (xenstore watches, reservations, REST, the scheduler's tasks) calls
 * {@link org.xenemu.toolstack.balancer.SqueezeRun}, {@link org.xenemu.toolstack.balancer.HostBalance},
 * {@link org.xenemu.toolstack.balancer.UncooperativeTracker},
 * {@link org.xenemu.toolstack.balancer.ReclaimedMemory} and, for the MoM policy,
 * {@link org.xenemu.toolstack.balancer.MomBalancer}.
 *
 * <p>Where the first specification of this decider and squeezed's code differ, the code wins
 * here (the README's "Where xenemu differs" section lists these for users):
 * <ul>
 *   <li>γ's surplus is taken against what the <em>caller</em> asked for ({@code kib + 72 MiB} for a
 *       reservation, 72 MiB only for balancing), over the <em>active</em> domains only
 *       (feature-balloon and not stuck); a range reservation is priced over all domains.</li>
 *   <li>"Balanced" ({@code free − 72 MiB < 512 KiB}, also true below the target) is only a
 *       balancing run's success test; the 10 s check rebalances when a fresh policy evaluation
 *       would change some target ({@link org.xenemu.toolstack.balancer.HostBalance}).</li>
 *   <li>Two phases are decided per iteration: allocating targets go out only in an iteration with
 *       no freeing target among the active domains.</li>
 *   <li>Stuck = target not hit and no progress for strictly more than 5 s, progress being any
 *       move towards it since the previous look; it is forgotten between runs, and a stuck domain
 *       that moves is active again. Declaring a domain inactive clips its maxmem <em>and its
 *       target</em> to {@code clamp(min(target, actual), dyn_min, dyn_max)}.</li>
 *   <li>Uncooperative = off target for more than 20 s, whatever the stuck state.</li>
 *   <li>No early failure: a run waits for the active domains to settle, then succeeds or fails;
 *       nobody to blame, or dom0 alone, is "cannot free", otherwise "domains refused" with every
 *       stuck balloon-capable domid (never the allocator, thanks to the two phases). No time limit.</li>
 *   <li>maxmem = target + memory-offset + the type's xen_max_offset (1 MiB for HVM/PVH/PV-in-PVH),
 *       added by the port; the decider works in target units.</li>
 *   <li>squeezed's watch thread refreshes its cache concurrently, in practice before the next
 *       iteration; here every snapshot first applies the watch events already delivered
 *       ({@code DomainCache}), so a range committed before an
 *       iteration is the one it uses, whatever order one jiffy's tasks run in (issue 13).</li>
 *   <li>MoM: shrinking aims at {@code used + hostFree% · cur} (critical: {@code hostFree% − 5 %}),
 *       growing is at least 5 % (not at most) up to {@code used + 20 % · cur}, capped at max.</li>
 * </ul>
 *
 * <p>Abbreviations in citations: sq.ml = {@code ocaml/squeezed/lib/squeeze.ml}, sx.ml =
 * {@code ocaml/squeezed/src/squeeze_xen.ml}, ms.ml = {@code ocaml/squeezed/src/memory_server.ml},
 * st.ml = {@code ocaml/squeezed/test/squeeze_test.ml} (xen-api @ e2ee48d688).
 */
@NamedInterface("balancer")
@NullMarked
package org.xenemu.toolstack.balancer;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
