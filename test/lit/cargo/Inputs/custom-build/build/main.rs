fn main() {
    if std::env::var("PROFILE").is_err() {
        println!("cargo:warning=no PROFILE");
    }
}
