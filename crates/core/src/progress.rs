//! Progress and cancellation for long work (importing many files, annotate-all over the corpus,
//! exports): a [`Progress`] shared between the thread doing the work and whoever watches it.
//!
//! The worker says what it is doing ([`Progress::begin`]: a phase name and how many items it
//! has), counts items ([`Progress::step`]) and stops at the next item once someone called
//! [`Progress::cancel`], returning [`Cancelled`]. Work that can be cancelled only *computes*
//! (documents to add, candidates to review, files to write); the caller applies the result as
//! one edit when it is complete, so a cancelled run leaves the project as it was.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use thiserror::Error;

/// The work was cancelled before it was complete; nothing of it was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("cancelled")]
pub struct Cancelled;

/// How far a piece of work has come, and whether it should stop. Shared by reference (or in an
/// `Arc`) between the worker and its watchers; every method takes `&self`.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
    phase: Mutex<&'static str>,
}

/// What a watcher sees at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// What the work is doing now ("reading files", "searching documents"); empty before it
    /// said.
    pub phase: &'static str,
    pub done: u64,
    /// 0 while the number of items is not known yet.
    pub total: u64,
}

impl Snapshot {
    /// The fraction done, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        (self.total > 0).then(|| (self.done.min(self.total) as f64 / self.total as f64) as f32)
    }
}

impl Progress {
    pub fn new() -> Self {
        Self::default()
    }

    /// A new phase of `total` items (0: not known), counted from zero. Fails when cancelled,
    /// so a phase boundary is also a place where the work stops.
    pub fn begin(&self, phase: &'static str, total: u64) -> Result<(), Cancelled> {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = phase;
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
        self.check()
    }

    /// One item done; fails when the work should stop.
    pub fn step(&self) -> Result<(), Cancelled> {
        self.done.fetch_add(1, Ordering::Relaxed);
        self.check()
    }

    /// `Err` once [`Self::cancel`] was called.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// Ask the work to stop at its next item.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            phase: *self.phase.lock().unwrap_or_else(|e| e.into_inner()),
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_items_per_phase() {
        let p = Progress::new();
        assert_eq!(p.snapshot().fraction(), None);
        p.begin("reading files", 4).unwrap();
        p.step().unwrap();
        p.step().unwrap();
        let s = p.snapshot();
        assert_eq!((s.phase, s.done, s.total), ("reading files", 2, 4));
        assert_eq!(s.fraction(), Some(0.5));
        p.begin("writing", 0).unwrap();
        assert_eq!(p.snapshot().done, 0);
        assert_eq!(p.snapshot().fraction(), None);
    }

    #[test]
    fn cancel_stops_at_the_next_item_and_phase() {
        let p = Progress::new();
        p.begin("searching documents", 10).unwrap();
        p.step().unwrap();
        p.cancel();
        assert_eq!(p.step(), Err(Cancelled));
        assert_eq!(p.begin("next", 1), Err(Cancelled));
        assert!(p.is_cancelled());
    }

    #[test]
    fn watched_from_another_thread() {
        let p = std::sync::Arc::new(Progress::new());
        let worker = {
            let p = p.clone();
            std::thread::spawn(move || -> Result<(), Cancelled> {
                p.begin("counting", 1_000_000)?;
                loop {
                    p.step()?;
                }
            })
        };
        while p.snapshot().done == 0 {
            std::thread::yield_now();
        }
        p.cancel();
        assert_eq!(worker.join().unwrap(), Err(Cancelled));
    }
}
