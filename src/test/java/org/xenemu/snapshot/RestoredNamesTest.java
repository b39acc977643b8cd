package org.xenemu.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostState;

/** A restore brings back the saved domains' names (taken: EEXIST) and forgets the others (free again). */
class RestoredNamesTest {
    @Test
    void aRestoredHostKnowsTheSavedNamesAndNoOthers() {
        EmulatedHost host = EmulatedHost.create(HostScript.settings());
        host.toolstack().create(Caller.DOM0, DomainSpec.pv("kept", 65536));
        HostState saved = host.capture();
        host.toolstack().create(Caller.DOM0, DomainSpec.pv("later", 65536));

        host.restore(saved);

        assertThatThrownBy(() -> host.toolstack().create(Caller.DOM0, DomainSpec.pv("kept", 65536)))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        assertThat(host.toolstack().create(Caller.DOM0, DomainSpec.pv("later", 65536)).domain().name())
                .isEqualTo("later");
    }
}
