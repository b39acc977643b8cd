package org.xenemu.xenstore.web;

/** How many watch events a REST watch stream holds unsent before it ends (docs/api.md "Xenstore"). */
public record WatchStreamSettings(int queue) {
}
