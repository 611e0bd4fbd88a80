// Reaches NETWORK through netlib; uses nothing itself.
fn main() {
    println!("{}", netlib::reachable("127.0.0.1:9"));
}
