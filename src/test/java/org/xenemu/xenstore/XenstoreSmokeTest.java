package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.store.Quotas;

class XenstoreSmokeTest {
    final Xenstore xs = new XenstoreEngine(Quotas.DEFAULTS);

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void initialTreeAndBasicOps() {
        XsConnection dom0 = xs.connect(0, true, WatchSink.DISCARD);
        assertThat(new String(dom0.read(0, "/local/domain/0/name"))).isEqualTo("Domain-0");
        assertThat(dom0.directory(0, "/")).containsExactly("tool", "local");
        assertThat(new String(dom0.read(0, "domid"))).isEqualTo("0");
        dom0.write(0, "/a/b/c", b("v"));
        assertThat(dom0.directory(0, "/a")).containsExactly("b");
        dom0.rm(0, "/a");
        assertThatThrownBy(() -> dom0.read(0, "/a/b")).isInstanceOf(XenException.class)
                .extracting(e -> ((XenException) e).errno()).isEqualTo(Errno.ENOENT);
    }

    @Test
    void watchAndTransaction() {
        List<String> events = new ArrayList<>();
        XsConnection dom0 = xs.connect(0, true, (p, t) -> events.add(p + "|" + t));
        dom0.watch("/x", "tok");
        long tx = dom0.transactionStart(0);
        dom0.write(tx, "/x/y", b("1"));
        assertThat(events).containsExactly("/x|tok");
        dom0.transactionEnd(tx, true);
        assertThat(events).containsExactly("/x|tok", "/x/y|tok");
    }
}
