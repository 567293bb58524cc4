//! A pymalloc-style small-object allocator: 1 MiB arenas split into 16 KiB pools, each pool
//! serving one 8-byte size class (8..=512 bytes); larger requests go to the system allocator.
//!
//! Like CPython's obmalloc, a pool keeps its header in its first bytes, so freeing a block finds
//! its pool by masking the address; freed blocks form an intrusive free list inside the pool.
//! Pools that empty out return to their arena, and an arena whose pools are all free is given back
//! to the system (one arena is kept to avoid thrashing).

use std::alloc::{alloc, dealloc, Layout};
use std::ptr;

pub const ALIGN: usize = 8;
pub const SMALL_LIMIT: usize = 512;
pub const NUM_CLASSES: usize = SMALL_LIMIT / ALIGN;
pub const POOL_SIZE: usize = 16 * 1024;
pub const ARENA_SIZE: usize = 1024 * 1024;
const POOLS_PER_ARENA: usize = ARENA_SIZE / POOL_SIZE;

/// Header at the start of every pool.
#[repr(C)]
struct Pool {
    /// Blocks handed out and not yet freed.
    used: u32,
    class: u32,
    arena: u32,
    /// Offset of the next never-used block (bump region), or POOL_SIZE when exhausted.
    next_offset: u32,
    /// Head of the intrusive list of freed blocks.
    free: *mut u8,
    /// Links in the per-class list of pools that still have room.
    next: *mut Pool,
    prev: *mut Pool,
}

const POOL_HEADER: usize = (std::mem::size_of::<Pool>() + 15) & !15;

struct Arena {
    base: *mut u8,
    /// Pools of this arena not currently assigned to a class.
    free_pools: Vec<*mut Pool>,
    /// Pools never touched yet (carved lazily, so a fresh arena costs no page faults).
    untouched: usize,
}

/// Counters for `pyrite run --stats`.
#[derive(Clone, Debug)]
pub struct Stats {
    pub allocs: [u64; NUM_CLASSES],
    pub frees: [u64; NUM_CLASSES],
    pub large_allocs: u64,
    pub large_frees: u64,
    pub arenas_allocated: u64,
    pub arenas_freed: u64,
    pub pools_in_use: u64,
    pub peak_pools: u64,
    pub bytes_in_use: u64,
    pub peak_bytes: u64,
}

pub struct Allocator {
    /// Per size class: a pool with free room (head of a doubly linked list), or null.
    usable: [*mut Pool; NUM_CLASSES],
    arenas: Vec<Option<Arena>>,
    pub stats: Stats,
}

#[inline]
pub fn class_of(size: usize) -> usize {
    size.max(1).div_ceil(ALIGN) - 1
}

impl Default for Allocator {
    fn default() -> Self {
        Self::new()
    }
}

impl Allocator {
    pub const fn new() -> Allocator {
        Allocator { usable: [ptr::null_mut(); NUM_CLASSES], arenas: Vec::new(), stats: new_stats() }
    }

    /// Allocates `size` bytes aligned to 8. Never returns null (aborts like Rust on OOM).
    ///
    /// # Safety
    /// The block must be released with [`Allocator::free`] with the same size.
    #[inline]
    pub unsafe fn alloc(&mut self, size: usize) -> *mut u8 {
        if size > SMALL_LIMIT {
            self.stats.large_allocs += 1;
            self.add_bytes(size);
            let layout = Layout::from_size_align(size, ALIGN).expect("layout");
            let p = alloc(layout);
            if p.is_null() {
                std::alloc::handle_alloc_error(layout);
            }
            return p;
        }
        let c = class_of(size);
        self.stats.allocs[c] += 1;
        self.add_bytes((c + 1) * ALIGN);
        let mut pool = self.usable[c];
        if pool.is_null() {
            pool = self.new_pool(c);
        }
        let p = &mut *pool;
        p.used += 1;
        let block = if !p.free.is_null() {
            let b = p.free;
            p.free = *(b as *mut *mut u8);
            b
        } else {
            let b = (pool as *mut u8).add(p.next_offset as usize);
            p.next_offset += ((c + 1) * ALIGN) as u32;
            b
        };
        if p.free.is_null() && p.next_offset as usize + (c + 1) * ALIGN > POOL_SIZE {
            // Full: unlink from the usable list.
            self.unlink(pool);
        }
        block
    }

    /// # Safety
    /// `block` must come from [`Allocator::alloc`] with the same `size`, and not be freed twice.
    #[inline]
    pub unsafe fn free(&mut self, block: *mut u8, size: usize) {
        if size > SMALL_LIMIT {
            self.stats.large_frees += 1;
            self.stats.bytes_in_use -= size as u64;
            dealloc(block, Layout::from_size_align(size, ALIGN).expect("layout"));
            return;
        }
        let c = class_of(size);
        self.stats.frees[c] += 1;
        self.stats.bytes_in_use -= ((c + 1) * ALIGN) as u64;
        let pool = ((block as usize) & !(POOL_SIZE - 1)) as *mut Pool;
        let p = &mut *pool;
        let was_full = p.free.is_null() && p.next_offset as usize + (c + 1) * ALIGN > POOL_SIZE;
        *(block as *mut *mut u8) = p.free;
        p.free = block;
        p.used -= 1;
        if was_full {
            self.push_usable(pool, c);
        }
        if p.used == 0 {
            self.unlink(pool);
            self.release_pool(pool);
        }
    }

    fn add_bytes(&mut self, n: usize) {
        self.stats.bytes_in_use += n as u64;
        if self.stats.bytes_in_use > self.stats.peak_bytes {
            self.stats.peak_bytes = self.stats.bytes_in_use;
        }
    }

    unsafe fn push_usable(&mut self, pool: *mut Pool, c: usize) {
        let head = self.usable[c];
        (*pool).prev = ptr::null_mut();
        (*pool).next = head;
        if !head.is_null() {
            (*head).prev = pool;
        }
        self.usable[c] = pool;
    }

    unsafe fn unlink(&mut self, pool: *mut Pool) {
        let p = &mut *pool;
        if !p.prev.is_null() {
            (*p.prev).next = p.next;
        } else if self.usable[p.class as usize] == pool {
            self.usable[p.class as usize] = p.next;
        } else {
            return; // not linked (full pool)
        }
        if !p.next.is_null() {
            (*p.next).prev = p.prev;
        }
        p.next = ptr::null_mut();
        p.prev = ptr::null_mut();
    }

    unsafe fn new_pool(&mut self, c: usize) -> *mut Pool {
        let ai = match self.arenas.iter().position(|a| {
            a.as_ref().is_some_and(|a| !a.free_pools.is_empty() || a.untouched < POOLS_PER_ARENA)
        }) {
            Some(i) => i,
            None => self.new_arena(),
        };
        let arena = self.arenas[ai].as_mut().expect("arena");
        let pool = match arena.free_pools.pop() {
            Some(p) => p,
            None => {
                let p = arena.base.add(arena.untouched * POOL_SIZE) as *mut Pool;
                arena.untouched += 1;
                p
            }
        };
        pool.write(Pool {
            used: 0,
            class: c as u32,
            arena: ai as u32,
            next_offset: POOL_HEADER as u32,
            free: ptr::null_mut(),
            next: ptr::null_mut(),
            prev: ptr::null_mut(),
        });
        self.stats.pools_in_use += 1;
        self.stats.peak_pools = self.stats.peak_pools.max(self.stats.pools_in_use);
        self.push_usable(pool, c);
        pool
    }

    unsafe fn new_arena(&mut self) -> usize {
        let layout = Layout::from_size_align(ARENA_SIZE, POOL_SIZE).expect("layout");
        let base = alloc(layout);
        if base.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        self.stats.arenas_allocated += 1;
        let arena = Arena { base, free_pools: Vec::new(), untouched: 0 };
        if let Some(i) = self.arenas.iter().position(Option::is_none) {
            self.arenas[i] = Some(arena);
            i
        } else {
            self.arenas.push(Some(arena));
            self.arenas.len() - 1
        }
    }

    unsafe fn release_pool(&mut self, pool: *mut Pool) {
        self.stats.pools_in_use -= 1;
        let ai = (*pool).arena as usize;
        let live_arenas = self.arenas.iter().filter(|a| a.is_some()).count();
        let arena = self.arenas[ai].as_mut().expect("arena");
        arena.free_pools.push(pool);
        if arena.free_pools.len() == arena.untouched && live_arenas > 1 {
            let base = arena.base;
            self.arenas[ai] = None;
            self.stats.arenas_freed += 1;
            dealloc(base, Layout::from_size_align(ARENA_SIZE, POOL_SIZE).expect("layout"));
        }
    }

    /// Arenas currently held.
    pub fn arenas_in_use(&self) -> usize {
        self.arenas.iter().filter(|a| a.is_some()).count()
    }
}

const fn new_stats() -> Stats {
    Stats {
        allocs: [0; NUM_CLASSES],
        frees: [0; NUM_CLASSES],
        large_allocs: 0,
        large_frees: 0,
        arenas_allocated: 0,
        arenas_freed: 0,
        pools_in_use: 0,
        peak_pools: 0,
        bytes_in_use: 0,
        peak_bytes: 0,
    }
}

impl Drop for Allocator {
    fn drop(&mut self) {
        for a in self.arenas.drain(..).flatten() {
            // SAFETY: every arena was allocated with this layout in new_arena.
            unsafe { dealloc(a.base, Layout::from_size_align(ARENA_SIZE, POOL_SIZE).expect("layout")) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alloc_free_reuses_and_counts() {
        let mut a = Allocator::new();
        unsafe {
            let mut blocks = Vec::new();
            for i in 0..10_000 {
                let size = 8 + (i % 64) * 8;
                let b = a.alloc(size);
                std::ptr::write_bytes(b, 0xAB, size);
                blocks.push((b, size));
            }
            assert!(a.arenas_in_use() >= 1);
            let total: u64 = a.stats.allocs.iter().sum();
            assert_eq!(total, 10_000);
            for (b, s) in blocks.drain(..) {
                a.free(b, s);
            }
            assert_eq!(a.stats.bytes_in_use, 0);
            assert_eq!(a.stats.pools_in_use, 0);
            assert_eq!(a.stats.allocs, a.stats.frees);
            let x = a.alloc(24);
            let y = a.alloc(24);
            assert_ne!(x, y);
            a.free(x, 24);
            let z = a.alloc(24);
            assert_eq!(x, z, "freed block is reused first");
            a.free(y, 24);
            a.free(z, 24);
            let big = a.alloc(4096);
            a.free(big, 4096);
            assert_eq!(a.stats.large_allocs, 1);
            assert_eq!(a.stats.large_frees, 1);
        }
    }

    #[test]
    fn many_arenas_are_released() {
        let mut a = Allocator::new();
        unsafe {
            let blocks: Vec<_> = (0..200_000).map(|_| a.alloc(64)).collect();
            assert!(a.stats.arenas_allocated >= 10);
            for b in blocks {
                a.free(b, 64);
            }
        }
        assert_eq!(a.arenas_in_use(), 1);
        assert!(a.stats.arenas_freed >= 9);
    }
}
