package org.xenemu.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.store.Quotas;

class DomainTokensTest {
    @Test
    void tokenModeIssuesRootAndUserTokensAndDestroyRevokesThem() {
        MemoryFixture f = MemoryFixture.small();
        TokenRegistry tokens = new TokenRegistry();
        DomainService service = new DomainService(Host.uniform(262144, 2, 0, AllocationPolicy.NEAREST),
                new DomainRegistry(), new XenstoreEngine(Quotas.DEFAULTS), f.scheduler, f.events, tokens,
                new DomainService.Settings(true, 0), List::of);
        service.bootDom0(131072);
        DomainService.Created created = service.create(DomainSpec.pv("g", 65536));
        TokenRegistry.DomainTokens t = created.tokens().orElseThrow();
        assertThat(tokens.lookup(t.root())).contains(Caller.guest(1, true));
        assertThat(tokens.lookup(t.user())).contains(Caller.guest(1, false));
        service.destroy(1);
        assertThat(tokens.lookup(t.root())).isEmpty();
    }
}
