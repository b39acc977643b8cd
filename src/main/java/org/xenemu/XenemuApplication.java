package org.xenemu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: one process emulating a Xen host (xenstore, guest memory, NUMA host, virtual clock). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class XenemuApplication {
    public static void main(String[] args) {
        SpringApplication.run(XenemuApplication.class, args);
    }
}
