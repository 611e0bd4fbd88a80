fn main() {
    println!("{} {}", victim::settings().len(), evil::innocent());
}
