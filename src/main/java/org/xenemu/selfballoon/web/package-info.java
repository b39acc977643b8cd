/** The selfballoon tunables over HTTP (sysfs text and JSON), through {@code SelfballoonFacade}. */
@NullMarked
package org.xenemu.selfballoon.web;

import org.jspecify.annotations.NullMarked;
