//! git2 (libgit2) on a fresh local repository: init, write a file, stage it,
//! commit, and read the commit back from HEAD.
use std::fs;

fn main() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let repository = git2::Repository::init(directory.path()).expect("init");
    fs::write(directory.path().join("README"), "capgate validation\n").unwrap();
    let mut index = repository.index().unwrap();
    index.add_path(std::path::Path::new("README")).unwrap();
    index.write().unwrap();
    let tree = repository.find_tree(index.write_tree().unwrap()).unwrap();
    let author = git2::Signature::now("Validation", "validation@example.invalid").unwrap();
    let commit = repository
        .commit(Some("HEAD"), &author, &author, "first commit", &tree, &[])
        .unwrap();
    let head = repository.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.id(), commit);
    println!("repo: {} {}", &commit.to_string()[..10], head.summary().unwrap());
}
