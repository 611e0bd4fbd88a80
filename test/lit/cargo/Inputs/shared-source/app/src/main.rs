fn main() { println!("{}", victim::settings().len()); }
