/** The balloon driver seen from inside a guest over HTTP: JSON view and sysfs files, through {@code BalloonFacade}. */
@NullMarked
package org.xenemu.balloon.web;

import org.jspecify.annotations.NullMarked;
