fn main() {
    println!("{} {}", victim::read_config().len(), evil::version());
}
