#!/usr/bin/env bash
# Coverage-guided fuzzing with AFL++ (through cargo-afl, on stable Rust), one target at a time.
#
#   fuzz/afl.sh [SECONDS_PER_TARGET] [TARGET...]     (default 240 s, every target)
#
# Needs `cargo install cargo-afl` (which builds AFL++ from the crate). Builds the instrumented
# binary into $CARGO_TARGET_DIR/afl (default target/afl), starts from fuzz/corpus/TARGET plus
# fuzz/regressions/TARGET, writes AFL++'s state to fuzz/out/TARGET (kept between runs, so a
# second run resumes) and prints executions, paths, crashes and hangs per target. Crashing
# inputs are under fuzz/out/TARGET/default/crashes/; reproduce one with
#   cargo run -p hamish-fuzz --bin fuzz-run -- --replay TARGET FILE
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-240}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(project_file decode doccano labelstudio conll brat gazetteer merge_driver three_way_edits)
fi
target_dir="${CARGO_TARGET_DIR:-target}/afl"
CARGO_TARGET_DIR="$target_dir" cargo afl build -p hamish-fuzz --features afl --bin afl
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
for t in "${targets[@]}"; do
    out="fuzz/out/$t"
    input="fuzz/out/$t.in"
    rm -rf "$input" && mkdir -p "$input" "$out"
    cp fuzz/corpus/"$t"/* "$input"/
    if [ -d fuzz/regressions/"$t" ]; then cp fuzz/regressions/"$t"/* "$input"/ 2>/dev/null || true; fi
    # Resume when there is state from an earlier run.
    from="$input"
    if [ -f "$out/default/fuzzer_stats" ]; then from="-"; fi
    cargo afl fuzz -V "$seconds" -t 2000 -m 1024 -x fuzz/dict/hamish.dict \
        -i "$from" -o "$out" -- "$target_dir/debug/afl" "$t" >"$out.log" 2>&1 || true
    stats="$out/default/fuzzer_stats"
    printf '%-16s execs %-10s corpus %-6s crashes %-3s hangs %-3s coverage %s\n' "$t" \
        "$(awk -F' *: ' '/^execs_done/ {print $2}' "$stats")" \
        "$(awk -F' *: ' '/^corpus_count/ {print $2}' "$stats")" \
        "$(awk -F' *: ' '/^saved_crashes/ {print $2}' "$stats")" \
        "$(awk -F' *: ' '/^saved_hangs/ {print $2}' "$stats")" \
        "$(awk -F' *: ' '/^bitmap_cvg/ {print $2}' "$stats")"
done
