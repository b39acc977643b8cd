package org.xenemu.xenstore.perms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.xenstore.XsFixture.assertErrno;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xenemu.error.Errno;

class NodePermsTest {
    @Test
    void ownerHasFullAccessWhateverEntryZeroSays() {
        NodePerms p = NodePerms.parse(List.of("n5"));
        assertThat(p.mayRead(Identity.of(5, false))).isTrue();
        assertThat(p.mayWrite(Identity.of(5, false))).isTrue();
        assertThat(p.mayRead(Identity.of(6, false))).isFalse();
    }

    @Test
    void entryZeroIsTheDefaultForOthers() {
        NodePerms p = NodePerms.parse(List.of("r0"));
        assertThat(p.mayRead(Identity.of(9, false))).isTrue();
        assertThat(p.mayWrite(Identity.of(9, false))).isFalse();
    }

    @Test
    void firstMatchingEntryWins() {
        NodePerms p = NodePerms.parse(List.of("b0", "n3", "r3"));
        assertThat(p.mayRead(Identity.of(3, false))).isFalse();
        assertThat(p.mayWrite(Identity.of(4, false))).isTrue();
    }

    @Test
    void privilegedBypassesEverything() {
        NodePerms p = NodePerms.parse(List.of("n7"));
        assertThat(p.mayWrite(Identity.of(0, true))).isTrue();
    }

    @Test
    void targetActsAsTheTargetDomain() {
        NodePerms p = NodePerms.parse(List.of("n2", "w8"));
        assertThat(p.mayWrite(new Identity(9, false, 2))).isTrue();
        assertThat(p.mayWrite(new Identity(9, false, 8))).isTrue();
        assertThat(p.mayRead(new Identity(9, false, 8))).isFalse();
    }

    @Test
    void newNodesGetTheCreatorAsOwner() {
        assertThat(NodePerms.parse(List.of("r0", "w4")).withOwner(4).strings()).containsExactly("r4", "w4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "r", "x1", "rabc", "r-1", "r1x", "r99999", "R1", "r 1"})
    void malformedPermsAreEinval(String perm) {
        assertErrno(Errno.EINVAL, () -> NodePerms.parse(List.of(perm)));
    }

    @Test
    void emptyListIsEinval() {
        assertErrno(Errno.EINVAL, () -> NodePerms.parse(List.of()));
    }
}
