/**
 * {@link org.xenemu.testcontainers.XenemuContainer}: xenemu as a Testcontainers container for
 * toolstack integration tests, with the typed REST client and the xenstore wire client of
 * {@code org.xenemu:xenemu-client}.
 */
package org.xenemu.testcontainers;
