package org.xenemu.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.caller.TokenRegistry;

class DomainTokensTest {
    @Test
    void tokenModeIssuesRootAndUserTokensAndDestroyRevokesThem() {
        MemoryFixture f = new MemoryFixture(MemoryFixture.smallSettings().withIssueTokens(true));
        TokenRegistry tokens = f.tokens;
        Toolstack.Created created = f.create(DomainSpec.pv("g", 65536));
        TokenRegistry.DomainTokens t = created.tokens().orElseThrow();
        assertThat(tokens.lookup(t.root())).contains(Caller.guest(1, true));
        assertThat(tokens.lookup(t.user())).contains(Caller.guest(1, false));
        f.destroy(1);
        assertThat(tokens.lookup(t.root())).isEmpty();
    }
}
