//! The HTML conformance report is one self-contained page that a browser renders with no server:
//! headless Chromium loads it from a file, its DOM holds the summary table and the side-by-side
//! differences, and its screenshot is not a blank page. Chromium is required under CI (`.ci/run`
//! installs Debian's package); elsewhere the test says it is skipping.

use pyrite_conformance::diff::first_line_difference;
use pyrite_conformance::report::Report;
use pyrite_conformance::suite::{FileOutcome, Outcome, StageReport};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        std::env::var_os("PATH")
            .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(name)).find(|p| p.is_file()))
    });
    if found.is_none() {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "headless Chromium is required under CI (.ci/run installs Debian's chromium)"
        );
        eprintln!("SKIPPED: no chromium on PATH; the HTML report is not checked in a browser");
    }
    found
}

/// Runs headless Chromium (the flags this machine's closed network needs) with a time limit.
fn headless(browser: &Path, profile: &Path, args: &[String]) -> Output {
    let out = Command::new("timeout")
        .arg("120")
        .arg(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1000,700",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("start chromium");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn report() -> Report {
    let differs =
        first_line_difference("stdout", b"Module(\n   body=[<old> & \"x\"])\n", b"Module(\n   body=[])\n");
    Report {
        cpython: "3.11.7".into(),
        corpus: vec!["/lib/python3.11".into()],
        files: 3,
        stages: vec![
            StageReport { stage: "tokens".into(), identical: 3, differing: 0, skipped: 0, files: vec![] },
            StageReport {
                stage: "ast".into(),
                identical: 1,
                differing: 1,
                skipped: 1,
                files: vec![
                    FileOutcome { file: "pkg/mod.py".into(), outcome: Outcome::Differs(differs.unwrap()) },
                    FileOutcome {
                        file: "bad.py".into(),
                        outcome: Outcome::Skipped { reason: "SyntaxError".into() },
                    },
                ],
            },
        ],
    }
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn the_html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else { return };
    let dir = std::env::temp_dir().join(format!("pyrite-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    std::fs::write(&page, report().to_html()).unwrap();
    let url = format!("file://{}", page.display());

    let dom = headless(&browser, &dir.join("profile-dom"), &["--dump-dom".into(), url.clone()]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<table id=\"summary\">"), "{dom}");
    assert!(
        dom.contains("<td><a href=\"#stage-ast\">ast</a></td><td>1</td><td class=\"bad\">1</td>"),
        "{dom}"
    );
    assert!(dom.contains("pkg/mod.py"), "{dom}");
    // The difference's text arrives as text, escaped, inside the side-by-side panes.
    assert!(dom.contains("&lt;old&gt; &amp; \"x\""), "{dom}");

    let shot = |name: &str, target: &str| {
        let png = dir.join(name);
        headless(
            &browser,
            &dir.join(format!("profile-{name}")),
            &[format!("--screenshot={}", png.display()), target.into()],
        );
        std::fs::read(png).unwrap()
    };
    let report_png = shot("report.png", &url);
    let blank_png = shot("blank.png", "about:blank");
    assert_eq!(png_size(&report_png), (1000, 700));
    // A rendered page of tables and text compresses far worse than an empty white one.
    assert!(
        report_png.len() > 4 * blank_png.len(),
        "the report screenshot ({} bytes) looks blank (an empty page: {} bytes)",
        report_png.len(),
        blank_png.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
