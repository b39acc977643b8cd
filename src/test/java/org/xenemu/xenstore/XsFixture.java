package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.store.Quotas;

/** Shared set-up of the xenstore engine tests: a store, dom0, guests and event recorders. */
public class XsFixture {
    protected XenstoreEngine xs = new XenstoreEngine(Quotas.DEFAULTS);
    protected Recorder dom0Events = new Recorder();
    protected XsConnection dom0 = xs.connect(0, true, dom0Events);

    /** Collects "path|token" strings. */
    public static final class Recorder implements WatchSink {
        public final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean deliver(String path, String token) {
            events.add(path + "|" + token);
            return true;
        }

        public List<String> drain() {
            synchronized (events) {
                List<String> copy = new ArrayList<>(events);
                events.clear();
                return copy;
            }
        }
    }

    public static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String s(byte[] v) {
        return new String(v, StandardCharsets.UTF_8);
    }

    /** Introduces domain {@code domid} the way the toolstack does: home owned by the guest, then INTRODUCE. */
    protected XsConnection guest(int domid) {
        return guest(domid, new Recorder());
    }

    protected XsConnection guest(int domid, Recorder events) {
        String home = "/local/domain/" + domid;
        if (!xs.introducedDomains().contains(domid)) {
            dom0.mkdir(0, home);
            dom0.setPerms(0, home, List.of("n" + domid, "r0"));
            dom0.introduce(domid, 1000 + domid, 1);
        }
        return xs.connect(domid, false, events);
    }

    public static void assertErrno(Errno errno, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(XenException.class)
                .extracting(e -> ((XenException) e).errno()).isEqualTo(errno);
    }

    protected static XenstoreEngine withQuotas(Quotas q) {
        return new XenstoreEngine(q);
    }
}
