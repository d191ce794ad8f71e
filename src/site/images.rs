//! Images a page shows (`![plan](diagram.png)`) are copied into the site at
//! the same place relative to the page, so the page's relative image links
//! keep working. The bytes come through the analysis's sources (the folder,
//! the index or a commit), which read only image files inside the plan
//! root (never hidden files or other types); a missing image is reported by
//! `broken-link`, not here.

use std::collections::BTreeSet;

use super::{paths, Output, SiteBuilder};
use crate::parse::markdown::{relative_link_target, resolve_relative_path};

/// The image files the plan's pages show, as site files.
pub fn page_images(builder: &SiteBuilder<'_>) -> Vec<Output> {
    let plan = builder.plan;
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
            if !hidden && plan.config.publishes_image(&path) {
                wanted.insert(path);
            }
        }
    }
    wanted
        .into_iter()
        .filter_map(|path| {
            let bytes = builder.analysis.read_asset(&path)?;
            Some(Output::new(paths::page_asset_output(&path), bytes))
        })
        .collect()
}
