package org.xenemu.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.security.SecureRandom;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import org.xenemu.client.XenemuClient;
import org.xenemu.client.model.ClockReading;
import org.xenemu.client.xs.XsClient;

/**
 * xenemu, an emulated Xen host, as a Testcontainers container: the image's HTTP API on a mapped
 * port in token mode with a known admin token, the xenstored sockets on the host if asked, a
 * typed {@link #client()} and a manual clock to {@link #advance(Duration)}.
 *
 * <pre>{@code
 * @Container
 * static XenemuContainer xen = new XenemuContainer("xenemu:local")
 *         .withManualClock()
 *         .withHostMemoryKiB(8L << 20)
 *         .withRunDirOnHost(Path.of("/tmp/xenemu-run"));
 *
 * Domain d = xen.client().domains().create(DomainSpec.builder("web1", 262144).staticMaxKiB(524288).build());
 * try (XsClient xs = XsClient.connect(xen.getXenstoredPath())) {
 *     xs.write("/local/domain/" + d.domid() + "/memory/target", "524288");
 * }
 * xen.advance(Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>Configuration is passed to the service as Spring properties on its command line (docs/api.md
 * "Configuration"); {@link #withProperty(String, String)} passes any other. The container waits
 * until {@code /actuator/health} answers UP.
 */
public class XenemuContainer extends GenericContainer<XenemuContainer> {
    /** The image's repository name: other names must be declared compatible substitutes. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("xenemu");
    /** The HTTP port inside the container. */
    public static final int HTTP_PORT = 8080;
    /** The run dir inside the container: dom0's socket is {@code socket}, guests' {@code domains/<id>/socket}. */
    public static final String RUN_DIR = "/run/xenemu";
    /** The data dir inside the container (snapshots; the image's volume, {@code XENEMU_DATA_DIR}). */
    public static final String DATA_DIR = "/var/lib/xenemu";
    /**
     * Where {@link #withSnapshot(Path)} puts its file in the container: outside the data dir (a
     * volume of mode 0750 for uid 10001, which a container run as the run dir's owner could not
     * read), so the service reads it by path ({@code xenemu.snapshot.restore} takes a name in the
     * data dir or a path).
     */
    public static final String RESTORE_FILE = "/tmp/xenemu-restore.snapshot";
    /** The uid the image runs as. */
    public static final int IMAGE_UID = 10001;

    private final Map<String, String> properties = new LinkedHashMap<>();
    private String adminToken = newToken();
    private Path runDirOnHost;
    private Optional<String> runAsUser = Optional.empty();
    private Path snapshot;
    private XenemuClient client;

    /** From an image name such as {@code xenemu:local}. */
    public XenemuContainer(String image) {
        this(DockerImageName.parse(image));
    }

    /** From an image name; one not called {@code xenemu} needs {@code asCompatibleSubstituteFor("xenemu")}. */
    public XenemuContainer(DockerImageName image) {
        super(image);
        image.assertCompatibleWith(DEFAULT_IMAGE_NAME);
        withExposedPorts(HTTP_PORT);
        waitingFor(Wait.forHttp("/actuator/health").forPort(HTTP_PORT).forStatusCode(200)
                .forResponsePredicate(body -> body.contains("\"UP\"")).withStartupTimeout(Duration.ofMinutes(4)));
    }

    /** The virtual clock moves only by {@link #advance(Duration)} ({@code xenemu.clock.mode=manual}). */
    public XenemuContainer withManualClock() {
        return withProperty("xenemu.clock.mode", "manual");
    }

    /** dom0's bearer token (default: a random one made here, so {@link #getAdminToken()} always works). */
    public XenemuContainer withAdminToken(String token) {
        if (Objects.requireNonNull(token, "token").isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        this.adminToken = token;
        return self();
    }

    /** The emulated host's memory ({@code xenemu.host.memory-kib}, default 16 GiB), split into equal nodes. */
    public XenemuContainer withHostMemoryKiB(long kib) {
        return withProperty("xenemu.host.memory-kib", Long.toString(kib));
    }

    /** The number of NUMA nodes ({@code xenemu.host.nodes}, default 2). */
    public XenemuContainer withHostNodes(int nodes) {
        return withProperty("xenemu.host.nodes", Integer.toString(nodes));
    }

    /** dom0's memory ({@code xenemu.host.dom0-kib}, default 1 GiB). */
    public XenemuContainer withDom0MemoryKiB(long kib) {
        return withProperty("xenemu.host.dom0-kib", Long.toString(kib));
    }

    /** Any other service property, e.g. {@code xenemu.xenstore.quota.nodes} (docs/api.md "Configuration"). */
    public XenemuContainer withProperty(String name, String value) {
        properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return self();
    }

    /**
     * Bind-mounts {@code hostDir} as the container's run dir, so the xenstored sockets are reachable
     * from the test: {@link #getXenstoredPath()}. The directory is created and made writable for the
     * image's user (uid {@value #IMAGE_UID}); when it belongs to a non-root user, the container runs
     * as that user instead, so the sockets it creates are that user's to connect to. Keep the path
     * short: a socket path must be under 108 bytes.
     */
    public XenemuContainer withRunDirOnHost(Path hostDir) {
        boolean first = runDirOnHost == null;
        this.runDirOnHost = Objects.requireNonNull(hostDir, "hostDir").toAbsolutePath();
        if (first) {
            // The bind is added to the create command itself: Testcontainers' own file-system binds
            // first probe whether mounting works with an alpine container, which cannot be pulled
            // where no registry is reachable (minutes of retries).
            withCreateContainerCmdModifier(this::bindRunDir);
        }
        return self();
    }

    private void bindRunDir(CreateContainerCmd cmd) {
        HostConfig host = cmd.getHostConfig() != null ? cmd.getHostConfig() : new HostConfig();
        List<Bind> binds = new ArrayList<>();
        if (host.getBinds() != null) {
            binds.addAll(Arrays.asList(host.getBinds()));
        }
        binds.add(new Bind(runDirOnHost.toString(), new Volume(RUN_DIR), AccessMode.rw));
        cmd.withHostConfig(host.withBinds(binds));
        runAsUser.ifPresent(cmd::withUser);
    }

    /**
     * Restores the snapshot file {@code file} at start: it is copied into the container as
     * {@link #RESTORE_FILE} and named by {@code XENEMU_SNAPSHOT_RESTORE} (property
     * {@code xenemu.snapshot.restore}, the service's docs/snapshots.md), loaded before the web
     * server and the sockets start; the clock of the restored host is in manual mode. A file the
     * service refuses (another format version, damaged, another clock rate) stops the start: the
     * container's log says why.
     */
    public XenemuContainer withSnapshot(Path file) {
        if (!Files.isRegularFile(Objects.requireNonNull(file, "file"))) {
            throw new IllegalArgumentException("no snapshot file at " + file);
        }
        this.snapshot = file.toAbsolutePath();
        return self();
    }

    @Override
    protected void configure() {
        withEnv("XENEMU_SECURITY_MODE", "token");
        withEnv("XENEMU_SECURITY_ADMIN_TOKEN", adminToken);
        Map<String, String> props = new LinkedHashMap<>(properties);
        if (runDirOnHost != null) {
            prepareRunDir();
        }
        if (snapshot != null) {
            withCopyFileToContainer(MountableFile.forHostPath(snapshot, 0644), RESTORE_FILE);
            withEnv("XENEMU_SNAPSHOT_RESTORE", RESTORE_FILE);
        }
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add("--" + k + "=" + v));
        if (!args.isEmpty()) {
            setCommand(args.toArray(String[]::new));
        }
    }

    private void prepareRunDir() {
        try {
            Files.createDirectories(runDirOnHost);
            try {
                Files.setPosixFilePermissions(runDirOnHost, PosixFilePermissions.fromString("rwxrwxrwx"));
            } catch (IOException | UnsupportedOperationException e) {
                // not ours to change: the owner check below still decides whom the container runs as
            }
            int uid = (Integer) Files.getAttribute(runDirOnHost, "unix:uid");
            int gid = (Integer) Files.getAttribute(runDirOnHost, "unix:gid");
            runAsUser = uid != 0 ? Optional.of(uid + ":" + gid) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the run dir " + runDirOnHost, e);
        } catch (UnsupportedOperationException e) {
            // no unix attributes (not a POSIX file system): leave the image's user
        }
    }

    @Override
    protected void containerIsStarted(com.github.dockerjava.api.command.InspectContainerResponse info) {
        synchronized (this) {
            client = null; // a restarted container has another mapped port
        }
    }

    /** {@code http://host:port} of the HTTP API. */
    public String getBaseUrl() {
        return "http://" + getHost() + ":" + getMappedPort(HTTP_PORT);
    }

    /** dom0's bearer token. */
    public String getAdminToken() {
        return adminToken;
    }

    /** The host path of dom0's xenstored socket; needs {@link #withRunDirOnHost(Path)}. */
    public Path getXenstoredPath() {
        return runDirOnHost().resolve("socket");
    }

    /** The host path of guest {@code domid}'s xenstored socket (a xenemu extension). */
    public Path getGuestXenstoredPath(int domid) {
        return runDirOnHost().resolve("domains").resolve(Integer.toString(domid)).resolve("socket");
    }

    /** dom0's socket inside the container, for sibling containers sharing the run dir. */
    public String getXenstoredPathInContainer() {
        return RUN_DIR + "/socket";
    }

    private Path runDirOnHost() {
        if (runDirOnHost == null) {
            throw new IllegalStateException("the xenstored sockets stay inside the container: call withRunDirOnHost(dir)");
        }
        return runDirOnHost;
    }

    /** A REST client acting as dom0 (the admin token), made once. */
    public synchronized XenemuClient client() {
        if (client == null) {
            client = XenemuClient.builder().baseUrl(getBaseUrl()).token(adminToken).build();
        }
        return client;
    }

    /** A new xenstore wire client on dom0's socket; needs {@link #withRunDirOnHost(Path)}. Close it. */
    public XsClient xsClient() {
        return XsClient.connect(getXenstoredPath());
    }

    /** Advances the manual clock, running every due engine step; see {@link #withManualClock()}. */
    public ClockReading advance(Duration by) {
        return client().clock().advance(by);
    }

    private static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
