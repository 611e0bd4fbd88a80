fn main() {
    cfg_if::cfg_if! {
        if #[cfg(unix)] {
            let root = "/etc";
        } else {
            let root = ".";
        }
    }
    let count = walkdir::WalkDir::new(root).max_depth(1).into_iter().count();
    println!("{count} entries; built with {}", env!("APP_CC"));
    if std::env::args().len() > 1 {
        netlib::reach("127.0.0.1:9");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        assert_eq!(itoa::Buffer::new().format(7), "7");
    }
}
