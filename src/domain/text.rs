//! Which characters must never reach a reader as themselves: escape sequences, control and
//! bidirectional characters, and the invisible ones that hide or disguise text. Pure, so that
//! every place untrusted text leaves elevate — a terminal, a CSV cell, a Slack message — asks
//! the same list.

/// Whether a character must never reach a reader as itself: the one list, used for terminals
/// (`render::sanitize::clean`), CSV cells and notifications. Each class below is written as explicit ranges
/// rather than through a Unicode crate, so that a reviewer sees exactly what is covered.
pub fn is_dangerous(c: char) -> bool {
    is_control(c)
        || is_bidi_control(c)
        || is_format(c)
        || is_tag(c)
        || is_hangul_filler(c)
        || is_variation_selector(c)
        || is_line_separator(c)
}

/// C0 and C1 controls and DEL (general category Cc): escape sequences, and line breaks and tabs
/// that could forge table rows or cells.
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Bidirectional embeddings, overrides, isolates and marks: they reorder what is displayed
/// (Trojan Source), so a reason can read backwards from what it says.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Format characters, general category Cf as of Unicode 16: invisible, they hide text (zero
/// width spaces, soft hyphens, joiners), split a word that looks whole, or change how the text
/// around them is shaped. The 2060–206F block is taken whole, its one unassigned code point
/// included.
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// The tag block, assigned or not: invisible copies of ASCII that can smuggle a whole hidden
/// message (to a person, or to a model reading the ledger) inside harmless-looking text.
pub fn is_tag(c: char) -> bool {
    matches!(c, '\u{E0000}'..='\u{E007F}')
}

/// Hangul fillers: letters (so not Cf) that render as blank space, used to make a name look
/// empty or like another.
pub fn is_hangul_filler(c: char) -> bool {
    matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

/// Variation selectors: invisible after any character, and a run of them can encode arbitrary
/// bytes.
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Line and paragraph separators: line breaks to a terminal or a spreadsheet, like `\n`.
pub fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}
