package org.xenemu.scenarios.document;

import java.util.List;

/**
 * A parsed, validated document: its variants, ready to run. Without a {@code sweep} there is one
 * variant, {@value Variant#BASE}. With one, there is one variant per value of each sweep path, or
 * per combination when there are several paths: the cartesian product in odometer order — the first
 * path (in document order) varies slowest, the last fastest; values in the order listed. So
 * {@code {a: [1, 2], b: [x, y]}} gives {@code a=1 b=x}, {@code a=1 b=y}, {@code a=2 b=x},
 * {@code a=2 b=y}.
 *
 * @param sweep the sweep's paths with their values' texts, in document order (empty without one)
 */
public record ScenarioPlan(String name, List<SweepAxis> sweep, List<Variant> variants) {
    public ScenarioPlan {
        sweep = List.copyOf(sweep);
        variants = List.copyOf(variants);
    }

    /** One sweep path and its values. */
    public record SweepAxis(String path, String field, String label, List<String> valueTexts) {
        public SweepAxis {
            valueTexts = List.copyOf(valueTexts);
        }
    }
}
