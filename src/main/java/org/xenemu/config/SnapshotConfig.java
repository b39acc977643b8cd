package org.xenemu.config;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.dashboard.HostSampler;
import org.xenemu.error.XenException;
import org.xenemu.snapshot.SnapshotFacade;
import org.xenemu.snapshot.SnapshotStore;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.web.SseStreams;
import org.xenemu.xenstore.web.RestSessions;
import org.xenemu.xenstore.wire.WireService;

/**
 * Snapshots in the service (docs/snapshots.md): the store in {@code xenemu.data-dir}, the door, what
 * a restore closes (the xenstored sockets are restarted — every connection dropped, the guest
 * sockets of the restored domains back —, event and watch streams end, REST xenstore sessions are
 * forgotten), and the start/exit hooks.
 *
 * <p>The hooks are one {@link SmartLifecycle} of phase 0: it starts after dom0 has booted (phase
 * −1000) and before the web server and the sockets, so a restore at start replaces dom0 too and
 * no client sees the host before it; it stops after the web server has drained and the sockets
 * have closed (their phases are higher), so the host saved on exit is the host the last request
 * left, well within the 20 s {@code docker stop} grace of the compose file.
 */
@Configuration(proxyBeanMethods = false)
public class SnapshotConfig {
    private static final Logger log = LoggerFactory.getLogger(SnapshotConfig.class);

    @Bean
    SnapshotStore snapshotStore(DataDirProperties data) {
        return new SnapshotStore(data.dataDir());
    }

    @Bean
    SnapshotFacade snapshotFacade(EmulatedHost host, SnapshotStore store, RestSessions restSessions,
                                  SseStreams streams, ObjectProvider<WireService> wire,
                                  ObjectProvider<HostSampler> sampler) {
        Runnable closeExternal = () -> {
            restSessions.reset();
            streams.closeAll();
            HostSampler dashboard = sampler.getIfAvailable();
            if (dashboard != null) {
                dashboard.restarted();
            }
            WireService sockets = wire.getIfAvailable();
            if (sockets != null && sockets.isRunning()) {
                sockets.stop();
                sockets.start();
            }
        };
        return new SnapshotFacade(host, store, closeExternal, System::nanoTime);
    }

    @Bean
    SmartLifecycle snapshotHooks(SnapshotFacade snapshots, SnapshotProperties props) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                if (props.restoreAtStart()) {
                    String restore = Objects.requireNonNull(props.restore());
                    try {
                        snapshots.restoreAtStart(restore);
                    } catch (XenException e) {
                        throw new IllegalStateException("xenemu.snapshot.restore=" + restore + " refused: "
                                + e.getMessage(), e);
                    }
                }
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                if (props.saveAtExit()) {
                    try {
                        snapshots.saveAs(Objects.requireNonNull(props.saveOnExit()));
                    } catch (RuntimeException e) {
                        log.error("xenemu.snapshot.save-on-exit: the host could not be saved", e);
                    }
                }
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return 0;
            }
        };
    }
}
