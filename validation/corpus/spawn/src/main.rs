//! Running other programs three ways: duct (a pipeline, output captured),
//! subprocess, and which to find a program on PATH first.
fn main() {
    let echo = which::which("echo").expect("echo on PATH");
    let piped = duct::cmd!(&echo, "hello", "pipeline")
        .pipe(duct::cmd!("tr", "a-z", "A-Z"))
        .read()
        .expect("duct pipeline");
    let status = subprocess::Exec::cmd("true").join().expect("subprocess");
    assert!(status.success());
    println!("spawn: {piped} (echo at {})", echo.display());
}
