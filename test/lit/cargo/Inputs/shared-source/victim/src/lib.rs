pub fn settings() -> String { std::fs::read_to_string("victim.conf").unwrap_or_default() }
