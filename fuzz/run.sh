#!/usr/bin/env bash
# Run one fuzz target for SECONDS (default 1800) at the lowest priority:
#   fuzz/run.sh TARGET [SECONDS]
# Findings land in fuzz/out/TARGET/default/{crashes,hangs}.
set -euo pipefail
cd "$(dirname "$0")"
t=${1:?usage: run.sh TARGET [SECONDS]}
secs=${2:-1800}
mkdir -p out
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
exec nice -n 19 cargo afl fuzz -i "seeds/$t" -o "out/$t" -V "$secs" -t 2000 "target/release/$t"
