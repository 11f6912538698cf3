//! Never losing work: autosave of every change to a recovery file beside the project, the offer
//! to recover it on the next start, and detection of a project file changed on disk by someone
//! else. Egui-free; the GUI calls [`Autosave::tick`] every frame and asks [`DiskStamp`] before
//! saving.

mod disk;
mod recovery;
mod writer;

pub use disk::DiskStamp;
pub use recovery::{Recovered, discard_recovery, find_recovery, recovery_path};
pub use writer::{AUTOSAVE_DELAY, AUTOSAVE_RETRY, Autosave, Tick};
