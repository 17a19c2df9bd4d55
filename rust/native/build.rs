fn main() {
    // Each Flink job loads its own copy of the library; dlclose after class unloading must
    // never unmap code that a straggling thread or TLS destructor may still run.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,nodelete");
    }
}
