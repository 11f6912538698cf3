//! Two windows, one file: a lock file beside the project (`NAME.hamish.ron.lock`) that says who
//! has the project open for editing: host, process id, user, since when, and when it was last
//! refreshed.
//!
//! - [`Lock::acquire`] creates the lock file atomically (written in full to a temporary file,
//!   then hard-linked to its name, which fails when a lock is already there) or returns
//!   [`LockError::Held`] with the holder and whether it looks alive. A lock whose process is gone
//!   on this host is stale for certain and is taken over without asking
//!   ([`Lock::reclaimed`] says so); one that has not been refreshed for [`STALE_AFTER`] is
//!   reported as [`Liveness::Old`] for the user to decide.
//! - [`Lock::take_over`] replaces whatever lock is there (the user said so).
//! - [`Lock::is_ours`] tells a session whether someone took the file over since.
//! - Dropping a [`Lock`] (or [`Lock::release`]) removes the file, if it is still ours.
//!
//! The lock is advisory: nothing stops another program from writing the file. Between reading
//! a stale lock and replacing it, or checking ours and removing it, another process could act;
//! the windows are a few system calls wide.

use super::atomic::sibling;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use thiserror::Error;

/// A lock not refreshed for this long is reported as [`Liveness::Old`]. Sessions should call
/// [`Lock::refresh`] well within it (every few minutes, or on every save and autosave).
pub const STALE_AFTER: Duration = Duration::from_secs(12 * 60 * 60);

/// The lock file of a project file: `NAME.lock` beside it.
pub fn lock_path(project: &Path) -> PathBuf {
    sibling(project, ".lock")
}

/// Who holds a lock, as written in the lock file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub host: String,
    pub pid: u32,
    pub user: String,
    /// When the lock was taken.
    pub since: SystemTime,
    /// When it was last refreshed.
    pub updated: SystemTime,
    /// Tells two locks of one process apart.
    token: String,
}

/// Whether the holder of a lock is still there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    /// The process runs on this host (or runs elsewhere and refreshed the lock recently).
    Alive,
    /// The lock's host is this one and its process is gone: stale for certain.
    Gone,
    /// Not refreshed for [`STALE_AFTER`]: probably stale, but the holder may be on another
    /// machine.
    Old,
    /// Another host, refreshed recently: it cannot be checked from here.
    Unknown,
}

impl Holder {
    fn ours() -> Self {
        let now = whole_seconds(SystemTime::now());
        Self {
            host: this_host(),
            pid: std::process::id(),
            user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_default(),
            since: now,
            updated: now,
            token: format!("{:016x}", fastrand::u64(..)),
        }
    }

    /// Whether the holder is still there, judged at `now`.
    pub fn liveness(&self, now: SystemTime) -> Liveness {
        if self.host == this_host() {
            match process_exists(self.pid) {
                Some(true) => return Liveness::Alive,
                Some(false) => return Liveness::Gone,
                None => {}
            }
        }
        let age = now.duration_since(self.updated).unwrap_or_default();
        if age > STALE_AFTER {
            Liveness::Old
        } else if self.host == this_host() {
            Liveness::Alive
        } else {
            Liveness::Unknown
        }
    }

    fn to_text(&self) -> String {
        let time = |t: SystemTime| humantime::format_rfc3339_seconds(t).to_string();
        format!(
            "hamish-lock 1\nhost={}\npid={}\nuser={}\nsince={}\nupdated={}\ntoken={}\n",
            one_line(&self.host),
            self.pid,
            one_line(&self.user),
            time(self.since),
            time(self.updated),
            self.token
        )
    }

    /// Read a lock file's text; `None` when it is not one (a damaged or foreign file).
    fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        if lines.next()? != "hamish-lock 1" {
            return None;
        }
        let mut get = std::collections::HashMap::new();
        for line in lines {
            let (k, v) = line.split_once('=')?;
            get.insert(k, v);
        }
        let time = |k: &str| get.get(k).and_then(|v| humantime::parse_rfc3339(v).ok());
        Some(Self {
            host: get.get("host")?.to_string(),
            pid: get.get("pid")?.parse().ok()?,
            user: get.get("user").map(|u| u.to_string()).unwrap_or_default(),
            since: time("since")?,
            updated: time("updated").or_else(|| time("since"))?,
            token: get.get("token").map(|t| t.to_string()).unwrap_or_default(),
        })
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let user = if self.user.is_empty() {
            String::new()
        } else {
            format!("{} ", self.user)
        };
        write!(
            f,
            "{user}on {}, process {}, since {}",
            self.host,
            self.pid,
            humantime::format_rfc3339_seconds(self.since)
        )
    }
}

/// Times as the lock file holds them, so a holder read back equals the one written.
fn whole_seconds(t: SystemTime) -> SystemTime {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// Why a lock was not taken.
#[derive(Debug, Error)]
pub enum LockError {
    /// Someone has the project open for editing. `holder` is `None` when the lock file cannot
    /// be read as one (then `liveness` is judged by the file's age).
    #[error("{} is open for editing elsewhere ({}){}", project.display(),
        holder.as_ref().map_or_else(|| "an unreadable lock file".to_owned(), |h| h.to_string()),
        match liveness {
            Liveness::Old => ": the lock looks stale",
            _ => "",
        })]
    Held {
        project: PathBuf,
        holder: Option<Box<Holder>>,
        liveness: Liveness,
    },
    #[error("cannot lock {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// A held lock on a project file; released when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    holder: Holder,
    reclaimed: Option<Holder>,
    released: bool,
}

impl Lock {
    /// Lock `project` for editing. A lock left by a process that is gone from this host is
    /// replaced (see [`Lock::reclaimed`]); any other lock is [`LockError::Held`].
    pub fn acquire(project: &Path) -> Result<Lock, LockError> {
        let path = lock_path(project);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        let holder = Holder::ours();
        // Two rounds: the second after clearing a stale lock.
        for _ in 0..2 {
            match create_new(&path, &holder.to_text()) {
                Ok(()) => {
                    return Ok(Lock {
                        path,
                        holder,
                        reclaimed: None,
                        released: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(e)),
            }
            let (text, found, liveness) = match read_lock(&path).map_err(io)? {
                Some(read) => read,
                None => continue, // Released meanwhile: try again.
            };
            if liveness != Liveness::Gone {
                return Err(LockError::Held {
                    project: project.to_owned(),
                    holder: found.map(Box::new),
                    liveness,
                });
            }
            // Stale for certain. Replace it only if it is still the one we judged.
            if fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
                replace(&path, &holder.to_text()).map_err(io)?;
                return Ok(Lock {
                    path,
                    holder,
                    reclaimed: found,
                    released: false,
                });
            }
        }
        let (_, holder, liveness) =
            read_lock(&path)
                .map_err(io)?
                .unwrap_or((String::new(), None, Liveness::Unknown));
        Err(LockError::Held {
            project: project.to_owned(),
            holder: holder.map(Box::new),
            liveness,
        })
    }

    /// Lock `project` whoever holds it now (the user chose to take over). The previous holder
    /// finds out through [`Lock::is_ours`] and does not remove this lock when it closes.
    pub fn take_over(project: &Path) -> Result<Lock, LockError> {
        let path = lock_path(project);
        let previous = read_lock(&path).ok().flatten().and_then(|(_, h, _)| h);
        let holder = Holder::ours();
        replace(&path, &holder.to_text()).map_err(|source| LockError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(Lock {
            path,
            holder,
            reclaimed: previous,
            released: false,
        })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn holder(&self) -> &Holder {
        &self.holder
    }

    /// The holder whose lock this one replaced (a stale lock cleared by [`Lock::acquire`], or
    /// the lock taken over by [`Lock::take_over`]).
    pub fn reclaimed(&self) -> Option<&Holder> {
        self.reclaimed.as_ref()
    }

    /// Whether the lock file is still this lock (false once someone took over or removed it).
    pub fn is_ours(&self) -> bool {
        !self.released
            && fs::read_to_string(&self.path)
                .ok()
                .and_then(|t| Holder::parse(&t))
                .is_some_and(|h| h == self.holder)
    }

    /// Write the current time into the lock, so that other hosts do not take it for stale.
    /// An error when the lock is no longer ours.
    pub fn refresh(&mut self) -> io::Result<()> {
        if !self.is_ours() {
            return Err(io::Error::other(format!(
                "{} is no longer ours",
                self.path.display()
            )));
        }
        let mut holder = self.holder.clone();
        holder.updated = whole_seconds(SystemTime::now());
        replace(&self.path, &holder.to_text())?;
        self.holder = holder;
        Ok(())
    }

    /// Remove the lock file if it is still ours.
    pub fn release(mut self) -> io::Result<()> {
        self.remove()
    }

    fn remove(&mut self) -> io::Result<()> {
        if self.released {
            return Ok(());
        }
        let ours = self.is_ours();
        self.released = true;
        if ours {
            fs::remove_file(&self.path)?;
        }
        Ok(())
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.remove();
    }
}

/// The holder of the lock on `project`, if there is a lock, and how alive it looks.
pub fn holder_of(project: &Path) -> io::Result<Option<(Option<Holder>, Liveness)>> {
    Ok(read_lock(&lock_path(project))?.map(|(_, h, l)| (h, l)))
}

/// The text of a lock file, its holder (if it parses) and liveness; `None` when there is none.
fn read_lock(path: &Path) -> io::Result<Option<(String, Option<Holder>, Liveness)>> {
    let text = match fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let now = SystemTime::now();
    let holder = Holder::parse(&text);
    let liveness = match &holder {
        Some(h) => h.liveness(now),
        None => {
            let modified = fs::metadata(path).and_then(|m| m.modified()).unwrap_or(now);
            if now.duration_since(modified).unwrap_or_default() > STALE_AFTER {
                Liveness::Old
            } else {
                Liveness::Unknown
            }
        }
    };
    Ok(Some((text, holder, liveness)))
}

/// A temporary file beside `path` holding `text`, synced.
fn temp_with(path: &Path, text: &str) -> io::Result<PathBuf> {
    let tmp = sibling(
        path,
        &format!(".tmp-{}-{:08x}", std::process::id(), fastrand::u32(..)),
    );
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Create `path` with `text`, complete, failing with `AlreadyExists` when it exists.
fn create_new(path: &Path, text: &str) -> io::Result<()> {
    let tmp = temp_with(path, text)?;
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            // No hard links here (some network and FAT file systems): exclusive creation, then
            // the contents. A reader that comes in between sees an unreadable lock, i.e. held.
            let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()
        }
    }
}

/// Replace `path` with `text` atomically.
fn replace(path: &Path, text: &str) -> io::Result<()> {
    let tmp = temp_with(path, text)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// This machine's name.
pub fn this_host() -> String {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| fs::read_to_string("/etc/hostname"))
            .map(|h| h.trim().to_owned())
            .ok()
            .or_else(|| std::env::var("COMPUTERNAME").ok())
            .or_else(|| std::env::var("HOSTNAME").ok())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "unknown-host".to_owned())
    })
    .clone()
}

/// Whether process `pid` runs on this machine; `None` where that cannot be told.
fn process_exists(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        Some(Path::new("/proc").join(pid.to_string()).exists())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(dir: &Path) -> PathBuf {
        let p = dir.join("p.hamish.ron");
        fs::write(&p, "(format: 1)").unwrap();
        p
    }

    fn write_lock(project: &Path, holder: &Holder) {
        fs::write(lock_path(project), holder.to_text()).unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn acquire_writes_who_and_when_refuses_a_second_and_drop_releases() {
        let dir = tempfile::tempdir().unwrap();
        let p = project(dir.path());
        let lock = Lock::acquire(&p).unwrap();
        assert_eq!(lock.path(), dir.path().join("p.hamish.ron.lock"));
        assert_eq!(names(dir.path()), ["p.hamish.ron", "p.hamish.ron.lock"]);
        let text = fs::read_to_string(lock.path()).unwrap();
        assert!(text.starts_with("hamish-lock 1\n"), "{text}");
        assert!(text.contains(&format!("pid={}\n", std::process::id())));
        assert!(text.contains(&format!("host={}\n", this_host())));
        assert!(lock.is_ours());
        assert!(lock.reclaimed().is_none());

        // A second window of this very process: held, and alive.
        match Lock::acquire(&p) {
            Err(LockError::Held {
                holder: Some(h),
                liveness: Liveness::Alive,
                ..
            }) => {
                assert_eq!(h.pid, std::process::id());
                assert_eq!(h.host, this_host());
                assert_eq!(&*h, lock.holder());
            }
            other => panic!("{other:?}"),
        }
        let message = Lock::acquire(&p).unwrap_err().to_string();
        assert!(message.contains("open for editing elsewhere"), "{message}");
        assert!(message.contains(&format!("process {}", std::process::id())));

        drop(lock);
        assert_eq!(names(dir.path()), ["p.hamish.ron"]);
        Lock::acquire(&p).unwrap().release().unwrap();
        assert_eq!(names(dir.path()), ["p.hamish.ron"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_lock_of_a_process_gone_from_this_host_is_reclaimed() {
        let dir = tempfile::tempdir().unwrap();
        let p = project(dir.path());
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let mut crashed = Holder::ours();
        crashed.pid = dead;
        write_lock(&p, &crashed);
        assert_eq!(crashed.liveness(SystemTime::now()), Liveness::Gone);
        let lock = Lock::acquire(&p).unwrap();
        assert_eq!(lock.reclaimed(), Some(&crashed));
        assert!(lock.is_ours());
        assert_eq!(names(dir.path()), ["p.hamish.ron", "p.hamish.ron.lock"]);
    }

    #[test]
    fn a_live_process_holds_and_an_old_lock_from_elsewhere_is_reported_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let p = project(dir.path());
        #[cfg(target_os = "linux")]
        {
            let mut init = Holder::ours();
            init.pid = 1; // always running
            write_lock(&p, &init);
            assert!(matches!(
                Lock::acquire(&p),
                Err(LockError::Held {
                    liveness: Liveness::Alive,
                    ..
                })
            ));
        }
        let mut elsewhere = Holder::ours();
        elsewhere.host = "another-laptop".into();
        write_lock(&p, &elsewhere);
        assert!(matches!(
            Lock::acquire(&p),
            Err(LockError::Held {
                liveness: Liveness::Unknown,
                ..
            })
        ));
        elsewhere.updated = SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        elsewhere.since = elsewhere.updated;
        write_lock(&p, &elsewhere);
        let err = Lock::acquire(&p).unwrap_err();
        assert!(err.to_string().contains("looks stale"), "{err}");
        match err {
            LockError::Held {
                holder: Some(h),
                liveness: Liveness::Old,
                ..
            } => assert_eq!(h.host, "another-laptop"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            holder_of(&p).unwrap().unwrap().1,
            Liveness::Old,
            "untouched"
        );
    }

    #[test]
    fn take_over_replaces_the_holder_who_then_knows_and_leaves_the_new_lock() {
        let dir = tempfile::tempdir().unwrap();
        let p = project(dir.path());
        let first = Lock::acquire(&p).unwrap();
        let second = Lock::take_over(&p).unwrap();
        assert_eq!(second.reclaimed(), Some(first.holder()));
        assert!(!first.is_ours());
        assert!(second.is_ours());
        drop(first);
        assert!(
            second.is_ours(),
            "the old holder did not remove the new lock"
        );
        drop(second);
        assert_eq!(names(dir.path()), ["p.hamish.ron"]);
    }

    #[test]
    fn an_unreadable_lock_file_is_held_until_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let p = project(dir.path());
        fs::write(lock_path(&p), "garbage\0").unwrap();
        match Lock::acquire(&p) {
            Err(LockError::Held {
                holder: None,
                liveness: Liveness::Unknown,
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
        let lock = Lock::take_over(&p).unwrap();
        assert!(lock.is_ours());
    }

    #[test]
    fn refresh_updates_the_time_and_fails_once_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let p = project(dir.path());
        let mut lock = Lock::acquire(&p).unwrap();
        let before = lock.holder().updated;
        std::thread::sleep(Duration::from_millis(1100));
        lock.refresh().unwrap();
        assert!(lock.holder().updated > before);
        assert!(lock.is_ours());
        let other = Lock::take_over(&p).unwrap();
        assert!(lock.refresh().is_err());
        drop(lock);
        assert!(other.is_ours());
    }

    #[test]
    fn holder_text_round_trips() {
        let mut h = Holder::ours();
        h.user = "أمينة\nx".into();
        h.since = humantime::parse_rfc3339("2026-11-30T08:00:00Z").unwrap();
        h.updated = h.since;
        let back = Holder::parse(&h.to_text()).unwrap();
        assert_eq!(back.user, "أمينة x");
        assert_eq!(back.since, h.since);
        assert_eq!(back.pid, h.pid);
        assert!(Holder::parse("hamish-lock 1\nhost=x\n").is_none());
    }
}
