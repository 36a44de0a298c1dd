#!/usr/bin/env bash
# Start N Streamlit replicas of the dashboard on loopback ports and nginx in front of them.
# Usage: deploy/serve-replicas.sh N LISTEN_PORT FIRST_REPLICA_PORT   (make serve-replicas N=3)
# Stop with deploy/stop-replicas.sh (make stop-replicas). Logs and pid files go to deploy/run/.
set -euo pipefail
N=${1:-3}
LISTEN=${2:-8080}
FIRST=${3:-8601}
HOST=${HOST:-127.0.0.1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=${RUN:-$ROOT/deploy/run}
BIN="$ROOT/.venv/bin"
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

if [ -s "$RUN/replicas.pids" ]; then
    echo "Replicas already running (deploy/run/replicas.pids); stop them with make stop-replicas." >&2
    exit 1
fi
mkdir -p "$RUN"/tmp/{body,proxy,fastcgi,uwsgi,scgi}
if [ "$(id -u)" = 0 ]; then chown -R nobody "$RUN/tmp" 2>/dev/null || true; fi

# One secret for every replica, so anything Streamlit signs is valid on all of them.
SECRET_FILE="$RUN/cookie-secret"
[ -s "$SECRET_FILE" ] || (umask 077; "$BIN/python" -c 'import secrets; print(secrets.token_hex(32))' > "$SECRET_FILE")
export STREAMLIT_SERVER_COOKIE_SECRET=$(cat "$SECRET_FILE")
# Two malloc arenas: what viewers who left freed goes back to the system (docs/performance.md).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

# Validate the data once while the replicas start (lib/store.py: prepare): their first viewers
# wait for the validated copy instead of each validating the same files.
(cd "$ROOT" && exec "$BIN/python" -m lib.store --prepare) > "$RUN/prepare.log" 2>&1 &

servers=""
: > "$RUN/replicas.pids"
for i in $(seq 0 $((N - 1))); do
    port=$((FIRST + i))
    (cd "$ROOT" && exec "$BIN/streamlit" run app.py --server.headless true \
        --server.address 127.0.0.1 --server.port "$port" \
        --browser.gatherUsageStats false --server.fileWatcherType none \
        --server.scriptHealthCheckEnabled true) \
        > "$RUN/replica-$port.log" 2>&1 &
    echo $! >> "$RUN/replicas.pids"
    servers+="        server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'
done

# Wait until every replica answers its health check (Streamlit's /_stcore/health).
for i in $(seq 0 $((N - 1))); do
    port=$((FIRST + i))
    for _ in $(seq 1 600); do
        if curl -fsS "http://127.0.0.1:$port/_stcore/health" > /dev/null 2>&1; then break; fi
        sleep 0.1
    done
    curl -fsS "http://127.0.0.1:$port/_stcore/health" > /dev/null || {
        echo "replica on port $port did not become healthy; see $RUN/replica-$port.log" >&2
        RUN="$RUN" "$ROOT/deploy/stop-replicas.sh"; exit 1; }
done

# Run the app once in each replica before the proxy opens (lib/warm_up.py): no viewer sees
# Streamlit's listing of the pages/ folder or waits for a first run's imports.
warmers=""
for i in $(seq 0 $((N - 1))); do
    (cd "$ROOT" && exec "$BIN/python" -m lib.warm_up "http://127.0.0.1:$((FIRST + i))") \
        >> "$RUN/warm-up.log" 2>&1 &
    warmers+=" $!"
done
for pid in $warmers; do wait "$pid" || echo "a replica's first run failed; see $RUN/warm-up.log" >&2; done

sed -e "s#@RUN@#$RUN#g" -e "s#@LISTEN@#$HOST:$LISTEN#g" "$ROOT/deploy/nginx.conf.in" \
    | "$BIN/python" -c "import sys; sys.stdout.write(sys.stdin.read().replace('@SERVERS@\n', sys.argv[1]))" "$servers" \
    > "$RUN/nginx.conf"
"$NGINX" -t -q -p "$RUN" -c "$RUN/nginx.conf"
"$NGINX" -p "$RUN" -c "$RUN/nginx.conf"
for _ in $(seq 1 100); do
    if curl -fsS "http://$HOST:$LISTEN/_stcore/health" > /dev/null 2>&1; then break; fi
    sleep 0.1
done
curl -fsS "http://$HOST:$LISTEN/_stcore/health" > /dev/null
echo "$N replicas (ports $FIRST-$((FIRST + N - 1))) behind nginx at http://$HOST:$LISTEN"
