package org.xenemu.toolstack;

/** How the guest runs; it decides the balloon driver's HVM target offset (MEMORY.md "Balloon driver"). */
public enum DomainType {
    PV, HVM
}
