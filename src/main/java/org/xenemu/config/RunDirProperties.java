package org.xenemu.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code xenemu.run-dir}: where the service puts its sockets ({@code socket}, {@code domains/<id>/socket}). */
@ConfigurationProperties("xenemu")
@Validated
public record RunDirProperties(@DefaultValue("./run") @NotNull Path runDir) {
}
