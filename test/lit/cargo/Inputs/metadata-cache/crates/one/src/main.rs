fn main() { println!("{:?}", std::env::var("HOME")); }
