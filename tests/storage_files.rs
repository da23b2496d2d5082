//! Files on disk (issue 2 point 3): what a damaged, foreign, huge, hostile or newer file does to
//! `storage::load`, and what a failed save leaves behind. Every test works in its own temporary
//! folder. The declarations are sample forms typed in from the seeds.

#![expect(
    clippy::unwrap_used,
    reason = "fixture helpers unwrap literals typed from the seed forms; a typo should fail loudly"
)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use jixiao::model::{
    CurrentFields, Declaration, Fields2018, FormFields, Funding, LegacyBudget, Level1Indicator,
    Level2Indicator, Level3Indicator, ProjectTexts, SubBudget, TargetValue, Yuan, parse_yuan,
};
use jixiao::storage::{
    FORMAT_VERSION, MAX_FILE_BYTES, StorageError, from_ron_str, load, save, to_ron_string,
};

// ---------------------------------------------------------------------------------------------
// Sample declarations

fn yuan(text: &str) -> Option<Yuan> {
    Some(parse_yuan(text).unwrap())
}

fn l3(name: &str, target: &str) -> Level3Indicator {
    Level3Indicator::new(name, TargetValue::parse(target))
}

fn l2(name: &str, children: Vec<Level3Indicator>) -> Level2Indicator {
    Level2Indicator {
        name: name.into(),
        children,
    }
}

fn l1(name: &str, children: Vec<Level2Indicator>) -> Level1Indicator {
    Level1Indicator {
        name: name.into(),
        children,
    }
}

/// 信息化建设项目 (2026, sample form `forms-2026` form 4): a long goal with quotes, `分`, `合格`, `三级`.
fn xinxihua_2026() -> Declaration {
    Declaration {
        fiscal_year: 2026,
        project_name: "信息化建设项目".into(),
        form: FormFields::Current(CurrentFields {
            project_nature: "其他一次性项目".into(),
            project_category: "特定目标类".into(),
            competent_department: "中共上海市委组织部".into(),
            implementing_unit: "上海市党建服务中心".into(),
            funding: Funding {
                project_total: None,
                project_fiscal: None,
                project_other: None,
                annual_total: yuan("1,860,380.00"),
                annual_appropriation: yuan("1,860,380.00"),
                annual_carryover: yuan("0.00"),
                annual_other: yuan("0.00"),
            },
        }),
        planned_start: NaiveDate::from_ymd_opt(2026, 1, 1),
        planned_end: NaiveDate::from_ymd_opt(2026, 12, 31),
        overall_goal: String::new(),
        annual_goal: "以党群服务阵地体系功能建设为主要抓手，为基层党建工作提供服务支撑，在模式优化、功能提升、资源整合方面进行升级，通过对上海市党建服务阵地智慧服务平台进行升级改造，坚持以系统思维推进系统工程，既做强实体阵地这个“前台”，也注重以数字化手段推动党建信息资源、数据资源的高效利用和外延转化，筑牢网上阵地这个“中台”。\n同时系统完善工作支撑体系，做实相应工作机制，强化“后台”保障。".into(),
        indicators: vec![
            l1(
                "产出指标",
                vec![
                    l2("数量指标", vec![l3("一次性验收合格率", "=100.00(%)")]),
                    l2(
                        "质量指标",
                        vec![
                            l3("软件测试达标", "=100.00(分)"),
                            l3("密码测试达标", "合格"),
                            l3("系统可靠性", "≥99.00(%)"),
                        ],
                    ),
                    l2("时效指标", vec![l3("网络安全等级保护", "三级")]),
                ],
            ),
            l1(
                "效益指标",
                vec![l2(
                    "生态效益指标",
                    vec![
                        l3("安全测试达标", "合格"),
                        l3("安全事件发生次数", "=0(次)"),
                    ],
                )],
            ),
        ],
    }
}

/// 在线学习工作经费 (2018, sample form `forms-2018` form 4): sub-budgets, two levels, blank 备注.
fn zaixian_2018() -> Declaration {
    Declaration {
        fiscal_year: 2018,
        project_name: "在线学习工作经费".into(),
        form: FormFields::Y2018(Fields2018 {
            declaring_unit: "上海市干部教育中心".into(),
            project_type: "经常性专项业务费".into(),
            fund_use: "其他事业专业类".into(),
            texts: ProjectTexts {
                project_overview: "2005年，为全面落实大规模培训干部战略任务，市委组织部牵头，会同市委党校、市人事局、市信息化委员会建成上海干部在线学习平台并正式开通。".into(),
                legal_basis: "《干部教育培训工作条例》《关于在全市干部中开展在线学习的通知》（沪委组【2005】发字006号）".into(),
                necessity: String::new(),
                safeguards: String::new(),
                implementation_plan: "根据财务预算批复时间和政府采购要求实施。".into(),
            },
            budget: LegacyBudget {
                project_budget: yuan("10310000"),
                annual_budget: yuan("10310000"),
                prior_year_budget: yuan("10310000"),
                prior_year_spent: yuan("9912000"),
            },
            sub_budgets: vec![
                SubBudget {
                    name: "平台内容建设及学员".into(),
                    amount: yuan("6430000.00"),
                },
                SubBudget {
                    name: "系统运维及学习支持".into(),
                    amount: yuan("3880000.00"),
                },
            ],
            remarks: String::new(),
        }),
        planned_start: NaiveDate::from_ymd_opt(2018, 1, 1),
        planned_end: NaiveDate::from_ymd_opt(2018, 12, 31),
        overall_goal: "贯彻落实习近平新时代中国特色社会主义思想 and 党的十九大精神。".into(),
        annual_goal: "1. 两个平台融合发展。PC平台持续稳定，移动平台创新发展。".into(),
        indicators: vec![
            l1("投入和管理目标", vec![l2("", vec![l3("安全事故发生情况", "=0")])]),
            l1("产出目标", vec![l2("", vec![l3("在线学习招生人数", "≤150000")])]),
            l1("效果目标", vec![l2("", vec![l3("在学人员满意度", "≥70.00%")])]),
            l1(
                "影响力目标",
                vec![l2(
                    "",
                    vec![
                        l3("市管干部覆盖率", "=100.00%"),
                        l3("处级干部覆盖率", "≥90.00%"),
                        l3("科级及以下干部覆盖率", "≥80.00%"),
                    ],
                )],
            ),
        ],
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn folder() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// A file in `dir` holding `bytes`.
fn file_with(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The names in `dir`, sorted: shows that no temporary file was left behind.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The (line, column) of the first occurrence of `needle` in `text`, 1-based, columns in chars.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).unwrap();
    let before = &text[..offset];
    let line = 1 + before.matches('\n').count();
    let column = 1 + before.rsplit('\n').next().unwrap().chars().count();
    (line, column)
}

fn saved_text() -> String {
    to_ron_string(&xinxihua_2026()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Round trips and old files

#[test]
fn load_save_load_is_identical() {
    let dir = folder();
    let path = dir.path().join("信息化建设项目.ron");
    for declaration in [xinxihua_2026(), zaixian_2018()] {
        save(&path, &declaration).unwrap();
        let first_bytes = std::fs::read(&path).unwrap();
        let loaded = load(&path).unwrap();
        assert_eq!(loaded, declaration);
        save(&path, &loaded).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), first_bytes);
        assert_eq!(load(&path).unwrap(), declaration);
    }
    assert_eq!(names_in(dir.path()), ["信息化建设项目.ron"]);
}

#[test]
fn older_files_stay_loadable() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    assert_eq!(
        load(&fixtures.join("format-v1.ron")).unwrap(),
        xinxihua_2026()
    );
    assert_eq!(
        load(&fixtures.join("format-v1-2018.ron")).unwrap(),
        zaixian_2018()
    );
}

// ---------------------------------------------------------------------------------------------
// Damaged files

#[test]
fn broken_ron_is_reported_with_file_line_and_column() {
    let text = saved_text().replacen(
        "project_name: \"信息化建设项目\"",
        "project_name: 信息化建设项目\"",
        1,
    );
    let dir = folder();
    let path = file_with(dir.path(), "broken.ron", text.as_bytes());
    let error = load(&path).unwrap_err();
    let (line, column) = position_of(&text, "信息化建设项目\"");
    match &error {
        StorageError::Syntax {
            path: reported,
            line: found_line,
            column: found_column,
            ..
        } => {
            assert_eq!(reported, &path);
            assert_eq!(*found_line, line);
            // The parser stops at the unquoted name or just after it (7 characters).
            assert!(
                (column..=column + 7).contains(found_column),
                "column {found_column}, the name starts at {column}"
            );
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains(&format!("第 {line} 行第 ")), "{message}");
    assert!(
        message.ends_with(&format!("（{}）", path.display())),
        "{message}"
    );
}

#[test]
fn wrong_types_are_reported_where_they_are() {
    for (good, bad) in [
        ("fiscal_year: 2026", "fiscal_year: \"2026\""),
        (
            "annual_total: \"1860380.00\"",
            "annual_total: \"一百八十六万\"",
        ),
        ("planned_end: \"2026-12-31\"", "planned_end: \"2026-02-30\""),
        ("comparator: Ge", "comparator: AtLeast"),
    ] {
        let text = saved_text();
        assert!(text.contains(good), "{good} not in {text}");
        let text = text.replacen(good, bad, 1);
        let (line, _) = position_of(&text, bad);
        match from_ron_str(&text, Path::new("x.ron")) {
            Err(StorageError::Syntax {
                line: found,
                message,
                ..
            }) => assert_eq!(found, line, "{bad}: {message}"),
            other => panic!("{bad}: expected a syntax error, got {other:?}"),
        }
    }
}

#[test]
fn a_truncated_file_says_it_is_incomplete() {
    let text = saved_text();
    let mut half = text.len() / 2;
    while !text.is_char_boundary(half) {
        half -= 1;
    }
    let dir = folder();
    let path = file_with(dir.path(), "half.ron", &text.as_bytes()[..half]);
    let error = load(&path).unwrap_err();
    assert!(
        matches!(error, StorageError::Syntax { line, .. } if line > 1),
        "{error:?}"
    );
    assert!(error.to_string().contains("不完整"), "{error}");
    // Cut anywhere after the first line: always a syntax error that says the file is incomplete.
    let first_line = text.find('\n').unwrap() + 1;
    for end in (first_line + 1..text.len() - 1).filter(|end| text.is_char_boundary(*end)) {
        match from_ron_str(&text[..end], &path) {
            Err(StorageError::Syntax { message, .. }) => {
                assert!(message.contains("不完整"), "cut at {end}: {message}");
            }
            other => panic!("cut at {end}: expected a syntax error, got {other:?}"),
        }
    }
}

#[test]
fn a_file_that_is_not_utf8_names_the_line() {
    let mut bytes = saved_text().into_bytes();
    let third_line = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .unwrap()
        .0
        + 1;
    bytes.splice(third_line + 4..third_line + 4, [0xFF, 0xFE]);
    let dir = folder();
    let path = file_with(dir.path(), "latin1.ron", &bytes);
    match load(&path) {
        Err(StorageError::NotUtf8 { line, column, .. }) => assert_eq!((line, column), (3, 5)),
        other => panic!("expected NotUtf8, got {other:?}"),
    }
}

#[test]
fn a_file_over_16_mib_is_refused_before_reading() {
    let dir = folder();
    // NUL bytes are valid UTF-8: had the file been read, the error would be about its content.
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    match load(&path) {
        Err(StorageError::TooLarge { bytes, .. }) => assert_eq!(bytes, MAX_FILE_BYTES + 1),
        other => panic!("expected TooLarge, got {other:?}"),
    }
    // At the limit the size is fine, and the content is judged instead.
    file.set_len(MAX_FILE_BYTES).unwrap();
    assert!(matches!(load(&path), Err(StorageError::NotJixiao { .. })));
}

#[test]
fn absurdly_deep_nesting_is_an_error_not_a_stack_overflow() {
    const DEPTH: usize = 100_000;
    let envelope = "#![enable(implicit_some)]\n(format: \"jixiao\", version: 1, declaration: ";
    let cases = [
        format!("{envelope}{}", "(".repeat(DEPTH)),
        format!("{envelope}{}", "[".repeat(DEPTH)),
        format!("{envelope}{}{}", "(".repeat(DEPTH), ")".repeat(DEPTH)),
        format!(
            "{envelope}(fiscal_year: 2026, indicators: {}",
            "[".repeat(DEPTH)
        ),
        format!("{envelope}{}", "Some(".repeat(DEPTH)),
        format!("{}(format: \"jixiao\")", "[".repeat(DEPTH)),
        format!("{}(format: \"jixiao\")", "/*".repeat(DEPTH)),
        format!("{envelope}{}", "{\"a\":".repeat(DEPTH)),
    ];
    let dir = folder();
    for (index, text) in cases.iter().enumerate() {
        let path = file_with(dir.path(), &format!("deep-{index}.ron"), text.as_bytes());
        let error = load(&path).unwrap_err();
        assert!(
            matches!(
                error,
                StorageError::Syntax { .. } | StorageError::NotJixiao { .. }
            ),
            "case {index}: {error:?}"
        );
    }
    // The limit is what stopped the first case.
    let error = from_ron_str(&cases[0], Path::new("deep.ron")).unwrap_err();
    assert!(error.to_string().contains("嵌套层数"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Files that are not ours, or not yet ours

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_untouched() {
    let text = saved_text().replacen(
        &format!("version: {FORMAT_VERSION},"),
        "version: 99,\n    signatures: [(who: \"财务负责人\")],",
        1,
    );
    let text = text.replacen(
        "fiscal_year: 2026",
        "fiscal_year: 2026, color_scheme: Dark",
        1,
    );
    let dir = folder();
    let path = file_with(dir.path(), "from-the-future.ron", text.as_bytes());
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();

    let error = load(&path).unwrap_err();
    assert!(
        matches!(error, StorageError::NewerVersion { found: 99, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("更新版本"), "{message}");
    assert!(message.contains("未被修改"), "{message}");

    assert_eq!(std::fs::read(&path).unwrap(), text.as_bytes());
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(names_in(dir.path()), ["from-the-future.ron"]);
}

#[test]
fn a_version_no_jixiao_wrote_is_refused() {
    let text = saved_text().replacen("version: 1,", "version: 0,", 1);
    assert!(matches!(
        from_ron_str(&text, Path::new("x.ron")),
        Err(StorageError::UnknownVersion { found: 0, .. })
    ));
}

#[test]
fn files_of_another_format_are_named_as_such() {
    let dir = folder();
    for (name, content) in [
        ("form.json", "{\"format\": \"jixiao\", \"version\": 1}"),
        ("other.ron", "(name: \"党建服务工作经费\", amount: 1139000)"),
        (
            "wrong-tag.ron",
            "(format: \"typst\", version: 1, declaration: ())",
        ),
        (
            "form.txt",
            "财政项目支出绩效目标申报表\n\n(2026年度)\n项目名称\t党建服务工作经费",
        ),
        ("empty.ron", ""),
        ("page.html", "<html><body>申报表</body></html>"),
    ] {
        let path = file_with(dir.path(), name, content.as_bytes());
        let error = load(&path).unwrap_err();
        assert!(
            matches!(error, StorageError::NotJixiao { .. }),
            "{name}: {error:?}"
        );
        assert!(error.to_string().contains("不是 Jixiao 申报表文件"));
    }
    // A PNG is not even text.
    let path = file_with(dir.path(), "form.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert!(matches!(
        load(&path),
        Err(StorageError::NotUtf8 {
            line: 1,
            column: 1,
            ..
        })
    ));
}

#[test]
fn loading_what_is_not_a_file_says_why() {
    let dir = folder();
    let error = load(dir.path()).unwrap_err();
    assert!(error.to_string().contains("文件夹"), "{error}");
    let missing = dir.path().join("没有这个文件.ron");
    let error = load(&missing).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("不存在"), "{message}");
    assert!(message.contains("没有这个文件.ron"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Atomic save

#[test]
fn a_save_into_a_missing_folder_fails_and_creates_nothing() {
    let dir = folder();
    let path = dir.path().join("missing").join("x.ron");
    let error = save(&path, &xinxihua_2026()).unwrap_err();
    assert!(error.to_string().contains("不存在"), "{error}");
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn a_save_onto_a_folder_fails_and_leaves_it_alone() {
    let dir = folder();
    let target = dir.path().join("2026");
    std::fs::create_dir(&target).unwrap();
    file_with(&target, "keep.txt", b"keep");
    let error = save(&target, &xinxihua_2026()).unwrap_err();
    assert!(error.to_string().contains("文件夹"), "{error}");
    assert_eq!(names_in(dir.path()), ["2026"]);
    assert_eq!(names_in(&target), ["keep.txt"]);
}

#[test]
fn a_save_below_a_file_fails() {
    let dir = folder();
    let file = file_with(dir.path(), "plain.txt", b"plain");
    let error = save(&file.join("x.ron"), &xinxihua_2026()).unwrap_err();
    assert!(matches!(error, StorageError::Io { .. }), "{error:?}");
    assert_eq!(std::fs::read(&file).unwrap(), b"plain");
    assert_eq!(names_in(dir.path()), ["plain.txt"]);
}

#[test]
fn a_read_only_file_is_not_overwritten() {
    let dir = folder();
    let path = dir.path().join("signed.ron");
    save(&path, &zaixian_2018()).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();

    let error = save(&path, &xinxihua_2026()).unwrap_err();
    assert!(error.to_string().contains("只读"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(names_in(dir.path()), ["signed.ron"]);
}

/// A folder the user may not add files to, holding a file the user may write (a shared folder
/// where colleagues may change forms but not add them): `chmod 555`, or, for an administrator
/// (who may write anyway, as CI's root does), the immutable attribute. `None` when neither can
/// be arranged here.
#[cfg(target_os = "linux")]
fn make_folder_read_only(folder: &Path) -> Option<&'static str> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = folder.join("probe");
    if std::fs::write(&probe, b"").is_err() {
        return Some("chmod");
    }
    std::fs::remove_file(&probe).unwrap();
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(folder)
        .status()
        .is_ok_and(|status| status.success());
    (immutable && std::fs::write(&probe, b"").is_err()).then_some("chattr")
}

#[cfg(target_os = "linux")]
fn make_folder_writable(folder: &Path, how: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    if how == "chattr" {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(folder)
            .status();
    }
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn a_writable_file_in_a_read_only_folder_is_saved_in_place() {
    let dir = folder();
    let path = dir.path().join("x.ron");
    save(&path, &zaixian_2018()).unwrap();
    let Some(how) = make_folder_read_only(dir.path()) else {
        // Checked another way, whoever runs it: storage::write's unit test makes the folder
        // refuse the temporary file.
        eprintln!(
            "skipped: running with administrator rights on a file system without the immutable \
             attribute, so a read-only folder cannot be made here"
        );
        return;
    };
    let saved = jixiao::storage::save_checked(&path, &xinxihua_2026(), None);
    let new_file = save(&dir.path().join("new.ron"), &xinxihua_2026());
    make_folder_writable(dir.path(), how);
    let written = saved.unwrap();
    assert!(written.in_place, "{how}");
    assert!(written.note().unwrap().contains("直接覆盖原文件"));
    assert_eq!(load(&path).unwrap(), xinxihua_2026());
    // A new file cannot be made there, and says why.
    let error = new_file.unwrap_err();
    assert!(error.to_string().contains("没有写入权限"), "{error}");
    assert_eq!(names_in(dir.path()), ["x.ron"]);
}

#[cfg(unix)]
#[test]
fn a_save_keeps_permissions_and_follows_links() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = folder();
    let real = dir.path().join("real.ron");
    save(&real, &zaixian_2018()).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    save(&link, &xinxihua_2026()).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(load(&real).unwrap(), xinxihua_2026());
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(names_in(dir.path()), ["link.ron", "real.ron"]);

    // A new file is readable by others, as files made by any editor are (umask allowing).
    let new = dir.path().join("new.ron");
    save(&new, &xinxihua_2026()).unwrap();
    let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    assert_ne!(mode, 0o600, "{mode:o}");
}

#[cfg(unix)]
#[test]
fn devices_and_pipes_are_neither_read_nor_replaced() {
    // /dev/zero never ends: reading it would fill memory up to the size limit first.
    let error = load(Path::new("/dev/zero")).unwrap_err();
    assert!(matches!(error, StorageError::NotAFile { .. }), "{error:?}");
    assert!(error.to_string().contains("不是普通文件"), "{error}");

    // A named pipe would block `open` until someone writes to it.
    let dir = folder();
    let pipe = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    assert!(made.is_ok_and(|status| status.success()), "mkfifo failed");
    assert!(matches!(load(&pipe), Err(StorageError::NotAFile { .. })));
    let error = save(&pipe, &xinxihua_2026()).unwrap_err();
    assert!(matches!(error, StorageError::NotAFile { .. }), "{error:?}");
    use std::os::unix::fs::FileTypeExt as _;
    assert!(
        std::fs::symlink_metadata(&pipe)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert_eq!(names_in(dir.path()), ["pipe.ron"]);
}

// ---------------------------------------------------------------------------------------------
// Messages (issue 8, finding 9)

/// The ASCII words of `message` outside its 「…」 quotes and its file name.
fn english_words(message: &str, path: &Path) -> Vec<String> {
    let message = message.replace(&path.display().to_string(), "");
    let mut outside = String::new();
    let mut depth = 0_i32;
    for c in message.chars() {
        match c {
            '「' => depth += 1,
            '」' => depth -= 1,
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn damaged_files_are_explained_without_library_english() {
    // Every way of breaking a real form by a few characters (deleted, inserted, replaced): the
    // message may quote the file's own words (field names, values) but no other English, i.e.
    // nothing from the parser, serde or a Rust type.
    let text = saved_text();
    let chars: Vec<char> = text.chars().collect();
    // The file's own words, and the format's words a message offers as the allowed values.
    let format_words = [
        "Jixiao",
        "UTF",
        "GBK",
        "Eq",
        "Ge",
        "Le",
        "Gt",
        "Lt",
        "Current",
        "Y2020",
        "Y2018",
        "Quantitative",
        "Qualitative",
    ];
    let vocabulary = |word: &str| text.contains(word) || format_words.contains(&word);
    let noise = [
        '(', ')', '[', ']', ',', ':', '"', 'x', '1', '\\', '/', '*', '#', ' ', '\n', '中', '.',
        '-', 'r', '\'',
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut random = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % u64::try_from(bound).unwrap()).unwrap()
    };
    let path = Path::new("破损.ron");
    let mut explained = 0;
    for _ in 0..3_000 {
        let mut broken = chars.clone();
        for _ in 0..=random(3) {
            let at = random(broken.len());
            let c = noise[random(noise.len())];
            match random(3) {
                0 => {
                    broken.remove(at);
                }
                1 => broken.insert(at, c),
                _ => broken[at] = c,
            }
        }
        let broken: String = broken.into_iter().collect();
        if let Err(error) = from_ron_str(&broken, path) {
            let message = error.to_string();
            let foreign: Vec<String> = english_words(&message, path)
                .into_iter()
                .filter(|word| !vocabulary(word))
                .collect();
            assert!(foreign.is_empty(), "{foreign:?} in: {message}");
            if let StorageError::Syntax { line, column, .. } = error {
                assert!(line >= 1 && column >= 1, "{message}");
            }
            explained += 1;
        }
    }
    assert!(explained > 2_000, "{explained}");
}
