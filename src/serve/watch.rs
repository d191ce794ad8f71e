//! Watching the plan folder: which file events matter, and how a burst of
//! them (an editor writing a temporary file then renaming it, or saving in
//! several writes) becomes one set of changed paths, so one save gives one
//! rebuild. Reads events only; never touches the files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{CreateKind, MetadataKind, ModifyKind, RemoveKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::{LoopMessage, ServeError};
use crate::model::load_config;
use crate::source::PageFilter;
use crate::source::CONFIG_FILE;

/// A burst is over after this long without a relevant event. Editors finish
/// a save within a few milliseconds; people do not type this fast.
pub const QUIET: Duration = Duration::from_millis(30);

/// The quiet period in force: [`QUIET`], or `PLANBOOK_SERVE_QUIET_MS` for
/// file systems (network drives, busy machines) whose events arrive spread out.
pub fn quiet_period() -> Duration {
    static PERIOD: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *PERIOD.get_or_init(|| {
        std::env::var("PLANBOOK_SERVE_QUIET_MS")
            .ok()
            .and_then(|text| text.parse::<u64>().ok())
            .map_or(QUIET, Duration::from_millis)
    })
}

/// What happened to a path, as far as the burst as a whole tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// It exists now and did not a moment ago (new file, or renamed here).
    Created,
    Modified,
    /// It is gone (deleted, or renamed away).
    Removed,
}

/// The changed path a commit (or checkout) stands for: HEAD or a branch
/// moved, so the plan's history has grown. Not a file of the plan.
pub const GIT_HEAD: &str = ".git/HEAD";

/// A changed file or folder, relative to the plan root with `/` separators
/// (or [`GIT_HEAD`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedPath {
    pub path: String,
    pub kind: ChangeKind,
}

/// Decides which paths below the plan root are worth a rebuild: pages,
/// the images pages may show, planbook.toml, `templates/` and a theme
/// folder inside the plan. Hidden entries and the output folder never are.
pub struct WatchFilter {
    pages: PageFilter,
    output: Option<String>,
    theme: Option<String>,
    /// The repository's git folder (canonical), when the plan is in one.
    git_dir: Option<PathBuf>,
}

impl WatchFilter {
    /// Reads the output folder, exclusions and theme from planbook.toml.
    pub fn load(root: &Path) -> WatchFilter {
        let bytes = std::fs::read(root.join(CONFIG_FILE)).ok();
        let config = load_config(bytes, 0).config;
        let inside = |path: &str| {
            let path = path.trim_matches('/');
            (!path.is_empty() && !path.split('/').any(|part| part == ".."))
                .then(|| path.to_string())
        };
        let theme = inside(&config.theme).filter(|theme| root.join(theme).is_dir());
        WatchFilter {
            pages: config.page_filter(),
            output: inside(&config.output),
            theme,
            git_dir: git_dir(root),
        }
    }

    /// The git folder to watch for commits, when the plan is in a repository.
    pub fn git_dir(&self) -> Option<&Path> {
        self.git_dir.as_deref()
    }

    /// HEAD, a branch or the packed refs: what moves when a commit lands.
    fn is_head_change(&self, path: &Path) -> bool {
        let Some(relative) = self
            .git_dir
            .as_deref()
            .and_then(|git_dir| crate::source::relative_path(git_dir, path))
        else {
            return false;
        };
        relative == "HEAD"
            || relative == "packed-refs"
            || (relative.starts_with("refs/heads/") && !relative.ends_with(".lock"))
    }

    pub fn is_relevant(&self, relative: &str) -> bool {
        if relative.is_empty() || relative.split('/').any(|part| part.starts_with('.')) {
            return false;
        }
        let below = |folder: &Option<String>| {
            folder.as_deref().is_some_and(|folder| {
                relative == folder || relative.starts_with(&format!("{folder}/"))
            })
        };
        if below(&self.output) {
            return false;
        }
        relative == CONFIG_FILE
            || relative == "templates"
            || relative.starts_with("templates/")
            || below(&self.theme)
            || self.pages.is_page(relative)
            // An image appearing clears a broken link, and its new bytes
            // must replace the ones served.
            || self.pages.is_asset(relative)
    }

    /// A folder that may hold pages, created, deleted or renamed as a whole
    /// (one event for all its pages): reported so the source can look.
    fn is_page_folder(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        !name.contains('.') && self.pages.enters_dir(relative)
    }
}

/// Starts a recursive watcher on `root`; events go to `deliver`.
pub(super) fn start_watching(
    root: &Path,
    deliver: impl Fn(notify::Result<Event>) + Send + 'static,
) -> Result<RecommendedWatcher, ServeError> {
    let failed = |source| ServeError::Watch {
        path: root.to_path_buf(),
        source,
    };
    let mut watcher = notify::recommended_watcher(deliver).map_err(failed)?;
    watcher
        .watch(root, RecursiveMode::Recursive)
        .map_err(failed)?;
    Ok(watcher)
}

/// Waits for the next burst of relevant changes; None on Ctrl-C (or when
/// the watcher is gone).
pub(super) fn next_changes(
    messages: &Receiver<LoopMessage>,
    root: &Path,
    filter: &WatchFilter,
) -> Option<Vec<ChangedPath>> {
    let mut burst = Burst::default();
    loop {
        let message = match burst.quiet_until {
            None => messages.recv().ok()?,
            Some(deadline) => {
                let wait = deadline.saturating_duration_since(Instant::now());
                match messages.recv_timeout(wait) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => return Some(burst.finish(root)),
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
        };
        match message {
            LoopMessage::Stop => return None,
            // A watcher error (e.g. too many watches) loses events, not the
            // server: the next save is seen again.
            LoopMessage::Changed(Err(_)) => {}
            LoopMessage::Changed(Ok(event)) => burst.add(&event, root, filter),
        }
    }
}

/// The paths touched since the burst began, and whether one was created.
#[derive(Default)]
struct Burst {
    touched: BTreeMap<String, bool>,
    quiet_until: Option<Instant>,
}

impl Burst {
    fn add(&mut self, event: &Event, root: &Path, filter: &WatchFilter) {
        let created = match event.kind {
            // Our own reads of the plan fire access events: never rebuild on them.
            EventKind::Access(_) => return,
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => return,
            EventKind::Create(_) => true,
            EventKind::Modify(ModifyKind::Name(RenameMode::To)) => true,
            _ => false,
        };
        let both = matches!(
            event.kind,
            EventKind::Modify(ModifyKind::Name(RenameMode::Both))
        );
        // Renames do not say whether they moved a file or a folder.
        let may_be_folder = matches!(
            event.kind,
            EventKind::Create(CreateKind::Folder)
                | EventKind::Remove(RemoveKind::Folder)
                | EventKind::Modify(ModifyKind::Name(_))
        );
        for (index, path) in event.paths.iter().enumerate() {
            if filter.is_head_change(path) {
                self.touched.entry(GIT_HEAD.to_string()).or_default();
                self.quiet_until = Some(Instant::now() + quiet_period());
                continue;
            }
            let Some(relative) = crate::source::relative_path(root, path) else {
                continue;
            };
            let folder = may_be_folder && filter.is_page_folder(&relative);
            if !folder && !filter.is_relevant(&relative) {
                continue;
            }
            // For a rename with both ends, the second path is the new name.
            let created = created || (both && index == 1);
            *self.touched.entry(relative).or_default() |= created;
            self.quiet_until = Some(Instant::now() + quiet_period());
        }
    }

    /// The outcome of the burst, judged by what is on disk now: a file
    /// written then renamed away is gone, whatever the events said.
    fn finish(self, root: &Path) -> Vec<ChangedPath> {
        self.touched
            .into_iter()
            .map(|(path, created)| {
                let kind = if path == GIT_HEAD {
                    ChangeKind::Modified
                } else if !root.join(&path).exists() {
                    ChangeKind::Removed
                } else if created {
                    ChangeKind::Created
                } else {
                    ChangeKind::Modified
                };
                ChangedPath { path, kind }
            })
            .collect()
    }
}

/// The canonical git folder of the repository holding `root`.
fn git_dir(root: &Path) -> Option<PathBuf> {
    let plan_repo = crate::git::PlanRepo::open(root).ok()?;
    plan_repo.repo.path().canonicalize().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter_for(toml: &str) -> (tempfile::TempDir, WatchFilter) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), toml).unwrap();
        std::fs::create_dir(dir.path().join("mytheme")).unwrap();
        let filter = WatchFilter::load(dir.path());
        (dir, filter)
    }

    #[test]
    fn pages_config_templates_and_theme_are_relevant() {
        let (_dir, filter) = filter_for("output = \"public\"\ntheme = \"mytheme\"\n");
        assert!(filter.is_relevant("tasks/a.md"));
        assert!(filter.is_relevant("planbook.toml"));
        assert!(filter.is_relevant("templates/page.html"));
        assert!(filter.is_relevant("mytheme/style.css"));
        assert!(filter.is_relevant("notes/diagram.png"));
    }

    #[test]
    fn hidden_output_temporary_and_other_files_are_not() {
        let (_dir, filter) = filter_for("output = \"public\"\nexclude = [\"drafts/**\"]\n");
        assert!(!filter.is_relevant("public/index.md"));
        assert!(!filter.is_relevant(".git/index"));
        assert!(!filter.is_relevant("tasks/.a.md.swp"));
        assert!(!filter.is_relevant("tasks/a.md~"));
        assert!(!filter.is_relevant("tasks/a.md.tmp.123"));
        assert!(!filter.is_relevant("notes.txt"));
        assert!(!filter.is_relevant("drafts/idea.md"));
        assert!(!filter.is_relevant("public/pages/logo.png"));
        assert!(!filter.is_relevant("drafts/sketch.png"));
    }

    #[test]
    fn a_temp_file_renamed_over_a_page_is_one_change() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.md"), "new").unwrap();
        let filter = WatchFilter::load(root);
        let mut burst = Burst::default();
        let event = |kind, paths: &[&str]| Event {
            kind,
            paths: paths.iter().map(|path| root.join(path)).collect(),
            attrs: Default::default(),
        };
        burst.add(
            &event(EventKind::Create(CreateKind::File), &["a.md.tmp"]),
            root,
            &filter,
        );
        burst.add(
            &event(
                EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any)),
                &["a.md.tmp"],
            ),
            root,
            &filter,
        );
        burst.add(
            &event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["a.md.tmp", "a.md"],
            ),
            root,
            &filter,
        );
        burst.add(
            &event(EventKind::Remove(RemoveKind::File), &["gone.md"]),
            root,
            &filter,
        );
        assert_eq!(
            burst.finish(root),
            vec![
                ChangedPath {
                    path: "a.md".into(),
                    kind: ChangeKind::Created
                },
                ChangedPath {
                    path: "gone.md".into(),
                    kind: ChangeKind::Removed
                },
            ]
        );
    }

    #[test]
    fn a_moved_branch_is_a_commit_and_objects_are_nothing() {
        let dir = tempfile::tempdir().unwrap();
        git2::Repository::init(dir.path()).unwrap();
        let root = dir.path().canonicalize().unwrap();
        let filter = WatchFilter::load(&root);
        let git_dir = filter.git_dir().expect("in a repository").to_path_buf();
        let event = |path: PathBuf| Event::new(EventKind::Modify(ModifyKind::Any)).add_path(path);
        let mut burst = Burst::default();
        burst.add(&event(git_dir.join("objects/ab/cdef")), &root, &filter);
        burst.add(&event(git_dir.join("refs/heads/main.lock")), &root, &filter);
        assert!(burst.touched.is_empty());
        burst.add(&event(git_dir.join("refs/heads/main")), &root, &filter);
        let changes = burst.finish(&root);
        assert_eq!(
            changes,
            [ChangedPath {
                path: GIT_HEAD.into(),
                kind: ChangeKind::Modified
            }]
        );
    }
}
