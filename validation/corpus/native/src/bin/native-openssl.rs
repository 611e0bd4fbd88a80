//! OpenSSL: a TLS client context with the system's trust store (OpenSSL
//! reads its configuration and certificate locations itself), and a digest.
fn main() {
    let mut builder = openssl::ssl::SslConnector::builder(openssl::ssl::SslMethod::tls()).expect("TLS context");
    builder.set_default_verify_paths().expect("default verify paths");
    let connector = builder.build();
    let digest = openssl::sha::sha256(b"capgate validation");
    let configured = connector.configure().is_ok();
    println!("native-openssl: sha256 {:02x}{:02x}.., client context {configured}", digest[0], digest[1]);
}
