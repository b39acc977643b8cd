package org.xenemu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point: one process emulating a Xen host (xenstore, guest memory, NUMA host, virtual clock).
 * {@code java -jar xenemu.jar scenario FILE --out DIR} runs a scenario instead, without Spring and
 * without a web server (docs/scenarios.md "Running it"): the dispatch happens before any Spring
 * class is touched, so the command starts as fast as plain Java.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class XenemuApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("scenario")) {
            org.xenemu.scenarios.ScenarioCommand.main(args);
            return;
        }
        SpringApplication.run(XenemuApplication.class, args);
    }
}
