//! Prints each of its arguments on a line of its own, in brackets, so that
//! a test sees exactly what the program was given.
fn main() {
    for argument in std::env::args().skip(1) {
        println!("[{argument}]");
    }
}
