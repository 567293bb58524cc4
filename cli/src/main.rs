fn main() {
    std::process::exit(pyrite_cli::main_with(pyrite_passes::Pipeline::standard()));
}
