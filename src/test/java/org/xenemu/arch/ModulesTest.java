package org.xenemu.arch;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.xenemu.XenemuApplication;

class ModulesTest {
    static final ApplicationModules MODULES = ApplicationModules.of(XenemuApplication.class);

    @Test
    void verify() {
        MODULES.forEach(System.out::println);
        MODULES.verify();
    }
}
