package org.xenemu.xenstore.web;

import org.springframework.modulith.NamedInterface;

/** How many watch events a REST watch stream holds unsent before it ends (docs/api.md "Xenstore"). */
@NamedInterface("rest")
public record WatchStreamSettings(int queue) {
}
