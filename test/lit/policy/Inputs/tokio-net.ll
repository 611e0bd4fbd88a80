; Calls into tokio::net, for annotations-for-pass.test.

; <tokio::net::TcpStream>::connect
declare void @_RNvMNtCs1_5tokio3netNtB2_9TcpStream7connect()
; <tokio::net::unix::UnixStream>::connect
declare void @_RNvMNtNtCs1_5tokio3net4unixNtB2_10UnixStream7connect()

define void @connects() {
  call void @_RNvMNtCs1_5tokio3netNtB2_9TcpStream7connect()
  ret void
}

define void @connects_unix() {
  call void @_RNvMNtNtCs1_5tokio3net4unixNtB2_10UnixStream7connect()
  ret void
}
