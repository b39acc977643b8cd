/**
 * The Spring composition root: every {@code @Configuration} and every validated
 * {@code @ConfigurationProperties} record. It maps the properties onto
 * {@code toolstack.HostSettings}, builds {@code toolstack.EmulatedHost} and exposes its parts as
 * beans. Nothing imports it.
 */
@NullMarked
package org.xenemu.config;

import org.jspecify.annotations.NullMarked;
