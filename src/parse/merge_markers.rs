//! Finds the conflict markers git leaves in a file when a merge could not
//! be resolved (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>` at the start of
//! a line, seven characters, then a space or the line's end). Markers
//! inside a fenced code block are text a page shows (a guide to resolving
//! conflicts), not a conflict. A `=======` line only counts inside an
//! opened conflict: on its own it underlines a Markdown heading. Only
//! reads; reporting is the lint stage's job.

use std::ops::Range;

/// One unresolved conflict: where its markers are (byte ranges of whole
/// lines, without the newline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeMarkers {
    /// The `<<<<<<<` line, or a stray `>>>>>>>` when no conflict was opened.
    pub first: Range<usize>,
    /// The `|||||||` and `=======` lines, and the closing `>>>>>>>`.
    pub others: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Ours,
    Base,
    Separator,
    Theirs,
}

fn marker_of(line: &str) -> Option<Marker> {
    let marker = match line.get(..7)? {
        "<<<<<<<" => Marker::Ours,
        "|||||||" => Marker::Base,
        "=======" => Marker::Separator,
        ">>>>>>>" => Marker::Theirs,
        _ => return None,
    };
    let rest = &line[7..];
    let ends_marker = rest.is_empty() || rest.starts_with([' ', '\t', '\r']);
    ends_marker.then_some(marker)
}

/// The opening of a fenced code block: up to three spaces, then three or
/// more backticks or tildes. Returns the fence character and its length.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let fence = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = rest.len() - rest.trim_start_matches(fence).len();
    (length >= 3).then_some((fence, length))
}

/// Every unresolved conflict in `text`, in order.
pub fn find_merge_markers(text: &str) -> Vec<MergeMarkers> {
    // Most pages have none: skip the line walk for them.
    let has_marker = |marker: &str| memchr::memmem::find(text.as_bytes(), marker.as_bytes());
    if has_marker("<<<<<<<").is_none() && has_marker(">>>>>>>").is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut open: Option<MergeMarkers> = None;
    let mut fence: Option<(char, usize)> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let range = line_start..line_start + line.trim_end_matches(['\n', '\r']).len();
        line_start += line.len();
        let content = &text[range.clone()];
        if open.is_none() {
            if let Some((character, length)) = fence_of(content) {
                fence = match fence {
                    None => Some((character, length)),
                    Some((open_char, open_length))
                        if open_char == character
                            && length >= open_length
                            && content
                                .trim_start()
                                .trim_start_matches(character)
                                .trim()
                                .is_empty() =>
                    {
                        None
                    }
                    still_open => still_open,
                };
                continue;
            }
        }
        if fence.is_some() {
            continue;
        }
        match (marker_of(content), open.as_mut()) {
            (Some(Marker::Ours), _) => {
                // A second opening before a close: the first never closed.
                found.extend(open.take());
                open = Some(MergeMarkers {
                    first: range,
                    others: Vec::new(),
                });
            }
            (Some(Marker::Base | Marker::Separator), Some(conflict)) => conflict.others.push(range),
            (Some(Marker::Theirs), Some(conflict)) => {
                conflict.others.push(range);
                found.extend(open.take());
            }
            (Some(Marker::Theirs), None) => found.push(MergeMarkers {
                first: range,
                others: Vec::new(),
            }),
            _ => {}
        }
    }
    found.extend(open);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, Vec<usize>)> {
        find_merge_markers(text)
            .into_iter()
            .map(|markers| {
                let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
                (
                    line_of(markers.first.start),
                    markers
                        .others
                        .iter()
                        .map(|range| line_of(range.start))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_conflict_is_found_at_its_opening_line() {
        let text = "# A\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> other\nafter\n";
        assert_eq!(lines(text), [(2, vec![4, 6])]);
        let markers = &find_merge_markers(text)[0];
        assert_eq!(&text[markers.first.clone()], "<<<<<<< HEAD");
    }

    #[test]
    fn diff3_base_sections_and_crlf_are_markers_too() {
        let text = "<<<<<<< ours\r\na\r\n||||||| base\r\nb\r\n=======\r\nc\r\n>>>>>>> theirs\r\n";
        assert_eq!(lines(text), [(1, vec![3, 5, 7])]);
        assert_eq!(
            &text[find_merge_markers(text)[0].first.clone()],
            "<<<<<<< ours"
        );
    }

    #[test]
    fn headings_fences_and_longer_runs_are_not_markers() {
        let heading = "Title\n=======\n\ntext\n";
        assert_eq!(lines(heading), []);
        let fenced = "```text\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n```\n";
        assert_eq!(lines(fenced), []);
        let longer = "<<<<<<<< not a marker\n>>>>>>>>\n";
        assert_eq!(lines(longer), []);
    }

    #[test]
    fn stray_and_unclosed_markers_are_reported() {
        assert_eq!(lines("a\n>>>>>>> other\n"), [(2, vec![])]);
        assert_eq!(lines("<<<<<<< HEAD\na\n=======\n"), [(1, vec![3])]);
        // A conflict after a closed fence is found again.
        assert_eq!(lines("~~~\nx\n~~~\n<<<<<<< HEAD\n"), [(4, vec![])]);
    }
}
