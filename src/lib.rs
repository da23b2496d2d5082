//! Jixiao (绩效): draft, check and print the Shanghai 财政项目支出绩效目标申报表 offline.
//!
//! The crate is a pipeline of stages, each in its own module (see `docs/style.md`):
//!
//! - [`model`]: the declaration as plain data, all three layouts (no I/O, no egui);
//! - [`validate`]: the rules a reviewer applies, pure `&Declaration -> Vec<Finding>`;
//! - [`storage`]: the only module that touches disk: RON files, versions, atomic save;
//! - [`import`]: text and table extractions of existing forms into declarations;
//! - [`library`]: the indicator library: completion, placement, misplaced rows (model only);
//! - [`projects`]: a folder of projects (summary, totals) and the library built from folders;
//! - [`compare`]: what changed between two versions of a declaration, each change takeable
//!   (model only);
//! - [`export`]: the exact tab-separated text of a declaration, for spreadsheets and the online
//!   system (read back by [`import`]);
//! - [`layout`]: pure page layout of the printed form (lengths as newtypes);
//! - [`pdf`]: laid-out pages into PDF bytes with embedded subset fonts (no I/O);
//! - [`fonts`]: the one place font bytes are loaded, for the window and the PDF;
//! - [`ui`]: the egui editor; nothing else imports egui.
//!
//! Dependencies point one way: `model ← validate ← layout ← pdf`, `storage → model`,
//! `ui → everything`, and nothing imports `ui`. Jixiao never touches the network.

pub mod compare;
pub mod export;
pub mod fonts;
pub mod import;
pub mod layout;
pub mod library;
pub mod model;
pub mod pdf;
pub mod projects;
pub mod storage;
pub mod ui;
pub mod validate;
