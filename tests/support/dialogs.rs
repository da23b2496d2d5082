//! A stand-in for the system's file dialogs and clipboard in the editor's kittests: each dialog
//! takes the next queued answer (cancelled when none is left) and records what it was for; the
//! clipboard holds what the test put there, never the system's.
//!
//! Shared by the `tests/ui_*.rs` files through `#[path]`; each uses a part.

#![allow(
    dead_code,
    reason = "each test file uses a different part of these helpers"
)]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::Path;
use std::rc::Rc;

use jixiao::ui::{DialogOutcome, DialogPurpose, FileDialogs};

/// The dialogs of one test: clones share the queue, the record and the clipboard, so the test
/// keeps one and gives the window another.
#[derive(Clone, Default)]
pub struct FakeDialogs {
    /// What the next dialogs answer, in order.
    pub answers: Rc<RefCell<VecDeque<DialogOutcome>>>,
    /// What each dialog shown was for, in order.
    pub asked: Rc<RefCell<Vec<DialogPurpose>>>,
    /// The clipboard's text.
    pub clipboard: Rc<RefCell<Option<String>>>,
}

impl FakeDialogs {
    /// Queues the answer of the next dialog.
    pub fn answer(&self, outcome: DialogOutcome) {
        self.answers.borrow_mut().push_back(outcome);
    }

    /// Queues `path` as the file or folder the next dialog picks.
    pub fn answer_path(&self, path: &Path) {
        self.answer(DialogOutcome::Picked(path.to_owned()));
    }
}

impl FileDialogs for FakeDialogs {
    fn pick(&mut self, purpose: DialogPurpose, _: &str, _: Option<&Path>) -> DialogOutcome {
        self.asked.borrow_mut().push(purpose);
        self.answers
            .borrow_mut()
            .pop_front()
            .unwrap_or(DialogOutcome::Cancelled)
    }

    fn clipboard_text(&mut self) -> Option<String> {
        self.clipboard.borrow().clone()
    }
}
