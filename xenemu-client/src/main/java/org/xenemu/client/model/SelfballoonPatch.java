package org.xenemu.client.model;

/**
 * The body of {@code PATCH /domains/{domid}/selfballoon}: any of the nine tunables, each checked
 * exactly as its sysfs store would check its decimal text, all or nothing. Start from
 * {@link #empty()}; null members are left out.
 */
public record SelfballoonPatch(Long selfballooning, Long selfballoonInterval, Long selfballoonDownhysteresis,
                               Long selfballoonUphysteresis, Long selfballoonMinUsableMb, Long selfballoonReservedMb,
                               Long frontswapSelfshrinking, Long frontswapHysteresis, Long frontswapInertia) {
    /** Changes nothing (the server answers 200 with the view). */
    public static SelfballoonPatch empty() {
        return new SelfballoonPatch(null, null, null, null, null, null, null, null, null);
    }

    public SelfballoonPatch selfballooning(boolean on) {
        return new SelfballoonPatch(on ? 1L : 0L, selfballoonInterval, selfballoonDownhysteresis,
                selfballoonUphysteresis, selfballoonMinUsableMb, selfballoonReservedMb, frontswapSelfshrinking,
                frontswapHysteresis, frontswapInertia);
    }

    public SelfballoonPatch selfballoonInterval(long seconds) {
        return new SelfballoonPatch(selfballooning, seconds, selfballoonDownhysteresis, selfballoonUphysteresis,
                selfballoonMinUsableMb, selfballoonReservedMb, frontswapSelfshrinking, frontswapHysteresis,
                frontswapInertia);
    }

    public SelfballoonPatch selfballoonDownhysteresis(long value) {
        return new SelfballoonPatch(selfballooning, selfballoonInterval, value, selfballoonUphysteresis,
                selfballoonMinUsableMb, selfballoonReservedMb, frontswapSelfshrinking, frontswapHysteresis,
                frontswapInertia);
    }

    public SelfballoonPatch selfballoonUphysteresis(long value) {
        return new SelfballoonPatch(selfballooning, selfballoonInterval, selfballoonDownhysteresis, value,
                selfballoonMinUsableMb, selfballoonReservedMb, frontswapSelfshrinking, frontswapHysteresis,
                frontswapInertia);
    }

    public SelfballoonPatch selfballoonMinUsableMb(long mb) {
        return new SelfballoonPatch(selfballooning, selfballoonInterval, selfballoonDownhysteresis,
                selfballoonUphysteresis, mb, selfballoonReservedMb, frontswapSelfshrinking, frontswapHysteresis,
                frontswapInertia);
    }

    public SelfballoonPatch selfballoonReservedMb(long mb) {
        return new SelfballoonPatch(selfballooning, selfballoonInterval, selfballoonDownhysteresis,
                selfballoonUphysteresis, selfballoonMinUsableMb, mb, frontswapSelfshrinking, frontswapHysteresis,
                frontswapInertia);
    }

    public SelfballoonPatch frontswapSelfshrinking(boolean on) {
        return new SelfballoonPatch(selfballooning, selfballoonInterval, selfballoonDownhysteresis,
                selfballoonUphysteresis, selfballoonMinUsableMb, selfballoonReservedMb, on ? 1L : 0L,
                frontswapHysteresis, frontswapInertia);
    }

    public SelfballoonPatch frontswapHysteresis(long value) {
        return new SelfballoonPatch(selfballooning, selfballoonInterval, selfballoonDownhysteresis,
                selfballoonUphysteresis, selfballoonMinUsableMb, selfballoonReservedMb, frontswapSelfshrinking, value,
                frontswapInertia);
    }

    public SelfballoonPatch frontswapInertia(long value) {
        return new SelfballoonPatch(selfballooning, selfballoonInterval, selfballoonDownhysteresis,
                selfballoonUphysteresis, selfballoonMinUsableMb, selfballoonReservedMb, frontswapSelfshrinking,
                frontswapHysteresis, value);
    }
}
