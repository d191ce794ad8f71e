//! When a staged page may be read from the working tree instead of being
//! inflated from the object database: the same test `git status` relies on.
//! A file whose size, times and inode still match what the index recorded
//! when it was staged has not changed since, unless it changed within the
//! same clock tick as the index was written ("racily clean"), in which case
//! the caller hashes it instead. Content filters (line endings, attributes)
//! make working-tree bytes differ from staged ones, so with any of them
//! configured the stat shortcut is off and every file is hashed.

use std::fs::Metadata;

use git2::{Index, IndexEntry, IndexTime};

use super::PlanRepo;

/// The recorded stat data of one staged file.
#[derive(Debug, Clone, Copy)]
pub(super) struct StagedStat {
    mtime: (i32, u32),
    ctime: (i32, u32),
    ino: u32,
    size: u32,
}

impl StagedStat {
    pub(super) fn of(entry: &IndexEntry) -> StagedStat {
        let time = |time: &IndexTime| (time.seconds(), time.nanoseconds());
        StagedStat {
            mtime: time(&entry.mtime),
            ctime: time(&entry.ctime),
            ino: entry.ino,
            size: entry.file_size,
        }
    }
}

pub(super) struct StatCheck {
    /// The index file's modification time; None turns the shortcut off.
    index_mtime: Option<(i64, u32)>,
}

impl StatCheck {
    pub(super) fn new(plan_repo: &PlanRepo, index: &Index) -> StatCheck {
        let index_mtime = if cfg!(unix) && !has_content_filters(plan_repo, index) {
            std::fs::metadata(plan_repo.index_path())
                .ok()
                .and_then(|metadata| modified(&metadata))
        } else {
            None
        };
        StatCheck { index_mtime }
    }

    /// Whether the file's stat data proves it unchanged since it was staged.
    pub(super) fn unchanged(&self, staged: &StagedStat, metadata: &Metadata) -> bool {
        let Some(index_mtime) = self.index_mtime else {
            return false;
        };
        let (seconds, nanoseconds) = staged.mtime;
        let racy = if nanoseconds == 0 {
            i64::from(seconds) >= index_mtime.0
        } else {
            (i64::from(seconds), nanoseconds) >= index_mtime
        };
        !racy && same_stat(staged, metadata)
    }
}

#[cfg(unix)]
fn same_stat(staged: &StagedStat, metadata: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // The index keeps 32-bit truncations of these fields.
    let same_time = |(seconds, nanoseconds): (i32, u32), actual: i64, actual_nanos: i64| {
        seconds == actual as i32 && (nanoseconds == 0 || i64::from(nanoseconds) == actual_nanos)
    };
    staged.size == metadata.size() as u32
        && (staged.ino == 0 || staged.ino == metadata.ino() as u32)
        && same_time(staged.mtime, metadata.mtime(), metadata.mtime_nsec())
        && same_time(staged.ctime, metadata.ctime(), metadata.ctime_nsec())
}

#[cfg(not(unix))]
fn same_stat(_staged: &StagedStat, _metadata: &Metadata) -> bool {
    false
}

fn modified(metadata: &Metadata) -> Option<(i64, u32)> {
    let since_epoch = metadata
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some((since_epoch.as_secs() as i64, since_epoch.subsec_nanos()))
}

/// Line-ending conversion or any attributes file could make the working
/// tree differ from the index for an unchanged file.
fn has_content_filters(plan_repo: &PlanRepo, index: &Index) -> bool {
    let config = plan_repo.repo.config().ok();
    let setting = |name: &str| {
        config
            .as_ref()
            .and_then(|config| config.get_string(name).ok())
    };
    let autocrlf =
        setting("core.autocrlf").is_some_and(|value| !value.eq_ignore_ascii_case("false"));
    let global_attributes = setting("core.attributesFile").is_some()
        || std::env::var_os("XDG_CONFIG_HOME")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".config"))
            })
            .is_some_and(|config_home| config_home.join("git/attributes").exists());
    let info_attributes = plan_repo.repo.commondir().join("info/attributes").exists()
        || plan_repo.repo.path().join("info/attributes").exists();
    let staged_attributes = index
        .iter()
        .any(|entry| entry.path.ends_with(b".gitattributes"));
    autocrlf || global_attributes || info_attributes || staged_attributes
}
