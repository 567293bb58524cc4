//! marshal benchmark over the whole stdlib, from memory: pyrite's reader (`loads_code`) and
//! writer (`dumps_v4`, the .pyc body with CPython's reference sharing) in MB/s of marshal data,
//! with CPython's `marshal.loads` / `marshal.dumps` timed on the same code objects in the same run.
//! Best of 5 passes each, one thread.
//!
//! Run: `cargo bench -p pyrite-passes --bench marshal`

use pyrite_passes::serialize::marshal_read::loads_code;
use pyrite_passes::serialize::marshal_write::dumps_v4;
use std::process::Command;
use std::time::Instant;

/// Compiles every stdlib file, writes the marshal data as (u32 length, bytes) records to
/// `out`, and prints CPython's best times of loads and dumps over all of them.
const CPYTHON: &str = r#"
import marshal, os, sys, sysconfig, time, struct
root = sysconfig.get_paths()["stdlib"]
codes = []
for d, dirs, files in os.walk(root):
    dirs[:] = sorted(x for x in dirs if x != "site-packages")
    for f in sorted(files):
        if f.endswith(".py"):
            p = os.path.join(d, f)
            try:
                codes.append(compile(open(p, "rb").read(), p, "exec", dont_inherit=True))
            except (SyntaxError, ValueError):
                pass
datas = [marshal.dumps(c) for c in codes]
with open(sys.argv[1], "wb") as f:
    for d in datas:
        f.write(struct.pack("<I", len(d)) + d)
def best(fn, items):
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        for x in items:
            fn(x)
        times.append(time.perf_counter() - t0)
    return min(times)
print(best(marshal.loads, datas), best(marshal.dumps, codes))
"#;

fn best(mut f: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let blob_path = std::env::temp_dir().join(format!("pyrite-marshal-bench-{}", std::process::id()));
    let python = std::env::var("PYRITE_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python).args(["-c", CPYTHON]).arg(&blob_path).output().expect("run python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let times: Vec<f64> =
        String::from_utf8_lossy(&out.stdout).split_whitespace().map(|t| t.parse().unwrap()).collect();
    let blob = std::fs::read(&blob_path).unwrap();
    let _ = std::fs::remove_file(&blob_path);
    let mut datas = Vec::new();
    let mut at = 0;
    while at < blob.len() {
        let n = u32::from_le_bytes(blob[at..at + 4].try_into().unwrap()) as usize;
        datas.push(&blob[at + 4..at + 4 + n]);
        at += 4 + n;
    }
    let mb = datas.iter().map(|d| d.len()).sum::<usize>() as f64 / 1e6;
    let codes: Vec<_> = datas.iter().map(|d| loads_code(d).expect("CPython's marshal data")).collect();
    // PYRITE_MARSHAL_PROFILE=write|read: loop one side only, for a profiler.
    if let Ok(side) = std::env::var("PYRITE_MARSHAL_PROFILE") {
        for _ in 0..20 {
            for (d, c) in datas.iter().zip(&codes) {
                match side.as_str() {
                    "read" => drop(std::hint::black_box(loads_code(d).unwrap())),
                    _ => drop(std::hint::black_box(dumps_v4(c))),
                }
            }
        }
        return;
    }
    let read = best(|| {
        for d in &datas {
            std::hint::black_box(loads_code(d).unwrap());
        }
    });
    let write = best(|| {
        for c in &codes {
            std::hint::black_box(dumps_v4(c));
        }
    });
    println!("marshal data of {} stdlib modules: {mb:.1} MB", datas.len());
    println!(
        "read:  pyrite {:.0} MB/s, CPython marshal.loads {:.0} MB/s (pyrite/CPython {:.2}x)",
        mb / read,
        mb / times[0],
        times[0] / read
    );
    println!(
        "write: pyrite {:.0} MB/s, CPython marshal.dumps {:.0} MB/s (pyrite/CPython {:.2}x)",
        mb / write,
        mb / times[1],
        times[1] / write
    );
}
