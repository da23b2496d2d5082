//! Locks and recovery copies across real processes (issue 8, finding 3): a second process sees
//! the file is open and the copy is taken while its owner lives, and, once the owner is killed
//! (no clean-up of any kind), the file is free and the copy is offered with its content and
//! source.
//!
//! Runs without the test harness (`harness = false` in Cargo.toml): this program is both the
//! test and, started again with `--window FOLDER`, the window process it kills.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
#![expect(clippy::print_stdout, reason = "the window process reports on stdout")]

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jixiao::storage::{self, DocumentLock, RecoveryCopy, RecoveryKey, RecoveryStore, StorageError};

const EDITED: &str = "党建服务工作经费（另一个进程中未保存的修改）";

fn document(folder: &Path) -> PathBuf {
    folder.join("共享 文件夹").join("2026-党建服务工作经费.ron")
}

fn store(folder: &Path) -> RecoveryStore {
    RecoveryStore::new(folder.join("data").join("recovery"))
}

/// The window process: opens the document, edits it, writes its recovery copy, says `ready`,
/// and waits to be killed.
fn window(folder: &Path) {
    let file = document(folder);
    let _lock = DocumentLock::acquire(&file, None).unwrap();
    let slot = store(folder).claim(RecoveryKey::for_file(&file)).unwrap();
    let (mut declaration, stamp) = storage::load_with_stamp(&file).unwrap();
    declaration.project_name = EDITED.to_owned();
    let copy = RecoveryCopy::new(
        slot.key().unwrap().clone(),
        declaration,
        Some(file),
        Some(stamp),
    );
    slot.write(&copy).unwrap();
    println!("ready");
    loop {
        std::thread::park();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(position) = args.iter().position(|arg| arg == "--window") {
        window(Path::new(&args[position + 1]));
        return;
    }
    // `cargo test -- --list` and filters: this program has one test.
    if args.iter().any(|arg| arg == "--list") {
        println!("a_killed_window_frees_its_file_and_leaves_its_copy: test");
        return;
    }

    let folder = tempfile::tempdir().unwrap();
    let file = document(folder.path());
    std::fs::create_dir(file.parent().unwrap()).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/2026-党建服务工作经费.ron"),
        &file,
    )
    .unwrap();

    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg("--window")
        .arg(folder.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "ready");

    // While the window lives: the file is open there, its copy is not offered.
    let error = DocumentLock::acquire(&file, None).unwrap_err();
    assert!(matches!(error, StorageError::Locked { .. }), "{error:?}");
    assert!(store(folder.path()).orphans().unwrap().is_empty());
    assert!(matches!(
        store(folder.path()).claim(RecoveryKey::for_file(&file)),
        Err(StorageError::Locked { .. })
    ));

    // Killed: no destructor, no clean-up.
    child.kill().unwrap();
    child.wait().unwrap();

    let lock = DocumentLock::acquire(&file, None).unwrap();
    assert!(lock.is_enforced());
    let orphans = store(folder.path()).orphans().unwrap();
    assert_eq!(orphans.len(), 1);
    let copy = orphans[0].copy.as_ref().unwrap();
    assert_eq!(copy.declaration.project_name, EDITED);
    assert_eq!(copy.source.as_ref(), Some(&file));
    assert!(
        copy.source_stamp
            .as_ref()
            .unwrap()
            .is_current(&file)
            .unwrap()
    );
    println!("test a_killed_window_frees_its_file_and_leaves_its_copy ... ok");
    println!("\ntest result: ok. 1 passed; 0 failed");
}
