//! Images a page shows (`![plan](diagram.png)`) are copied into the site at
//! the same place relative to the page, so the page's relative image links
//! keep working. Only image files whose real location is inside the plan
//! root are copied (never hidden files or other types); a missing image is
//! left to the browser.

use std::collections::BTreeSet;
use std::path::Path;

use super::{paths, Output};
use crate::model::Plan;
use crate::parse::markdown::{relative_link_target, resolve_relative_path};

/// File types copied as images. SVG can carry script, so it comes along only
/// when the plan allows raw HTML (`[site] raw_html = true`).
const IMAGE_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif"];

fn is_image(path: &str, raw_html: bool) -> bool {
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, extension)| extension)
        .to_ascii_lowercase();
    IMAGE_TYPES.contains(&extension.as_str()) || (raw_html && extension == "svg")
}

/// The image files the plan's pages show, as site files.
pub fn page_images(plan: &Plan) -> Vec<Output> {
    let Ok(root) = plan.root.canonicalize() else {
        return Vec::new();
    };
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
            if !hidden && is_image(&path, plan.config.raw_html) {
                wanted.insert(path);
            }
        }
    }
    wanted
        .into_iter()
        .filter_map(|path| {
            let source = inside(&root, &plan.root.join(&path))?;
            let bytes = std::fs::read(source).ok()?;
            Some(Output::new(paths::page_asset_output(&path), bytes))
        })
        .collect()
}

/// `path` when it is a regular file whose real location (links resolved) is
/// inside the plan root: a link to `/` must not publish the machine's files.
fn inside(root: &Path, path: &Path) -> Option<std::path::PathBuf> {
    let real = path.canonicalize().ok()?;
    (real.starts_with(root) && real.is_file()).then_some(real)
}
