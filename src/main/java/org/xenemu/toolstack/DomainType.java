package org.xenemu.toolstack;

/** How the guest runs; it decides the balloon driver's HVM target offset (docs/memory.md "Balloon driver"). */
public enum DomainType {
    PV, HVM
}
