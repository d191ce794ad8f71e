//! Where a site may be written: the output folder is resolved (links in
//! the part that exists followed), may not be the plan root or above it,
//! and when it exists must be a folder planbook made (its marker) or empty;
//! a site file's path may not climb out of it. Only looks; never writes.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::{io, OutputError, MARKER};

pub fn absolute(path: &Path) -> Result<PathBuf, OutputError> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(io("reading the current folder", path))?
            .join(path)
    };
    // Resolve symlinks in the part of the path that exists, component by
    // component, so that `..` after a folder that does not exist yet (such as
    // `new/../..`) still climbs from a real place.
    let mut resolved = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    Ok(resolved)
}

/// The rules of FORMAT.md's output folder: not the (resolved) root, and
/// not above it.
pub fn check_placement(root: &Path, destination: &Path) -> Result<(), OutputError> {
    if destination == root {
        return Err(OutputError::IsRoot(destination.to_path_buf()));
    }
    if root.starts_with(destination) {
        return Err(OutputError::ContainsRoot(destination.to_path_buf()));
    }
    Ok(())
}

/// The output folder is missing, empty, or a site planbook made before.
pub fn check_existing(destination: &Path) -> Result<(), OutputError> {
    let Ok(metadata) = fs::symlink_metadata(destination) else {
        return Ok(());
    };
    if metadata.file_type().is_symlink() {
        return Err(OutputError::Symlink(destination.to_path_buf()));
    }
    if !metadata.is_dir() {
        return Err(OutputError::NotAFolder(destination.to_path_buf()));
    }
    let empty = fs::read_dir(destination)
        .map_err(io("reading", destination))?
        .next()
        .is_none();
    if !empty && !destination.join(MARKER).is_file() {
        return Err(OutputError::Foreign(destination.to_path_buf()));
    }
    Ok(())
}

/// A site-relative path as a relative filesystem path with no way out.
pub fn checked_relative(relative: &str) -> Result<PathBuf, OutputError> {
    let path = Path::new(relative);
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            _ => return Err(OutputError::Escapes(relative.to_string())),
        }
    }
    if clean.as_os_str().is_empty() {
        return Err(OutputError::Escapes(relative.to_string()));
    }
    Ok(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_resolve_dot_dot_after_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("plan");
        fs::create_dir(&root).unwrap();
        let real_root = root.canonicalize().unwrap();
        assert_eq!(
            absolute(&root.join("new/../..")).unwrap(),
            real_root.parent().unwrap()
        );
        assert_eq!(
            absolute(&root.join("a/b/../c")).unwrap(),
            real_root.join("a/c")
        );
        assert!(matches!(
            check_placement(&real_root, &absolute(&root.join("site/../..")).unwrap()),
            Err(OutputError::ContainsRoot(_))
        ));
        assert!(matches!(
            check_placement(&real_root, &absolute(&root.join("x/..")).unwrap()),
            Err(OutputError::IsRoot(_))
        ));
    }

    #[test]
    fn relative_paths_stay_inside() {
        assert!(checked_relative("pages/a.html").is_ok());
        assert!(checked_relative("../x").is_err());
        assert!(checked_relative("a/../../x").is_err());
        assert!(checked_relative("/etc/passwd").is_err());
        assert!(checked_relative("").is_err());
    }
}
