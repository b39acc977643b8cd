package org.xenemu.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostState;

/**
 * The door of snapshots (docs/snapshots.md; docs/api.md "Scenarios and snapshots"): save the whole
 * host under a name, list, fetch, upload, restore and delete files in the data directory — dom0
 * only (403 EACCES otherwise: a snapshot holds every domain's tokens). Also what the service does
 * at start ({@code xenemu.snapshot.restore}) and at a clean shutdown
 * ({@code xenemu.snapshot.save-on-exit}).
 *
 * <p>Saving takes the host's state under the engine lock (the engines' pause, logged and kept in
 * {@link #lastSave()}), then serializes and writes outside it. Restoring reads and checks the
 * whole file, then {@link EmulatedHost#restore} checks the state against this host and builds it
 * aside before anything live changes: a refused file (400 EINVAL naming what is wrong) changes
 * nothing. After a restore the external connections are closed ({@code closeExternal}: sockets,
 * event and watch streams, REST xenstore sessions), as a restarted xenstored would close them.
 */
public final class SnapshotFacade {
    private static final Logger log = LoggerFactory.getLogger(SnapshotFacade.class);
    private static final String DOM0_ONLY = "only dom0 may save, read or restore snapshots";
    /** The largest snapshot file accepted (upload or read): {@value SnapshotStore#MAX_FILE_BYTES} bytes. */
    public static final int MAX_FILE_BYTES = SnapshotStore.MAX_FILE_BYTES;

    private final EmulatedHost host;
    private final SnapshotStore store;
    private final Runnable closeExternal;
    private final LongSupplier wallNanos;
    private volatile @Nullable Timing lastSave;

    /**
     * {@code closeExternal} runs after every restore (the service closes sockets, streams and REST
     * sessions); {@code wallNanos} times saves and restores for the log (a monotonic wall clock:
     * the core reads no time of its own).
     */
    public SnapshotFacade(EmulatedHost host, SnapshotStore store, Runnable closeExternal, LongSupplier wallNanos) {
        this.host = host;
        this.store = store;
        this.closeExternal = closeExternal;
        this.wallNanos = wallNanos;
    }

    /** A file in the data directory: its name, the virtual time it holds and its size. */
    public record Saved(String name, long jiffies, long bytes) {
    }

    /** One entry of the list; an unreadable file is listed with {@code error} and no figures. */
    public record Listed(String name, long bytes, @Nullable Long jiffies, @Nullable Long uptimeNanos,
                         @Nullable Integer domains, @Nullable Integer formatVersion, @Nullable String xenemuVersion,
                         @Nullable String error) {
    }

    /** How long the last save held the engines (the capture) and how long it serialized and wrote, in ns. */
    public record Timing(long pauseNanos, long serializeNanos, long writeNanos, long bytes, int domains) {
    }

    /** EINVAL unless {@code name} is a snapshot name (1-64 of A-Z a-z 0-9 . _ -, no path). */
    public static String verifyName(String name) {
        return SnapshotStore.verifyName(name);
    }

    /** POST /snapshots: the whole host now, under a new name (EEXIST if taken). */
    public Saved save(Caller caller, String name) {
        caller.verifyDom0(DOM0_ONLY);
        SnapshotStore.verifyName(name);
        if (store.exists(name)) {
            throw XenException.of(Errno.EEXIST, "snapshot " + name + " exists; delete it first");
        }
        return saveAs(name);
    }

    /** The whole host now under {@code name}, replacing a file of that name (the exit hook). */
    public Saved saveAs(String name) {
        SnapshotStore.verifyName(name);
        long t0 = wallNanos.getAsLong();
        HostState state = host.capture();
        long t1 = wallNanos.getAsLong();
        byte[] file = SnapshotFormat.write(state);
        long t2 = wallNanos.getAsLong();
        store.write(name, file);
        long t3 = wallNanos.getAsLong();
        Timing timing = new Timing(t1 - t0, t2 - t1, t3 - t2, file.length, state.domains().size());
        lastSave = timing;
        log.info("snapshot {} saved: {} domains at jiffy {}, {} bytes; engines paused {} ms, serialized in {} ms, "
                        + "written in {} ms", name, state.domains().size(), state.jiffies(), file.length,
                millis(timing.pauseNanos()), millis(timing.serializeNanos()), millis(timing.writeNanos()));
        return new Saved(name, state.jiffies(), file.length);
    }

    public @Nullable Timing lastSave() {
        return lastSave;
    }

    public List<Listed> list(Caller caller) {
        caller.verifyDom0(DOM0_ONLY);
        List<Listed> out = new ArrayList<>();
        for (String name : store.names()) {
            long bytes = store.size(name);
            try {
                SnapshotHeader h = SnapshotFormat.readHeader(store.read(name));
                out.add(new Listed(name, bytes, h.createdAtJiffies(), h.createdAtUptimeNanos(), h.domains(),
                        h.formatVersion(), h.xenemuVersion(), null));
            } catch (XenException e) {
                out.add(new Listed(name, bytes, null, null, null, null, null, e.getMessage()));
            }
        }
        return out;
    }

    /** GET /snapshots/{name}: the file's bytes. */
    public byte[] file(Caller caller, String name) {
        caller.verifyDom0(DOM0_ONLY);
        return store.read(name);
    }

    /**
     * PUT /snapshots/{name}: stores an uploaded file once it has been read whole and checked
     * against this host as a restore would (EINVAL naming what is wrong; nothing stored).
     */
    public Saved upload(Caller caller, String name, byte[] file) {
        caller.verifyDom0(DOM0_ONLY);
        SnapshotStore.verifyName(name);
        if (file.length > SnapshotStore.MAX_FILE_BYTES) {
            throw XenException.invalid("a snapshot file is at most " + SnapshotStore.MAX_FILE_BYTES + " bytes");
        }
        SnapshotFormat.Snapshot s = SnapshotFormat.read(file);
        host.verify(s.state());
        store.write(name, file);
        return new Saved(name, s.header().createdAtJiffies(), file.length);
    }

    /** POST /snapshots/{name}/restore: the host becomes the snapshot (clock in manual mode). */
    public Saved restore(Caller caller, String name) {
        caller.verifyDom0(DOM0_ONLY);
        byte[] file = store.read(name);
        return restoreFile(name, file);
    }

    /**
     * {@code xenemu.snapshot.restore}: a name in the data directory, or else a path to a file.
     * Runs before the web server and the sockets start.
     */
    public Saved restoreAtStart(String nameOrPath) {
        byte[] file;
        String shown = nameOrPath;
        Path asPath = Path.of(nameOrPath);
        boolean isName = nameOrPath.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") && !nameOrPath.contains("..")
                && store.exists(nameOrPath);
        if (isName) {
            file = store.read(nameOrPath);
        } else if (Files.isRegularFile(asPath)) {
            file = SnapshotStore.readFile(asPath, nameOrPath);
        } else {
            throw XenException.notFound("xenemu.snapshot.restore: no snapshot named " + nameOrPath + " in "
                    + store.dir().toAbsolutePath() + " and no such file");
        }
        return restoreFile(shown, file);
    }

    private Saved restoreFile(String name, byte[] file) {
        long t0 = wallNanos.getAsLong();
        SnapshotFormat.Snapshot s = SnapshotFormat.read(file);
        long t1 = wallNanos.getAsLong();
        host.restore(s.state());
        long t2 = wallNanos.getAsLong();
        closeExternal.run();
        log.info("snapshot {} restored: {} domains at jiffy {} (read in {} ms, restored in {} ms); the clock is manual",
                name, s.state().domains().size(), s.state().jiffies(), millis(t1 - t0), millis(t2 - t1));
        return new Saved(name, s.state().jiffies(), file.length);
    }

    public void delete(Caller caller, String name) {
        caller.verifyDom0(DOM0_ONLY);
        store.delete(name);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
