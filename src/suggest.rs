//! "Did you mean": the nearest known name to one that is not known.

/// The candidate closest to `word`, if one is close enough to be a likely typo
/// (same letters in another case, a prefix, or an edit distance of at most a quarter of
/// the word).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = word.to_lowercase().replace('_', "-");
    let length = folded.chars().count();
    let limit = (word.chars().count() / 4).max(1);
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let prefix = candidate.starts_with(word) && word.len() >= 3;
            // The edit distance is at least the difference in length: most candidates are
            // ruled out without computing it.
            if !prefix && candidate.chars().count().abs_diff(length) > limit {
                return None;
            }
            let distance = strsim::damerau_levenshtein(&folded, &candidate.to_lowercase());
            (distance <= limit || prefix).then_some((distance, candidate))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// `; did you mean `x`?` or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, candidates)
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos() {
        let fields = ["id", "name", "role", "status", "contour"];
        assert_eq!(nearest("stauts", fields), Some("status"));
        assert_eq!(nearest("Role", fields), Some("role"));
        assert_eq!(nearest("colour", fields), None);
        assert_eq!(
            nearest("analytic", ["analytics", "core"]),
            Some("analytics")
        );
        assert_eq!(
            nearest("webinar_chat", ["webinar-chat", "ui-webinar-room"]),
            Some("webinar-chat")
        );
    }
}
