package org.xenemu.balloon;

/** The driver's state after its last step (Linux {@code enum bp_state}, without hot-plug's BP_WAIT). */
public enum BalloonState {
    DONE, EAGAIN, ECANCELED
}
