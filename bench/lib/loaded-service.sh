# Sourced by the bench scripts that start the packaged service on a loaded machine
# (bench/first-stream, bench/stream-after-leaver): finding the jar, the service and its health
# wait, the busy loops that keep every core loaded, and stopping all of it on exit.
# The sourcing script sets $name (for its messages) before sourcing.

hogs=()
service=

# The jar to run: the given path, or target/xenemu-*.jar; exits 2 when there is none.
find_jar() {
    local jar=$1
    if [ -z "$jar" ]; then
        jar=$(ls target/xenemu-*.jar 2>/dev/null | grep -v -- '-plain' | head -1 || true)
    fi
    if [ -z "$jar" ] || [ ! -f "$jar" ]; then
        echo "$name: no jar (./mvnw -DskipTests package, or --jar PATH)" >&2
        exit 2
    fi
    echo "$jar"
}

# Exits 2 unless every named command is on PATH.
need() {
    for c in "$@"; do
        command -v "$c" > /dev/null || { echo "$name: needs $c" >&2; exit 2; }
    done
}

stop_service() {
    if [ -n "$service" ]; then
        kill "$service" 2> /dev/null || true
        wait "$service" 2> /dev/null || true
        service=
    fi
}

stop_all() {
    stop_service
    for h in "${hogs[@]}"; do kill "$h" 2> /dev/null || true; done
}
trap stop_all EXIT

# One busy loop per core, until exit.
load_every_core() {
    for _ in $(seq "$(nproc)"); do
        sh -c 'while :; do :; done' &
        hogs+=($!)
    done
}

# start_service JAVA JAR PORT LOG [SERVICE ARGS…]: starts the jar on PORT, its output in LOG, and
# waits (a minute at most) for /actuator/health to answer 200.
start_service() {
    local java=$1 jar=$2 port=$3 log=$4
    shift 4
    "$java" -jar "$jar" --server.port="$port" "$@" > "$log" 2>&1 &
    service=$!
    for _ in $(seq 240); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health" || true)" = 200 ] && break
        sleep 0.25
    done
}
