/**
 * The scenario document (docs/scenarios.md "A scenario document"): parsed strictly from JSON or
 * YAML, validated up front with the field named on error, groups expanded into domains, actions
 * checked against the domains alive at their time, sweeps expanded into variants. The result,
 * {@link org.xenemu.scenarios.document.ScenarioPlan}, is all a runner needs; nothing here runs.
 *
 * <p>Plain Java: no Spring, no web types (the CLI parses documents without a context).
 */
@NullMarked
package org.xenemu.scenarios.document;

import org.jspecify.annotations.NullMarked;
