//! The few `posixpath` functions whose exact string results `compileall` prints or writes into
//! .pyc files (`os.path.join` keeps doubled slashes, `abspath` normalizes, ...): `Path` methods
//! normalize differently, so these work on strings as CPython does.

/// `os.path.join(a, *parts)`: an absolute part discards everything before it.
pub fn join<'a>(first: &str, rest: impl IntoIterator<Item = &'a str>) -> String {
    let mut path = first.to_string();
    for part in rest {
        if part.starts_with('/') {
            path = part.to_string();
        } else if path.is_empty() || path.ends_with('/') {
            path.push_str(part);
        } else {
            path.push('/');
            path.push_str(part);
        }
    }
    path
}

/// `os.path.basename`.
pub fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `os.path.normpath`: collapses `.`, `..` and repeated slashes (POSIX keeps exactly two leading
/// slashes).
pub fn normpath(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let leading = if path.starts_with("//") && !path.starts_with("///") {
        2
    } else if path.starts_with('/') {
        1
    } else {
        0
    };
    let mut parts: Vec<&str> = Vec::new();
    for comp in path.split('/') {
        match comp {
            "" | "." => {}
            ".." if leading == 0 && parts.last().is_none_or(|p| *p == "..") => parts.push(".."),
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    let joined = format!("{}{}", "/".repeat(leading), parts.join("/"));
    if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// `os.path.abspath` relative to `cwd`.
pub fn abspath(path: &str, cwd: &str) -> String {
    if path.starts_with('/') {
        normpath(path)
    } else {
        normpath(&join(cwd, [path]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posixpath_results() {
        assert_eq!(join("a/", ["b"]), "a/b");
        assert_eq!(join("a", ["", "b"]), "a/b");
        assert_eq!(join("a", [""]), "a/");
        assert_eq!(join("", ["tmp", "x"]), "tmp/x");
        assert_eq!(join("/p", ["/abs/f.py"]), "/abs/f.py");
        assert_eq!(basename("a/b.py"), "b.py");
        assert_eq!(basename("b/"), "");
        assert_eq!(normpath("a//b/./../c/"), "a/c");
        assert_eq!(normpath("../../x"), "../../x");
        assert_eq!(normpath("/../x"), "/x");
        assert_eq!(normpath("//x/"), "//x");
        assert_eq!(normpath("///x"), "/x");
        assert_eq!(normpath("a/.."), ".");
        assert_eq!(abspath("", "/tmp"), "/tmp");
        assert_eq!(abspath("rel/", "/tmp"), "/tmp/rel");
    }
}
