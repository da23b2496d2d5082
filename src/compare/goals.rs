//! The goals (项目总目标, 年度总体目标) compared paragraph by paragraph (paragraphs are the lines
//! of the text, docs/form.md §1), and a paragraph change taken over.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::ApplyError;
use crate::model::{Declaration, Field};

/// One paragraph of a goal added, removed or changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalChange {
    /// [`Field::OverallGoal`] or [`Field::AnnualGoal`].
    pub goal: Field,
    /// How the new version's layout names the goal (2020: 总目标及阶段性目标).
    pub label: &'static str,
    /// 1-based number of the paragraph in the old text; `None` when it was added.
    pub old_number: Option<usize>,
    /// 1-based number of the paragraph in the new text; `None` when it was removed.
    pub new_number: Option<usize>,
    /// The paragraph as it was; `None` when it was added.
    pub old: Option<String>,
    /// The paragraph as it is; `None` when it was removed.
    pub new: Option<String>,
    /// The paragraph before it in the new text (where an added paragraph goes); `None` when it
    /// comes first.
    pub after: Option<String>,
    /// Where it sits (0-based) while the changes of one comparison are taken in order: the
    /// position in a text whose earlier paragraphs already read as the new text.
    pub(super) at: usize,
}

/// The paragraphs of a goal: its lines; none for an empty text.
fn paragraphs(text: &str) -> Vec<&str> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split('\n').collect()
    }
}

/// The paragraph changes turning `old` into `new` (the texts of `goal`), in the order of the
/// text. Paragraphs are matched as a shortest edit (Myers); a run of removed paragraphs facing
/// a run of added ones is paired up as changed paragraphs.
pub(super) fn diff(goal: Field, label: &'static str, old: &str, new: &str) -> Vec<GoalChange> {
    let old_paragraphs = paragraphs(old);
    let new_paragraphs = paragraphs(new);
    let get = |list: &[&str], index: usize| list.get(index).map(|p| (*p).to_owned());
    let mut changes = Vec::new();
    let mut push = |old_index: Option<usize>, new_index: Option<usize>, at: usize| {
        let after = new_index
            .or(Some(at))
            .and_then(|index| index.checked_sub(1))
            .and_then(|index| get(&new_paragraphs, index));
        changes.push(GoalChange {
            goal,
            label,
            old_number: old_index.map(|i| i + 1),
            new_number: new_index.map(|i| i + 1),
            old: old_index.and_then(|i| get(&old_paragraphs, i)),
            new: new_index.and_then(|i| get(&new_paragraphs, i)),
            after,
            at,
        });
    };
    for op in capture_diff_slices(Algorithm::Myers, &old_paragraphs, &new_paragraphs) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => {
                for k in 0..old_len {
                    push(Some(old_index + k), None, new_index);
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for k in 0..new_len {
                    push(None, Some(new_index + k), new_index + k);
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                for k in 0..paired {
                    push(Some(old_index + k), Some(new_index + k), new_index + k);
                }
                for k in paired..old_len {
                    push(Some(old_index + k), None, new_index + paired);
                }
                for k in paired..new_len {
                    push(None, Some(new_index + k), new_index + k);
                }
            }
        }
    }
    changes
}

/// The index of the paragraph equal to `text` nearest to `hint`.
fn nearest(paragraphs: &[String], text: &str, hint: usize) -> Option<usize> {
    paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.as_str() == text)
        .min_by_key(|(index, _)| index.abs_diff(hint))
        .map(|(index, _)| index)
}

impl GoalChange {
    /// Takes this change over into `declaration`: replaces, removes or inserts the paragraph,
    /// finding it by its text (the one nearest its position when a text repeats).
    ///
    /// # Errors
    /// [`ApplyError::NotFound`] when the paragraph to change or remove is not in the goal.
    pub(super) fn apply(&self, declaration: &mut Declaration) -> Result<(), ApplyError> {
        // The goals are fields of every declaration (the 2020 layout leaves 年度总体目标 empty),
        // so they are reached directly rather than through the layout's field table.
        let text = match self.goal {
            Field::OverallGoal => &mut declaration.overall_goal,
            _ => &mut declaration.annual_goal,
        };
        let mut list: Vec<String> = paragraphs(text).into_iter().map(str::to_owned).collect();
        let not_found = |paragraph: &str| {
            ApplyError::NotFound(format!("{}中的段落「{paragraph}」", self.label))
        };
        match (&self.old, &self.new) {
            (Some(old), Some(new)) => {
                let at = nearest(&list, old, self.at).ok_or_else(|| not_found(old))?;
                if let Some(slot) = list.get_mut(at) {
                    slot.clone_from(new);
                }
            }
            (Some(old), None) => {
                let at = nearest(&list, old, self.at).ok_or_else(|| not_found(old))?;
                list.remove(at);
            }
            (None, Some(new)) => {
                let at = match &self.after {
                    None => 0,
                    Some(after) => nearest(&list, after, self.at.saturating_sub(1))
                        .map_or(self.at.min(list.len()), |index| index + 1),
                };
                list.insert(at.min(list.len()), new.clone());
            }
            (None, None) => {}
        }
        *text = list.join("\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal_of(text: &str) -> Declaration {
        let mut declaration = Declaration::new_current(2026);
        declaration.annual_goal = text.to_owned();
        declaration
    }

    fn apply_all(old: &str, new: &str) -> String {
        let mut declaration = goal_of(old);
        for change in diff(Field::AnnualGoal, Field::AnnualGoal.label(), old, new) {
            change.apply(&mut declaration).unwrap();
        }
        declaration.annual_goal
    }

    #[test]
    fn one_changed_paragraph_is_one_change() {
        let changes = diff(
            Field::AnnualGoal,
            Field::AnnualGoal.label(),
            "甲\n乙\n丙",
            "甲\n乙二\n丙",
        );
        assert_eq!(changes.len(), 1);
        let change = &changes[0];
        assert_eq!((change.old_number, change.new_number), (Some(2), Some(2)));
        assert_eq!(change.old.as_deref(), Some("乙"));
        assert_eq!(change.new.as_deref(), Some("乙二"));
    }

    #[test]
    fn taking_every_change_gives_the_new_text() {
        for (old, new) in [
            ("甲\n乙\n丙", "甲\n乙二\n丙"),
            ("甲\n乙\n丙", "丙\n甲"),
            ("", "甲\n乙"),
            ("甲\n乙", ""),
            ("甲\n甲\n乙", "乙\n甲\n甲\n甲"),
            ("一\n二\n三\n四", "零\n二\n四\n五"),
        ] {
            assert_eq!(apply_all(old, new), new, "{old:?} → {new:?}");
        }
        assert!(
            diff(
                Field::AnnualGoal,
                Field::AnnualGoal.label(),
                "甲\n乙",
                "甲\n乙"
            )
            .is_empty()
        );
    }

    #[test]
    fn an_added_paragraph_goes_after_its_neighbour_in_a_changed_text() {
        let change = diff(
            Field::AnnualGoal,
            Field::AnnualGoal.label(),
            "甲\n丙",
            "甲\n乙\n丙",
        )
        .remove(0);
        assert_eq!(change.after.as_deref(), Some("甲"));
        // The user's text gained a paragraph at the front meanwhile: 乙 still goes after 甲.
        let mut declaration = goal_of("前言\n甲\n丙");
        change.apply(&mut declaration).unwrap();
        assert_eq!(declaration.annual_goal, "前言\n甲\n乙\n丙");
    }

    #[test]
    fn a_paragraph_that_is_gone_is_named_in_the_error() {
        let change = diff(Field::AnnualGoal, Field::AnnualGoal.label(), "甲\n乙", "甲").remove(0);
        let mut declaration = goal_of("甲");
        let error = change.apply(&mut declaration).unwrap_err();
        assert!(error.to_string().contains("「乙」"), "{error}");
    }
}
