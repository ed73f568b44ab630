//! Untrusted text (reasons, comments, names from the directory, service messages) is made safe
//! before it reaches a terminal: escape sequences, control characters and bidirectional
//! overrides could otherwise rewrite what an approver sees.

use std::borrow::Cow;

// The one list of dangerous characters lives in the domain, so notifications (which the
// domain renders for Slack) and terminals escape exactly the same.
pub use crate::domain::text::{
    is_bidi_control, is_control, is_dangerous, is_format, is_hangul_filler, is_line_separator,
    is_tag, is_variation_selector,
};

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

/// A CSV cell made safe to open in a spreadsheet: dangerous characters escaped as by `clean`
/// (a bidi override or an invisible character is no safer in a cell than on a terminal), then a
/// cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) made text with a leading `'`.
pub fn csv_cell(s: &str) -> String {
    let cleaned = clean(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cleaned}")
    } else {
        cleaned.into_owned()
    }
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

    /// Every character of `payload` is escaped, whatever surrounds it.
    fn all_escaped(class: &str, payload: &[char]) {
        for &c in payload {
            let text = format!("ok{c}ay");
            let expected = format!("ok\\u{{{:x}}}ay", c as u32);
            assert_eq!(clean(&text), expected, "{class}: U+{:04X}", c as u32);
        }
    }

    #[test]
    fn escapes_format_characters() {
        all_escaped(
            "Cf",
            &[
                '\u{00AD}',
                '\u{0600}',
                '\u{0605}',
                '\u{061C}',
                '\u{06DD}',
                '\u{070F}',
                '\u{0890}',
                '\u{08E2}',
                '\u{180E}',
                '\u{200B}',
                '\u{200C}',
                '\u{200D}',
                '\u{200E}',
                '\u{200F}',
                '\u{2060}',
                '\u{2061}',
                '\u{2062}',
                '\u{2063}',
                '\u{2064}',
                '\u{206A}',
                '\u{206F}',
                '\u{FEFF}',
                '\u{FFF9}',
                '\u{FFFB}',
                '\u{110BD}',
                '\u{110CD}',
                '\u{13430}',
                '\u{1343F}',
                '\u{1BCA0}',
                '\u{1D173}',
                '\u{1D17A}',
                '\u{E0001}',
            ],
        );
    }

    #[test]
    fn escapes_tag_characters() {
        // "ignore" in tags: invisible, yet a copy-paste away from being read.
        let hidden: Vec<char> = "ignore"
            .chars()
            .map(|c| char::from_u32(0xE0000 + c as u32).unwrap())
            .chain(['\u{E0000}', '\u{E0001}', '\u{E007F}'])
            .collect();
        all_escaped("tags", &hidden);
    }

    #[test]
    fn escapes_hangul_fillers() {
        all_escaped(
            "Hangul fillers",
            &['\u{115F}', '\u{1160}', '\u{3164}', '\u{FFA0}'],
        );
    }

    #[test]
    fn escapes_variation_selectors() {
        all_escaped(
            "variation selectors",
            &['\u{FE00}', '\u{FE0E}', '\u{FE0F}', '\u{E0100}', '\u{E01EF}'],
        );
    }

    #[test]
    fn escapes_controls_bidi_and_separators() {
        all_escaped(
            "Cc",
            &['\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'],
        );
        all_escaped(
            "bidi",
            &[
                '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2069}',
            ],
        );
        all_escaped("separators", &['\u{2028}', '\u{2029}']);
    }

    #[test]
    fn csv_cells_are_neither_formulas_nor_hiding_places() {
        for formula in [
            "=HYPERLINK(\"https://evil\",\"ok\")",
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A9)",
            "\t=1+1",
            "\r=1+1",
        ] {
            assert!(
                csv_cell(formula).starts_with('\''),
                "{formula:?} -> {}",
                csv_cell(formula)
            );
        }
        assert_eq!(csv_cell("\t=1"), "'\\u{9}=1");
        assert_eq!(csv_cell("ok\u{202E}gnp.exe"), "ok\\u{202e}gnp.exe");
        assert_eq!(
            csv_cell("in\u{200B}visible\u{E0041}"),
            "in\\u{200b}visible\\u{e0041}"
        );
        assert_eq!(csv_cell("a\nb"), "a\\u{a}b");
        assert_eq!(csv_cell("deploy INC-7 — ok"), "deploy INC-7 — ok");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn visible_neighbours_of_the_classes_are_kept() {
        // The characters next to each range are ordinary text, and must stay readable.
        for c in [
            '\u{00AC}', '\u{00AE}', '\u{115E}', '\u{1161}', '\u{3163}', '\u{3165}', '\u{FDFF}',
            '\u{FE10}', '\u{FFA1}', '\u{2027}', '\u{202F}', 'é', 'ß', '→', '✓', '한',
        ] {
            let text = format!("a{c}b");
            assert_eq!(clean(&text), text, "U+{:04X}", c as u32);
        }
    }
}
