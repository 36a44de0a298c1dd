#!/usr/bin/env bash
# Stop nginx and the replicas started by deploy/serve-replicas.sh (by their pid files only).
set -uo pipefail
RUN=${RUN:-"$(cd "$(dirname "$0")" && pwd)/run"}
if [ -s "$RUN/nginx.pid" ]; then kill "$(cat "$RUN/nginx.pid")" 2>/dev/null; fi
rm -f "$RUN/nginx.pid"
if [ -s "$RUN/replicas.pids" ]; then
    for pid in $(cat "$RUN/replicas.pids"); do kill "$pid" 2>/dev/null; done
    for pid in $(cat "$RUN/replicas.pids"); do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
fi
rm -f "$RUN/replicas.pids"
echo "replicas stopped"
