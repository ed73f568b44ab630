//! Untrusted text (reasons, comments, names from the directory, service messages) is made safe
//! before it reaches a terminal: escape sequences, control characters and bidirectional
//! overrides could otherwise rewrite what an approver sees.

use std::borrow::Cow;

fn is_dangerous(c: char) -> bool {
    c.is_control()
        // Bidirectional embeddings, overrides and isolates (Trojan Source).
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        // Zero-width characters that hide text, and the byte-order mark.
        || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
        // Line and paragraph separators.
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Replaces every dangerous character with a visible `\u{…}` escape (newlines and tabs included:
/// a reason must not be able to forge extra table rows).
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_dangerous(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like `clean`, but keeps line breaks, for multi-line messages such as errors.
pub fn clean_multiline(s: &str) -> String {
    s.split('\n')
        .map(|l| clean(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        assert!(matches!(
            clean("deploy fix for INC-7 — ok ✓"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(clean("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(clean("x\ny\rz\t"), "x\\u{a}y\\u{d}z\\u{9}");
        assert_eq!(clean("ok\u{202E}lanigiro"), "ok\\u{202e}lanigiro");
        assert_eq!(clean("a\u{2066}b\u{2069}"), "a\\u{2066}b\\u{2069}");
        assert_eq!(clean("ze\u{200B}ro"), "ze\\u{200b}ro");
        assert_eq!(clean("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(clean_multiline("one\u{1b}\ntwo"), "one\\u{1b}\ntwo");
    }
}
