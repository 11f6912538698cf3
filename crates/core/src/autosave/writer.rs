//! Writing the session's unsaved state to its recovery file shortly after every change.

use super::recovery::{discard_recovery, recovery_path};
use crate::format::atomic::write_atomic;
use crate::format::to_ron_string;
use crate::session::Session;
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How long after a change autosave waits for more changes before writing (well under the
/// two seconds within which every change must reach disk).
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(500);

/// How long autosave waits before trying again after a write failed (a full disk, a folder
/// that went away), instead of trying, and failing, on every frame.
pub const AUTOSAVE_RETRY: Duration = Duration::from_secs(5);

/// What one [`Autosave::tick`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tick {
    /// Nothing to write.
    Idle,
    /// A change is waiting; call again after this long.
    Waiting(Duration),
    /// The recovery file now holds the current state.
    Wrote,
    /// Not written, and why: a read-only session or a project that fails validation (a file
    /// that does not validate is never written).
    Refused(String),
    /// Writing failed again, for the reason already returned once as an error (see
    /// [`Autosave::tick`]); the next try is after this long.
    Failing(Duration),
}

/// Autosave for one session.
#[derive(Debug)]
pub struct Autosave {
    /// The project file the recovery belongs to.
    project_path: PathBuf,
    delay: Duration,
    /// History state last written to the recovery file.
    written: Option<u64>,
    /// When the current unwritten state was first seen.
    dirty_since: Option<Instant>,
    /// The failure last reported and when writing was last tried.
    failing: Option<(String, Instant)>,
}

impl Autosave {
    pub fn new(project_path: impl Into<PathBuf>) -> Self {
        Self::with_delay(project_path, AUTOSAVE_DELAY)
    }

    pub fn with_delay(project_path: impl Into<PathBuf>, delay: Duration) -> Self {
        Self {
            project_path: project_path.into(),
            delay,
            written: None,
            dirty_since: None,
            failing: None,
        }
    }

    pub fn recovery_path(&self) -> PathBuf {
        recovery_path(&self.project_path)
    }

    /// The reason the last write failed, while autosave is failing.
    pub fn failure(&self) -> Option<&str> {
        self.failing.as_ref().map(|(why, _)| why.as_str())
    }

    /// Call often (every frame, or at least every `delay`). Writes the recovery file once a
    /// change is `delay` old; removes it once the session is saved.
    ///
    /// A write that fails is returned as an error once; while it keeps failing for the same
    /// reason, ticks return [`Tick::Failing`] and try again every [`AUTOSAVE_RETRY`], so the
    /// failure is reported once, not every frame. A different failure is an error again, and
    /// [`Tick::Wrote`] means it is over.
    pub fn tick(&mut self, session: &Session, now: Instant) -> io::Result<Tick> {
        if !session.is_modified() {
            if self.written.take().is_some() || self.dirty_since.take().is_some() {
                discard_recovery(&self.project_path);
            }
            return Ok(Tick::Idle);
        }
        let state = session.history().state();
        if self.written == Some(state) {
            self.dirty_since = None;
            return Ok(Tick::Idle);
        }
        let since = *self.dirty_since.get_or_insert(now);
        let age = now.saturating_duration_since(since);
        if age < self.delay {
            return Ok(Tick::Waiting(self.delay - age));
        }
        if session.is_read_only() {
            return Ok(Tick::Refused("the project is read-only".into()));
        }
        let problems = session.project().validate();
        if !problems.is_empty() {
            return Ok(Tick::Refused(format!(
                "the project has {} problem(s)",
                problems.len()
            )));
        }
        if let Some((_, tried)) = &self.failing {
            let since = now.saturating_duration_since(*tried);
            if since < AUTOSAVE_RETRY {
                return Ok(Tick::Failing(AUTOSAVE_RETRY - since));
            }
        }
        if let Err(err) = write_atomic(
            &self.recovery_path(),
            to_ron_string(session.project()).as_bytes(),
        ) {
            let why = err.to_string();
            let again = self.failure() == Some(why.as_str());
            self.failing = Some((why, now));
            return if again {
                Ok(Tick::Failing(AUTOSAVE_RETRY))
            } else {
                Err(err)
            };
        }
        self.failing = None;
        self.written = Some(state);
        self.dirty_since = None;
        Ok(Tick::Wrote)
    }

    /// Forget the recovery file (after the user declined it or saved).
    pub fn discard(&mut self) {
        discard_recovery(&self.project_path);
        self.written = None;
        self.dirty_since = None;
        self.failing = None;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DiskStamp, find_recovery};
    use super::*;
    use crate::format::save_project;
    use crate::model::{Annotator, CharRange, Document, Edit, LabelId, Project, Timestamp};
    use std::path::Path;

    fn saved_session(dir: &Path) -> Session {
        let mut p = Project::new("t", Annotator::new("A"));
        p.apply(
            Edit::AddDocuments {
                docs: vec![Document::new("1", "", "هاجمت جماعة نصرة الإسلام بلدة تمبكتو")],
            },
            &Timestamp::now(),
        )
        .unwrap();
        let path = dir.join("p.hamish.ron");
        save_project(&path, &p).unwrap();
        Session::open(&path).unwrap()
    }

    fn add_span(s: &mut Session, range: CharRange) {
        let doc = s.project().documents()[0].id().clone();
        let span = s
            .project()
            .new_span(&doc, range, LabelId::new("PLACE"), &Timestamp::now())
            .unwrap();
        s.apply(Edit::AddSpan { doc, span }).unwrap();
    }

    #[test]
    fn a_change_reaches_the_recovery_file_within_two_seconds_and_survives_a_kill() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = saved_session(dir.path());
        let path = s.path.clone().unwrap();
        let file_before = std::fs::read(&path).unwrap();
        let mut auto = Autosave::new(&path);
        let t0 = Instant::now();
        assert_eq!(auto.tick(&s, t0).unwrap(), Tick::Idle);
        add_span(&mut s, CharRange::new(30, 36));
        assert!(matches!(auto.tick(&s, t0).unwrap(), Tick::Waiting(_)));
        assert!(!auto.recovery_path().exists());
        assert_eq!(
            auto.tick(&s, t0 + Duration::from_millis(600)).unwrap(),
            Tick::Wrote
        );
        assert!(AUTOSAVE_DELAY < Duration::from_secs(2));
        assert_eq!(
            auto.tick(&s, t0 + Duration::from_millis(700)).unwrap(),
            Tick::Idle
        );
        let edited = s.project().clone();
        // kill -9: the process is gone without saving or running any destructor.
        std::mem::forget(s);
        std::mem::forget(auto);
        assert_eq!(std::fs::read(&path).unwrap(), file_before, "file untouched");
        let recovered = find_recovery(&path).unwrap().expect("work recovered");
        assert_eq!(recovered.project, edited);
        assert_eq!(recovered.project.span_count(), 1);
    }

    #[test]
    fn saving_removes_the_recovery_and_stale_recoveries_are_not_offered() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = saved_session(dir.path());
        let path = s.path.clone().unwrap();
        let mut auto = Autosave::with_delay(&path, Duration::ZERO);
        add_span(&mut s, CharRange::new(6, 11));
        assert_eq!(auto.tick(&s, Instant::now()).unwrap(), Tick::Wrote);
        assert!(auto.recovery_path().exists());
        s.save().unwrap();
        assert_eq!(auto.tick(&s, Instant::now()).unwrap(), Tick::Idle);
        assert!(!auto.recovery_path().exists());
        // A recovery equal to the saved file is stale: removed, not offered.
        std::fs::copy(&path, auto.recovery_path()).unwrap();
        assert!(find_recovery(&path).unwrap().is_none());
        assert!(!auto.recovery_path().exists());
    }

    #[test]
    fn an_invalid_or_read_only_project_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = saved_session(dir.path());
        let path = s.path.clone().unwrap();
        let mut auto = Autosave::with_delay(&path, Duration::ZERO);
        add_span(&mut s, CharRange::new(6, 11));
        // A project damaged outside the model (a file edited by hand) in a modified session:
        // the session is read-only and fails validation, and nothing is written.
        let damaged = crate::model::damaged(s.project(), |p| {
            p["documents"][0]["spans"][0]["text"] = "غلط".into()
        });
        let mut s = Session::new(damaged);
        s.path = Some(path.clone());
        assert!(s.is_modified() && s.is_read_only());
        assert!(matches!(
            auto.tick(&s, Instant::now()).unwrap(),
            Tick::Refused(_)
        ));
        assert!(!auto.recovery_path().exists());
        // A damaged recovery file is neither offered nor deleted.
        std::fs::write(auto.recovery_path(), "(broken").unwrap();
        assert!(find_recovery(&path).is_err());
        assert!(auto.recovery_path().exists());
    }

    #[test]
    fn a_failing_autosave_is_reported_once_retried_slowly_and_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = saved_session(dir.path());
        let path = s.path.clone().unwrap();
        let mut auto = Autosave::with_delay(&path, Duration::ZERO);
        add_span(&mut s, CharRange::new(6, 11));
        // Something in the way of the recovery file: every write fails the same way.
        std::fs::create_dir(auto.recovery_path()).unwrap();
        let t0 = Instant::now();
        let err = auto
            .tick(&s, t0)
            .expect_err("the first failure is reported");
        assert!(err.to_string().contains("is a folder"), "{err}");
        assert!(auto.failure().is_some());
        let mut reported = 1;
        // A minute of frames at 60 per second: no further report, a try every 5 s.
        for frame in 1..3600u64 {
            match auto.tick(&s, t0 + Duration::from_millis(frame * 1000 / 60)) {
                Err(_) => reported += 1,
                Ok(Tick::Failing(next)) => assert!(next <= AUTOSAVE_RETRY),
                Ok(other) => panic!("frame {frame}: {other:?}"),
            }
        }
        assert_eq!(reported, 1, "reported once, not every tick");
        // A different failure is news: reported again.
        std::fs::remove_dir(auto.recovery_path()).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&path, auto.recovery_path()).unwrap();
            let t = t0 + Duration::from_secs(61);
            let err = auto.tick(&s, t).expect_err("a new reason is reported");
            assert!(err.to_string().contains("symbolic link"), "{err}");
            assert!(matches!(
                auto.tick(&s, t + Duration::from_secs(1)).unwrap(),
                Tick::Failing(_)
            ));
            std::fs::remove_file(auto.recovery_path()).unwrap();
        }
        // The fault gone, the next try writes.
        assert_eq!(
            auto.tick(&s, t0 + Duration::from_secs(120)).unwrap(),
            Tick::Wrote
        );
        assert!(auto.failure().is_none());
        assert!(find_recovery(&path).unwrap().is_some());
    }

    #[test]
    fn a_colleagues_change_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let s = saved_session(dir.path());
        let path = s.path.clone().unwrap();
        let mut stamp = DiskStamp::read(&path).unwrap();
        assert!(!stamp.changed(&path));
        let mut other = s.project().clone();
        other.name = "colleague".into();
        save_project(&path, &other).unwrap();
        assert!(stamp.changed(&path));
    }
}
