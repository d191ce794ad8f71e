//! The plan's lint findings as LSP diagnostics: every file's findings,
//! republished whenever they change (a plan-wide rule may change another
//! file's findings), cleared when gone. Reads the analysis; sends nothing
//! itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, PublishDiagnosticsParams, Uri,
};

use super::documents::{file_uri, Documents};
use super::plan_files::file_of;
use super::position::{range, Encoding};
use crate::analysis::Analysis;
use crate::lint::{self, Severity};
use crate::source::{SourceFile, Span};

/// Where the documentation of a rule is: `base#rule-id`.
#[derive(Debug, Clone)]
pub struct RulesDocs {
    base: Option<String>,
}

impl RulesDocs {
    /// `url` from the client's `initializationOptions.rulesUrl`; else the
    /// repository named in Cargo.toml; else docs/rules.md of the source
    /// tree planbook was built from, while it exists; else no link.
    pub fn new(url: Option<String>) -> RulesDocs {
        let repository = env!("CARGO_PKG_REPOSITORY");
        let base = url
            .or_else(|| {
                (!repository.is_empty()).then(|| {
                    format!(
                        "{}/blob/HEAD/docs/rules.md",
                        repository.trim_end_matches('/')
                    )
                })
            })
            .or_else(|| {
                let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
                local
                    .is_file()
                    .then(|| file_uri(&local))
                    .flatten()
                    .map(|uri| uri.as_str().to_string())
            });
        RulesDocs { base }
    }

    pub fn link(&self, rule: &str) -> Option<Uri> {
        let base = self.base.as_ref()?;
        Uri::from_str(&format!("{base}#{rule}")).ok()
    }
}

/// What was last published, per file, so that only changes are sent.
#[derive(Debug, Default)]
pub struct Published {
    files: BTreeMap<String, Vec<Diagnostic>>,
}

impl Published {
    /// The notifications that bring the client up to date with `analysis`:
    /// files whose diagnostics changed, files whose diagnostics are gone
    /// (an empty list), and every file in `always` (the buffers just edited,
    /// whose client waits for an answer with the new version).
    pub fn update(
        &mut self,
        analysis: &Analysis,
        documents: &Documents,
        encoding: Encoding,
        docs: &RulesDocs,
        always: &BTreeSet<String>,
    ) -> Vec<PublishDiagnosticsParams> {
        let mut now: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
        for finding in &analysis.report.diagnostics {
            let converted = to_lsp(analysis, documents, finding, encoding, docs);
            now.entry(finding.location.file.clone())
                .or_default()
                .push(converted);
        }
        let mut notifications = Vec::new();
        let mut publish = |path: &str, diagnostics: Vec<Diagnostic>| {
            let Some(uri) = documents.uri(path) else {
                return;
            };
            let version = documents.get(path).map(|document| document.version);
            notifications.push(PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            });
        };
        for (path, _) in self
            .files
            .iter()
            .filter(|(path, _)| !now.contains_key(*path))
        {
            publish(path, Vec::new());
        }
        for (path, diagnostics) in &now {
            if always.contains(path) || self.files.get(path) != Some(diagnostics) {
                publish(path, diagnostics.clone());
            }
        }
        for path in always
            .iter()
            .filter(|path| !now.contains_key(*path) && !self.files.contains_key(*path))
        {
            publish(path, Vec::new());
        }
        self.files = now;
        notifications
    }
}

fn to_lsp(
    analysis: &Analysis,
    documents: &Documents,
    finding: &lint::Diagnostic,
    encoding: Encoding,
    docs: &RulesDocs,
) -> Diagnostic {
    let file = analysis.plan.file(finding.span);
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter_map(|related| {
            let file = file_of(&analysis.plan, &related.location.file)?;
            let uri = documents.uri(&file.path)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, span_range(file, related.span, encoding)),
                message: related.message.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: span_range(file, finding.span, encoding),
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description: docs.link(finding.rule).map(|href| CodeDescription { href }),
        source: Some("planbook".into()),
        message: if finding.help.is_empty() {
            finding.message.clone()
        } else {
            format!("{}\nhelp: {}", finding.message, finding.help)
        },
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The range of a span; an empty span (a syntax error's place) widens to
/// the word it stands on, so that editors have something to underline.
pub fn span_range(file: &SourceFile, span: Span, encoding: Encoding) -> lsp_types::Range {
    let mut end = span.end.min(file.text.len());
    if end <= span.start {
        let rest = file.text.get(span.start..).unwrap_or("");
        end = span.start
            + rest
                .find(|character: char| character.is_whitespace())
                .unwrap_or(rest.len());
    }
    range(file, span.start, end, encoding)
}
