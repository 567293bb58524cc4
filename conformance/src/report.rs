//! Rendering a conformance run: a text summary, JSON, and a self-contained HTML page.

use crate::suite::{Outcome, StageReport};
use serde::Serialize;

/// A whole conformance run.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub cpython: String,
    pub corpus: Vec<String>,
    pub files: usize,
    pub stages: Vec<StageReport>,
}

impl Report {
    /// One line per stage, then the first few differing files of each stage.
    pub fn to_text(&self) -> String {
        let mut s = format!("conformance against CPython {} on {} files\n", self.cpython, self.files);
        s += &format!(
            "{:<10} {:>10} {:>10} {:>10} {:>9}\n",
            "stage", "identical", "differing", "skipped", "rate"
        );
        for st in &self.stages {
            let compared = st.identical + st.differing;
            let rate = if compared == 0 { 100.0 } else { 100.0 * st.identical as f64 / compared as f64 };
            s += &format!(
                "{:<10} {:>10} {:>10} {:>10} {:>8.2}%\n",
                st.stage, st.identical, st.differing, st.skipped, rate
            );
        }
        for st in &self.stages {
            for f in st.files.iter().filter(|f| matches!(f.outcome, Outcome::Differs(_))).take(10) {
                if let Outcome::Differs(d) = &f.outcome {
                    s +=
                        &format!("\n[{}] {}: first difference in {} at {}\n", st.stage, f.file, d.what, d.at);
                    s += &format!(
                        "--- pyrite\n{}\n--- cpython\n{}\n",
                        d.pyrite.trim_end(),
                        d.cpython.trim_end()
                    );
                }
            }
        }
        s
    }

    /// One self-contained page (no scripts, no external resources): per-stage summary, then per
    /// file side-by-side differences.
    pub fn to_html(&self) -> String {
        let mut h = String::from(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>pyrite conformance</title><style>\
             body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
             table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}\
             th:first-child,td:first-child{text-align:left}.ok{color:#080}.bad{color:#b00}\
             .diff{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin-bottom:1.5em}\
             pre{background:#f6f6f6;padding:6px;overflow:auto;margin:0;font-size:12px}\
             h3{font-size:14px;margin:1em 0 .3em}</style></head><body>\n",
        );
        h += &format!(
            "<h1>pyrite conformance</h1><p>Against CPython {} on {} files ({}).</p>\n",
            esc(&self.cpython),
            self.files,
            esc(&self.corpus.join(", "))
        );
        h += "<table id=\"summary\"><tr><th>stage</th><th>identical</th><th>differing</th><th>skipped</th><th>rate</th></tr>\n";
        for st in &self.stages {
            let compared = st.identical + st.differing;
            let rate = if compared == 0 { 100.0 } else { 100.0 * st.identical as f64 / compared as f64 };
            let class = if st.differing == 0 { "ok" } else { "bad" };
            h += &format!(
                "<tr><td><a href=\"#stage-{0}\">{0}</a></td><td>{1}</td><td class=\"{class}\">{2}</td><td>{3}</td><td>{rate:.2}%</td></tr>\n",
                esc(&st.stage), st.identical, st.differing, st.skipped
            );
        }
        h += "</table>\n";
        for st in &self.stages {
            h += &format!("<h2 id=\"stage-{0}\">{0}</h2>\n", esc(&st.stage));
            if st.files.is_empty() {
                h += "<p class=\"ok\">Every file is identical.</p>\n";
            }
            for f in &st.files {
                match &f.outcome {
                    Outcome::Differs(d) => {
                        h += &format!(
                            "<h3>{} &mdash; {} differs at {}</h3><div class=\"diff\"><div>pyrite<pre>{}</pre></div><div>CPython<pre>{}</pre></div></div>\n",
                            esc(&f.file), esc(&d.what), d.at, esc(&d.pyrite), esc(&d.cpython)
                        );
                    }
                    Outcome::Skipped { reason } => {
                        h += &format!("<h3>{} &mdash; skipped</h3><p>{}</p>\n", esc(&f.file), esc(reason));
                    }
                    Outcome::Identical => {}
                }
            }
        }
        h += "</body></html>\n";
        h
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::first_line_difference;
    use crate::suite::FileOutcome;

    fn sample() -> Report {
        Report {
            cpython: "3.11.7".into(),
            corpus: vec!["/lib".into()],
            files: 3,
            stages: vec![StageReport {
                stage: "tokens".into(),
                identical: 1,
                differing: 1,
                skipped: 1,
                files: vec![
                    FileOutcome {
                        file: "a<b>.py".into(),
                        outcome: Outcome::Differs(first_line_difference("stdout", b"x\n", b"y\n").unwrap()),
                    },
                    FileOutcome {
                        file: "bad.py".into(),
                        outcome: Outcome::Skipped { reason: "SyntaxError".into() },
                    },
                ],
            }],
        }
    }

    #[test]
    fn text_summary_has_rates_and_first_differences() {
        let t = sample().to_text();
        assert!(t.contains("tokens              1          1          1    50.00%"), "{t}");
        assert!(t.contains("[tokens] a<b>.py: first difference in stdout at 1"), "{t}");
    }

    #[test]
    fn html_is_escaped_and_self_contained() {
        let h = sample().to_html();
        assert!(h.contains("a&lt;b&gt;.py"));
        assert!(!h.contains("<script") && !h.contains("http"));
        assert!(h.contains("<td class=\"bad\">1</td>"));
    }
}
