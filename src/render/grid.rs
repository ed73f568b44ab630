//! A table's content apart from its look: drawn with borders for a terminal, fitted to its
//! width, or written as tab-separated lines for a pipe.
//!
//! Fitting never breaks an id: columns marked `Keep` are never cut or wrapped. On a narrow
//! terminal the free-text column is cut with "…" (or wrapped, in a detail view), and then the
//! least useful columns are left out.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ColumnConstraint, ContentArrangement, Table};

/// How a column gives way when the table is wider than the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never cut, wrapped or left out: ids, statuses, account ids.
    Keep,
    /// Left out when nothing else helps; the lowest rank goes first.
    Drop(u8),
    /// Free text, cut with "…" down to [`MIN_TEXT`] columns.
    Cut,
    /// Free text that matters whole (a detail view's values): wrapped, never cut.
    Wrap,
}

/// The narrowest a free-text column is made before columns are left out.
const MIN_TEXT: usize = 16;

/// A cut free-text column goes after the droppable columns ranked below this.
const CUT_RANK: u8 = 5;

#[derive(Debug, Clone, Default)]
pub struct Grid {
    header: Vec<String>,
    fits: Vec<Fit>,
    rows: Vec<Vec<String>>,
}

impl Grid {
    /// A table with a header row.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = (S, Fit)>) -> Grid {
        let (header, fits) = columns.into_iter().map(|(h, f)| (h.into(), f)).unzip();
        Grid {
            header,
            fits,
            rows: Vec::new(),
        }
    }

    /// Two columns without a header: a key, and its value wrapped to the width.
    pub fn keyed() -> Grid {
        Grid {
            header: Vec::new(),
            fits: vec![Fit::Keep, Fit::Wrap],
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(
            cells.len(),
            self.fits.len(),
            "a row has one cell per column"
        );
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The first cell of each row: the ids of a listing (`-q`).
    pub fn first_column(&self) -> impl Iterator<Item = &str> {
        self.rows
            .iter()
            .filter_map(|r| r.first().map(String::as_str))
    }

    /// Tab-separated lines, the header first: what `cut -f`, `awk -F'\t'` and `sort` read. A
    /// tab or line break inside a cell would break the shape, so it becomes a space or "; ".
    pub fn tsv(&self) -> String {
        let line = |cells: &[String]| {
            cells
                .iter()
                .map(|c| c.trim_end().replace('\n', "; ").replace(['\t', '\r'], " "))
                .collect::<Vec<_>>()
                .join("\t")
        };
        let mut out = Vec::with_capacity(self.rows.len() + 1);
        if !self.header.is_empty() {
            out.push(line(&self.header));
        }
        out.extend(self.rows.iter().map(|r| line(r)));
        out.join("\n")
    }

    /// Drawn with borders. With a width, fitted to it (see the module's comment); without one,
    /// every cell whole.
    pub fn boxed(&self, width: Option<usize>) -> String {
        let natural: Vec<usize> = (0..self.fits.len()).map(|c| self.natural(c)).collect();
        let mut shown: Vec<usize> = (0..self.fits.len()).collect();
        let mut widths = natural.clone();
        if let Some(limit) = width {
            fit(&self.fits, &mut shown, &mut widths, limit);
        }
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED);
        let cells = |row: &[String]| -> Vec<String> {
            shown
                .iter()
                .map(|&c| match self.fits[c] {
                    Fit::Cut if widths[c] < natural[c] => cut(&row[c], widths[c]),
                    _ => row[c].clone(),
                })
                .collect()
        };
        if !self.header.is_empty() {
            t.set_header(cells(&self.header));
        }
        for r in &self.rows {
            t.add_row(cells(r));
        }
        match width {
            Some(limit) if shown.iter().any(|&c| self.fits[c] == Fit::Wrap) => {
                t.set_content_arrangement(ContentArrangement::Dynamic);
                t.set_width(u16::try_from(limit).unwrap_or(u16::MAX));
                for (i, &c) in shown.iter().enumerate() {
                    if self.fits[c] != Fit::Wrap
                        && let Some(col) = t.column_mut(i)
                    {
                        col.set_constraint(ColumnConstraint::ContentWidth);
                    }
                }
            }
            _ => {
                t.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        t.to_string()
    }

    fn natural(&self, c: usize) -> usize {
        std::iter::once(&self.header)
            .filter(|h| !h.is_empty())
            .chain(&self.rows)
            .flat_map(|r| r[c].lines())
            .map(console::measure_text_width)
            .max()
            .unwrap_or(0)
    }
}

/// The width a table of these columns takes: `│ a ┆ b │`.
fn total(shown: &[usize], widths: &[usize]) -> usize {
    shown.iter().map(|&c| widths[c] + 3).sum::<usize>() + 1
}

/// Makes `shown` columns at `widths` fit `limit`: narrows free text first, then leaves out
/// droppable columns, lowest rank first. Columns to `Keep` are never touched, so a table of
/// ids alone may still be wider than the terminal, whole.
fn fit(fits: &[Fit], shown: &mut Vec<usize>, widths: &mut [usize], limit: usize) {
    let all = shown.clone();
    let natural = widths.to_vec();
    leave_out(fits, shown, widths, limit);
    // Leaving out in rank order may free more room than was needed: a column more useful than
    // the last one left out (a duration beside a reason too wide to keep) may fit again.
    let mut left_out: Vec<usize> = all.into_iter().filter(|c| !shown.contains(c)).collect();
    left_out.sort_by_key(|&c| std::cmp::Reverse(rank(fits[c])));
    for c in left_out {
        let Some(room) = limit.checked_sub(total(shown, widths) + 3) else {
            break;
        };
        let width = match fits[c] {
            Fit::Cut if room >= MIN_TEXT => natural[c].min(room),
            _ if natural[c] <= room => natural[c],
            _ => continue,
        };
        widths[c] = width;
        let at = shown.partition_point(|&s| s < c);
        shown.insert(at, c);
    }
}

/// How late a column is left out: the lowest rank goes first.
fn rank(fit: Fit) -> u8 {
    match fit {
        Fit::Drop(rank) => rank,
        Fit::Cut => CUT_RANK,
        Fit::Keep | Fit::Wrap => u8::MAX,
    }
}

fn leave_out(fits: &[Fit], shown: &mut Vec<usize>, widths: &mut [usize], limit: usize) {
    loop {
        let now = total(shown, widths);
        if now <= limit {
            return;
        }
        let excess = now - limit;
        let narrowable = shown
            .iter()
            .copied()
            .filter(|&c| matches!(fits[c], Fit::Cut | Fit::Wrap) && widths[c] > MIN_TEXT)
            .max_by_key(|&c| widths[c]);
        if let Some(c) = narrowable {
            widths[c] -= excess.min(widths[c] - MIN_TEXT);
            continue;
        }
        let droppable = shown
            .iter()
            .enumerate()
            .filter(|&(_, &c)| matches!(fits[c], Fit::Drop(_) | Fit::Cut))
            .map(|(i, &c)| (rank(fits[c]), std::cmp::Reverse(i), i))
            .min()
            .map(|(_, _, i)| i);
        match droppable {
            Some(i) => {
                shown.remove(i);
            }
            None => return,
        }
    }
}

/// `text` in at most `width` columns, ending with "…" when cut.
fn cut(text: &str, width: usize) -> String {
    let one_line = text.replace('\n', " ");
    console::truncate_str(&one_line, width, "…").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Grid {
        let mut g = Grid::new([
            ("ID", Fit::Keep),
            ("ACCOUNT", Fit::Keep),
            ("CREATED", Fit::Drop(1)),
            ("DURATION", Fit::Drop(2)),
            ("REASON", Fit::Cut),
        ]);
        g.row(vec![
            "r-0v2bp19znq".into(),
            "324461199873".into(),
            "2026-12-05 19:37".into(),
            "1h 30m".into(),
            "rotate the leaked RDS credentials after INC-4211, then check the replicas".into(),
        ]);
        g
    }

    fn widest_line(s: &str) -> usize {
        s.lines().map(console::measure_text_width).max().unwrap()
    }

    #[test]
    fn a_narrow_terminal_cuts_the_reason_then_leaves_columns_out_but_never_breaks_an_id() {
        let g = sample();
        let wide = g.boxed(Some(200));
        assert!(wide.contains("check the replicas"), "{wide}");
        assert_eq!(wide.lines().count(), 5, "one line per row:\n{wide}");

        let at80 = g.boxed(Some(80));
        assert!(widest_line(&at80) <= 80, "{at80}");
        assert!(at80.contains("r-0v2bp19znq") && at80.contains("324461199873"));
        assert!(at80.contains('…'), "the reason is cut: {at80}");
        assert_eq!(at80.lines().count(), 5, "nothing wraps:\n{at80}");

        let at50 = g.boxed(Some(50));
        assert!(widest_line(&at50) <= 50, "{at50}");
        assert!(at50.contains("r-0v2bp19znq") && at50.contains("324461199873"));
        assert!(
            !at50.contains("CREATED"),
            "the least useful column went first: {at50}"
        );

        // Too narrow for the ids alone: they stay whole, the rest goes.
        let at20 = g.boxed(Some(20));
        assert!(
            at20.contains("r-0v2bp19znq") && at20.contains("324461199873"),
            "{at20}"
        );
        assert!(
            !at20.contains("REASON") && !at20.contains("DURATION"),
            "{at20}"
        );
    }

    #[test]
    fn a_column_left_out_early_comes_back_when_later_ones_free_its_room() {
        // `list` at 81 columns: the columns kept whole take 70, a cut reason needs 19. Leaving
        // out in rank order goes past the duration (rank 2) to the reason (rank 5); once the
        // reason is out, the duration's 11 columns fit again.
        let mut g = Grid::new([
            ("ID", Fit::Keep),
            ("STATUS", Fit::Keep),
            ("FOR", Fit::Drop(3)),
            ("ACCOUNT", Fit::Keep),
            ("PERMISSION SET", Fit::Keep),
            ("DURATION", Fit::Drop(2)),
            ("CREATED (UTC)", Fit::Drop(1)),
            ("ENDS (UTC)", Fit::Drop(4)),
            ("REASON", Fit::Cut),
        ]);
        g.row(vec![
            "r-0v2bp19znq".into(),
            "pending".into(),
            "user:alice".into(),
            "prod (324461199873)".into(),
            "AdministratorAccess".into(),
            "1h 30m".into(),
            "2026-12-05 19:37".into(),
            "2026-12-05 21:07 (in 1h 29m)".into(),
            "rotate the leaked RDS credentials".into(),
        ]);
        let at81 = g.boxed(Some(81));
        assert_eq!(widest_line(&at81), 81, "{at81}");
        assert!(
            at81.contains("DURATION") && at81.contains("1h 30m"),
            "{at81}"
        );
        assert!(
            !at81.contains("CREATED") && !at81.contains("REASON"),
            "{at81}"
        );
        let header = at81.lines().nth(1).unwrap();
        assert!(
            header.find("PERMISSION SET") < header.find("DURATION"),
            "in its own place: {header}"
        );
        // A column narrower than any left out: none fits again.
        let at80 = g.boxed(Some(80));
        assert!(
            widest_line(&at80) <= 80 && !at80.contains("DURATION"),
            "{at80}"
        );
    }

    #[test]
    fn piped_output_is_one_tab_separated_line_per_row_with_a_header() {
        let mut g = sample();
        g.row(vec![
            "r-2".into(),
            "111122223333".into(),
            String::new(),
            "1h".into(),
            "two\nlines\twith a tab".into(),
        ]);
        let tsv = g.tsv();
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines.len(), 3, "{tsv}");
        assert_eq!(lines[0], "ID\tACCOUNT\tCREATED\tDURATION\tREASON");
        assert!(lines.iter().all(|l| l.split('\t').count() == 5), "{tsv}");
        assert_eq!(lines[2].split('\t').nth(4), Some("two; lines with a tab"));
        assert_eq!(
            g.first_column().collect::<Vec<_>>(),
            ["r-0v2bp19znq", "r-2"]
        );
    }

    #[test]
    fn a_detail_view_wraps_its_values_within_the_width() {
        let mut g = Grid::keyed();
        g.row(vec!["id".into(), "r-0v2bp19znq".into()]);
        g.row(vec!["reason".into(), "word ".repeat(40)]);
        let at60 = g.boxed(Some(60));
        assert!(widest_line(&at60) <= 60, "{at60}");
        assert!(at60.contains("r-0v2bp19znq"));
        assert_eq!(at60.matches("word").count(), 40, "nothing cut: {at60}");
        assert_eq!(g.tsv().lines().next(), Some("id\tr-0v2bp19znq"));
    }
}
