package org.xenemu.bench;

import java.nio.file.Path;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.store.Quotas;
import org.xenemu.xenstore.wire.WireLimits;
import org.xenemu.xenstore.wire.WireService;

/**
 * Runs only the xenstore core and its socket, without Spring: for poking at it with the
 * xenstore-* tools and for the wire benchmark. {@code RUN_DIR} (default /tmp/xenemu-wire).
 */
public final class XenemuWireMain {
    /** xenemu.xenstore.max-introduced-domains' default. */
    static final int MAX_INTRODUCED_DOMAINS = 1024;

    private XenemuWireMain() {
    }

    public static WireService start(Path runDir, int ioThreads) {
        WireService service = new WireService(new XenstoreEngine(Quotas.DEFAULTS, MAX_INTRODUCED_DOMAINS), runDir,
            WireLimits.DEFAULT, ioThreads);
        service.start();
        return service;
    }

    public static void main(String[] args) throws InterruptedException {
        Path runDir = Path.of(System.getenv().getOrDefault("RUN_DIR", "/tmp/xenemu-wire"));
        WireService service = start(runDir, Integer.getInteger("ioThreads", 1));
        System.out.println(service.socketPath());
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop));
        Thread.currentThread().join();
    }
}
