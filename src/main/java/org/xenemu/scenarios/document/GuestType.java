package org.xenemu.scenarios.document;

/** A domain's {@code type}, as {@code POST /domains} spells it (any case in the document). */
public enum GuestType {
    PV, HVM;

    /** libxl's cirrus default video memory for HVM guests; PV guests have none. */
    public static final long DEFAULT_HVM_VIDEORAM_KIB = 8192;
}
