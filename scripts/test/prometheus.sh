#!/usr/bin/env bash
# A throwaway Prometheus for the tests, holding backfilled data and scraping nothing.
#
#   prometheus.sh start DIR FILE.om NOW   backfill the OpenMetrics file into DIR/data, start Prometheus on a
#                                          free port of 127.0.0.1, wait until a query at NOW returns data;
#                                          prints the URL (http://127.0.0.1:PORT)
#   prometheus.sh stop DIR                 stop the Prometheus started in DIR, if it runs (safe to repeat)
#
# What we found with Prometheus 2.42 (Debian 12):
# - Blocks that `promtool tsdb create-blocks-from` writes before Prometheus starts are queryable as
#   soon as /-/ready answers; no reload or extra flag is needed.
# - Time-based retention (15 d by default) deletes blocks older than that, measured from the newest
#   data, so the history would shrink; --storage.tsdb.retention.time=100y keeps all of it.
# - promtool reads the whole input once per block it writes. With its default 2 h blocks, 30 days of
#   history take 360 passes (over a minute for 20 MB); --max-block-duration=720h takes one or two.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { die "usage: prometheus.sh start DIR FILE.om NOW | prometheus.sh stop DIR"; }
[ $# -ge 2 ] || usage
command=$1
dir=$2

case $command in
start)
  [ $# -eq 4 ] || usage
  openmetrics=$3
  now=$4
  [ ! -e "$dir/data" ] || die "$dir/data already exists; stop and remove it first"
  mkdir -p "$dir"

  promtool tsdb create-blocks-from openmetrics --max-block-duration=720h "$openmetrics" "$dir/data" \
    >"$dir/backfill.log" 2>&1 || { cat "$dir/backfill.log" >&2; die "promtool could not backfill $openmetrics"; }

  # no scrape jobs: the backfilled data is all there is, so answers stay the same for the whole run
  printf 'global:\n  evaluation_interval: 1h\nscrape_configs: []\n' >"$dir/prometheus.yml"
  port=$(free_port)
  prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$port" \
    </dev/null >"$dir/prometheus.log" 2>&1 &
  echo $! >"$dir/prometheus.pid"

  url="http://127.0.0.1:$port"
  node "$TEST_SCRIPTS_DIR/wait-for-prometheus.mjs" "$url" "$now" \
    || { tail -n 30 "$dir/prometheus.log" >&2; die "Prometheus did not become ready (log: $dir/prometheus.log)"; }
  echo "$url"
  ;;
stop)
  [ -f "$dir/prometheus.pid" ] || exit 0
  pid=$(cat "$dir/prometheus.pid")
  # the pid file outlives the process; make sure the pid still names our Prometheus
  if [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = prometheus ]; then
    kill "$pid"
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/prometheus.pid"
  ;;
*)
  usage
  ;;
esac
