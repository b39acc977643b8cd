package org.xenemu.scenarios.run;

import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.scenarios.document.DomainPlan;
import org.xenemu.scenarios.document.DomainSettings;
import org.xenemu.scenarios.document.GuestType;
import org.xenemu.scenarios.document.KernelSettings;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.DomainType;

/** A document's domain as {@code POST /domains} takes it: unset members keep the toolstack's and kernel's defaults. */
final class Specs {
    private Specs() {
    }

    static DomainSpec of(DomainPlan d) {
        DomainSettings s = d.settings();
        DomainType type = s.type() == GuestType.HVM ? DomainType.HVM : DomainType.PV;
        DomainSpec spec = new DomainSpec(d.name(), s.memoryKiB(), s.staticMaxKiB(), type, s.videoramKiB(),
                s.homeNode(), kernel(s.kernel()));
        if (s.dynamicMinKiB().isPresent() && s.dynamicMaxKiB().isPresent()) {
            spec = spec.withDynamicRange(s.dynamicMinKiB().getAsLong(), s.dynamicMaxKiB().getAsLong());
        }
        return spec;
    }

    static KernelConfig kernel(KernelSettings k) {
        KernelConfig d = KernelConfig.DEFAULTS;
        return new KernelConfig(k.swapKiB().orElse(d.swapKiB()), k.tmem().orElse(d.tmem()), k.nommu().orElse(d.nommu()),
                k.overcommitMemory().orElse(d.overcommitMemory()), k.overcommitRatio().orElse(d.overcommitRatio()),
                k.slabKiB().orElse(KernelConfig.AUTO), KernelConfig.AUTO);
    }
}
