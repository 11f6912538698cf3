//! `hamish-fuzz`: fuzz targets for every reader of outside input, and the drivers that run
//! them. See ARCHITECTURE.md ("Hostile input") and fuzz/README.md.
//!
//! - [`targets`]: one checking function per reader (project file, text decoding, doccano,
//!   Label Studio, CoNLL, brat, gazetteer, the git merge driver).
//! - [`run_one`]: one input through one target with the panic caught, the time and the peak
//!   allocation measured ([`alloc`] counts every allocation of the process).
//! - [`mutate`]: the random mutator of the stable driver `fuzz-run`, which CI uses; the
//!   coverage-guided runs use AFL++ through `cargo afl` (the `afl` binary).

#![deny(unsafe_code)]

pub mod alloc;
pub mod mutate;
pub mod targets;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};
pub use targets::{TARGETS, Target, target};

/// The most a target may allocate (peak bytes live at once) for an input of `len` bytes:
/// proportional to the input, with room for the fixed costs of a project and its checks.
pub fn allocation_budget(len: usize) -> usize {
    16 * 1024 * 1024 + 512 * len
}

/// What went wrong with one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Panic(String),
    Allocation { peak: usize, budget: usize },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Panic(m) => write!(f, "panic: {m}"),
            Failure::Allocation { peak, budget } => write!(
                f,
                "allocated {peak} bytes at the peak, more than the {budget} allowed for the input"
            ),
        }
    }
}

/// Run one input; `Ok` with the time it took, or the failure.
pub fn run_one(target: &Target, data: &[u8]) -> Result<Duration, Failure> {
    let base = alloc::live();
    alloc::reset_peak();
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| (target.run)(data)));
    let took = started.elapsed();
    let peak = alloc::peak().saturating_sub(base);
    if let Err(payload) = result {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic without a message".to_owned());
        return Err(Failure::Panic(message));
    }
    let budget = allocation_budget(data.len());
    if peak > budget {
        return Err(Failure::Allocation { peak, budget });
    }
    Ok(took)
}

/// Run one input as the AFL++ binary does: any failure aborts the process, which AFL++
/// records as a crash. A hang is AFL++'s own time-out.
pub fn run_or_abort(target: &Target, data: &[u8]) {
    if let Err(failure) = run_one(target, data) {
        eprintln!("{}: {failure}", target.name);
        std::process::abort();
    }
}
