//! Putting the staged site in place of the previous one. On Linux this is
//! one step (`renameat2` with `RENAME_EXCHANGE`), so the output folder
//! exists at every moment; elsewhere, and on file systems without the
//! exchange, two renames, and a build killed between them leaves no site:
//! the next build puts the previous one back before anything else.
//!
//! It only ever renames the output folder and its two hidden siblings; it
//! never deletes anything.

use std::fs;
use std::path::Path;

use super::{io, OutputError, MARKER};

/// Swaps `staging` in at `destination`; the site that was there ends up at
/// `previous`, to be recycled by the next build.
pub fn swap_in(staging: &Path, destination: &Path, previous: &Path) -> Result<(), OutputError> {
    if fs::symlink_metadata(destination).is_err() {
        // The first build: one rename, nothing to keep aside.
        return fs::rename(staging, destination)
            .map_err(io("moving the new site into place", destination));
    }
    if exchange(staging, destination).map_err(io("swapping the new site in", destination))? {
        // The new site is in place. Should this rename fail, the next build
        // recycles the previous site from the staging name just the same.
        let _ = fs::rename(staging, previous);
        return Ok(());
    }
    swap_by_renames(staging, destination, previous)
}

/// The two-step swap: the previous site aside, then the new one in.
fn swap_by_renames(staging: &Path, destination: &Path, previous: &Path) -> Result<(), OutputError> {
    fs::rename(destination, previous).map_err(io("moving the previous site aside", destination))?;
    if let Err(error) = fs::rename(staging, destination) {
        let _ = fs::rename(previous, destination);
        return Err(io("moving the new site into place", destination)(error));
    }
    Ok(())
}

/// Exchanges two existing paths in one step; false when the system or the
/// file system cannot (old kernels, some network and FUSE file systems).
#[cfg(target_os = "linux")]
fn exchange(one: &Path, other: &Path) -> std::io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, one, CWD, other, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::NOSYS | Errno::INVAL | Errno::OPNOTSUPP) => Ok(false),
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_one: &Path, _other: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// A build killed between the two renames of [`swap_by_renames`] left the
/// previous site at `previous`, its new one at `staging`, and nothing at
/// `destination`. Puts the previous site back, so that the folder has a
/// site even when the build that finds this fails. (A missing site with
/// no staging folder beside it was removed by someone on purpose: left so.)
/// Returns whether it put a site back, for the caller to tell the user.
pub fn repair_interrupted_swap(
    destination: &Path,
    staging: &Path,
    previous: &Path,
) -> Result<bool, OutputError> {
    let missing = fs::symlink_metadata(destination)
        .is_err_and(|error| error.kind() == std::io::ErrorKind::NotFound);
    let is_site = |folder: &Path| {
        fs::symlink_metadata(folder).is_ok_and(|metadata| metadata.is_dir())
            && folder.join(MARKER).is_file()
    };
    if !(missing && is_site(previous) && staging.is_dir()) {
        return Ok(false);
    }
    fs::rename(previous, destination).map_err(io(
        "restoring the site an interrupted build moved aside",
        previous,
    ))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    fn folder_with(path: &Path, name: &str, text: &str) {
        fs::create_dir_all(path).unwrap();
        fs::write(path.join(MARKER), "").unwrap();
        fs::write(path.join(name), text).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_exchange_leaves_both_names_present() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, site) = (
            dir.path().join(".site.planbook-new"),
            dir.path().join("site"),
        );
        folder_with(&staging, "index.html", "new");
        folder_with(&site, "index.html", "old");
        assert!(
            exchange(&staging, &site).unwrap(),
            "tmpfs and ext4 exchange"
        );
        assert_eq!(fs::read_to_string(site.join("index.html")).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(staging.join("index.html")).unwrap(),
            "old"
        );
    }

    /// Swaps one site in after another while a second thread looks at the
    /// output folder as fast as it can: it must never find it missing.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_output_folder_exists_at_every_moment_of_the_swap() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let (staging, previous) = (dir.path().join(".new"), dir.path().join(".old"));
        folder_with(&site, "index.html", "first");
        let done = Arc::new(AtomicBool::new(false));
        let (missing, looks) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let watcher = {
            let (site, done) = (site.clone(), Arc::clone(&done));
            let (missing, looks) = (Arc::clone(&missing), Arc::clone(&looks));
            std::thread::spawn(move || {
                while !done.load(Ordering::SeqCst) {
                    if fs::symlink_metadata(&site).is_err() {
                        missing.fetch_add(1, Ordering::SeqCst);
                    }
                    looks.fetch_add(1, Ordering::SeqCst);
                }
            })
        };
        // Swap only once the watcher is looking.
        while looks.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        for round in 0..1000 {
            folder_with(&staging, "index.html", &round.to_string());
            swap_in(&staging, &site, &previous).unwrap();
            fs::remove_dir_all(&previous).unwrap();
        }
        done.store(true, Ordering::SeqCst);
        watcher.join().unwrap();
        assert!(looks.load(Ordering::SeqCst) > 0);
        assert_eq!(missing.load(Ordering::SeqCst), 0, "the site went missing");
        assert_eq!(fs::read_to_string(site.join("index.html")).unwrap(), "999");
    }

    #[test]
    fn the_two_step_swap_keeps_the_previous_site_aside() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let (staging, previous) = (dir.path().join(".new"), dir.path().join(".old"));
        folder_with(&site, "index.html", "old");
        folder_with(&staging, "index.html", "new");
        swap_by_renames(&staging, &site, &previous).unwrap();
        assert_eq!(fs::read_to_string(site.join("index.html")).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(previous.join("index.html")).unwrap(),
            "old"
        );
        assert!(!staging.exists());
    }

    #[test]
    fn an_interrupted_swap_is_repaired_and_a_removed_site_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let (staging, previous) = (dir.path().join(".new"), dir.path().join(".old"));
        // Killed between the two renames: the previous site aside, the new
        // one staged, no site.
        folder_with(&previous, "index.html", "previous");
        folder_with(&staging, "index.html", "staged");
        assert!(repair_interrupted_swap(&site, &staging, &previous).unwrap());
        assert_eq!(
            fs::read_to_string(site.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!previous.exists() && staging.is_dir());
        // After a good build, only the site before last is kept: an author
        // who then removes the site gets no old copy back.
        fs::rename(&staging, &previous).unwrap();
        fs::remove_dir_all(&site).unwrap();
        assert!(!repair_interrupted_swap(&site, &staging, &previous).unwrap());
        assert!(!site.exists());
    }
}
