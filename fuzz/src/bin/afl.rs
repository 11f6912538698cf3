//! The AFL++ binary: `cargo afl build -p hamish-fuzz --features afl --bin afl`, then
//! `cargo afl fuzz -i fuzz/corpus/TARGET -o OUT -- TARGET_DIR/debug/afl TARGET`.
//! A failure of any invariant aborts, which AFL++ records as a crash.

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some(target) = hamish_fuzz::target(&name) else {
        eprintln!(
            "usage: afl TARGET  (one of: {})",
            hamish_fuzz::TARGETS
                .iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
                .join(", ")
        );
        std::process::exit(2);
    };
    afl::fuzz!(|data: &[u8]| {
        hamish_fuzz::run_or_abort(target, data);
    });
}
