//! Finding a file of the analysed plan by its path relative to the root.

use crate::model::{Page, Plan};
use crate::source::{FileId, SourceFile, CONFIG_FILE};

/// The file id of a page or of planbook.toml.
pub fn file_id(plan: &Plan, path: &str) -> Option<FileId> {
    if path == CONFIG_FILE {
        return plan.config_file;
    }
    page_at(plan, path).map(|page| page.file)
}

pub fn file_of<'a>(plan: &'a Plan, path: &str) -> Option<&'a SourceFile> {
    file_id(plan, path).map(|file| &*plan.files[file])
}

/// Pages are sorted by path.
pub fn page_at<'a>(plan: &'a Plan, path: &str) -> Option<&'a Page> {
    let index = plan
        .pages
        .binary_search_by(|page| page.path.as_str().cmp(path))
        .ok()?;
    Some(&plan.pages[index])
}
