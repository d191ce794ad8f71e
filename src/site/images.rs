//! Images a page shows (`![plan](diagram.png)`) are copied into the site at
//! the same place relative to the page, so the page's relative image links
//! keep working. Only regular files inside the plan root are copied (never
//! hidden files, links or Markdown); a missing image is left to the browser.

use std::collections::BTreeSet;

use super::{paths, Output};
use crate::model::Plan;
use crate::parse::markdown::{relative_link_target, resolve_relative_path};

/// The image files the plan's pages show, as site files.
pub fn page_images(plan: &Plan) -> Vec<Output> {
    let mut wanted = BTreeSet::new();
    for page in &plan.pages {
        for image in &page.outline.images {
            let Some((target, _)) = relative_link_target(&image.destination) else {
                continue;
            };
            let Some(path) = resolve_relative_path(&page.path, &target) else {
                continue;
            };
            let hidden = path.split('/').any(|part| part.starts_with('.'));
            if !path.is_empty() && !hidden && !path.ends_with(".md") {
                wanted.insert(path);
            }
        }
    }
    wanted
        .into_iter()
        .filter_map(|path| {
            let source = plan.root.join(&path);
            let metadata = std::fs::symlink_metadata(&source).ok()?;
            if !metadata.is_file() {
                return None;
            }
            let bytes = std::fs::read(&source).ok()?;
            Some(Output::new(paths::page_asset_output(&path), bytes))
        })
        .collect()
}
