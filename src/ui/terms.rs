//! The words each layout uses for its indicator table and sections (docs/form.md §1, §6), so that
//! on a 2020 or 2018 form the editor's buttons, headers and hints say what that form says: 一级目标
//! on 2020, 分解目标内容 and 绩效指标 on 2018. The fields' own labels come from the field table
//! ([`FormLayout::fields`]).
//!
//! Depends on the model's [`FormLayout`] only.

use crate::model::FormLayout;

/// The terms of one layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    /// The layout they belong to.
    pub layout: FormLayout,
}

impl Terms {
    /// The terms of `layout`.
    pub fn of(layout: FormLayout) -> Self {
        Self { layout }
    }

    /// The name of a tree level (1, 2 or 3) as the form's header says it: 一级指标, 一级目标
    /// (2020), 分解目标内容 / 绩效指标 (2018, which has no level 2).
    pub fn level(self, depth: u8) -> &'static str {
        match (self.layout, depth) {
            (FormLayout::Current, 1) => "一级指标",
            (FormLayout::Current, 2) => "二级指标",
            (FormLayout::Current, _) => "三级指标",
            (FormLayout::Y2020, 1) => "一级目标",
            (FormLayout::Y2020, 2) => "二级目标",
            (FormLayout::Y2020, _) => "三级目标",
            (FormLayout::Y2018, 1 | 2) => "分解目标",
            (FormLayout::Y2018, _) => "绩效指标",
        }
    }

    /// The header of a tree level's column: as [`Self::level`], but 2018's first column reads
    /// 分解目标内容 as on the form.
    pub fn level_header(self, depth: u8) -> &'static str {
        match (self.layout, depth) {
            (FormLayout::Y2018, 1 | 2) => "分解目标内容",
            _ => self.level(depth),
        }
    }

    /// The header of the value column: 年度(/项目)指标值, or 指标目标值 on the older layouts.
    pub fn value_header(self) -> &'static str {
        self.layout.indicator_headers()[3]
    }

    /// The button that adds a node at `depth`: 添加一级指标, 添加一级目标, 添加分解目标…
    pub fn add_button(self, depth: u8) -> String {
        format!("添加{}", self.level(depth))
    }

    /// The hint in an empty name field at `depth`: 一级指标名称, 分解目标名称…
    pub fn name_hint(self, depth: u8) -> String {
        format!("{}名称", self.level(depth))
    }

    /// The hint in an empty value field.
    pub fn value_hint(self) -> &'static str {
        match self.layout {
            FormLayout::Current => "指标值，如 ≥90(%) 或 及时",
            FormLayout::Y2020 => "指标目标值，如 >=90% 或 按时完成",
            FormLayout::Y2018 => "指标目标值，如 用户满意度达90%",
        }
    }

    /// The section headings of the editor: the form's two sections, as each layout calls
    /// them (the 2020 form heads its targets 「2020年绩效目标」).
    pub fn sections(self, fiscal_year: i32) -> [String; 2] {
        match self.layout {
            FormLayout::Current => ["项目基本信息".to_owned(), "项目绩效目标".to_owned()],
            FormLayout::Y2020 => [
                "项目基本信息".to_owned(),
                format!("{fiscal_year}年绩效目标"),
            ],
            FormLayout::Y2018 => ["项目基本信息".to_owned(), "项目绩效目标".to_owned()],
        }
    }

    /// The heading over the indicator table: 绩效指标, or 分解目标 on 2018.
    pub fn tree_heading(self) -> &'static str {
        match self.layout {
            FormLayout::Y2018 => "分解目标",
            _ => "绩效指标",
        }
    }

    /// What the empty tree says.
    pub fn empty_tree(self) -> String {
        format!(
            "尚无{0}：点击「{1}」开始。",
            self.level(3),
            self.add_button(1)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_layout_names_its_levels_as_its_header_does() {
        for layout in [FormLayout::Current, FormLayout::Y2020, FormLayout::Y2018] {
            let terms = Terms::of(layout);
            let headers = layout.indicator_headers();
            assert_eq!(terms.level_header(1), headers[0]);
            if layout.has_level2() {
                assert_eq!(terms.level_header(2), headers[1]);
            }
            assert_eq!(terms.level_header(3), headers[2]);
            assert_eq!(terms.value_header(), headers[3]);
        }
        assert_eq!(Terms::of(FormLayout::Y2020).add_button(1), "添加一级目标");
        assert_eq!(Terms::of(FormLayout::Y2018).add_button(3), "添加绩效指标");
        assert_eq!(Terms::of(FormLayout::Current).add_button(2), "添加二级指标");
    }
}
