package org.xenemu.scenarios.document;

import java.util.List;

/**
 * One run of a document: the scenario with the sweep's values for this variant applied.
 *
 * @param index     0-based, in the sweep's order (see {@link ScenarioPlan})
 * @param name      {@value #BASE} without a sweep; otherwise {@code label=value} per sweep path,
 *                  joined by a space ({@code selfballoonDownhysteresis=4},
 *                  {@code policy=mom selfballoonDownhysteresis=4})
 * @param overrides the sweep's value for each path, in the sweep's order
 */
public record Variant(int index, String name, List<SweepValue> overrides, Scenario scenario) {
    public static final String BASE = "base";

    public Variant {
        overrides = List.copyOf(overrides);
    }

    /**
     * A sweep path and the value this variant gives it.
     *
     * @param path      as written in the sweep ({@code domains.web.selfballoon.selfballoonDownhysteresis})
     * @param field     the document field it resolves to ({@code domains[0].selfballoon.selfballoonDownhysteresis})
     * @param valueText the value's text: a string as is, a number as written (without trailing
     *                  zeros after a decimal point), a list or object as compact JSON
     * @param valueJson the value as compact JSON
     */
    public record SweepValue(String path, String field, String valueText, String valueJson) {
    }
}
