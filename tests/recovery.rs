//! Recovery copies, locks and stamps for several windows (issue 8, findings 3 and 4, the storage
//! side): each window's copy is its own, discarding or saving in one never touches another's, a
//! crashed window's copy is offered after a restart and a live window's never is, one file holds
//! document and source, and a file changed on disk behind a window is noticed before saving.
//! Windows are played by threads here (each holds its own lock, as two processes would); see
//! `recovery_processes.rs` for real processes killed mid-work.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::path::{Path, PathBuf};

use jixiao::model::Declaration;
use jixiao::storage::{
    self, DiskStamp, DocumentLock, RecoveryCopy, RecoveryKey, RecoveryStore, StorageError,
};

fn example(name: &str) -> Declaration {
    storage::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/examples")
            .join(name),
    )
    .unwrap()
}

/// A user's data folder and documents folder.
struct Desk {
    _root: tempfile::TempDir,
    store: RecoveryStore,
    documents: PathBuf,
}

fn desk() -> Desk {
    let root = tempfile::tempdir().unwrap();
    let documents = root.path().join("文档 2026");
    std::fs::create_dir(&documents).unwrap();
    Desk {
        store: RecoveryStore::new(root.path().join("data").join("recovery")),
        documents,
        _root: root,
    }
}

/// A window: a document (opened from a file or new), its claim on a recovery key.
struct Window {
    slot: storage::RecoverySlot,
    source: Option<PathBuf>,
    stamp: Option<DiskStamp>,
    document: Declaration,
}

impl Window {
    fn open(desk: &Desk, file: &Path) -> Self {
        let (document, stamp) = storage::load_with_stamp(file).unwrap();
        Self {
            slot: desk.store.claim(RecoveryKey::for_file(file)).unwrap(),
            source: Some(file.to_owned()),
            stamp: Some(stamp),
            document,
        }
    }

    fn new_document(desk: &Desk, document: Declaration) -> Self {
        Self {
            slot: desk.store.claim(RecoveryKey::new_window()).unwrap(),
            source: None,
            stamp: None,
            document,
        }
    }

    /// Typing, then the pause after which the copy is written.
    fn edit(&mut self, project_name: &str) {
        self.document.project_name = project_name.to_owned();
        let copy = RecoveryCopy::new(
            self.slot.key().unwrap().clone(),
            self.document.clone(),
            self.source.clone(),
            self.stamp.clone(),
        );
        self.slot.write(&copy).unwrap();
    }

    /// 保存: checked against the stamp, then the copy goes.
    fn save(&mut self) -> Result<(), StorageError> {
        let source = self.source.clone().unwrap();
        let written = storage::save_checked(&source, &self.document, self.stamp.as_ref())?;
        self.stamp = Some(written.stamp);
        self.slot.remove()
    }

    /// 不保存.
    fn discard(self) {
        self.slot.remove().unwrap();
    }

    /// The process dies: nothing is cleaned up (the lock goes with it).
    fn crash(self) {
        drop(self);
    }
}

fn copies_in(store: &RecoveryStore) -> usize {
    std::fs::read_dir(store.dir())
        .map(|entries| {
            entries
                .filter(|entry| {
                    entry
                        .as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .ends_with(".ron")
                })
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn two_windows_keep_their_own_copies_and_a_crash_is_restored() {
    let desk = desk();
    let file = desk.documents.join("2026-党建服务工作经费.ron");
    storage::save(&file, &example("2026-党建服务工作经费.ron")).unwrap();

    let mut first = Window::open(&desk, &file);
    let mut second = Window::new_document(&desk, example("2026-信息化建设项目.ron"));
    first.edit("党建服务工作经费（第一个窗口）");
    second.edit("信息化建设项目（第二个窗口）");
    assert_eq!(copies_in(&desk.store), 2);
    // While both are open, a third window starting up is offered nothing.
    assert!(desk.store.orphans().unwrap().is_empty());

    // 不保存 in the first removes only its copy.
    first.discard();
    assert_eq!(copies_in(&desk.store), 1);
    // The second crashes; after a restart its edits are offered, with where they belong.
    second.crash();
    let orphans = desk.store.orphans().unwrap();
    assert_eq!(orphans.len(), 1);
    let copy = orphans[0].copy.as_ref().unwrap();
    assert_eq!(
        copy.declaration.project_name,
        "信息化建设项目（第二个窗口）"
    );
    assert_eq!(copy.source, None);
    // While the restarted window holds it, nobody else is offered it.
    assert!(desk.store.orphans().unwrap().is_empty());
    // Restored and saved: the copy goes.
    orphans[0].slot.remove().unwrap();
    drop(orphans);
    assert!(desk.store.orphans().unwrap().is_empty());
    assert_eq!(copies_in(&desk.store), 0);
}

#[test]
fn saving_in_one_window_leaves_the_others_copy() {
    let desk = desk();
    let files: Vec<PathBuf> = ["2026-党建服务工作经费.ron", "2026-信息化建设项目.ron"]
        .iter()
        .map(|name| {
            let path = desk.documents.join(name);
            storage::save(&path, &example(name)).unwrap();
            path
        })
        .collect();
    let mut first = Window::open(&desk, &files[0]);
    let mut second = Window::open(&desk, &files[1]);
    first.edit("改一");
    second.edit("改二");
    first.save().unwrap();
    assert_eq!(storage::load(&files[0]).unwrap().project_name, "改一");
    assert_eq!(
        second
            .slot
            .read()
            .unwrap()
            .unwrap()
            .declaration
            .project_name,
        "改二"
    );
    second.crash();
    let orphans = desk.store.orphans().unwrap();
    assert_eq!(orphans.len(), 1);
    let copy = orphans[0].copy.as_ref().unwrap();
    assert_eq!(copy.source.as_ref(), Some(&files[1]));
    assert_eq!(copy.key, RecoveryKey::for_file(&files[1]));
}

#[test]
fn a_copy_never_pairs_one_document_with_anothers_file() {
    let desk = desk();
    let names = ["2026-党建服务工作经费.ron", "2026-信息化建设项目.ron"];
    // Two windows write their copies as fast as they can, at once.
    std::thread::scope(|scope| {
        for name in names {
            let desk = &desk;
            scope.spawn(move || {
                let file = desk.documents.join(name);
                storage::save(&file, &example(name)).unwrap();
                let mut window = Window::open(desk, &file);
                for round in 0..50 {
                    window.edit(&format!("{name} 第{round}稿"));
                }
                window.crash();
            });
        }
    });
    let orphans = desk.store.orphans().unwrap();
    assert_eq!(orphans.len(), 2);
    for orphan in &orphans {
        let copy = orphan.copy.as_ref().unwrap();
        let source = copy.source.as_ref().unwrap();
        let name = source.file_name().unwrap().to_str().unwrap();
        assert_eq!(copy.declaration.project_name, format!("{name} 第49稿"));
        assert_eq!(copy.key, RecoveryKey::for_file(source));
    }
}

#[test]
fn one_file_cannot_be_claimed_by_two_windows() {
    let desk = desk();
    let file = desk.documents.join("x.ron");
    storage::save(&file, &example("2026-党建服务工作经费.ron")).unwrap();
    let first = Window::open(&desk, &file);
    let error = desk.store.claim(RecoveryKey::for_file(&file)).unwrap_err();
    assert!(matches!(error, StorageError::Locked { .. }), "{error:?}");
    // Nor can the document itself be opened for editing twice.
    let lock = DocumentLock::acquire(&file, Some(desk.store.dir())).unwrap();
    let error = DocumentLock::acquire(&file, Some(desk.store.dir())).unwrap_err();
    assert!(error.to_string().contains("另一个 Jixiao 窗口"), "{error}");
    drop(lock);
    drop(first);
    assert!(desk.store.claim(RecoveryKey::for_file(&file)).is_ok());
}

#[test]
fn a_file_changed_behind_a_window_is_not_overwritten() {
    let desk = desk();
    let file = desk.documents.join("2026-党建服务工作经费.ron");
    storage::save(&file, &example("2026-党建服务工作经费.ron")).unwrap();
    let mut window = Window::open(&desk, &file);
    window.edit("我的修改");

    // A colleague saves the file meanwhile (another Jixiao, another program).
    let mut theirs = example("2026-党建服务工作经费.ron");
    theirs.annual_goal = "同事的修改".to_owned();
    storage::save(&file, &theirs).unwrap();

    // Noticed when the window asks (e.g. regaining focus) and when saving.
    assert!(!window.stamp.as_ref().unwrap().is_current(&file).unwrap());
    let error = window.save().unwrap_err();
    assert!(
        matches!(error, StorageError::ChangedOnDisk { .. }),
        "{error:?}"
    );
    assert_eq!(storage::load(&file).unwrap(), theirs);
    // The recovery copy is still there: nothing was lost on either side.
    assert!(window.slot.read().unwrap().is_some());

    // A restored copy carries the stamp from before the crash: the change is noticed too.
    let stamp_before = window.stamp.clone();
    window.crash();
    let orphans = desk.store.orphans().unwrap();
    let copy = orphans[0].copy.as_ref().unwrap();
    assert_eq!(copy.source_stamp, stamp_before);
    assert!(
        !copy
            .source_stamp
            .as_ref()
            .unwrap()
            .is_current(&file)
            .unwrap()
    );

    // 仍然覆盖: saving without the check replaces the colleague's version, as asked.
    let _written = storage::save_checked(&file, &copy.declaration, None).unwrap();
    assert_eq!(storage::load(&file).unwrap().project_name, "我的修改");
}

#[test]
fn a_damaged_copy_is_offered_for_discarding() {
    let desk = desk();
    let mut window = Window::new_document(&desk, example("2026-党建服务工作经费.ron"));
    window.edit("半截");
    let path = window.slot.path();
    window.crash();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    let orphans = desk.store.orphans().unwrap();
    assert_eq!(orphans.len(), 1);
    let error = orphans[0].copy.as_ref().unwrap_err();
    assert!(error.to_string().contains("不完整"), "{error}");
    orphans[0].slot.remove().unwrap();
    drop(orphans);
    assert_eq!(copies_in(&desk.store), 0);
    // Lock files do not pile up either.
    assert!(desk.store.orphans().unwrap().is_empty());
    assert_eq!(std::fs::read_dir(desk.store.dir()).unwrap().count(), 0);
}
