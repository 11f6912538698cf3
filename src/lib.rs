//! Hamish (هامش, "margin note"): an offline annotation tool for Arabic news about armed
//! groups in the Sahel.
//!
//! This crate is the top of the stack: [`gui`] (eframe) and [`cli`] (clap). Everything else
//! lives in the egui-free crates below and is re-exported here under its usual name:
//! `hamish-text` as [`text`], and `hamish-core`'s [`model`], [`format`], [`annotate`],
//! [`review`], [`session`], [`stats`], [`autosave`], [`assets`], [`events_list`],
//! [`frame_index`] and [`synthetic`]. See `ARCHITECTURE.md`.

pub use hamish_core::{
    annotate, assets, autosave, events_list, format, frame_index, guidelines, model, progress,
    review, session, stats, synthetic,
};
pub use hamish_text as text;

pub mod cli;
pub mod gui;
