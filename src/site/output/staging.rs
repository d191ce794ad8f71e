//! The staging folder a build writes into: recycled from what the last
//! build left beside the output (its staging folder, else the site before
//! last), else made new, and cleared of symbolic links before anything is
//! written through them. Touches only planbook's hidden siblings of the
//! output folder, and only while the build holds the lock.

use std::fs;
use std::path::{Path, PathBuf};

use super::{io, OutputError};

/// Whether a hidden sibling (`.NAME.planbook-new` or `-old`) holds a folder
/// to recycle. The names are planbook's and no other build runs (the lock),
/// so whatever a killed or racing build left there is reclaimed, marker or
/// not; a link at the name is removed, never followed.
fn reclaim(sibling: &Path) -> Result<bool, OutputError> {
    match fs::symlink_metadata(sibling) {
        Err(_) => Ok(false),
        Ok(metadata) if metadata.file_type().is_symlink() => {
            fs::remove_file(sibling).map_err(io("removing link", sibling))?;
            Ok(false)
        }
        Ok(metadata) if metadata.is_dir() => Ok(true),
        Ok(_) => Err(OutputError::NotAFolder(sibling.to_path_buf())),
    }
}

/// Makes `staging` the folder to write into: the staging folder a build
/// left, else the site before last, else a new folder.
pub fn prepare_staging(staging: &Path, previous: &Path) -> Result<(), OutputError> {
    match (reclaim(staging)?, reclaim(previous)?) {
        (true, true) => fs::remove_dir_all(previous).map_err(io("removing", previous))?,
        (true, false) => {}
        (false, true) => fs::rename(previous, staging).map_err(io("recycling", previous))?,
        (false, false) => fs::create_dir(staging).map_err(io("creating folder", staging))?,
    }
    remove_links(staging)
}

/// Inside our own staging folder, a folder where a file must go is what
/// an older site left there: it goes, whatever it holds.
pub fn remove_stale_folder(folder: &Path) -> Result<(), OutputError> {
    fs::remove_dir_all(folder).map_err(io("removing", folder))
}

/// Removes every symbolic link from a recycled staging folder (and the
/// folder itself when it is one): writing through a link someone planted in
/// the output would land outside it.
fn remove_links(staging: &Path) -> Result<(), OutputError> {
    let is_link =
        |path: &Path| fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
    if is_link(staging) {
        fs::remove_file(staging).map_err(io("removing link", staging))?;
        fs::create_dir(staging).map_err(io("creating folder", staging))?;
        return Ok(());
    }
    let links: Vec<PathBuf> = walkdir::WalkDir::new(staging)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.path_is_symlink())
        .map(walkdir::DirEntry::into_path)
        .collect();
    for link in links {
        fs::remove_file(&link).map_err(io("removing link", &link))?;
    }
    Ok(())
}
