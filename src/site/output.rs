//! Writing the site: only inside the output folder, and the new site is
//! swapped in whole. Pages are written into a staging folder beside the
//! output; only when every file is written does it replace the previous site,
//! so a failed build leaves the old site untouched. A folder planbook did not
//! make (no marker file) is never replaced, and nothing outside it is ever
//! deleted, except what is left in planbook's own hidden siblings of it.
//!
//! The site before last is kept as a hidden sibling and recycled as the next
//! staging folder: rewriting existing files is far cheaper for the file system
//! than deleting ten thousand files and creating them again.
//!
//! One build at a time: a writer holds a lock file beside the output for as
//! long as it lives (lock.rs), and a second build waits for it, so the
//! hidden siblings are only ever touched by one build and are reclaimed
//! whatever state it left them in. The swap is one step where the system
//! allows it, and a swap a killed build left half done is repaired before
//! anything else (swap.rs). Waiting and repairing are the only things this
//! module has to tell the user, and it never prints them itself: it hands
//! them to the caller's [`Notices`] as [`OutputNotice`]s, and the command
//! decides where they go (the library never writes to the terminal).

mod lock;
mod placement;
mod staging;
mod swap;

use std::collections::HashSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use lock::{lock_output, LOCK_WAIT};
use placement::{absolute, check_existing, check_placement, checked_relative};
use staging::{prepare_staging, remove_stale_folder};

/// The file that marks a folder as a site planbook made (and may replace).
pub const MARKER: &str = ".planbook-site";
const MARKER_TEXT: &str =
    "This folder was written by `planbook build`; the next build replaces it whole.\n";

/// What writing a site has to tell the user while it goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputNotice {
    /// Another build of the same folder holds the lock: this one waits for
    /// it (told once, when the wait begins).
    Waiting { destination: PathBuf },
    /// The previous site, which a build killed in the middle of its swap
    /// had left moved aside, was put back before this build went on.
    Restored { destination: PathBuf },
}

impl std::fmt::Display for OutputNotice {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputNotice::Waiting { destination } => write!(
                formatter,
                "waiting for another build of {}...",
                destination.display()
            ),
            OutputNotice::Restored { destination } => write!(
                formatter,
                "restored {}, which an interrupted build had left moved aside",
                destination.display()
            ),
        }
    }
}

/// Where a writer's notices go: called as each one happens (a wait for the
/// lock can last minutes, so it is told when it begins, not returned after).
pub type Notices<'a> = &'a dyn Fn(OutputNotice);

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("output folder `{0}` is the plan root; choose a folder for the site, such as `site`")]
    IsRoot(PathBuf),
    #[error("output folder `{0}` contains the plan root; replacing it would delete the plan. Choose a folder inside or beside the plan")]
    ContainsRoot(PathBuf),
    #[error("output folder `{0}` holds files that planbook did not write (no `{MARKER}` marker); empty it or choose another folder")]
    Foreign(PathBuf),
    #[error("output path `{0}` exists and is not a folder")]
    NotAFolder(PathBuf),
    #[error("output folder `{0}` is a symbolic link; give the real folder instead")]
    Symlink(PathBuf),
    #[error("site file `{0}` would land outside the output folder")]
    Escapes(String),
    #[error("another build of `{destination}` is still running: gave up after waiting {} s for its lock `{}`; try again when it has finished", waited.as_secs(), lock.display())]
    Busy {
        destination: PathBuf,
        lock: PathBuf,
        waited: Duration,
    },
    #[error("{action} `{path}`: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// A site being written into a temporary folder beside its destination.
#[derive(Debug)]
pub struct SiteWriter {
    destination: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
    /// Files written by this build (relative), and folders known to exist.
    written: Mutex<HashSet<PathBuf>>,
    folders: Mutex<HashSet<PathBuf>>,
    /// Held until the writer is dropped; closing the file releases it.
    _lock: File,
}

impl SiteWriter {
    /// Checks that `destination` may receive a site for the plan at `root`,
    /// waits until no other build writes it, and prepares an empty staging
    /// folder beside it. The wait and any repair are told to `notices`.
    pub fn create(
        root: &Path,
        destination: &Path,
        notices: Notices<'_>,
    ) -> Result<SiteWriter, OutputError> {
        SiteWriter::create_waiting(root, destination, LOCK_WAIT, notices)
    }

    fn create_waiting(
        root: &Path,
        destination: &Path,
        lock_wait: Duration,
        notices: Notices<'_>,
    ) -> Result<SiteWriter, OutputError> {
        let destination = absolute(destination)?;
        let root = root.canonicalize().map_err(io("resolving", root))?;
        check_placement(&root, &destination)?;
        let parent = destination
            .parent()
            .ok_or_else(|| OutputError::IsRoot(destination.clone()))?;
        fs::create_dir_all(parent).map_err(io("creating folder", parent))?;
        let name = destination
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        let staging = parent.join(format!(".{name}.planbook-new"));
        let previous = parent.join(format!(".{name}.planbook-old"));
        for sibling in [&staging, &previous] {
            if root.starts_with(sibling) {
                return Err(OutputError::ContainsRoot(sibling.clone()));
            }
        }
        let lock = parent.join(format!(".{name}.planbook-lock"));
        let lock = lock_output(&lock, &destination, lock_wait, notices)?;
        if swap::repair_interrupted_swap(&destination, &staging, &previous)? {
            notices(OutputNotice::Restored {
                destination: destination.clone(),
            });
        }
        check_existing(&destination)?;
        prepare_staging(&staging, &previous)?;
        let writer = SiteWriter {
            destination,
            staging,
            previous,
            written: Mutex::new(HashSet::new()),
            folders: Mutex::new(HashSet::new()),
            _lock: lock,
        };
        writer.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(writer)
    }

    pub fn destination(&self) -> &Path {
        &self.destination
    }

    /// Writes one file of the site; `relative` uses `/` and must stay inside.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let relative = checked_relative(relative)?;
        let path = self.staging.join(&relative);
        if let Some(folder) = path.parent() {
            let known = lock(&self.folders).contains(folder);
            if !known {
                fs::create_dir_all(folder).map_err(io("creating folder", folder))?;
                lock(&self.folders).insert(folder.to_path_buf());
            }
        }
        if path.is_dir() {
            remove_stale_folder(&path)?;
        }
        fs::write(&path, bytes).map_err(io("writing", &path))?;
        lock(&self.written).insert(relative);
        Ok(())
    }

    /// Removes what a recycled staging folder holds from an older build.
    fn prune(&self) -> Result<(), OutputError> {
        let written = lock(&self.written);
        let mut folders = Vec::new();
        for entry in walkdir::WalkDir::new(&self.staging).min_depth(1) {
            let entry = entry.map_err(|error| OutputError::Io {
                action: "reading",
                path: self.staging.clone(),
                source: error.into(),
            })?;
            let relative = entry
                .path()
                .strip_prefix(&self.staging)
                .unwrap_or(entry.path())
                .to_path_buf();
            if entry.file_type().is_dir() {
                folders.push(entry.path().to_path_buf());
            } else if !written.contains(&relative) {
                fs::remove_file(entry.path()).map_err(io("removing", entry.path()))?;
            }
        }
        // Deepest first, so emptied parents go too.
        for folder in folders.iter().rev() {
            if is_empty(folder) {
                fs::remove_dir(folder).map_err(io("removing", folder))?;
            }
        }
        Ok(())
    }

    /// Swaps the staged site in for the previous one, which is kept aside
    /// (hidden, marked) to be recycled by the next build.
    pub fn commit(self) -> Result<PathBuf, OutputError> {
        self.prune()?;
        swap::swap_in(&self.staging, &self.destination, &self.previous)?;
        Ok(self.destination.clone())
    }
}

fn is_empty(folder: &Path) -> bool {
    fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    /// A plan folder with `site` as its output; returns (holder, plan, site).
    fn plan_and_site() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().canonicalize().unwrap().join("plan");
        fs::create_dir(&plan).unwrap();
        let site = plan.join("site");
        (dir, plan, site)
    }

    fn write_files(folder: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = folder.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn staging_folders_left_without_a_marker_are_reclaimed() {
        let (_dir, plan, site) = plan_and_site();
        // What a build killed before its marker, or two racing builds, left.
        write_files(
            &plan.join(".site.planbook-new"),
            &[("pages/stale.html", "x")],
        );
        write_files(&plan.join(".site.planbook-old"), &[("older.html", "y")]);
        let writer = SiteWriter::create(&plan, &site, &|_| {}).expect("reclaimed, not refused");
        writer.write("index.html", b"home").unwrap();
        writer.commit().unwrap();
        let mut names: Vec<String> = walkdir::WalkDir::new(&site)
            .min_depth(1)
            .into_iter()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [MARKER, "index.html"]);
    }

    #[test]
    fn a_held_lock_makes_the_writer_wait_then_give_up() {
        let (_dir, plan, site) = plan_and_site();
        let held = File::create(plan.join(".site.planbook-lock")).unwrap();
        held.lock().unwrap();
        let said = Mutex::new(Vec::new());
        let started = Instant::now();
        let waited =
            SiteWriter::create_waiting(&plan, &site, Duration::from_millis(300), &|notice| {
                lock(&said).push(notice)
            });
        assert!(started.elapsed() >= Duration::from_millis(300));
        let error = waited.expect_err("another build holds the lock");
        assert!(matches!(error, OutputError::Busy { .. }), "{error}");
        assert!(error.to_string().contains("another build of"), "{error}");
        assert!(!plan.join(".site.planbook-new").exists(), "nothing touched");
        // The wait is told once, to the caller, as it begins.
        let said = said.into_inner().unwrap();
        assert_eq!(
            said,
            [OutputNotice::Waiting {
                destination: site.clone()
            }]
        );
        assert_eq!(
            said[0].to_string(),
            format!("waiting for another build of {}...", site.display())
        );
        // Once the other build is done, this one goes ahead, with nothing to say.
        held.unlock().unwrap();
        let said = Mutex::new(Vec::new());
        let writer = SiteWriter::create_waiting(&plan, &site, Duration::ZERO, &|notice| {
            lock(&said).push(notice)
        })
        .unwrap();
        writer.commit().unwrap();
        assert!(site.join(MARKER).is_file());
        assert_eq!(said.into_inner().unwrap(), []);
    }

    #[test]
    fn a_repaired_swap_is_told_to_the_caller() {
        let (_dir, plan, site) = plan_and_site();
        // Killed between the two renames of a swap: the previous site
        // aside, the new one staged, no site.
        write_files(
            &plan.join(".site.planbook-old"),
            &[(MARKER, ""), ("index.html", "previous")],
        );
        write_files(&plan.join(".site.planbook-new"), &[("index.html", "new")]);
        let said = Mutex::new(Vec::new());
        let writer = SiteWriter::create(&plan, &site, &|notice| lock(&said).push(notice)).unwrap();
        assert_eq!(
            said.into_inner().unwrap(),
            [OutputNotice::Restored {
                destination: site.clone()
            }]
        );
        assert_eq!(
            fs::read_to_string(site.join("index.html")).unwrap(),
            "previous",
            "the previous site is back before anything is written"
        );
        drop(writer);
    }
}
