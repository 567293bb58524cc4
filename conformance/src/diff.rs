//! Locating the first difference between pyrite's output and CPython's, with context.

use serde::Serialize;

/// Where two outputs first differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What differs: "stdout", "stderr", "status", "bytes", ...
    pub what: String,
    /// 1-based line (text) or 0-based byte offset (binary) of the first difference.
    pub at: usize,
    /// pyrite's side around the difference (a few lines, or a hex window).
    pub pyrite: String,
    /// CPython's side around the difference.
    pub cpython: String,
}

const CONTEXT_LINES: usize = 2;

/// The first differing line of two texts, with up to two lines of context before it and the
/// differing line itself on each side. `None` when the texts are identical.
pub fn first_line_difference(what: &str, pyrite: &[u8], cpython: &[u8]) -> Option<Difference> {
    if pyrite == cpython {
        return None;
    }
    let ours: Vec<&[u8]> = pyrite.split_inclusive(|&b| b == b'\n').collect();
    let theirs: Vec<&[u8]> = cpython.split_inclusive(|&b| b == b'\n').collect();
    let i = ours.iter().zip(&theirs).position(|(a, b)| a != b).unwrap_or(ours.len().min(theirs.len()));
    let window = |lines: &[&[u8]]| {
        let from = i.saturating_sub(CONTEXT_LINES);
        let to = (i + 1).min(lines.len());
        let mut s = String::new();
        for l in &lines[from.min(to)..to] {
            s.push_str(&String::from_utf8_lossy(l));
        }
        if i >= lines.len() {
            s.push_str("<end of output>");
        }
        s
    };
    Some(Difference { what: what.to_string(), at: i + 1, pyrite: window(&ours), cpython: window(&theirs) })
}

/// The first differing byte of two binary outputs, with a 16-byte hex window on each side.
pub fn first_byte_difference(what: &str, pyrite: &[u8], cpython: &[u8]) -> Option<Difference> {
    if pyrite == cpython {
        return None;
    }
    let i = pyrite.iter().zip(cpython).position(|(a, b)| a != b).unwrap_or(pyrite.len().min(cpython.len()));
    let hex = |b: &[u8]| {
        let from = i.saturating_sub(8).min(b.len());
        let to = (i + 8).min(b.len());
        let mut s: Vec<String> = b[from..to].iter().map(|x| format!("{x:02x}")).collect();
        if to <= i {
            s.push(format!("<end at {}>", b.len()));
        }
        format!("@{from:#x}: {}", s.join(" "))
    };
    Some(Difference { what: what.to_string(), at: i, pyrite: hex(pyrite), cpython: hex(cpython) })
}

/// The first difference between two runs of a command: exit status, then stdout, then stderr.
pub fn run_difference(
    pyrite: &crate::oracle::ModuleRun,
    cpython: &crate::oracle::ModuleRun,
) -> Option<Difference> {
    if pyrite.status != cpython.status {
        return Some(Difference {
            what: "exit status".into(),
            at: 0,
            pyrite: pyrite.status.to_string(),
            cpython: cpython.status.to_string(),
        });
    }
    first_line_difference("stdout", &pyrite.stdout, &cpython.stdout)
        .or_else(|| first_line_difference("stderr", &pyrite.stderr, &cpython.stderr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_first_differing_line_with_context() {
        let d = first_line_difference("stdout", b"a\nb\nc\nd\n", b"a\nb\nX\nd\n").unwrap();
        assert_eq!(d.at, 3);
        assert_eq!(d.pyrite, "a\nb\nc\n");
        assert_eq!(d.cpython, "a\nb\nX\n");
        assert!(first_line_difference("stdout", b"same", b"same").is_none());
    }

    #[test]
    fn shorter_output_ends_early() {
        let d = first_line_difference("stdout", b"a\n", b"a\nb\n").unwrap();
        assert_eq!(d.at, 2);
        assert!(d.pyrite.ends_with("<end of output>"));
    }

    #[test]
    fn finds_first_differing_byte() {
        let d = first_byte_difference("bytes", &[1, 2, 3, 4], &[1, 2, 9, 4]).unwrap();
        assert_eq!(d.at, 2);
        assert_eq!(d.pyrite, "@0x0: 01 02 03 04");
        let d = first_byte_difference("bytes", &[1, 2], &[1, 2, 3]).unwrap();
        assert_eq!(d.at, 2);
        assert_eq!(d.pyrite, "@0x0: 01 02 <end at 2>");
    }
}
