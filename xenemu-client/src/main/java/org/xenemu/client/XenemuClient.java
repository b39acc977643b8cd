package org.xenemu.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A typed client of xenemu's HTTP API, contract v1 (docs/api.md): every resource under
 * {@code /api/v1}, grouped as sub-APIs — the toolstack's balancer, reservations, dynamic ranges,
 * balloon faults, scenarios and snapshots included (a service older than them answers 404 ENOENT).
 *
 * <pre>{@code
 * XenemuClient xen = XenemuClient.builder().baseUrl("http://127.0.0.1:8080").token(adminToken).build();
 * Domain web = xen.domains().create(DomainSpec.builder("web1", 262144).staticMaxKiB(524288).build());
 * xen.domains().memSet(web.domid(), 524288);
 * xen.clock().advance(Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Errors are {@link XenemuException}s carrying the HTTP status and the problem's errno;
 * transport failures are {@link java.io.UncheckedIOException}s. Instances are immutable and
 * thread-safe; {@link #asDomain(int)} and {@link #withToken(String)} give clients acting as
 * someone else (docs/api.md "Callers") that share the same {@link HttpClient}. Closing is not
 * needed: the JDK client's resources go with the last reference to it.
 */
public final class XenemuClient {
    private final Http http;

    private XenemuClient(Http http) {
        this.http = http;
    }

    /** A builder; {@link Builder#baseUrl} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** An open-mode client of {@code baseUrl} (no token: the caller is dom0). */
    public static XenemuClient of(String baseUrl) {
        return builder().baseUrl(baseUrl).build();
    }

    /** The base URL requests go to. */
    public URI baseUrl() {
        return http.base;
    }

    /**
     * This client acting as domain {@code domid} ({@code X-Xen-Domid}): unprivileged in xenstore,
     * root inside its own guest. With the admin token or in open mode only.
     */
    public XenemuClient asDomain(int domid) {
        return new XenemuClient(http.asDomain(domid, Optional.empty()));
    }

    /** This client acting as an ordinary user (not root) inside guest {@code domid}. */
    public XenemuClient asGuestUser(int domid) {
        return new XenemuClient(http.asDomain(domid, Optional.of(Boolean.FALSE)));
    }

    /** This client with another bearer token (a domain's {@code root} or {@code user} token). */
    public XenemuClient withToken(String token) {
        return new XenemuClient(http.withToken(Objects.requireNonNull(token, "token")));
    }

    /** Domains: create, destroy, mem-set, mem-max, dynamic range, balloon faults. */
    public DomainsApi domains() {
        return new DomainsApi(http);
    }

    /** Inside guest {@code domid}: balloon and selfballoon sysfs, procfs, JSON views, its workload. */
    public GuestApi guest(int domid) {
        return new GuestApi(http, domid);
    }

    /** The host: memory, NUMA nodes, pressure. */
    public HostApi host() {
        return new HostApi(http);
    }

    /** The host's xenstore over REST: nodes, perms, transactions, watches, quotas. */
    public XenstoreApi xenstore() {
        return new XenstoreApi(http);
    }

    /** The virtual clock. */
    public ClockApi clock() {
        return new ClockApi(http);
    }

    /** Engine events: history pages and live streams. */
    public EventsApi events() {
        return new EventsApi(http);
    }

    /** The toolstack's memory balancer: none, squeezed or MoM (docs/toolstack.md). */
    public BalancerApi balancer() {
        return new BalancerApi(http);
    }

    /** Memory reservations for building domains on a busy host (docs/toolstack.md "Reservations"). */
    public ReservationsApi reservations() {
        return new ReservationsApi(http);
    }

    /** Scenario runs on private hosts (docs/scenarios.md). */
    public ScenariosApi scenarios() {
        return new ScenariosApi(http);
    }

    /** Snapshots of the whole host, saved and restored exactly (docs/snapshots.md). */
    public SnapshotsApi snapshots() {
        return new SnapshotsApi(http);
    }

    /** Builds a {@link XenemuClient}. */
    public static final class Builder {
        private URI baseUrl;
        private String token;
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private OptionalInt actAs = OptionalInt.empty();

        private Builder() {
        }

        /** Where xenemu listens, e.g. {@code http://127.0.0.1:8080} (a path prefix is kept). */
        public Builder baseUrl(String url) {
            return baseUrl(URI.create(Objects.requireNonNull(url, "url")));
        }

        public Builder baseUrl(URI url) {
            String s = Objects.requireNonNull(url, "url").toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            URI u = URI.create(s);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("the base URL needs a scheme and a host: " + url);
            }
            this.baseUrl = u;
            return this;
        }

        /** The bearer token (token mode): the admin token is dom0. Null: none (open mode). */
        public Builder token(String bearerToken) {
            this.token = bearerToken;
            return this;
        }

        /** The JDK HTTP client to use (default: a new one, HTTP/1.1, with the connect timeout). */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Connect timeout of the default HTTP client (10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How long a request may wait for its answer (60 s); for streams, how long to wait for the
         * stream to open. A long {@code clock().advance} runs every engine step before it answers.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Act as domain {@code domid} from the start (see {@link XenemuClient#asDomain}). */
        public Builder actAsDomain(int domid) {
            this.actAs = OptionalInt.of(domid);
            return this;
        }

        public XenemuClient build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required");
            }
            HttpClient client = httpClient != null ? httpClient
                    : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
            Http http = new Http(client, baseUrl, requestTimeout, token, OptionalInt.empty(), Optional.empty());
            if (actAs.isPresent()) {
                http = http.asDomain(actAs.getAsInt(), Optional.empty());
            }
            return new XenemuClient(http);
        }
    }
}
