//! Parse-stage benchmark over the whole stdlib, from memory: MB/s single-threaded and the memory
//! held by all ASTs, with CPython's `ast.parse` timed on the same files in the same run.
//!
//! Tokens come from pyrite's tokenize stage when it is built; until then they come from CPython's
//! `tokenize` module (prepared before timing, f-string fields served from a cache filled during a
//! warm-up run), so the figure is the parser's alone and says so.
//!
//! Run: `cargo bench -p pyrite-passes --bench parse`

use pyrite_ir::{DecodedSource, Token, TokenStream, TokenType};
use pyrite_passes::Mode;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Counts live heap bytes, to measure what the ASTs hold.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            LIVE.fetch_add(l.size(), Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const HELPER: &str = r#"
import sys, json, tokenize, io, sysconfig, os, time, ast
def toks(text):
    lines = text.splitlines(keepends=True)
    starts = [0]
    for l in lines:
        starts.append(starts[-1] + len(l.encode()))
    def bc(row, col):
        return len(lines[row - 1][:col].encode()) if row - 1 < len(lines) else 0
    out = []
    for t in tokenize.generate_tokens(io.StringIO(text).readline):
        (sr, sc), (er, ec) = t.start, t.end
        bsc, bec = bc(sr, sc), bc(er, ec)
        so = starts[min(sr - 1, len(starts) - 1)] + bsc
        eo = max(so, starts[min(er - 1, len(starts) - 1)] + bec)
        out.extend((t.exact_type, so, eo, sr, bsc, er, bec))
    return out
for line in sys.stdin:
    req = json.loads(line)
    try:
        if req["op"] == "file":
            with tokenize.open(req["path"]) as f:
                text = f.read()
            ast.parse(text)  # only files CPython itself parses are benchmarked
            res = {"text": text, "toks": toks(text)}
        elif req["op"] == "sub":
            res = {"toks": toks(req["src"])}
        else:
            datas = [open(p, "rb").read() for p in req["paths"]]
            t0 = time.perf_counter()
            for d in datas:
                ast.parse(d)
            res = {"seconds": time.perf_counter() - t0, "bytes": sum(map(len, datas))}
    except Exception as e:
        res = {"error": str(e)}
    sys.stdout.write(json.dumps(res) + "\n")
    sys.stdout.flush()
"#;

struct Helper {
    child: std::process::Child,
    out: BufReader<std::process::ChildStdout>,
}

impl Helper {
    fn ask(&mut self, req: serde_json::Value) -> serde_json::Value {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{req}").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        self.out.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap()
    }
}

fn to_tokens(v: &serde_json::Value) -> Vec<Token> {
    let n: Vec<u32> = v.as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as u32).collect();
    n.chunks(7)
        .map(|a| Token {
            ty: TokenType::ALL[a[0] as usize],
            start: a[1],
            end: a[2],
            start_line: a[3],
            start_col: a[4],
            end_line: a[5],
            end_col: a[6],
        })
        .collect()
}

fn main() {
    let python = std::env::var("PYRITE_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut child = Command::new(&python)
        .args(["-c", HELPER])
        .env("PYTHONHASHSEED", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 for the CPython side of the benchmark");
    let out = BufReader::new(child.stdout.take().unwrap());
    let helper = Mutex::new(Helper { child, out });
    let root = Command::new(&python)
        .args(["-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .expect("stdlib path");
    let mut paths = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(&root)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "site-packages") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "py") {
                paths.push(p);
            }
        }
    }
    paths.sort();

    // Token streams (not timed), for files CPython parses.
    let mut streams = Vec::new();
    let mut bench_paths = Vec::new();
    for p in &paths {
        let v = helper.lock().unwrap().ask(serde_json::json!({"op": "file", "path": p}));
        if v.get("error").is_some() {
            continue;
        }
        let text = v["text"].as_str().unwrap().to_string();
        let source = Arc::new(DecodedSource::new(p.display().to_string(), "utf-8", false, text));
        streams.push(TokenStream { source, tokens: to_tokens(&v["toks"]), error: None, warnings: Vec::new() });
        bench_paths.push(p.display().to_string());
    }
    let bytes: usize = streams.iter().map(|s| s.source.text.len()).sum();
    let cache: Mutex<HashMap<String, Vec<Token>>> = Mutex::new(HashMap::new());
    let sub = |s: &str| -> Result<Vec<Token>, String> {
        if let Some(t) = cache.lock().unwrap().get(s) {
            return Ok(t.clone());
        }
        let v = helper.lock().unwrap().ask(serde_json::json!({"op": "sub", "src": s}));
        let t = to_tokens(&v["toks"]);
        cache.lock().unwrap().insert(s.to_string(), t.clone());
        Ok(t)
    };
    // Warm-up (fills the f-string cache), then timed runs keeping every AST.
    let mut failures = 0;
    for ts in &streams {
        if pyrite_passes::parse::parse_tokens_here(ts, Mode::Exec, true, &sub).is_err() {
            failures += 1;
        }
    }
    let mut best = f64::MAX;
    let mut held = 0;
    for _ in 0..3 {
        let before = LIVE.load(Ordering::Relaxed);
        let t0 = Instant::now();
        let trees: Vec<_> =
            streams.iter().map(|ts| pyrite_passes::parse::parse_tokens_here(ts, Mode::Exec, true, &sub)).collect();
        let dt = t0.elapsed().as_secs_f64();
        held = LIVE.load(Ordering::Relaxed) - before;
        best = best.min(dt);
        drop(trees);
    }
    let mb = bytes as f64 / 1e6;
    let v = helper.lock().unwrap().ask(serde_json::json!({"op": "time", "paths": bench_paths}));
    let cpy = v["seconds"].as_f64().unwrap_or(f64::NAN);
    println!("files: {} ({:.1} MB of source), pyrite parse failures: {failures}", streams.len(), mb);
    println!("pyrite parse (tokens -> AST, 1 thread, best of 3): {:.3} s = {:.1} MB/s", best, mb / best);
    println!("CPython ast.parse (tokenize + parse + AST objects):  {:.3} s = {:.1} MB/s", cpy, mb / cpy);
    println!("memory held by all {} ASTs: {:.1} MB (heap bytes requested)", streams.len(), held as f64 / 1e6);
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string()))
        .and_then(|kb| kb.parse::<f64>().ok())
        .unwrap_or(0.0);
    println!("process peak RSS (token streams of every file + ASTs + harness): {:.1} MB", hwm / 1024.0);
    println!(
        "note: tokens came from CPython's tokenize module (pyrite's tokenize stage is not merged yet), so \
         the pyrite figure excludes tokenizing"
    );
}
