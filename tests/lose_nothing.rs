//! Issue 8, "lose nothing", as a user meets it: the built `jixiao` binary on the real sample forms
//! and the bundled examples, one test per finding of the attack on the file handling and
//! per command-line finding. Each test names its finding.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[path = "support/large_form.rs"]
mod large_form;

#[path = "support/cli.rs"]
mod cli;
use cli::{jixiao, seed, stderr, stdout};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name)
}

const PARTY: &str = "2026-党建服务工作经费.ron";
const IT: &str = "2026-信息化建设项目.ron";

/// A copy of an example form in `folder` (a folder name with a space and Chinese, as on a
/// Windows desktop).
fn copy_of(folder: &Path, name: &str) -> PathBuf {
    let path = folder.join(name);
    std::fs::copy(example(name), &path).unwrap();
    path
}

fn user_folder() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("我的 文档");
    std::fs::create_dir(&folder).unwrap();
    (root, folder)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Whether `text` is a message a user may see: Chinese, without the internals the issue found
/// (library English, Rust type names, `os error N`, source paths).
fn assert_user_words(text: &str) {
    for leak in [
        "os error",
        "error:",
        "Error",
        "Unexpected",
        "expected",
        "Declaration",
        "Envelope",
        "Usage",
        "Options",
        "panicked",
        ".rs:",
        "winit",
    ] {
        assert!(!text.contains(leak), "«{leak}» in: {text}");
    }
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "not Chinese: {text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Finding 1: `jixiao print X.ron -o X.ron` replaced the declaration with PDF bytes.

#[test]
fn print_never_writes_over_its_input_or_a_ron_file() {
    let (_root, folder) = user_folder();
    let form = copy_of(&folder, PARTY);
    let before = std::fs::read(&form).unwrap();
    let hard_link = folder.join("硬链接.pdf");
    std::fs::hard_link(&form, &hard_link).unwrap();
    let mut outputs = vec![form.clone(), hard_link, folder.join("新文件.RON")];
    #[cfg(unix)]
    {
        let symlink = folder.join("链接.pdf");
        std::os::unix::fs::symlink(&form, &symlink).unwrap();
        outputs.push(symlink);
    }
    for out in &outputs {
        let output = jixiao(&["print", form.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{}", out.display());
        let message = stderr(&output);
        assert_user_words(&message);
        assert!(message.contains("未写入任何文件"), "{message}");
        assert_eq!(std::fs::read(&form).unwrap(), before, "{}", out.display());
    }
    assert!(!folder.join("新文件.RON").exists());

    // A real output is written, into a folder with a space and Chinese in its name.
    let pdf = folder.join("打印 结果.pdf");
    let output = jixiao(&["print", form.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert_eq!(std::fs::read(&form).unwrap(), before);
}

// ---------------------------------------------------------------------------------------------
// Finding 2: two imports at once into one folder overwrote each other's forms.

#[test]
fn imports_at_once_into_one_folder_keep_every_form() {
    const ROUNDS: usize = 8;
    let out = tempfile::tempdir().unwrap();
    let seeds = [seed("forms-2026.txt"), seed("forms-2023.txt")];
    let args = |out: &Path| {
        let mut args: Vec<String> = vec!["import".into()];
        args.extend(seeds.iter().map(|seed| seed.to_str().unwrap().to_owned()));
        args.extend(["--out".into(), out.to_str().unwrap().to_owned()]);
        args
    };
    let mut reported = 0;
    for _ in 0..ROUNDS {
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_jixiao"))
                    .args(args(out.path()))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success());
            reported += stdout(&output).lines().count();
        }
    }
    // 11 forms per import, two imports per round: every one is a file of its own.
    let files = names_in(out.path());
    assert_eq!(reported, ROUNDS * 2 * 11);
    assert_eq!(files.len(), ROUNDS * 2 * 11, "{files:?}");
    let mut per_project = std::collections::HashMap::<String, usize>::new();
    for name in &files {
        let declaration = jixiao::storage::load(&out.path().join(name)).unwrap();
        *per_project
            .entry(format!(
                "{}-{}",
                declaration.fiscal_year, declaration.project_name
            ))
            .or_default() += 1;
    }
    // Each of the 11 sample forms (two share a name across years) came ROUNDS × 2 times.
    assert_eq!(per_project.len(), 11, "{per_project:?}");
    assert!(per_project.values().all(|count| *count == ROUNDS * 2));
}

// ---------------------------------------------------------------------------------------------
// Finding 7: `import` exited 0 when some forms could not be written (disk full).

/// Runs `jixiao import` with the file size limited to `blocks` × 512 bytes (as a full disk or
/// quota would stop writes), the signal that limit sends ignored so that writes fail instead.
#[cfg(target_os = "linux")]
fn import_with_size_limit(blocks: u32, seed: &Path, out: &Path) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks} && exec \"$0\" import \"$1\" --out \"$2\""
        ))
        .arg(env!("CARGO_BIN_EXE_jixiao"))
        .arg(seed)
        .arg(out)
        .output()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn import_exits_2_and_names_every_form_it_could_not_write() {
    // Sizes of the 2023 forms as files: find a limit that lets some through and stops others.
    let full = tempfile::tempdir().unwrap();
    let all = jixiao(&[
        "import",
        seed("forms-2023.txt").to_str().unwrap(),
        "--out",
        full.path().to_str().unwrap(),
    ]);
    assert!(all.status.success());
    let mut sizes: Vec<(u64, String)> = stdout(&all)
        .lines()
        .map(|path| {
            let declaration = jixiao::storage::load(Path::new(path)).unwrap();
            (
                std::fs::metadata(path).unwrap().len(),
                declaration.project_name,
            )
        })
        .collect();
    sizes.sort();
    let (small, _) = sizes.first().unwrap().clone();
    let limit_blocks = u32::try_from(small.div_ceil(512)).unwrap();
    let too_large: Vec<&String> = sizes
        .iter()
        .filter(|(size, _)| *size > u64::from(limit_blocks) * 512)
        .map(|(_, name)| name)
        .collect();
    assert!(
        !too_large.is_empty() && too_large.len() < sizes.len(),
        "{sizes:?}"
    );

    let out = tempfile::tempdir().unwrap();
    let output = import_with_size_limit(limit_blocks, &seed("forms-2023.txt"), out.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    for name in &too_large {
        assert!(
            message
                .lines()
                .any(|line| line.contains(&format!("「{name}」未能写入"))),
            "{name} not named in:\n{message}"
        );
    }
    assert_user_words(&message);
    // What was written is complete, and nothing else is left behind.
    let written = stdout(&output).lines().count();
    assert_eq!(written + too_large.len(), sizes.len());
    assert_eq!(names_in(out.path()).len(), written);
    for name in names_in(out.path()) {
        jixiao::storage::load(&out.path().join(name)).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Finding 8: a file starting with a UTF-8 byte-order mark was refused; UTF-16 got "not UTF-8".

#[test]
fn files_saved_by_notepad_are_read() {
    let (_root, folder) = user_folder();
    let text = std::fs::read_to_string(example(PARTY)).unwrap();
    let bom = folder.join("记事本 UTF-8.ron");
    std::fs::write(&bom, [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat()).unwrap();
    let utf16 = folder.join("记事本 Unicode.ron");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&utf16, bytes).unwrap();
    let original = jixiao(&["check", example(PARTY).to_str().unwrap()]);
    for file in [&bom, &utf16] {
        let output = jixiao(&["check", file.to_str().unwrap()]);
        assert_eq!(
            output.status.code(),
            original.status.code(),
            "{}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "");
        let dump = jixiao(&["dump", file.to_str().unwrap(), "--json"]);
        assert!(stdout(&dump).contains("\"project_name\": \"党建服务工作经费\""));
    }
}

// ---------------------------------------------------------------------------------------------
// Finding 9: messages leaked English, type names and `os error`; a missing version was at 0:0.

#[test]
fn broken_files_are_explained_in_chinese_with_the_printed_label() {
    let (_root, folder) = user_folder();
    let text = std::fs::read_to_string(example(PARTY)).unwrap();
    let line_of =
        |text: &str, needle: &str| 1 + text[..text.find(needle).unwrap()].matches('\n').count();
    let cases = [
        (
            "拼错字段.ron",
            text.replacen("project_name:", "project_nmae:", 1),
            "project_nmae",
            "项目名称",
        ),
        (
            "年度类型.ron",
            text.replacen("fiscal_year: 2026", "fiscal_year: \"2026\"", 1),
            "fiscal_year",
            "「年度」",
        ),
        (
            "金额.ron",
            text.replacen("\"1139000.00\"", "\"一百一十三万\"", 1),
            "一百一十三万",
            "「年度资金申请总额」",
        ),
        (
            "日期.ron",
            text.replacen("\"2026-12-31\"", "\"2026-02-30\"", 1),
            "2026-02-30",
            "「计划完成日期」",
        ),
        (
            "符号.ron",
            text.replacen("comparator: Ge", "comparator: AtLeast", 1),
            "AtLeast",
            "三级指标的计算符号",
        ),
    ];
    for (name, broken, needle, label) in cases {
        let path = folder.join(name);
        std::fs::write(&path, &broken).unwrap();
        let output = jixiao(&["check", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let message = stderr(&output);
        assert_user_words(&message);
        assert!(message.contains(label), "{name}: {message}");
        assert!(
            message.contains(&format!("第 {} 行", line_of(&broken, needle))),
            "{name}: {message}"
        );
        assert!(message.contains(name), "{name}: {message}");
    }

    // A missing version is reported where it belongs: at the envelope's bracket, not at 0:0.
    let no_version = text.replacen("    version: 1,\n", "", 1);
    let path = folder.join("无版本.ron");
    std::fs::write(&path, &no_version).unwrap();
    let message = stderr(&jixiao(&["check", path.to_str().unwrap()]));
    assert_user_words(&message);
    let bracket_line = line_of(&no_version, "(\n");
    assert!(
        message.contains(&format!("第 {bracket_line} 行第 1 列")),
        "{message}"
    );
    assert!(message.contains("格式版本"), "{message}");

    // A missing file and a folder: the system's reason in Chinese, no `os error`.
    for path in [folder.join("没有这个文件.ron"), folder.clone()] {
        let message = stderr(&jixiao(&["check", path.to_str().unwrap()]));
        assert_user_words(&message);
    }
}

// ---------------------------------------------------------------------------------------------
// Finding 10: killed saves left `.jixiao-*.tmp` files that nothing removed; replacing a file
// changed its owner and group.

#[test]
fn the_next_save_removes_leftovers_of_killed_saves() {
    let (_root, folder) = user_folder();
    let form = copy_of(&folder, PARTY);
    // What a killed save leaves: a hidden temporary file, its writer gone.
    for name in [".jixiao-Ab12Cd.tmp", ".jixiao-zz99zz.tmp"] {
        std::fs::write(folder.join(name), "半个文件").unwrap();
    }
    std::fs::write(folder.join("别人的.tmp"), "不是 Jixiao 的").unwrap();
    let pdf = folder.join("打印.pdf");
    let output = jixiao(&["print", form.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        names_in(&folder),
        [PARTY, "别人的.tmp", "打印.pdf"].map(str::to_owned)
    );
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_owner_and_group_of_the_file() {
    use std::os::unix::fs::MetadataExt as _;
    let (_root, folder) = user_folder();
    let target = copy_of(&folder, IT);
    let form = copy_of(&folder, PARTY);
    // Another user's file the user may write (a colleague's, on a shared folder). Only an
    // administrator can make one; otherwise the group alone is kept, which needs a second
    // group of the user's.
    let other = 4242;
    if std::os::unix::fs::chown(&target, Some(other), Some(other)).is_err() {
        eprintln!(
            "skipped: not running as an administrator, so no file of another owner can be made \
             (the group is still kept by the same code)"
        );
        return;
    }
    let output = jixiao(&[
        "rollover",
        form.to_str().unwrap(),
        "--year",
        "2027",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let meta = std::fs::metadata(&target).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (other, other));
    assert_eq!(jixiao::storage::load(&target).unwrap().fiscal_year, 2027);
}

// ---------------------------------------------------------------------------------------------
// The command line

#[test]
fn a_closed_pipe_ends_output_quietly() {
    let (_root, folder) = user_folder();
    // Large enough that the output cannot all sit in the pipe before the reader leaves.
    let large = folder.join("大表.ron");
    jixiao::storage::save(&large, &large_form::large_declaration(4_000)).unwrap();
    for args in [
        vec!["dump", large.to_str().unwrap(), "--json"],
        vec!["export", large.to_str().unwrap(), "--format", "tsv"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -1`: read one line, then close the pipe.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty());
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

#[test]
fn rollover_refuses_a_year_not_after_the_forms() {
    let (_root, folder) = user_folder();
    let form = copy_of(&folder, PARTY);
    for year in ["2026", "2025"] {
        let out = folder.join(format!("{year}.ron"));
        let output = jixiao(&[
            "rollover",
            form.to_str().unwrap(),
            "--year",
            year,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{year}");
        let message = stderr(&output);
        assert_user_words(&message);
        assert!(message.contains("应晚于原申报表的年度 2026"), "{message}");
        assert!(!out.exists());
    }
    let out = folder.join("2027.ron");
    let output = jixiao(&[
        "rollover",
        form.to_str().unwrap(),
        "--year",
        "2027",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn an_unknown_command_is_an_error_not_a_file() {
    let output = jixiao(&["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_user_words(&message);
    assert!(
        message.contains("无法识别的命令「frobnicate」"),
        "{message}"
    );
}

#[test]
fn help_and_argument_errors_are_chinese() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["import", "--help"],
        &["help", "print"],
        &["rollover", "-h"],
    ] {
        let output = jixiao(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let help = stdout(&output);
        assert!(help.contains("用法：jixiao"), "{args:?}: {help}");
        assert!(help.contains("显示帮助"), "{args:?}: {help}");
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "Print help",
            "[OPTIONS]",
        ] {
            assert!(!help.contains(english), "{args:?}: «{english}» in\n{help}");
        }
    }
    // The subcommands' own help is in Chinese too.
    let help = stdout(&jixiao(&["--help"]));
    assert!(help.contains("转为新年度申报表"), "{help}");

    for args in [
        &["--bogus"][..],
        &["dump", "x.ron"],
        &["export", "x.ron", "--format", "pdf"],
        &["check"],
        &["import", "a.txt"],
        &["rollover", "x.ron", "--year", "明年", "-o", "y.ron"],
        &["check", "--jsn", "x.ron"],
    ] {
        let output = jixiao(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert_user_words(&message);
        assert!(message.contains("--help 查看用法"), "{message}");
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn without_a_display_the_window_says_so_in_chinese() {
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_user_words(&message);
    assert!(message.contains("没有可用的图形显示"), "{message}");
    assert!(!message.contains("cargo"), "{message}");
}
