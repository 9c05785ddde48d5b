#!/usr/bin/env bash
# One markdown row per finished run: target, minutes, executions, corpus, crashes, hangs.
cd "$(dirname "$0")"
for s in out/*/default/fuzzer_stats; do
  t=$(basename "$(dirname "$(dirname "$s")")")
  get() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$s"; }
  printf '| `%s` | %d min | %s | %s | %s | %s |\n' "$t" $(( $(get run_time) / 60 )) \
    "$(get execs_done)" "$(get corpus_count)" "$(get saved_crashes)" "$(get saved_hangs)"
done
