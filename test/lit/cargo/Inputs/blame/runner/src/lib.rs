/// Runs a caller's closure: what the closure does is the caller's.
pub fn run<R>(job: impl FnOnce() -> R) -> R {
    job()
}

/// Drops a caller's value: what its Drop does is its type's crate's.
pub fn discard<T>(value: T) {
    drop(value)
}

/// runner's own closure, called through std's iterator adaptors.
pub fn count(keys: &[&str]) -> usize {
    keys.iter().filter(|key| std::env::var_os(key).is_some()).count()
}
