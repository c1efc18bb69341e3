#!/usr/bin/env bash
# Runs the fidelity tests: starts one m365sim, waits for its endpoints.json, then runs every
# *.test.mjs with Node's test runner, trusting the emulator's CA through NODE_EXTRA_CA_CERTS
# (the only things the tests know are ENDPOINTS_FILE and that CA). Stops the emulator at exit.
# Usage: run.sh <path of m365sim> [test files...]
# FIDELITY_STATE_DIR keeps the emulator's keys between runs (generating them is the slow part of a
# start); by default a temporary directory is used and removed.
set -euo pipefail
sim=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
if [[ ! -d $here/node_modules/@azure/msal-node ]]; then
  echo "fidelity: npm packages are missing; run scripts/setup (npm ci in tests/fidelity)" >&2
  exit 1
fi
if [[ -n ${FIDELITY_STATE_DIR:-} ]]; then
  state=$FIDELITY_STATE_DIR
  keep_state=1
  mkdir -p "$state"
else
  state=$(mktemp -d "${TMPDIR:-/tmp}/m365sim-fidelity.XXXXXX")
  keep_state=0
fi
"$sim" serve --state "$state" --seed 7 --tenant-size tiny --device-code-interval 1 --log-level warn \
  >"$state/m365sim.log" 2>&1 &
pid=$!
cleanup() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if ((keep_state == 0)); then rm -rf "$state"; fi
}
trap cleanup EXIT
# Bounded wait for readiness: the file appears only when every listener is up.
for _ in $(seq 1 300); do
  [[ -f $state/endpoints.json ]] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "fidelity: m365sim exited before it was ready:" >&2
    cat "$state/m365sim.log" >&2
    exit 1
  fi
  sleep 0.1
done
[[ -f $state/endpoints.json ]] || { echo "fidelity: m365sim was not ready within 30 s" >&2; exit 1; }
ca=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).ca_file)' "$state/endpoints.json")
cd "$here"
if (($# == 0)); then set -- *.test.mjs; fi
ENDPOINTS_FILE=$state/endpoints.json NODE_EXTRA_CA_CERTS=$ca \
  node --test --test-concurrency=1 --test-reporter=spec "$@"
