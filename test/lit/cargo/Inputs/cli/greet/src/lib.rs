//! The library: reads the environment.
pub fn name() -> String {
    std::env::var("USER").unwrap_or_default()
}
