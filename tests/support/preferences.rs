//! eframe's preference storage, in memory, for the editor's kittests that save the window's
//! preferences (the view, the recent files) and read them back.
//!
//! Shared by the `tests/ui_*.rs` files through `#[path]`.

use std::collections::HashMap;

/// eframe's preference storage, in memory: the test reads the saved values from the map.
#[derive(Default)]
pub struct MemoryStorage(pub HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}
