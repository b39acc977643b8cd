package org.xenemu.bench;

import java.nio.charset.StandardCharsets;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/** Builds the benchmark tree: /bench/d<i>/n<j>, 100 directories of 1000 leaves by default. */
final class XenstoreBenchTrees {
    private XenstoreBenchTrees() {
    }

    static String path(int node) {
        return "/bench/d" + (node / 1000) + "/n" + (node % 1000);
    }

    static void build(Xenstore xs, int nodes) {
        XsConnection dom0 = xs.connect(0, true, WatchSink.DISCARD);
        byte[] value = "some-value-16byt".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < nodes; i++) {
            dom0.write(0, path(i), value);
        }
        dom0.close();
    }
}
