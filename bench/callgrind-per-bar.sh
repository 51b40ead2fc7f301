#!/usr/bin/env bash
# Instructions per bar on the backtest hot path, counted by valgrind's callgrind (deterministic,
# unlike wall-clock on a shared 2-core machine).
#
#   bench/callgrind-per-bar.sh [path/to/spark]      (default: .build/release/spark)
#
# Generates a deterministic random-walk series of 200,000 one-minute BTCUSDT bars (and its first
# 100,000 bars as a second file), backtests strategies/sma_cross.lua over each under callgrind, and
# prints JSON lines on stdout:
#   backtest.callgrind.instructions_per_bar = (Ir(200k) - Ir(100k)) / 100,000
#   backtest.callgrind.instructions_100k_bars, backtest.callgrind.instructions_200k_bars (raw totals)
# The difference cancels start-up, data checks' fixed costs and the report. Nothing is written into
# the repository: the CSVs, the callgrind output and the run logs live in a temp dir removed on exit.
set -euo pipefail

SMALL=100000
LARGE=200000

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binary=${1:-.build/release/spark}
case "$binary" in /*) ;; *) binary="$PWD/$binary" ;; esac

command -v valgrind >/dev/null 2>&1 || {
  echo "callgrind-per-bar: valgrind is not installed (apt-get install valgrind); nothing measured" >&2
  exit 1
}
command -v python3 >/dev/null 2>&1 || { echo "callgrind-per-bar: python3 is needed to generate the bars" >&2; exit 1; }
command -v objcopy >/dev/null 2>&1 || { echo "callgrind-per-bar: objcopy (binutils) is needed" >&2; exit 1; }
cc=${CC:-cc}
command -v "$cc" >/dev/null 2>&1 || { echo "callgrind-per-bar: a C compiler (\$CC, default cc) is needed for the sigsuspend shim" >&2; exit 1; }
[ -x "$binary" ] || {
  echo "callgrind-per-bar: no spark binary at $binary (build it: swift build -c release --product spark)" >&2
  exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/spark-callgrind.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Two workarounds for valgrind 3.19 (Debian bookworm), neither of which changes the code measured:
# - it gives up on the DWARF 5 debug info Swift 6 emits, so it runs a copy without debug info (the
#   symbol table stays, so callgrind_annotate still names functions);
# - `spark` has an async main: the main thread parks in libdispatch's sigsuspend() on a const mask,
#   and valgrind's sigsuspend wrapper writes to that mask and dies of SIGSEGV. A preloaded
#   sigsuspend() passes a copy on the stack instead (start-up cost only; cancels in the difference).
objcopy --strip-debug "$binary" "$tmp/spark"
cat > "$tmp/sigsuspend-shim.c" <<'C'
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, _NSIG / 8);
}
C
"$cc" -O2 -shared -fPIC -o "$tmp/sigsuspend-shim.so" "$tmp/sigsuspend-shim.c"

# Geometric random walk in whole cents from 42,000 with a weak pull back to the start, so 200,000
# bars stay in a sane range and the SMA cross keeps trading. Fixed seed: the same bytes every run.
python3 - "$tmp/bars-$LARGE.csv" "$LARGE" <<'PY'
import math, random, sys
from datetime import datetime, timedelta, timezone
path, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(20240101)
t = datetime(2024, 1, 1, tzinfo=timezone.utc)
minute = timedelta(minutes=1)
start = 42000.0
close = start
with open(path, "w") as out:
    out.write("time,open,high,low,close,volume\n")
    for _ in range(count):
        o = close
        step = 0.0008 * math.sqrt(3.0) * (2.0 * rng.random() - 1.0) - 0.0005 * math.log(o / start)
        c = round(o * math.exp(step), 2)
        h = round(max(o, c) * (1.0 + 0.0004 * rng.random()), 2)
        l = round(min(o, c) * (1.0 - 0.0004 * rng.random()), 2)
        v = round(0.5 + 20.0 * rng.random(), 3)
        out.write(f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')},{o!r},{h!r},{l!r},{c!r},{v!r}\n")
        close = c
        t += minute
PY
head -n $((SMALL + 1)) "$tmp/bars-$LARGE.csv" > "$tmp/bars-$SMALL.csv"

# Swift seeds Dictionary/Set hashing per process; fix it so the instruction count repeats.
export SWIFT_DETERMINISTIC_HASHING=1

# Total instructions (Ir) of one backtest under callgrind.
instructions() {
  local bars=$1 csv="$tmp/bars-$1.csv" out="$tmp/callgrind-$1.out"
  if ! (cd "$root" && LD_PRELOAD="$tmp/sigsuspend-shim.so" valgrind --tool=callgrind --callgrind-out-file="$out" --log-file="$tmp/valgrind-$bars.log" \
      "$tmp/spark" backtest --strategy strategies/sma_cross.lua --data "$csv" --symbol BTCUSDT --interval 1m \
      --instruments data/instruments.yaml --policy policies/default.yaml --json \
      > "$tmp/report-$bars.json" 2> "$tmp/spark-$bars.log"); then
    echo "callgrind-per-bar: the backtest of $bars bars failed:" >&2
    cat "$tmp/spark-$bars.log" "$tmp/valgrind-$bars.log" >&2
    return 1
  fi
  local total
  total=$(awk '/^(summary|totals):/ { print $2; exit }' "$out")
  [[ "$total" =~ ^[0-9]+$ ]] || { echo "callgrind-per-bar: no instruction total in $out" >&2; return 1; }
  echo "$total"
}

small=$(instructions "$SMALL")
large=$(instructions "$LARGE")
# CALLGRIND_KEEP=DIR keeps the two profiles for callgrind_annotate (where the instructions go).
if [ -n "${CALLGRIND_KEEP:-}" ]; then
  mkdir -p "$CALLGRIND_KEEP"
  cp "$tmp/callgrind-$SMALL.out" "$tmp/callgrind-$LARGE.out" "$tmp/spark" "$CALLGRIND_KEEP/"
fi

awk -v s="$small" -v l="$large" -v ns="$SMALL" -v nl="$LARGE" 'BEGIN {
  printf "{\"name\":\"backtest.callgrind.instructions_per_bar\",\"value\":%.1f,\"unit\":\"instructions\"}\n", (l - s) / (nl - ns)
  printf "{\"name\":\"backtest.callgrind.instructions_%dk_bars\",\"value\":%s,\"unit\":\"instructions\"}\n", ns / 1000, s
  printf "{\"name\":\"backtest.callgrind.instructions_%dk_bars\",\"value\":%s,\"unit\":\"instructions\"}\n", nl / 1000, l
}'
