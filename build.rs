//! The checklists and the demo's fixture sites are embedded with `include_dir!`, which cannot
//! tell cargo to watch them on a stable toolchain; these lines make an edited checklist or
//! fixture page show up in the next build.
fn main() {
    println!("cargo:rerun-if-changed=checklists");
    println!("cargo:rerun-if-changed=fixtures/sites");
    println!("cargo:rerun-if-changed=templates");
}
