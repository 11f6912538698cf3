//! `hamish merge-driver %O %A %B`: a git merge driver for project files. Merges the two sides'
//! edits on top of the base (spans by id, event frames field by field), writes the result to
//! %A and exits 0; on a real conflict (both sides changed the same span or field differently)
//! it still writes the merge with our side's version of the conflicting items, lists the
//! conflicts on stderr and exits 1 so git marks the file as conflicted. See the README
//! ("Merging project files in git") for the git config.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::review::three_way_merge;

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (git's %O).
    pub base: PathBuf,
    /// Our version (git's %A); the merge is written here.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
}

pub fn run(args: MergeDriverArgs) -> Result<ExitCode> {
    let base = super::load_valid(&args.base)?;
    let ours = super::load_valid(&args.ours)?;
    let theirs = super::load_valid(&args.theirs)?;
    let result = three_way_merge(&base, &ours, &theirs);
    let invalid = !result.merged.validate().is_empty();
    if !invalid {
        super::save(&args.ours, &result.merged)?;
    }
    if result.conflicts.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "hamish merge-driver: {} conflict(s); our side was kept for them{}:",
        result.conflicts.len(),
        if invalid {
            " and the file left as ours"
        } else {
            ""
        }
    );
    for c in &result.conflicts {
        eprintln!("  {c}");
    }
    Ok(ExitCode::from(1))
}
