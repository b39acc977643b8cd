package org.xenemu.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code xenemu.run-dir}: where the service puts its sockets ({@code socket}, {@code domains/<id>/socket}). */
@ConfigurationProperties("xenemu")
public record RunDirProperties(@DefaultValue("./run") Path runDir) {
}
