fn main() { println!("{}", reader::home().len()); }
