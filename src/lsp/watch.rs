//! Files changed outside the editor, for clients that cannot watch them
//! for us (no dynamic `workspace/didChangeWatchedFiles`; Neovim before 0.9):
//! a recursive watcher on the plan folder sends the changed paths,
//! relative to the root. Reads events only; never touches the files.

use std::path::{Path, PathBuf};

use crossbeam_channel::Sender;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// Watches `root`; each batch of relevant paths goes to `changed`. Hidden
/// entries (`.git/`) are left out here, the page filter decides the rest.
pub fn watch_folder(
    root: &Path,
    changed: Sender<Vec<String>>,
) -> notify::Result<RecommendedWatcher> {
    let base: PathBuf = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let plain_root = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let paths: Vec<String> = event
            .paths
            .iter()
            .filter_map(|path| {
                let relative = path
                    .strip_prefix(&base)
                    .or_else(|_| path.strip_prefix(&plain_root))
                    .ok()?;
                let relative = relative.to_str()?.replace('\\', "/");
                (!relative.is_empty() && !relative.split('/').any(|part| part.starts_with('.')))
                    .then_some(relative)
            })
            .collect();
        if !paths.is_empty() {
            let _ = changed.send(paths);
        }
    })?;
    watcher.watch(root, RecursiveMode::Recursive)?;
    Ok(watcher)
}
