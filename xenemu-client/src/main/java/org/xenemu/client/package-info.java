/**
 * A typed Java client of xenemu, an emulated Xen host: {@link org.xenemu.client.XenemuClient} for
 * the REST API (contract v1, docs/api.md) and, in {@code org.xenemu.client.xs}, {@code XsClient}
 * for the native xenstored Unix socket (docs/xenstore.md "Wire protocol").
 *
 * <p>Dependencies: the JDK ({@code java.net.http}, Unix-domain socket channels) and Jackson 3
 * ({@code tools.jackson}, which coexists with an application's Jackson 2).
 */
package org.xenemu.client;
