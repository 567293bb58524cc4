//! Reference counting and allocator accounting on the VM heap.

use pyrite_vm::heap::{self, Kind};
use pyrite_vm::{Options, Vm};

#[test]
fn objects_are_freed_when_their_count_reaches_zero() {
    let vm = Vm::new(Options::default());
    let before = heap::stats();
    let a = vm.new_float(1.5);
    let b = vm.new_float(2.5);
    let l = vm.new_list(vec![a.clone(), b]);
    assert_eq!(a.refcount(), 2, "the list holds a second reference");
    let mid = heap::stats();
    assert_eq!(mid.objects_allocated - before.objects_allocated, 3);
    assert!(mid.alloc.bytes_in_use > before.alloc.bytes_in_use);
    let l2 = l.clone();
    assert_eq!(l.refcount(), 2);
    drop(l2);
    drop(l);
    let after_list = heap::stats();
    // The list and the second float died; `a` is still referenced here.
    assert_eq!(after_list.objects_freed - before.objects_freed, 2);
    assert_eq!(a.refcount(), 1);
    drop(a);
    let after = heap::stats();
    assert_eq!(after.objects_freed - before.objects_freed, 3);
    assert_eq!(after.alloc.bytes_in_use, before.alloc.bytes_in_use, "every byte is returned");
    let allocs: u64 = after.alloc.allocs.iter().sum();
    let frees: u64 = after.alloc.frees.iter().sum();
    let large = after.alloc.large_allocs - after.alloc.large_frees;
    assert_eq!(
        allocs - frees + large,
        after.objects_allocated - after.objects_freed,
        "per-class counts add up"
    );
}

#[test]
fn small_ints_are_cached_and_big_values_are_not() {
    let vm = Vm::new(Options::default());
    assert!(vm.new_int(256).is(&vm.new_int(256)));
    assert!(vm.new_int(-5).is(&vm.new_int(-5)));
    assert!(!vm.new_int(257).is(&vm.new_int(257)));
    assert_eq!(vm.new_int(7).kind(), Kind::Int);
}

#[test]
fn containers_are_linked_for_the_collector_and_unlinked_when_freed() {
    let vm = Vm::new(Options::default());
    let before = heap::stats().gc_tracked;
    let t = vm.new_tuple(vec![vm.new_int(1)]);
    let d = vm.new_dict();
    assert_eq!(heap::stats().gc_tracked, before + 2);
    let f = vm.new_float(1.0);
    assert_eq!(heap::stats().gc_tracked, before + 2, "floats are not containers");
    drop((t, d, f));
    assert_eq!(heap::stats().gc_tracked, before);
}

#[test]
fn freeing_a_deeply_nested_structure_does_not_overflow_the_stack() {
    let vm = Vm::new(Options::default());
    let before = heap::stats();
    let mut v = vm.new_list(vec![]);
    for _ in 0..1_000_000 {
        v = vm.new_list(vec![v]);
    }
    drop(v);
    let after = heap::stats();
    assert_eq!(after.objects_freed - before.objects_freed, 1_000_001);
    assert_eq!(after.alloc.bytes_in_use, before.alloc.bytes_in_use);
}

#[test]
fn the_collector_frees_unreachable_cycles_and_keeps_referenced_ones() {
    let mut vm = Vm::new(Options::default());
    vm.collect_garbage(Some(2));
    let before = heap::stats();
    // a -> b -> a, unreachable once our handles go.
    let a = vm.new_list(vec![]);
    let b = vm.new_list(vec![a.clone()]);
    if let Some(l) = a.get::<pyrite_vm::object::seq::ListObj>() {
        l.push(b.clone());
    }
    // c -> c, still referenced from here.
    let c = vm.new_list(vec![]);
    c.get::<pyrite_vm::object::seq::ListObj>().unwrap().push(c.clone());
    drop((a, b));
    assert_eq!(
        heap::stats().objects_freed,
        before.objects_freed,
        "reference counting alone cannot free a cycle"
    );
    assert_eq!(vm.collect_garbage(Some(2)), 2);
    assert_eq!(heap::stats().objects_freed - before.objects_freed, 2);
    assert_eq!(c.refcount(), 2, "the referenced cycle is intact");
    assert_eq!(vm.collect_garbage(Some(0)), 0);
    drop(c);
    assert_eq!(vm.collect_garbage(Some(2)), 1);
    let after = heap::stats();
    assert_eq!(after.alloc.bytes_in_use, before.alloc.bytes_in_use, "every byte is returned");
}

#[test]
fn deep_cycles_are_collected_without_overflowing_the_stack() {
    let mut vm = Vm::new(Options::default());
    vm.collect_garbage(Some(2));
    let before = heap::stats();
    let head = vm.new_list(vec![]);
    let mut v = head.clone();
    for _ in 0..200_000 {
        v = vm.new_list(vec![v]);
    }
    head.get::<pyrite_vm::object::seq::ListObj>().unwrap().push(v);
    drop(head);
    assert_eq!(vm.collect_garbage(Some(2)), 200_001);
    assert_eq!(heap::stats().alloc.bytes_in_use, before.alloc.bytes_in_use);
}
