//! Text clean-up shared by the importers: HTML in cells, full-width spaces, flattened labels.

/// Turns a cell that carries HTML (`<p>…</p>`, `<p style=…>`, `<br>`, entities) into plain text
/// with one `\n` between paragraphs, as the sample forms' goal cells need (sample forms `forms-2026`, `forms-2023`,
/// `forms-2018`). Text without markup is returned trimmed and otherwise unchanged, so a literal `<` in
/// ordinary text (`a<b`) survives. Check boxes (`<input …>`) vanish here: read them before.
pub(crate) fn html_to_text(cell: &str) -> String {
    if !looks_like_html(cell) {
        return cell.trim().to_owned();
    }
    let Ok(rendered) = html2text::config::plain().string_from_read(cell.as_bytes(), 100_000) else {
        return cell.trim().to_owned();
    };
    rendered
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cell's text as a value: kept exactly as written when `exact` (cells on a grid, whose
/// spaces and line breaks are the user's), unless it carries HTML; otherwise as
/// [`html_to_text`] gives it (trimmed, HTML turned into paragraphs).
pub(crate) fn cell_value(cell: &str, exact: bool) -> String {
    if exact && !looks_like_html(cell) {
        cell.to_owned()
    } else {
        html_to_text(cell)
    }
}

fn looks_like_html(cell: &str) -> bool {
    const MARKERS: [&str; 9] = [
        "<p>", "<p ", "</p>", "<br", "<div", "<span", "&amp;", "&nbsp;", "&lt;",
    ];
    let lower = cell.to_ascii_lowercase();
    MARKERS.iter().any(|marker| lower.contains(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_become_lines() {
        assert_eq!(
            html_to_text("<p>(2) 中心领导；</p> <p>(3) 项目负责人</p>"),
            "(2) 中心领导；\n(3) 项目负责人"
        );
        assert_eq!(html_to_text("<p style=\"x\">a &amp; b</p>"), "a & b");
        assert_eq!(html_to_text("<p>“前台”。</p>"), "“前台”。");
    }

    #[test]
    fn plain_text_is_left_alone() {
        assert_eq!(html_to_text("  条件 a<b 成立 "), "条件 a<b 成立");
    }
}
