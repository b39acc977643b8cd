/** A guest's procfs mirror and workload over HTTP, through {@code GuestFacade}. */
@NullMarked
package org.xenemu.guest.web;

import org.jspecify.annotations.NullMarked;
