//! The theme: minijinja templates and static assets. The default theme's files
//! live in `themes/default/` and are embedded in the binary; a plan replaces
//! any of them by name with its own `templates/` folder, or points `theme` at
//! a folder of its own. Errors name the template file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::Environment;

/// The default theme: every file of `themes/default/`, embedded at build
/// time. The folder is the one list: a new template is a new file there.
static DEFAULT_THEME: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The default theme's files by name, sorted.
fn default_theme_files() -> Vec<(&'static str, &'static [u8])> {
    let mut files: Vec<(&str, &[u8])> = DEFAULT_THEME
        .files()
        .filter_map(|file| Some((file.path().to_str()?, file.contents())))
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    files.sort();
    files
}

/// Why a theme could not be loaded or a template not rendered.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("theme folder `{path}` cannot be read: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "theme `{name}` is neither the built-in `default` theme nor a folder (looked for `{path}`)"
    )]
    UnknownTheme { name: String, path: PathBuf },
    #[error("template `{origin}`{}: {message}", line.map(|line| format!(" line {line}")).unwrap_or_default())]
    Template {
        origin: String,
        line: Option<usize>,
        message: String,
    },
}

pub struct Theme {
    env: Environment<'static>,
    /// Non-template files (CSS, script, images), by file name.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, String>,
}

impl Theme {
    /// Loads the theme for a plan: the embedded default, then the `theme`
    /// folder from planbook.toml (unless `default`), then `templates/`.
    pub fn load(root: &Path, theme: &str) -> Result<Theme, ThemeError> {
        let mut templates: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut assets = BTreeMap::new();
        for (name, bytes) in default_theme_files() {
            if name.ends_with(".html") {
                let origin = format!("themes/default/{name} (built in)");
                let text = String::from_utf8_lossy(bytes).into_owned();
                templates.insert(name.to_string(), (origin, text));
            } else {
                assets.insert(name.to_string(), bytes.to_vec());
            }
        }
        if theme != "default" {
            let folder = root.join(theme);
            if !folder.is_dir() {
                return Err(ThemeError::UnknownTheme {
                    name: theme.to_string(),
                    path: folder,
                });
            }
            for (name, path) in list_files(&folder)? {
                let bytes = read(&path)?;
                if name.ends_with(".html") {
                    templates.insert(name, (path.display().to_string(), text_of(&path, bytes)?));
                } else {
                    assets.insert(name, bytes);
                }
            }
        }
        let overrides = root.join("templates");
        if overrides.is_dir() {
            for (name, path) in list_files(&overrides)? {
                if name.ends_with(".html") {
                    let text = text_of(&path, read(&path)?)?;
                    templates.insert(name.clone(), (format!("templates/{name}"), text));
                }
            }
        }
        Theme::from_templates(templates, assets)
    }

    fn from_templates(
        templates: BTreeMap<String, (String, String)>,
        assets: BTreeMap<String, Vec<u8>>,
    ) -> Result<Theme, ThemeError> {
        let mut env = Environment::new();
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|error| ThemeError::Template {
                origin: "(syntax settings)".into(),
                line: None,
                message: error.to_string(),
            })?;
        env.set_syntax(syntax);
        env.add_filter("longdate", long_date);
        env.add_filter("shorten", shorten);
        let mut origins = BTreeMap::new();
        for (name, (origin, text)) in templates {
            env.add_template_owned(name.clone(), text)
                .map_err(|error| template_error(&origins_with(&origins, &name, &origin), &error))?;
            origins.insert(name, origin);
        }
        Ok(Theme {
            env,
            assets,
            origins,
        })
    }

    /// Renders template `name` with `context`.
    pub fn render(
        &self,
        name: &str,
        context: &impl serde::Serialize,
    ) -> Result<String, ThemeError> {
        let context = minijinja::Value::from(minijinja::value::Serde(context));
        let template = self
            .env
            .get_template(name)
            .map_err(|error| template_error(&self.origins, &error))?;
        template
            .render(context)
            .map_err(|error| template_error(&self.origins, &error))
    }
}

/// `2026-03-02` -> `Mon 2 Mar 2026`; anything else is shown as it is.
fn long_date(value: String) -> String {
    match chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
        Ok(date) => date.format("%a %-d %b %Y").to_string(),
        Err(_) => value,
    }
}

/// At most `limit` characters, cut at a word, with an ellipsis.
fn shorten(value: String, limit: usize) -> String {
    if value.chars().count() <= limit {
        return value;
    }
    let cut: String = value.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

fn origins_with(
    origins: &BTreeMap<String, String>,
    name: &str,
    origin: &str,
) -> BTreeMap<String, String> {
    let mut all = origins.clone();
    all.insert(name.to_string(), origin.to_string());
    all
}

fn template_error(origins: &BTreeMap<String, String>, error: &minijinja::Error) -> ThemeError {
    let name = error.name().unwrap_or("(unknown template)");
    let origin = origins
        .get(name)
        .cloned()
        .unwrap_or_else(|| name.to_string());
    let mut message = error.kind().to_string();
    if let Some(detail) = error.detail() {
        message = format!("{message}: {detail}");
    }
    ThemeError::Template {
        origin,
        line: error.line(),
        message,
    }
}

/// The files (not folders) directly in `folder`, sorted by name.
fn list_files(folder: &Path) -> Result<Vec<(String, PathBuf)>, ThemeError> {
    let entries = std::fs::read_dir(folder).map_err(|source| ThemeError::Folder {
        path: folder.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ThemeError::Folder {
            path: folder.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_file() && !name.starts_with('.') {
            files.push((name, path));
        }
    }
    files.sort();
    Ok(files)
}

fn read(path: &Path) -> Result<Vec<u8>, ThemeError> {
    std::fs::read(path).map_err(|source| ThemeError::Folder {
        path: path.to_path_buf(),
        source,
    })
}

fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, ThemeError> {
    String::from_utf8(bytes).map_err(|_| ThemeError::Template {
        origin: path.display().to_string(),
        line: None,
        message: "the template is not valid UTF-8".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_is_every_file_of_its_folder() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = list_files(&folder)
            .expect("theme folder")
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let embedded: Vec<&str> = default_theme_files()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(embedded, on_disk);
        let theme = Theme::load(&folder, "default").expect("loads");
        for name in on_disk {
            let is_template = name.ends_with(".html");
            assert_eq!(theme.env.get_template(&name).is_ok(), is_template, "{name}");
            assert_eq!(theme.assets.contains_key(&name), !is_template, "{name}");
        }
    }
}
