package org.xenemu.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xenemu.selfballoon.SelfballoonOptions;

/** {@code xenemu.selfballoon.*}; see {@link SelfballoonOptions} for what each means. */
@ConfigurationProperties(prefix = "xenemu.selfballoon")
@Validated
public record SelfballoonProperties(@DefaultValue("true") boolean bootSelfballooning,
                                    @DefaultValue("true") boolean bootSelfshrinking,
                                    @DefaultValue("false") boolean frontswapResetInertiaAfterShrink) {
    public SelfballoonOptions toOptions() {
        return new SelfballoonOptions(bootSelfballooning, bootSelfshrinking, frontswapResetInertiaAfterShrink);
    }
}
