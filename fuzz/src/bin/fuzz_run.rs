//! The stable fuzz driver: replays the committed corpus and regressions of each target, then
//! feeds it randomly mutated inputs for a bounded time. Any panic, broken invariant,
//! allocation over budget or input slower than the time-out is saved under
//! `fuzz/artifacts/TARGET/` and makes the exit code 1.
//!
//! ```text
//! fuzz-run [--seconds N] [--timeout SECS] [--max-len BYTES] [--seed N] [TARGET...]
//! fuzz-run --replay TARGET FILE...
//! ```

use hamish_fuzz::mutate::{Rng, mutate};
use hamish_fuzz::{TARGETS, Target, run_one, target};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Options {
    seconds: f64,
    timeout: Duration,
    max_len: usize,
    seed: u64,
    targets: Vec<&'static Target>,
    replay: Option<(&'static Target, Vec<PathBuf>)>,
}

fn usage(message: &str) -> ! {
    eprintln!("fuzz-run: {message}");
    eprintln!(
        "usage: fuzz-run [--seconds N] [--timeout SECS] [--max-len BYTES] [--seed N] [TARGET...]\n       fuzz-run --replay TARGET FILE..."
    );
    eprintln!(
        "targets: {}",
        TARGETS.iter().map(|t| t.name).collect::<Vec<_>>().join(" ")
    );
    std::process::exit(2)
}

fn options() -> Options {
    let mut o = Options {
        seconds: 10.0,
        timeout: Duration::from_secs(10),
        max_len: 64 * 1024,
        seed: SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
        targets: Vec::new(),
        replay: None,
    };
    let mut args = std::env::args().skip(1);
    let named = |name: &str| target(name).unwrap_or_else(|| usage(&format!("no target {name:?}")));
    while let Some(a) = args.next() {
        let mut value = |what: &str| {
            args.next()
                .unwrap_or_else(|| usage(&format!("{a} needs {what}")))
        };
        match a.as_str() {
            "--seconds" => {
                o.seconds = value("a number")
                    .parse()
                    .unwrap_or_else(|_| usage("--seconds N"))
            }
            "--timeout" => {
                o.timeout = Duration::from_secs_f64(
                    value("a number")
                        .parse()
                        .unwrap_or_else(|_| usage("--timeout SECS")),
                )
            }
            "--max-len" => {
                o.max_len = value("a number")
                    .parse()
                    .unwrap_or_else(|_| usage("--max-len BYTES"))
            }
            "--seed" => {
                o.seed = value("a number")
                    .parse()
                    .unwrap_or_else(|_| usage("--seed N"))
            }
            "--replay" => {
                let t = named(&value("a target"));
                o.replay = Some((t, args.by_ref().map(PathBuf::from).collect()));
            }
            "-h" | "--help" => usage("help"),
            name => o.targets.push(named(name)),
        }
    }
    if o.targets.is_empty() {
        o.targets = TARGETS.iter().collect();
    }
    o
}

/// Every file of a folder, in name order (none when it does not exist).
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Save a failing input where it can be replayed and turned into a regression test.
fn save(target: &Target, kind: &str, data: &[u8]) -> PathBuf {
    let dir = Path::new(ROOT).join("artifacts").join(target.name);
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{kind}-{:016x}", fnv(data)));
    let _ = std::fs::write(&path, data);
    path
}

/// The input being run, for the watchdog to save when it takes too long.
struct Current {
    started_ms: AtomicU64,
    input: Mutex<(Option<&'static Target>, Vec<u8>)>,
}

fn millis(since: Instant) -> u64 {
    since.elapsed().as_millis() as u64 + 1
}

fn watchdog(current: Arc<Current>, epoch: Instant, timeout: Duration) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let started = current.started_ms.load(Ordering::Relaxed);
            if started == 0 {
                continue;
            }
            let now = millis(epoch);
            if now.saturating_sub(started) > timeout.as_millis() as u64 {
                let guard = current.input.lock().unwrap_or_else(|e| e.into_inner());
                if let (Some(t), data) = &*guard {
                    let path = save(t, "hang", data);
                    eprintln!(
                        "{}: HANG: an input ran longer than {:?}; saved as {}",
                        t.name,
                        timeout,
                        path.display()
                    );
                }
                std::process::exit(1);
            }
        }
    });
}

fn main() -> ExitCode {
    let o = options();
    let epoch = Instant::now();
    let current = Arc::new(Current {
        started_ms: AtomicU64::new(0),
        input: Mutex::new((None, Vec::new())),
    });
    watchdog(current.clone(), epoch, o.timeout);
    std::panic::set_hook(Box::new(|_| {}));
    let run = |t: &'static Target, data: &[u8]| {
        *current.input.lock().unwrap() = (Some(t), data.to_vec());
        current.started_ms.store(millis(epoch), Ordering::Relaxed);
        let r = run_one(t, data);
        current.started_ms.store(0, Ordering::Relaxed);
        r
    };

    if let Some((t, files)) = &o.replay {
        let mut failed = 0;
        for f in files {
            let data = std::fs::read(f).unwrap_or_else(|e| usage(&format!("{}: {e}", f.display())));
            match run(t, &data) {
                Ok(took) => println!("{}: ok ({took:?})", f.display()),
                Err(e) => {
                    failed += 1;
                    println!("{}: FAILED: {e}", f.display());
                }
            }
        }
        return if failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }

    let mut rng = Rng::new(o.seed);
    println!("fuzz-run: seed {}, {} s per target", o.seed, o.seconds);
    let mut total_failures = 0;
    for &t in &o.targets {
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        let mut failures: Vec<String> = Vec::new();
        let mut execs = 0u64;
        let record =
            |kind: &str, data: &[u8], e: &dyn std::fmt::Display, failures: &mut Vec<String>| {
                let message = e.to_string();
                if !failures.contains(&message) {
                    let path = save(t, kind, data);
                    eprintln!("{}: FAILED ({}): {message}", t.name, path.display());
                    failures.push(message);
                }
            };
        for sub in ["corpus", "regressions"] {
            for f in files_in(&Path::new(ROOT).join(sub).join(t.name)) {
                let Ok(data) = std::fs::read(&f) else {
                    continue;
                };
                execs += 1;
                if let Err(e) = run(t, &data) {
                    eprintln!("{}: {} fails: {e}", t.name, f.display());
                    failures.push(e.to_string());
                }
                inputs.push(data);
            }
        }
        let seeds = inputs.len();
        if inputs.is_empty() {
            inputs.push(Vec::new());
        }
        let started = Instant::now();
        let mut slowest = Duration::ZERO;
        while started.elapsed().as_secs_f64() < o.seconds && failures.len() < 10 {
            let a = &inputs[rng.below(inputs.len())];
            let b = &inputs[rng.below(inputs.len())];
            let data = mutate(&mut rng, a, b, o.max_len);
            execs += 1;
            match run(t, &data) {
                Ok(took) => slowest = slowest.max(took),
                Err(e) => record("crash", &data, &e, &mut failures),
            }
        }
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        println!(
            "{:<16} {execs:>9} execs ({seeds} seeds) in {secs:.1} s, {:.0}/s, slowest {slowest:?}, {} failure(s)",
            t.name,
            (execs as f64 - seeds as f64) / secs,
            failures.len()
        );
        total_failures += failures.len();
    }
    if total_failures == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("fuzz-run: {total_failures} failure(s); inputs saved under fuzz/artifacts/");
        ExitCode::from(1)
    }
}
