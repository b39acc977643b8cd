/**
 * The views xenemu answers and the request bodies it takes (docs/api.md), as immutable records.
 *
 * <p>Views are tolerant: members a newer server adds are ignored ({@code @JsonIgnoreProperties}),
 * members it leaves out are {@code 0}, {@code false}, empty lists or empty {@code Optional}s, so
 * an older client keeps working against a newer xenemu. Request records leave out what is not
 * set, as the server refuses unknown members (400 EINVAL).
 */
package org.xenemu.client.model;
