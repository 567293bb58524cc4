//! `pyrite-redundant-loads`: the whole `pyrite` command line with the `redundant-loads` pass after
//! `peephole`.

fn main() {
    let mut pipeline = pyrite_passes::Pipeline::standard();
    pipeline
        .insert_after("peephole", Box::new(pyrite_example_redundant_loads::RedundantLoads))
        .expect("peephole is a stage");
    std::process::exit(pyrite_cli::main_with(pipeline));
}
