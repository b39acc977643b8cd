/** {@code /api/v1/scenarios} through {@code ScenarioRuns}. */
@NullMarked
package org.xenemu.scenarios.web;

import org.jspecify.annotations.NullMarked;
