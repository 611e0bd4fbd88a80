//! SQLite writing and reading a database file (path from the command line):
//! the files are opened, locked and synced by C code.
fn main() {
    let path = std::env::args().nth(1).expect("usage: native-sqlite DATABASE");
    let database = rusqlite::Connection::open(&path).expect("open database");
    database
        .execute_batch(
            "CREATE TABLE IF NOT EXISTS crates (name TEXT, version TEXT);
             INSERT INTO crates VALUES ('rusqlite', '0.28');",
        )
        .expect("create and insert");
    let rows: i64 = database
        .query_row("SELECT count(*) FROM crates WHERE name = 'rusqlite'", [], |row| row.get(0))
        .expect("query");
    println!("native-sqlite: {rows} row(s)");
}
