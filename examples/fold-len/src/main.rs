//! `pyrite-fold-len`: the whole `pyrite` command line with the `fold-len` pass after `parse`.

fn main() {
    let mut pipeline = pyrite_passes::Pipeline::standard();
    pipeline.insert_after("parse", Box::new(pyrite_example_fold_len::FoldLen)).expect("parse is a stage");
    std::process::exit(pyrite_cli::main_with(pipeline));
}
