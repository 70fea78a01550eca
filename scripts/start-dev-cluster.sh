# Sourced by scripts: starts `waitwatch-worker dev-cluster` in the background from $bin, sets
# $brokers and $cluster_pid, and waits for the bootstrap line. Arguments go to dev-cluster.
start_dev_cluster() {
  local out; out=$(mktemp)
  "$bin/waitwatch-worker" dev-cluster "$@" >"$out" 2>"$out.err" &
  cluster_pid=$!
  for _ in $(seq 1 200); do
    [ -s "$out" ] && break
    kill -0 "$cluster_pid" 2>/dev/null || break
    sleep 0.05
  done
  brokers=$(head -n 1 "$out")
  if [ -z "$brokers" ]; then
    cat "$out.err" >&2
    echo "the embedded cluster did not start" >&2
    return 1
  fi
}
