//! Heap allocations (and reallocations) per stage over every stdlib file, one thread: where to
//! look first when working on compile speed, since allocating and freeing is a large part of the
//! pipeline's instructions. A stage's count includes dropping the IR it consumed.
//!
//!     cargo build --profile bench -p pyrite-passes --example alloc_count
//!     STEP=10 target/release/examples/alloc_count

#[path = "../benches/common/mod.rs"]
mod common;

use pyrite_ir::{Ir, SourceFile};
use pyrite_passes::pass::{mark_deep_stack, DEEP_STACK};
use pyrite_passes::{Context, Pipeline};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static REALLOCS: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        REALLOCS.fetch_add(1, Relaxed);
        System.realloc(p, l, n)
    }
}
#[global_allocator]
static A: Counting = Counting;

fn main() {
    let step: usize = std::env::var("STEP").ok().and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
    let paths = common::stdlib_files("python3");
    let sources: Vec<SourceFile> = paths
        .iter()
        .step_by(step)
        .filter_map(|p| Some(SourceFile::new(p.display().to_string(), std::fs::read(p).ok()?)))
        .collect();
    let w = std::thread::Builder::new().stack_size(DEEP_STACK).spawn(move || {
        mark_deep_stack(DEEP_STACK);
        let pipeline = Pipeline::standard();
        let names: Vec<String> = pipeline.names().iter().map(|s| s.to_string()).collect();
        let mut counts = vec![(0usize, 0usize); names.len() + 1];
        for src in &sources {
            let mut ir = Ir::Source(src.clone());
            let mut cx = Context::default();
            let mut ok = true;
            for (i, p) in pipeline.passes().enumerate() {
                let (a0, r0) = (ALLOCS.load(Relaxed), REALLOCS.load(Relaxed));
                match p.run(ir, &mut cx) {
                    Ok(x) => ir = x,
                    Err(_) => {
                        ok = false;
                        ir = Ir::Source(src.clone());
                    }
                }
                counts[i].0 += ALLOCS.load(Relaxed) - a0;
                counts[i].1 += REALLOCS.load(Relaxed) - r0;
                if !ok {
                    break;
                }
            }
            let (a0, r0) = (ALLOCS.load(Relaxed), REALLOCS.load(Relaxed));
            drop(ir);
            counts[names.len()].0 += ALLOCS.load(Relaxed) - a0;
            counts[names.len()].1 += REALLOCS.load(Relaxed) - r0;
        }
        for (i, n) in names.iter().enumerate() {
            println!("{n:12} allocs {:>10} reallocs {:>10}", counts[i].0, counts[i].1);
        }
    });
    w.unwrap().join().unwrap();
}
