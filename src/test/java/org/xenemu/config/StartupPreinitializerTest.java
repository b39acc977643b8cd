package org.xenemu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.core.io.support.SpringFactoriesLoader;

class StartupPreinitializerTest {
    @Test
    void isRegisteredWithSpringBootsBackgroundPreinitializers() {
        assertThat(SpringFactoriesLoader.loadFactories(BackgroundPreinitializer.class, null))
                .hasAtLeastOneElementOfType(StartupPreinitializer.class);
    }

    @Test
    void initialisesTheMessageSourceClassAndThePlatformMBeanServer() {
        assertThatCode(() -> new StartupPreinitializer().preinitialize()).doesNotThrowAnyException();
    }
}
