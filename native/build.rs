// ellec links the runtime archive into every executable it makes; it carries
// the archive inside itself, so the compiler needs nothing beside it.
fn main() {
    let dir = std::env::var("DEP_ELLE_RT_LIB_DIR").expect("elle-runtime exports its lib_dir");
    println!("cargo:rustc-env=ELLE_RT_ARCHIVE={dir}/libelle_rt.a");
    // and the runtime built for wasm32 (empty where it could not be built)
    let wasm32 = std::env::var("DEP_ELLE_RT_WASM32_ARCHIVE").expect("elle-runtime exports it");
    println!("cargo:rustc-env=ELLE_RT_WASM32_ARCHIVE={wasm32}");
    // a sanitized runtime (ELLE_SANITIZE=1): what ellec makes links the
    // sanitizers' runtimes too
    let sanitize = std::env::var("DEP_ELLE_RT_SANITIZE").unwrap_or_default();
    println!("cargo:rustc-env=ELLE_RT_SANITIZE={sanitize}");
}
