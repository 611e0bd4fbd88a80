#[derive(serde::Serialize)]
struct Point {
    x: i32,
}

fn main() {
    let p = Point { x: num_traits::Zero::zero() };
    println!("{} {}", p.x, unsafe { libc::getpid() } > 0);
}
