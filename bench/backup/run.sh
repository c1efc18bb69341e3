#!/usr/bin/env bash
# Backup benchmark (issue 9): Ark365 backing up m365sim tenants.
#   1. Throttling off, per tenant size: full and incremental (1% changed) backups: seconds, items/s, MB/s,
#      CPU seconds, peak RSS; the incremental's cost against the full one's shows it follows the changes,
#      not the tenant size.
#   2. Distance to the physical limit: a full backup under Microsoft's published limits, time-scaled;
#      /_sim/v1/stats gives the minimal time a perfect client needs for that work; Ark365's time is
#      reported as a ratio to it (goal <= 1.1), with the 429s received.
# The limits are Microsoft's published ones unless --outlook-requests N lowers the per-mailbox request
# limit (per 10 minutes, before time scaling), so that a small tenant feels it as a large mailbox would.
# Usage: bench/backup/run.sh [--sizes "small medium"] [--limit-size small] [--time-scale 60] [--workers 16]
#                            [--outlook-requests N]
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="small medium" limit_size=small time_scale=60 workers=16 outlook_requests=
while (($#)); do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --limit-size) limit_size=$2; shift 2 ;;
    --time-scale) time_scale=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --outlook-requests) outlook_requests=$2; shift 2 ;;
    *) echo "usage: $0 [--sizes \"small medium\"] [--limit-size small] [--time-scale 60] [--workers 16]" >&2; exit 2 ;;
  esac
done
bin=$PWD/build/release
ark=$bin/src/cli/ark365
work=$(mktemp -d /tmp/ark365-bench-backup.XXXXXX)
sim_pid=
cleanup() {
  if [[ -n $sim_pid ]]; then kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Starts m365sim (extra flags in "$@") and sets up organization, backup set and authorization in a fresh home.
start_tenant() {
  local dir=$1; shift
  mkdir -p "$dir"
  export ARK365_HOME=$dir/home
  "$bin/sim/m365sim" serve --state "$dir/sim" --seed 11 "$@" >"$dir/sim.log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 1 600); do [[ -f $dir/sim/endpoints.json ]] && break; sleep 0.1; done
  ep=$dir/sim/endpoints.json
  jq -r '.apps[] | select(.case == "ark365-backup") | .client_secret' "$ep" >"$dir/secret"
  chmod 600 "$dir/secret"
  "$ark" org add bench --tenant "$(jq -r .tenant_id "$ep")" \
    --app-id "$(jq -r '.apps[] | select(.case == "ark365-backup") | .client_id' "$ep")" \
    --app-secret-file "$dir/secret" --authority-host "$(jq -r .authority_host "$ep")" \
    --graph-base "$(jq -r .graph_base "$ep")" --ca-file "$(jq -r .ca_file "$ep")" >"$dir/org.log"
  local upn password code
  upn=$(jq -r '.accounts[] | select(.case == "global-admin") | .upn' "$ep")
  password=$(jq -r '.accounts[] | select(.case == "global-admin") | .password' "$ep")
  "$ark" set create all --org bench --account "$upn" --users '*' --workloads mail,calendar,contacts,onedrive \
    --repository "$dir/repository" >"$dir/set.log"
  "$ark" set migrate-auth all --to modern --device-code </dev/null >"$dir/migrate.log" 2>&1 &
  local migrate=$!
  for _ in $(seq 1 100); do grep -q 'enter the code' "$dir/migrate.log" && break; sleep 0.1; done
  code=$(grep -o 'enter the code [A-Z0-9]*' "$dir/migrate.log" | awk '{print $4}')
  scripts/sim-device-login "$ep" "$code" "$upn" "$password"
  wait "$migrate"
}

stop_tenant() {
  kill "$sim_pid"; wait "$sim_pid" 2>/dev/null || true; sim_pid=
}

sim_api() {  # METHOD PATH [BODY]
  curl -s --cacert "$(jq -r .ca_file "$ep")" -H "Authorization: Bearer $(jq -r .sim_token "$ep")" \
    -X "$1" ${3:+-d "$3"} "$(jq -r .sim_api "$ep")$2"
}

# Runs one backup under /usr/bin/time; prints "seconds cpu_seconds peak_rss_kib" and keeps the report.
timed_backup() {
  local out=$1
  /usr/bin/time -f '%e %U %S %M' -o "$out.time" "$ark" --json --progress none backup run all \
    --workers "$workers" >"$out.json" 2>"$out.err" || [[ $? == 3 ]]
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$out.time"
}

printf '\n== Throttling off: full and incremental (1%% changed) backups\n'
printf '%-8s %-12s %8s %8s %10s %9s %9s %8s %9s %10s\n' size run seconds items items/s MB MB/s cpu_s rss_MiB requests
for size in $sizes; do
  dir=$work/$size
  start_tenant "$dir" --tenant-size "$size" --throttling off
  for run in full incremental; do
    [[ $run == incremental ]] && sim_api POST /mutate '{"seed": 3, "fraction": 0.01}' >/dev/null
    read -r seconds cpu rss < <(timed_backup "$dir/$run")
    jq -r --arg size "$size" --arg run "$run" --arg s "$seconds" --arg cpu "$cpu" --arg rss "$rss" \
      '[$size, $run, $s, .items, (.items / ($s | tonumber) | floor), (.bytes / 1e6 | floor),
        (.bytes / 1e6 / ($s | tonumber) | floor), $cpu, (($rss | tonumber) / 1024 | floor), .requests]
       | @tsv' "$dir/$run.json" | awk -F'\t' '{printf "%-8s %-12s %8s %8s %10s %9s %9s %8s %9s %10s\n", $1,$2,$3,$4,$5,$6,$7,$8,$9,$10}'
  done
  stop_tenant
  rm -rf "$dir"
done

printf '\n== Under Microsoft'"'"'s limits (time scale %s): distance to the physical limit, %s tenant\n' "$time_scale" "$limit_size"
dir=$work/limits
start_tenant "$dir" --tenant-size "$limit_size" --throttling on --time-scale "$time_scale"
# Ark365 is told the limits it runs under, as an administrator would for a tenant with raised limits.
printf '[throttling]\ntime_scale = %s\n' "$time_scale" >"$ARK365_HOME/config.toml"
if [[ -n $outlook_requests ]]; then
  sim_api PUT /throttling "{\"outlook_requests\": $outlook_requests}" >/dev/null
  printf 'mailbox_requests_per_10_minutes = %s\n' "$outlook_requests" >>"$ARK365_HOME/config.toml"
  echo "Outlook limit lowered to $outlook_requests requests per mailbox per 600 s (scaled: per $((600 / time_scale)) s)"
fi
sim_api POST /stats/reset >/dev/null
read -r seconds cpu rss < <(timed_backup "$dir/full")
sim_api GET /stats >"$dir/stats.json"
minimal=$(jq .minimal_seconds "$dir/stats.json")
throttled=$(jq '[.scopes[]? | .throttled // 0] | add // 0' "$dir/stats.json")
echo "ark365: $seconds s; perfect client under the limits: $minimal s (unscaled $(jq .minimal_seconds_unscaled "$dir/stats.json") s)"
awk -v a="$seconds" -v m="$minimal" -v t="$throttled" -v r="$(jq .throttled "$dir/full.json")" \
  'BEGIN { if (m > 0) printf "ratio to the limit: %.2f (goal <= 1.1); 429s: %s seen by the emulator, %s by ark365\n", a / m, t, r;
           else printf "the work fit in the initial buckets (minimal time 0): no throttling limit applies; 429s: %s\n", t }'
stop_tenant
