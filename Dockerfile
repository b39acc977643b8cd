# The xenemu service as a container image, built from the jar `./mvnw package` left in target/
# (no Maven, no network inside the build):
#   ./mvnw -DskipTests package && docker build -t xenemu:local .
# The runtime base is a build argument: any image with a Java 25 runtime, /bin/sh, bash and grep
# (the HEALTHCHECK uses bash's /dev/tcp) and useradd. Where no registry is reachable, build a
# local one (see .ci/run) and pass it: --build-arg BASE_IMAGE=local/jre:25
ARG BASE_IMAGE=eclipse-temurin:25-jre

# Stage 1: split the Spring Boot jar into its layers (dependencies change rarely, the application
# often), so a rebuild after a code change only replaces the small last layer. Extracted as plain
# jars (app.jar + lib/), not as the exploded launcher: the JVM's AOT cache only holds classes
# that come from jar files.
FROM ${BASE_IMAGE} AS layers
WORKDIR /build
ARG JAR_FILE=target/*.jar
COPY ${JAR_FILE} app.jar
LABEL org.xenemu.stage=layers
RUN java -Djarmode=tools -jar app.jar extract --layers --application-filename app.jar --destination extracted

# Stage 2: the runtime.
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="xenemu" \
      org.opencontainers.image.description="An emulated Xen host: xenstore, guest memory machinery, NUMA host, virtual clock"

# A fixed numeric uid/gid, so that orchestrators can check runAsNonRoot and volume owners match.
ARG XENEMU_UID=10001
RUN groupadd --system --gid ${XENEMU_UID} xenemu \
 && useradd --system --uid ${XENEMU_UID} --gid xenemu --home-dir /run/xenemu --no-create-home \
      --shell /usr/sbin/nologin xenemu \
 && mkdir -p /run/xenemu /var/lib/xenemu \
 && chown xenemu:xenemu /run/xenemu /var/lib/xenemu \
 && chmod 0750 /run/xenemu /var/lib/xenemu

WORKDIR /application
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./

# API.md "Configuration": in the container the service listens on all interfaces, requires a
# token, and keeps its sockets (dom0's at /run/xenemu/socket) in a volume other containers can
# mount. Set XENEMU_SECURITY_ADMIN_TOKEN, or read the generated one from the log.
# JAVA_OPTS may be replaced at run time.
ENV SERVER_ADDRESS=0.0.0.0 \
    SERVER_PORT=8080 \
    XENEMU_SECURITY_MODE=token \
    XENEMU_RUN_DIR=/run/xenemu \
    XENEMU_DATA_DIR=/var/lib/xenemu \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError" \
    JAVA_AOT_OPTS="-XX:AOTCache=/application/app.aot -XX:+UseCompressedOops -Dspring.aot.enabled=true"

# The AOT cache (JEP 483/514/515, JDK 25): one training run while the image is built records the
# classes the service loads and links, and its method profiles, into /application/app.aot; every
# start maps them instead of loading, verifying and linking ~10,000 classes again. The run starts
# the Spring context (in Spring AOT mode, with the bean definitions generated at build time) and
# exits once it is refreshed, before anything listens: no network, no socket, nothing kept but
# the cache. A start uses it only with the same JVM, jar paths and compressed-oops mode, hence
# -XX:+UseCompressedOops in both runs: without it a host with more than ~43 GB and no memory
# limit would get a heap above 32 GB (75 %) and no compressed oops. A cache that does not fit
# (e.g. an explicit -Xmx above 32g) is ignored with a warning, never fatal. Other GCs and
# smaller heaps (memory or CPU limits) use it.
# The training run's JIT is C1 only (-XX:TieredStopAtLevel=1), so the cache carries no method
# profiles: with the profiles of a tiered training run, the tiered JIT at start compiles the
# methods they name with C2 at once, ~2 s more CPU before "Started", which two cores feel
# (BENCHMARKS.md "Start time"). At run time the JIT is the full tiered one: C2 compiles what the
# service's own work makes hot, and peak throughput is unchanged.
RUN XENEMU_RUN_DIR=/tmp/xenemu-training XENEMU_SECURITY_ADMIN_TOKEN=training \
    java -XX:AOTCacheOutput=/application/app.aot -XX:+UseCompressedOops -Dspring.aot.enabled=true $JAVA_OPTS \
      -XX:TieredStopAtLevel=1 -Dspring.context.exit=onRefresh -jar /application/app.jar \
 && rm -rf /tmp/xenemu-training

# Declared after the chown above, so a fresh named volume starts out owned by the runtime user.
# /var/lib/xenemu holds the snapshots (docs/snapshots.md): XENEMU_SNAPSHOT_SAVE_ON_EXIT=NAME saves
# the host there on `docker stop`, XENEMU_SNAPSHOT_RESTORE=NAME (or a file path) loads one at start.
VOLUME ["/run/xenemu", "/var/lib/xenemu"]
EXPOSE 8080
USER ${XENEMU_UID}:${XENEMU_UID}

# No curl or wget in a JRE base: bash's /dev/tcp speaks just enough HTTP/1.0, costs no JVM start
# per probe, and is healthy only on a 200 with "status":"UP" (a DOWN health answers 503).
# Every 2 s: the first probe runs one interval after the start, so the interval bounds how soon
# "healthy" follows "Started" (Docker 20.10 has no --start-interval); a probe is a bash process
# and one small request. Ten failures in a row (~20 s or more) make it unhealthy.
HEALTHCHECK --interval=2s --timeout=5s --start-period=60s --retries=10 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && { read -r status code _ <&3; [ \"$code\" = 200 ]; } && grep -q '\"status\":\"UP\"' <&3"]

# exec: java is PID 1 and gets SIGTERM for a graceful stop. JAVA_AOT_OPTS (the AOT cache and
# Spring's AOT mode) come before JAVA_OPTS, so replacing JAVA_OPTS keeps them, and JAVA_OPTS may
# still switch either off (-XX:AOTMode=off, -Dspring.aot.enabled=false); arguments after the
# image name go to the application (e.g. --xenemu.clock.mode=manual).
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_AOT_OPTS $JAVA_OPTS -jar /application/app.jar \"$@\"", "xenemu"]
