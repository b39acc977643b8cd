package org.xenemu.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code xenemu.data-dir}: where the service keeps its snapshots (the container's volume {@code /var/lib/xenemu}). */
@ConfigurationProperties("xenemu")
@Validated
public record DataDirProperties(@DefaultValue("./data") @NotNull Path dataDir) {
}
