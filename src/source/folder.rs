//! A plan read from a folder: which files are pages (the same exclusions
//! everywhere: hidden entries, the output folder, `templates/`, `exclude`
//! globs), the walk that lists them, and the reader of the images they
//! show. Reads only below the plan root; a link out of it is never followed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::{AssetReader, FilterForConfig, PlanSources, CONFIG_FILE};

/// File types a page may show as an image, and so the types the sources
/// list as assets.
pub const IMAGE_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"];

/// Whether a path names an image by its extension.
pub fn is_image_path(path: &str) -> bool {
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, extension)| extension)
        .to_ascii_lowercase();
    IMAGE_TYPES.contains(&extension.as_str())
}

/// Why a folder could not be read as a plan at all.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("plan root `{}` cannot be read: {source}", .path.display())]
    Root {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` cannot be read: {source}", .path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Decides which paths below the plan root are pages (and image assets).
pub struct PageFilter {
    exclude: GlobSet,
    output_dir: Option<String>,
}

impl PageFilter {
    /// `exclude` globs and the `output` folder as written in planbook.toml:
    /// the output folder is left out only when it lies inside the root.
    /// Globs that do not parse exclude nothing (the model reports them).
    pub fn new(exclude: &[String], output: &str) -> PageFilter {
        let output_dir = Some(output.trim_matches('/').to_string())
            .filter(|output| !output.is_empty() && !output.starts_with(".."));
        let mut builder = GlobSetBuilder::new();
        for pattern in exclude {
            match Glob::new(pattern) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(_) => return PageFilter::without_globs(output_dir),
            }
        }
        match builder.build() {
            Ok(exclude) => PageFilter {
                exclude,
                output_dir,
            },
            Err(_) => PageFilter::without_globs(output_dir),
        }
    }

    fn without_globs(output_dir: Option<String>) -> PageFilter {
        PageFilter {
            exclude: GlobSet::empty(),
            output_dir,
        }
    }

    /// Whether a folder (relative path) should be walked into.
    pub fn enters_dir(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        if name.starts_with('.') || relative == "templates" || name == "node_modules" {
            return false;
        }
        if self.output_dir.as_deref() == Some(relative) {
            return false;
        }
        !self.exclude.is_match(relative) && !self.exclude.is_match(format!("{relative}/"))
    }

    /// Whether a file (relative path) is a page.
    pub fn is_page(&self, relative: &str) -> bool {
        relative.ends_with(".md") && self.is_plan_file(relative)
    }

    /// Whether a file (relative path) is an image a page may show.
    pub fn is_asset(&self, relative: &str) -> bool {
        is_image_path(relative) && self.is_plan_file(relative)
    }

    /// [`PageFilter::is_plan_file`] for a file found by walking only the
    /// folders [`PageFilter::enters_dir`] enters: what is left to ask is
    /// whether the file itself is hidden or excluded.
    fn keeps_walked_file(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        !name.starts_with('.') && !self.exclude.is_match(relative)
    }

    /// A file that is not hidden and lies in folders the walk enters.
    fn is_plan_file(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        if name.starts_with('.') || relative.starts_with("templates/") {
            return false;
        }
        if let Some(output) = &self.output_dir {
            if relative.starts_with(&format!("{output}/")) {
                return false;
            }
        }
        // Any excluded ancestor folder excludes the file too (matters for
        // sources that list files without walking folders, such as git).
        let mut prefix = String::new();
        for part in relative.split('/') {
            if !prefix.is_empty() {
                if part.starts_with('.') || !self.enters_dir(&prefix) {
                    return false;
                }
                prefix.push('/');
            }
            prefix.push_str(part);
        }
        !self.exclude.is_match(relative)
    }
}

/// The files below `root` the filter keeps: pages and image assets, each
/// sorted by relative path.
pub struct ListedFiles {
    pub pages: Vec<(String, PathBuf)>,
    pub assets: Vec<String>,
}

/// Lists the page and image files below `root`.
pub fn list_pages(root: &Path, filter: &PageFilter) -> std::io::Result<ListedFiles> {
    let mut listed = ListedFiles {
        pages: Vec::new(),
        assets: Vec::new(),
    };
    walk(root, filter, |found| match found {
        Found::Page(relative, path) => listed.pages.push((relative, path)),
        Found::Asset(relative) => listed.assets.push(relative),
    })?;
    listed.pages.sort();
    listed.assets.sort();
    Ok(listed)
}

/// A file the walk keeps: a page (relative and full path) or an image.
enum Found {
    Page(String, PathBuf),
    Asset(String),
}

/// Walks the plan folder in the order the file system gives, handing over
/// every page and image file the filter keeps.
fn walk(root: &Path, filter: &PageFilter, mut found: impl FnMut(Found)) -> std::io::Result<()> {
    let walker = walkdir::WalkDir::new(root).follow_links(false).into_iter();
    let walker = walker.filter_entry(|entry| {
        if entry.depth() == 0 || !entry.file_type().is_dir() {
            return true;
        }
        relative_path(root, entry.path()).is_some_and(|relative| filter.enters_dir(&relative))
    });
    for entry in walker {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(relative) = relative_path(root, entry.path()) else {
            continue;
        };
        // The walk entered only folders the filter enters: the file's own
        // name and the globs are all that is left to ask.
        if !filter.keeps_walked_file(&relative) {
            continue;
        }
        if relative.ends_with(".md") {
            found(Found::Page(relative, entry.into_path()));
        } else if is_image_path(&relative) {
            found(Found::Asset(relative));
        }
    }
    Ok(())
}

/// How many pages one reading job takes: enough that a job costs more than
/// handing it over, few enough that both threads keep busy.
const READ_BATCH: usize = 64;

/// A page's relative path and its bytes, or why they could not be read.
type PageRead = (String, std::io::Result<Vec<u8>>);

/// The pages below `root` read while the walk goes on: the walk hands
/// batches of paths to the thread pool as it lists them. Sorted by path.
fn read_pages(root: &Path, filter: &PageFilter) -> std::io::Result<(Vec<PageRead>, Vec<String>)> {
    let read = std::sync::Mutex::new(Vec::new());
    let mut assets = Vec::new();
    let read_batch = |batch: Vec<(String, PathBuf)>| {
        let done: Vec<_> = batch
            .into_iter()
            .map(|(relative, path)| (relative, read_file(&path)))
            .collect();
        read.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(done);
    };
    rayon::in_place_scope(|scope| {
        let mut batch = Vec::with_capacity(READ_BATCH);
        let walked = walk(root, filter, |found| match found {
            Found::Page(relative, path) => {
                batch.push((relative, path));
                if batch.len() == READ_BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(READ_BATCH));
                    scope.spawn(move |_| read_batch(full));
                }
            }
            Found::Asset(relative) => assets.push(relative),
        });
        if !batch.is_empty() {
            scope.spawn(move |_| read_batch(batch));
        }
        walked
    })?;
    let mut read = read
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    read.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    assets.sort();
    Ok((read, assets))
}

/// A whole small file: open, read until the end, close. Unlike
/// `std::fs::read` it does not ask for the size first; pages are small, and
/// on 10,000 of them that is 10,000 system calls fewer.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match file.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(read) => bytes.extend_from_slice(&chunk[..read]),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// `path` relative to `root`, with `/` separators; None outside the root
/// (or when it is not UTF-8).
pub fn relative_path(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|part| part.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}

/// Reads planbook.toml and every page file of a folder; `filter_for`
/// decides from planbook.toml which files are pages.
pub fn read_folder(
    root: &Path,
    filter_for: FilterForConfig<'_>,
) -> Result<PlanSources, SourceError> {
    let metadata = std::fs::metadata(root).map_err(|source| SourceError::Root {
        path: root.to_path_buf(),
        source,
    })?;
    if !metadata.is_dir() {
        return Err(SourceError::Root {
            path: root.to_path_buf(),
            source: std::io::Error::other("not a folder"),
        });
    }
    let config = read_config_file(root)?;
    let filter = filter_for(config.as_deref());
    let (read, assets) = read_pages(root, &filter).map_err(|source| SourceError::Root {
        path: root.to_path_buf(),
        source,
    })?;
    let mut pages = Vec::with_capacity(read.len());
    let mut unreadable = Vec::new();
    for (relative, bytes) in read {
        match bytes {
            Ok(bytes) => pages.push((relative, bytes)),
            Err(error) => unreadable.push((relative, error.to_string())),
        }
    }
    Ok(PlanSources {
        config,
        pages,
        unreadable,
        unmerged: Vec::new(),
        asset_paths: assets,
        assets: Some(Arc::new(FolderAssets {
            root: root.to_path_buf(),
        })),
    })
}

/// planbook.toml's bytes; None when the plan has none.
pub fn read_config_file(root: &Path) -> Result<Option<Vec<u8>>, SourceError> {
    let config_path = root.join(CONFIG_FILE);
    match std::fs::read(&config_path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SourceError::File {
            path: config_path,
            source,
        }),
    }
}

/// Images read from the plan folder, only from inside it.
struct FolderAssets {
    root: PathBuf,
}

impl AssetReader for FolderAssets {
    fn read_asset(&self, relative: &str) -> Option<Vec<u8>> {
        let root = self.root.canonicalize().ok()?;
        // The real location (links resolved) must be inside the plan root:
        // a link to `/` must not publish the machine's files.
        let real = self.root.join(relative).canonicalize().ok()?;
        if !real.starts_with(&root) || !real.is_file() {
            return None;
        }
        std::fs::read(real).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_skips_hidden_templates_output_and_excluded() {
        let filter = PageFilter::new(&["drafts/**".into()], "site");
        assert!(filter.is_page("tasks/a.md"));
        assert!(!filter.is_page(".hidden/a.md"));
        assert!(!filter.is_page("templates/page.md"));
        assert!(!filter.is_page("site/index.md"));
        assert!(!filter.is_page("drafts/idea.md"));
        assert!(!filter.is_page("tasks/notes.txt"));
    }

    #[test]
    fn assets_are_images_in_plan_folders() {
        let filter = PageFilter::new(&["drafts/**".into()], "site/");
        assert!(filter.is_asset("tasks/diagram.PNG"));
        assert!(filter.is_asset("plan.svg"));
        assert!(!filter.is_asset("site/logo.png"));
        assert!(!filter.is_asset(".git/x.png"));
        assert!(!filter.is_asset("drafts/sketch.png"));
        assert!(!filter.is_asset("tasks/a.md"));
    }

    #[test]
    fn an_output_outside_the_root_excludes_nothing() {
        let filter = PageFilter::new(&[], "../outside");
        assert!(filter.is_page("outside/a.md"));
    }

    #[test]
    fn a_folder_is_read_whole_in_path_order_with_the_filter_applied() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |relative: &str, text: &str| {
            let path = root.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(CONFIG_FILE, "title = \"Read whole\"\n");
        // More pages than one reading batch, in several folders, so the
        // batches finish in any order and the result must still be sorted.
        let mut expected = Vec::new();
        for folder in ["b", "a/deep", "c"] {
            for number in (0..=READ_BATCH).rev() {
                let relative = format!("{folder}/p-{number:03}.md");
                write(&relative, &relative);
                expected.push(relative);
            }
        }
        write("overview.md", "top");
        expected.push("overview.md".into());
        write("tasks/t-old.md", "excluded by a glob on files");
        write("tasks/t.md", "kept");
        expected.push("tasks/t.md".into());
        for left_out in [
            ".hidden.md",
            "tasks/.hidden.md",
            ".git/x.md",
            "drafts/idea.md",
            "site/index.md",
            "templates/page.md",
            "node_modules/x/readme.md",
        ] {
            write(left_out, "left out");
        }
        write("a/diagram.png", "image");
        write("drafts/sketch.png", "left out");
        // What planbook.toml's `exclude` and `output` would make (the model
        // reads them; the source stage is handed the filter).
        let filter_for = |config: Option<&[u8]>| {
            assert_eq!(config, Some(&b"title = \"Read whole\"\n"[..]));
            PageFilter::new(&["drafts/**".into(), "tasks/*-old.md".into()], "site")
        };
        let sources = read_folder(root, &filter_for).unwrap();
        expected.sort();
        let paths: Vec<&str> = sources
            .pages
            .iter()
            .map(|(path, _)| path.as_str())
            .collect();
        assert_eq!(paths, expected);
        for (path, bytes) in &sources.pages {
            let text = std::str::from_utf8(bytes).unwrap();
            assert!(path == "overview.md" || path == "tasks/t.md" || text == path);
        }
        assert_eq!(sources.asset_paths, ["a/diagram.png"]);
        assert!(sources.unreadable.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn assets_are_read_only_from_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan");
        std::fs::create_dir(&plan).unwrap();
        std::fs::write(dir.path().join("secret.png"), b"secret").unwrap();
        std::fs::write(plan.join("ok.png"), b"image").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.png"), plan.join("link.png")).unwrap();
        let assets = FolderAssets { root: plan };
        assert_eq!(assets.read_asset("ok.png").as_deref(), Some(&b"image"[..]));
        assert_eq!(assets.read_asset("link.png"), None);
        assert_eq!(assets.read_asset("../secret.png"), None);
    }
}
