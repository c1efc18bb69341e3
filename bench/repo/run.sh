#!/usr/bin/env bash
# Ark365's repository side by side with restic and borg on the same deterministic ~1 GiB corpus.
#
# Phases, each run by all three tools in turn: init, first backup, unchanged
# second backup, backup after ~2% changes, full restore, check --read-data.
# Prints seconds, MB/s, peak RSS and repository size per tool and phase, and
# Ark365's ratios against each. Not run by ctest (it takes minutes).
#
# Usage: bench/repo/run.sh [WORK_DIR]      (default /tmp/ark365-bench-repo; removed first)
# Needs: restic, borg, /usr/bin/time (scripts/setup installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/ark365-bench-repo}
build=build/release
[[ -x $build/src/cli/ark365 && -x $build/bench/repo/make_corpus ]] ||
  { scripts/build release >/dev/null; cmake --build --preset release --target ark365 make_corpus >/dev/null; }
ark=$PWD/$build/src/cli/ark365
for tool in restic borg /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing; run scripts/setup" >&2; exit 1; }
done

rm -rf "$work"
mkdir -p "$work"/{home,cache,restore}
corpus=$work/corpus
echo "generating the corpus in $corpus ..."
$build/bench/repo/make_corpus "$corpus"
corpus_bytes=$(du -sb "$corpus" | cut -f1)
echo "corpus: $((corpus_bytes / 1048576)) MiB in $(find "$corpus" -type f | wc -l) files"
cat "$corpus"/archives/* > /dev/null  # the same warm page cache for every tool

export ARK365_HOME=$work/home ARK365_REPOSITORY=$work/ark ARK365_PASSWORD=bench-password
export RESTIC_REPOSITORY=$work/restic RESTIC_PASSWORD=bench-password RESTIC_CACHE_DIR=$work/cache/restic
export BORG_REPO=$work/borg BORG_PASSPHRASE=bench-password BORG_BASE_DIR=$work/cache/borg
export BORG_RELOCATED_REPO_ACCESS_IS_OK=yes BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes

results=$work/results.tsv
: > "$results"
# run PHASE TOOL BYTES COMMAND...: times the command, records seconds, peak RSS and repository size.
run() {
  local phase=$1 tool=$2 bytes=$3
  shift 3
  local log=$work/$tool-$phase.log
  if ! /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$log" 2>&1; then
    echo "run.sh: $tool $phase failed; see $log" >&2
    tail -5 "$log" >&2
    exit 1
  fi
  read -r secs rss_kb < "$work/time"
  local size
  size=$(du -sb "$work/$tool" | cut -f1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$tool" "$secs" "$rss_kb" "$size" "$bytes" >> "$results"
  printf '  %-8s %-7s %8.2f s\n' "$phase" "$tool" "$secs"
}

backup() {  # PHASE
  run "$1" ark "$corpus_bytes" "$ark" --progress none repo backup-path "$corpus"
  run "$1" restic "$corpus_bytes" restic backup -q --compression auto "$corpus"
  run "$1" borg "$corpus_bytes" borg create --compression zstd,3 "::$1" "$corpus"
}

echo "init"
run init ark 0 "$ark" --progress none repo init
run init restic 0 restic init -q --repository-version 2
run init borg 0 borg init --encryption repokey-blake2
echo "first backup"
backup backup1
echo "unchanged backup"
backup backup2
echo "backup after ~2% changes"
$build/bench/repo/make_corpus "$corpus" --mutate
corpus_bytes=$(du -sb "$corpus" | cut -f1)
backup backup3
echo "restore"
run restore ark "$corpus_bytes" "$ark" --progress none repo restore latest --target "$work/restore/ark"
run restore restic "$corpus_bytes" restic restore -q latest --target "$work/restore/restic"
mkdir -p "$work/restore/borg"
run restore borg "$corpus_bytes" sh -c "cd '$work/restore/borg' && borg extract ::backup3"
for t in ark restic borg; do
  diff -rq "$corpus" "$work/restore/$t$corpus" > /dev/null || { echo "run.sh: $t restored different data" >&2; exit 1; }
done
echo "check --read-data"
run check ark "$corpus_bytes" "$ark" --progress none repo check --read-data
run check restic "$corpus_bytes" restic check --read-data
run check borg "$corpus_bytes" borg check --verify-data

echo
awk -F'\t' '
  { secs[$1,$2]=$3; rss[$1,$2]=$4; size[$1,$2]=$5; bytes[$1]=$6; if (!seen[$1]++) order[++n]=$1 }
  END {
    printf "%-9s %-7s %9s %9s %10s %10s\n", "phase", "tool", "seconds", "MB/s", "peak RSS", "repo size"
    for (i = 1; i <= n; i++) {
      p = order[i]
      for (t = 1; t <= 3; t++) {
        tool = (t == 1 ? "ark" : t == 2 ? "restic" : "borg")
        mbs = (bytes[p] > 0 && secs[p,tool] > 0) ? sprintf("%9.1f", bytes[p] / 1e6 / secs[p,tool]) : sprintf("%9s", "-")
        printf "%-9s %-7s %9.2f %s %7.0f MiB %6.0f MiB\n", p, tool, secs[p,tool], mbs, rss[p,tool] / 1024, size[p,tool] / 1048576
      }
    }
    printf "\nArk365 against restic and borg (time: how many times faster; RSS and size: ratio of Ark365 to the other)\n"
    printf "%-9s %14s %14s %12s %12s %12s %12s\n", "phase", "x restic", "x borg", "RSS/restic", "RSS/borg", "size/restic", "size/borg"
    for (i = 1; i <= n; i++) {
      p = order[i]
      printf "%-9s %14.2f %14.2f %12.2f %12.2f %12.2f %12.2f\n", p, secs[p,"restic"] / secs[p,"ark"], secs[p,"borg"] / secs[p,"ark"],
             rss[p,"ark"] / rss[p,"restic"], rss[p,"ark"] / rss[p,"borg"], size[p,"ark"] / size[p,"restic"], size[p,"ark"] / size[p,"borg"]
    }
  }' "$results" | tee "$work/summary.txt"
echo
echo "results: $results and $work/summary.txt"
