package org.xenemu.toolstack;

import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.host.Host;
import org.xenemu.units.Pages;

/**
 * A checked {@link DomainSpec} with libxl's defaults filled in. The guest sees its RAM without the
 * video memory (libxl writes target = memory − videoram), so {@code maxPfn} and
 * {@code initialPages} leave it out.
 */
record Plan(long staticMaxKiB, long videoramKiB, long maxPfn, long initialPages) {

    /** EINVAL for a bad spec (name, sizes, node), EEXIST for a name already taken. */
    static Plan of(DomainSpec spec, DomainRegistry registry, Host host) {
        if (spec.name().isBlank() || spec.name().length() > 64) {
            throw XenException.invalid("name must be 1..64 characters");
        }
        if (!spec.name().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw XenException.invalid("name must be printable ASCII without spaces");
        }
        if (registry.hasName(spec.name())) {
            throw XenException.of(Errno.EEXIST, "a domain named " + spec.name() + " already exists");
        }
        if (spec.memoryKiB() <= 0) {
            throw XenException.invalid("memoryKiB must be positive");
        }
        long staticMax = spec.effectiveStaticMaxKiB();
        if (staticMax < spec.memoryKiB()) {
            throw XenException.invalid("staticMaxKiB must be at least memoryKiB");
        }
        long video = spec.effectiveVideoramKiB();
        if (video >= spec.memoryKiB()) {
            throw XenException.invalid("videoramKiB must be below memoryKiB");
        }
        if (spec.homeNode().isPresent()
                && (spec.homeNode().getAsInt() < 0 || spec.homeNode().getAsInt() >= host.nodeCount())) {
            throw XenException.invalid("no NUMA node " + spec.homeNode().getAsInt());
        }
        if (spec.dynamicMinKiB().isPresent() != spec.dynamicMaxKiB().isPresent()) {
            throw XenException.invalid("dynamicMinKiB and dynamicMaxKiB go together");
        }
        if (spec.dynamicMinKiB().isPresent()) {
            verifyDynamicRange(spec.dynamicMinKiB().getAsLong(), spec.dynamicMaxKiB().getAsLong(), staticMax);
        }
        return new Plan(staticMax, video, Pages.fromKiB(staticMax - video), Pages.fromKiB(spec.memoryKiB() - video));
    }

    /**
     * docs/toolstack.md "Dynamic range": {@code static-min ≤ dynamic-min ≤ dynamic-max ≤ static-max},
     * else EINVAL. xenemu has no static-min (a guest boots with what it is given), so the lower
     * bound is "above 0".
     */
    static void verifyDynamicRange(long minKiB, long maxKiB, long staticMaxKiB) {
        if (minKiB <= 0) {
            throw XenException.invalid("dynamic-min must be above 0 KiB");
        }
        if (minKiB > maxKiB) {
            throw XenException.invalid("dynamic-min " + minKiB + " KiB is above dynamic-max " + maxKiB + " KiB");
        }
        if (maxKiB > staticMaxKiB) {
            throw XenException.invalid("dynamic-max " + maxKiB + " KiB is above static-max " + staticMaxKiB + " KiB");
        }
    }
}
