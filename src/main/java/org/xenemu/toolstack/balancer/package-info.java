/**
 * The host's memory decider (issue 13): squeezed's proportional balancer, written from the
 * engineering note {@code notes/squeezed-mom.md} and checked against {@code xapi-project/xen-api}
 * {@code ocaml/squeezed/}, and oVirt MoM's balloon policy.
 *
 * <p>Pure code: every decision takes "now" as a parameter and reads the host through the port
 * {@link org.xenemu.toolstack.balancer.BalancerHost}; nothing here schedules, sleeps or touches
 * xenstore. The integration (xenstore watches, reservations, REST, the scheduler's tasks) calls
 * {@link org.xenemu.toolstack.balancer.SqueezeRun}, {@link org.xenemu.toolstack.balancer.HostBalance},
 * {@link org.xenemu.toolstack.balancer.UncooperativeTracker},
 * {@link org.xenemu.toolstack.balancer.ReclaimedMemory} and, for the MoM policy,
 * {@link org.xenemu.toolstack.balancer.MomBalancer}.
 *
 * <p>Abbreviations in citations: sq.ml = {@code ocaml/squeezed/lib/squeeze.ml}, sx.ml =
 * {@code ocaml/squeezed/src/squeeze_xen.ml}, ms.ml = {@code ocaml/squeezed/src/memory_server.ml},
 * st.ml = {@code ocaml/squeezed/test/squeeze_test.ml} (xen-api @ e2ee48d688).
 */
@NullMarked
package org.xenemu.toolstack.balancer;

import org.jspecify.annotations.NullMarked;
