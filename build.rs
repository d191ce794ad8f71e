//! Rebuilds planbook when a file is added to or removed from the embedded
//! default theme (`include_dir!` tracks the files it embedded, not new ones).

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
