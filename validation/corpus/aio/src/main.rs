//! tokio on loopback: a multi-threaded runtime, an echo server task, a client
//! that sends a line and reads it back, and a file written and read with
//! tokio::fs in a temporary directory.
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.expect("accept");
        let (reader, mut writer) = socket.into_split();
        let mut line = String::new();
        BufReader::new(reader).read_line(&mut line).await.expect("read");
        writer.write_all(line.as_bytes()).await.expect("echo");
    });
    let mut client = TcpStream::connect(address).await.expect("connect");
    client.write_all(b"hello over loopback\n").await.unwrap();
    let mut echoed = String::new();
    BufReader::new(&mut client).read_line(&mut echoed).await.unwrap();
    server.await.unwrap();

    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("echo.txt");
    tokio::fs::write(&path, &echoed).await.expect("write");
    let back = tokio::fs::read_to_string(&path).await.expect("read back");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert_eq!(back, "hello over loopback\n");
    println!("aio: {}", back.trim());
}
