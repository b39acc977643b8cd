/**
 * {@link org.xenemu.client.xs.XsClient}: a xenstore wire-protocol client for Java toolstacks, over
 * the xenstored Unix socket ({@code xs_wire.h}, Xen 4.17; docs/xenstore.md "Wire protocol"). It
 * speaks to C xenstored, oxenstored and xenemu alike: pipelined requests, transactions with EAGAIN
 * retry, watches as streams, dom0's domain management.
 */
package org.xenemu.client.xs;
