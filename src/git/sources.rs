//! Plan sources read from git instead of the folder: the index (what the
//! next commit will hold) or the tree of any revision. The working tree is
//! never looked at, so a partly staged page is read in its staged form and a
//! page deleted from the index is gone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::{IndexEntry, ObjectType, Oid, Repository, Tree};
use rayon::prelude::*;

use super::stat::{StagedStat, StatCheck};
use super::{GitError, PlanRepo};
use crate::source::{
    AssetReader, FilterForConfig, MergeSide, PageFilter, PlanSources, UnmergedFile, CONFIG_FILE,
};

/// Regular files (`100644`, `100755`); symlinks and submodules are skipped
/// just as the folder walk skips them.
fn is_regular_file(mode: u32) -> bool {
    mode & 0o170000 == 0o100000
}

/// `git add -N` entries hold no content yet.
const INTENT_TO_ADD: u16 = 1 << 13;

/// Merge stage of an index entry: 0 when resolved, 1..3 while conflicted.
fn entry_stage(entry: &IndexEntry) -> u16 {
    (entry.flags >> 12) & 0b11
}

/// The plan as it will be committed: planbook.toml and pages from the index.
/// `filter_for` decides from planbook.toml which files are pages. A file
/// still in conflict is read from one side ([`MergeSide`]) and listed in
/// [`PlanSources::unmerged`], so the plan is whole and the conflict reported.
pub fn read_index_sources(
    root: &Path,
    filter_for: FilterForConfig<'_>,
) -> Result<PlanSources, GitError> {
    let plan_repo = PlanRepo::open(root)?;
    let index = plan_repo.index()?;
    let staged = staged_plan_files(&plan_repo, &index);
    let mut config_oid = None;
    let mut candidates = Vec::new();
    let mut files = BTreeMap::new();
    let mut unmerged = Vec::new();
    for (relative, file) in staged {
        if relative == CONFIG_FILE {
            config_oid = Some(file.oid);
        } else if relative.ends_with(".md") {
            candidates.push((relative.clone(), file.oid, file.stat));
        } else if crate::source::is_image_path(&relative) {
            files.insert(relative.clone(), file.oid);
        }
        if let Some(read_from) = file.side {
            unmerged.push(UnmergedFile {
                path: relative,
                read_from,
            });
        }
    }
    let config = config_oid
        .map(|oid| read_blob(&plan_repo.repo, oid, CONFIG_FILE))
        .transpose()?;
    let filter = filter_for(config.as_deref());
    candidates.retain(|(relative, _, _)| filter.is_page(relative));
    files.retain(|relative, _| filter.is_asset(relative));
    unmerged.retain(|file| file.path == CONFIG_FILE || filter.is_page(&file.path));
    let stat_check = StatCheck::new(&plan_repo, &index);
    let pages = read_staged_blobs(&plan_repo, &stat_check, candidates)?;
    Ok(PlanSources {
        config,
        pages,
        unreadable: Vec::new(),
        unmerged,
        asset_paths: files.keys().cloned().collect(),
        assets: Some(Arc::new(GitAssets::new(&plan_repo.repo, files))),
    })
}

/// One file of the plan in the index.
struct StagedFile {
    oid: Oid,
    stat: StagedStat,
    /// The side read, when the file is in conflict.
    side: Option<MergeSide>,
}

/// The regular files of the index below the plan root, by path relative
/// to it; for a conflicted file, the side a plan is read with.
fn staged_plan_files(plan_repo: &PlanRepo, index: &git2::Index) -> BTreeMap<String, StagedFile> {
    let mut staged: BTreeMap<String, StagedFile> = BTreeMap::new();
    for entry in index.iter() {
        if !is_regular_file(entry.mode) || entry.flags_extended & INTENT_TO_ADD != 0 {
            continue;
        }
        let Ok(path) = std::str::from_utf8(&entry.path) else {
            continue;
        };
        let Some(relative) = plan_repo.plan_relative(path) else {
            continue;
        };
        let side = MergeSide::from_stage(entry_stage(&entry));
        let file = StagedFile {
            oid: entry.id,
            stat: StagedStat::of(&entry),
            side,
        };
        match staged.get(relative) {
            // Ours before theirs before the base.
            Some(kept) if kept.side.is_some() && side.is_some() && kept.side <= side => {}
            _ => {
                staged.insert(relative.to_string(), file);
            }
        }
    }
    staged
}

/// Images read from git's object database by the blob ids seen when the
/// plan was read, so they match its pages even if the index moves on.
struct GitAssets {
    git_dir: PathBuf,
    blobs: BTreeMap<String, Oid>,
}

impl GitAssets {
    fn new(repo: &Repository, blobs: BTreeMap<String, Oid>) -> GitAssets {
        GitAssets {
            git_dir: repo.path().to_path_buf(),
            blobs,
        }
    }
}

impl AssetReader for GitAssets {
    fn read_asset(&self, path: &str) -> Option<Vec<u8>> {
        let oid = self.blobs.get(path)?;
        // `Repository` is not `Sync`: open a handle per read (images are few).
        let repo = Repository::open(&self.git_dir).ok()?;
        let blob = repo.find_blob(*oid).ok()?;
        Some(blob.content().to_vec())
    }
}

/// Reads staged pages. Most staged files are also unchanged in the working
/// tree, and reading a file is several times cheaper than inflating a loose
/// object. A file is taken from the working tree when its stat data proves
/// it unchanged since staging, or when its hash proves it is the staged
/// blob; anything else (later edits, line-ending filters) is read from the
/// object database, so the result is exactly the index's content.
fn read_staged_blobs(
    plan_repo: &PlanRepo,
    stat_check: &StatCheck,
    pages: Vec<(String, Oid, StagedStat)>,
) -> Result<Vec<(String, Vec<u8>)>, GitError> {
    let plan_dir = plan_repo.workdir.join(&plan_repo.prefix);
    let git_dir = plan_repo.repo.path().to_path_buf();
    pages
        .into_par_iter()
        .map_init(
            || None,
            |worker: &mut Option<Repository>, (path, oid, staged)| {
                if let Some(bytes) = read_if_staged(&plan_dir.join(&path), oid, &staged, stat_check)
                {
                    return Ok((path, bytes));
                }
                if worker.is_none() {
                    *worker = Some(
                        Repository::open(&git_dir)
                            .map_err(GitError::read(git_dir.display().to_string()))?,
                    );
                }
                let repo = worker.as_ref().expect("opened above");
                let bytes = read_blob(repo, oid, &path)?;
                Ok((path, bytes))
            },
        )
        .collect()
}

/// The working-tree file's bytes, when they are provably the staged blob.
fn read_if_staged(
    path: &Path,
    oid: Oid,
    staged: &StagedStat,
    stat_check: &StatCheck,
) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let metadata = file.metadata().ok()?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.read_to_end(&mut bytes).ok()?;
    if stat_check.unchanged(staged, &metadata) {
        return Some(bytes);
    }
    Oid::hash_object(ObjectType::Blob, &bytes)
        .is_ok_and(|hash| hash == oid)
        .then_some(bytes)
}

/// The plan as it was at the commit `rev` names (tag, branch, sha,
/// `HEAD~3`, ...); a tree or blob is refused.
/// `filter_for` decides from planbook.toml which files are pages.
pub fn read_tree_sources(
    root: &Path,
    rev: &str,
    filter_for: FilterForConfig<'_>,
) -> Result<PlanSources, GitError> {
    let plan_repo = PlanRepo::open(root)?;
    let unknown = |error: git2::Error| GitError::UnknownRevision {
        rev: rev.to_string(),
        message: error.message().to_string(),
    };
    let object = plan_repo.repo.revparse_single(rev).map_err(unknown)?;
    // A tag names its commit; a tree or a blob is no point in the plan's history.
    let commit = object.peel_to_commit().map_err(|_| GitError::NotACommit {
        rev: rev.to_string(),
        kind: object
            .kind()
            .map_or("git object".to_string(), |kind| kind.str().to_string()),
    })?;
    let tree = commit
        .tree()
        .map_err(GitError::read(format!("the tree of `{rev}`")))?;
    let Some(plan_tree) = plan_subtree(&plan_repo.repo, &tree, &plan_repo.prefix)
        .map_err(GitError::read(format!("the tree of `{rev}`")))?
    else {
        // The plan folder did not exist yet at `rev`: an empty plan.
        return Ok(PlanSources::default());
    };
    let config = match plan_tree.get_name(CONFIG_FILE) {
        Some(entry) if entry.kind() == Some(ObjectType::Blob) => {
            Some(read_blob(&plan_repo.repo, entry.id(), CONFIG_FILE)?)
        }
        _ => None,
    };
    let filter = filter_for(config.as_deref());
    let mut listed = TreeFiles::default();
    collect_pages(&plan_repo.repo, &plan_tree, "", &filter, &mut listed)
        .map_err(GitError::read(format!("the tree of `{rev}`")))?;
    let pages = read_blobs(&plan_repo.repo, listed.pages)?;
    Ok(PlanSources {
        config,
        pages,
        unreadable: Vec::new(),
        unmerged: Vec::new(),
        asset_paths: listed.assets.keys().cloned().collect(),
        assets: Some(Arc::new(GitAssets::new(&plan_repo.repo, listed.assets))),
    })
}

/// What a tree walk keeps: page blobs and image blobs.
#[derive(Default)]
pub(super) struct TreeFiles {
    pub(super) pages: Vec<(String, Oid)>,
    pub(super) assets: BTreeMap<String, Oid>,
}

/// The tree of the plan folder (`prefix` ends in `/` or is empty), if it
/// exists in `tree`.
pub(super) fn plan_subtree<'r>(
    repo: &'r Repository,
    tree: &Tree<'r>,
    prefix: &str,
) -> Result<Option<Tree<'r>>, git2::Error> {
    let folder = prefix.trim_end_matches('/');
    if folder.is_empty() {
        return Ok(Some(tree.clone()));
    }
    let entry = match tree.get_path(Path::new(folder)) {
        Ok(entry) => entry,
        Err(error) if error.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    if entry.kind() != Some(ObjectType::Tree) {
        return Ok(None);
    }
    repo.find_tree(entry.id()).map(Some)
}

/// Walks a tree like the folder walk: skipping folders the filter does not
/// enter, keeping regular files the filter calls pages.
pub(super) fn collect_pages(
    repo: &Repository,
    tree: &Tree,
    folder: &str,
    filter: &PageFilter,
    listed: &mut TreeFiles,
) -> Result<(), git2::Error> {
    for entry in tree.iter() {
        let Ok(name) = entry.name() else {
            continue;
        };
        let relative = format!("{folder}{name}");
        match entry.kind() {
            Some(ObjectType::Tree) if filter.enters_dir(&relative) => {
                let subtree = repo.find_tree(entry.id())?;
                collect_pages(repo, &subtree, &format!("{relative}/"), filter, listed)?;
            }
            Some(ObjectType::Blob) if is_regular_file(entry.filemode() as u32) => {
                if filter.is_page(&relative) {
                    listed.pages.push((relative, entry.id()));
                } else if filter.is_asset(&relative) {
                    listed.assets.insert(relative, entry.id());
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn read_blob(repo: &Repository, oid: Oid, path: &str) -> Result<Vec<u8>, GitError> {
    let blob = repo.find_blob(oid).map_err(GitError::read(path))?;
    Ok(blob.content().to_vec())
}

/// Below this many pages, opening a repository per thread costs more than
/// inflating the blobs one after another.
const PARALLEL_FROM: usize = 200;

/// Reads page blobs. `Repository` is not `Sync`, so each worker thread opens
/// its own handle on the same git folder.
pub(super) fn read_blobs(
    repo: &Repository,
    pages: Vec<(String, Oid)>,
) -> Result<Vec<(String, Vec<u8>)>, GitError> {
    if pages.len() < PARALLEL_FROM {
        return pages
            .into_iter()
            .map(|(path, oid)| {
                let bytes = read_blob(repo, oid, &path)?;
                Ok((path, bytes))
            })
            .collect();
    }
    let git_dir = repo.path().to_path_buf();
    pages
        .into_par_iter()
        .map_init(
            || Repository::open(&git_dir),
            |worker, (path, oid)| {
                let worker = worker.as_ref().map_err(|error| GitError::Read {
                    what: git_dir.display().to_string(),
                    source: git2::Error::from_str(error.message()),
                })?;
                let bytes = read_blob(worker, oid, &path)?;
                Ok((path, bytes))
            },
        )
        .collect()
}
