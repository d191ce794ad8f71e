//! "Did you mean" suggestions for mistyped keys, ids and owners.

/// The candidate closest to `word`, when it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let score = strsim::jaro_winkler(&word_lower, &candidate.to_lowercase());
        let distance = strsim::damerau_levenshtein(&word_lower, &candidate.to_lowercase());
        let close = score >= 0.85 || distance <= 2.min(candidate.len() / 3).max(1);
        if close
            && best.is_none_or(|(best_score, best_candidate)| {
                score > best_score || (score == best_score && candidate < best_candidate)
            })
        {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_and_ignores_strangers() {
        assert_eq!(closest("ownr", ["owner", "status"]), Some("owner"));
        assert_eq!(
            closest("depends-on", ["depends_on", "duration"]),
            Some("depends_on")
        );
        assert_eq!(closest("zebra", ["owner", "status"]), None);
    }
}
