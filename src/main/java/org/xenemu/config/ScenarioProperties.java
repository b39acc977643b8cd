package org.xenemu.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code xenemu.scenarios.*} (docs/scenarios.md "Running it"): how many variants of all running
 * scenarios run at once (0 = as many as the machine has cores), and how many scenarios the service
 * keeps, running or finished, before the oldest finished one is forgotten.
 */
@ConfigurationProperties("xenemu.scenarios")
@Validated
public record ScenarioProperties(@DefaultValue("0") @Min(0) @Max(1024) int parallelism,
                                 @DefaultValue("16") @Min(1) @Max(1000) int maxStored) {
    int effectiveParallelism() {
        return parallelism == 0 ? Runtime.getRuntime().availableProcessors() : parallelism;
    }
}
