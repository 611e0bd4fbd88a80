fn main() {
    let reachable = netlib::reachable();
    let ran = runner::run("true");
    println!("{} {} {}", reachable, ran, quiet::double(2));
}
