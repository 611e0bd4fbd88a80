fn main() {
    println!("{}", evil::version());
}
