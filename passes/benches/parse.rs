//! Parse-stage benchmark over the whole stdlib, from memory: MB/s single-threaded and the memory
//! held by all ASTs, with CPython's `ast.parse` timed on the same files in the same run.
//!
//! Reports tokens + AST (the tokenize and parse stages together, what the task measures) and the
//! parse stage alone (on token streams made beforehand).
//!
//! Run: `cargo bench -p pyrite-passes --bench parse`

mod common;

use common::cpu_seconds;
use pyrite_ir::TokenStream;
use pyrite_passes::Mode;
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
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
for line in sys.stdin:
    req = json.loads(line)
    try:
        if req["op"] == "file":
            with tokenize.open(req["path"]) as f:
                text = f.read()
            ast.parse(text)  # only files CPython itself parses are benchmarked
            res = {"ok": True}
        else:
            datas = [open(p, "rb").read() for p in req["paths"]]
            t0 = time.perf_counter()
            c0 = time.process_time()
            for d in datas:
                ast.parse(d)
            res = {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                   "bytes": sum(map(len, datas))}
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
    let paths = common::stdlib_files(&python);

    // Files CPython parses, read into memory.
    let mut sources = Vec::new();
    let mut bench_paths = Vec::new();
    for p in &paths {
        let v = helper.lock().unwrap().ask(serde_json::json!({"op": "file", "path": p}));
        if v.get("error").is_some() {
            continue;
        }
        let bytes = std::fs::read(p).unwrap();
        sources.push(pyrite_ir::SourceFile::new(p.display().to_string(), bytes));
        bench_paths.push(p.display().to_string());
    }
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    let tokens_and_ast = |src: &pyrite_ir::SourceFile| {
        let ts = pyrite_passes::tokenize::tokenize(src, true);
        pyrite_passes::parse::parse_tokens_here(
            &ts,
            Mode::Exec,
            true,
            &pyrite_passes::parse::default_sub_tokenizer,
        )
    };
    let failures = sources.iter().filter(|s| tokens_and_ast(s).is_err()).count();
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut best_parse = f64::MAX;
    let mut best_parse_cpu = f64::MAX;
    let mut held = 0;
    for _ in 0..5 {
        // Tokens + AST from memory, keeping every AST.
        let before = LIVE.load(Ordering::Relaxed);
        let t0 = Instant::now();
        let c0 = cpu_seconds();
        let trees: Vec<_> = sources.iter().map(tokens_and_ast).collect();
        let dt = t0.elapsed().as_secs_f64();
        best_cpu = best_cpu.min(cpu_seconds() - c0);
        held = LIVE.load(Ordering::Relaxed) - before;
        best = best.min(dt);
        drop(trees);
        // The parse stage alone, on token streams made beforehand.
        let streams: Vec<TokenStream> =
            sources.iter().map(|s| pyrite_passes::tokenize::tokenize(s, true)).collect();
        let t0 = Instant::now();
        let c0 = cpu_seconds();
        let trees: Vec<_> = streams
            .iter()
            .map(|ts| {
                pyrite_passes::parse::parse_tokens_here(
                    ts,
                    Mode::Exec,
                    true,
                    &pyrite_passes::parse::default_sub_tokenizer,
                )
            })
            .collect();
        best_parse = best_parse.min(t0.elapsed().as_secs_f64());
        best_parse_cpu = best_parse_cpu.min(cpu_seconds() - c0);
        drop(trees);
    }
    let mb = bytes as f64 / 1e6;
    let v = helper.lock().unwrap().ask(serde_json::json!({"op": "time", "paths": bench_paths}));
    let cpy = v["seconds"].as_f64().unwrap_or(f64::NAN);
    let cpy_cpu = v["cpu"].as_f64().unwrap_or(f64::NAN);
    println!("files: {} ({:.1} MB of source), pyrite failures: {failures}", sources.len(), mb);
    println!("On a shared machine wall time mostly measures the other processes: CPU time is the figure to compare.");
    println!("                                          wall      MB/s  |   CPU      MB/s  (best of 5)");
    let row = |name: &str, wall: f64, cpu: f64| {
        println!("{name:<40} {wall:6.3} s {:7.1}  | {cpu:6.3} s {:7.1}", mb / wall, mb / cpu);
    };
    row("pyrite tokens + AST (1 thread)", best, best_cpu);
    row("pyrite parse stage alone (tokens -> AST)", best_parse, best_parse_cpu);
    row("CPython ast.parse (1 run)", cpy, cpy_cpu);
    println!("memory held by all {} ASTs: {:.1} MB (heap bytes requested)", sources.len(), held as f64 / 1e6);
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string())
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .unwrap_or(0.0);
    println!("process peak RSS (sources + ASTs + harness): {:.1} MB", hwm / 1024.0);
}
