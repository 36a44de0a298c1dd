#!/usr/bin/env bash
# Health of the set-up: each replica's /_stcore/health, then the proxy's. Exit 1 if any fails.
set -uo pipefail
N=${1:-3}; LISTEN=${2:-8080}; FIRST=${3:-8601}; HOST=${HOST:-127.0.0.1}
status=0
for i in $(seq 0 $((N - 1))); do
    port=$((FIRST + i))
    if curl -fsS --max-time 5 "http://127.0.0.1:$port/_stcore/health" > /dev/null; then
        echo "replica :$port ok"
    else
        echo "replica :$port DOWN"; status=1
    fi
done
if curl -fsS --max-time 5 "http://$HOST:$LISTEN/_stcore/health" > /dev/null; then
    echo "proxy :$LISTEN ok"
else
    echo "proxy :$LISTEN DOWN"; status=1
fi
exit $status
