//! Parsing the command line, in Chinese: help, usage and every argument error.
//!
//! clap's own words ("Usage:", "Options:", "Print help", "error: unexpected argument…") are
//! replaced here, whatever subcommands the `Cli` in `main.rs` declares: the help flag is our own
//! (`-h`, `--help`: 显示帮助), the help layout is a template with Chinese headings, value names are
//! translated from the argument ids, and errors are rebuilt in Chinese from clap's error kind and
//! context. Command and option names stay as they are.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use super::EXIT_UNREADABLE;

/// The help layout of `jixiao` itself.
const MAIN_TEMPLATE: &str =
    "{name} {version}：{about}\n\n用法：{usage}\n\n{all-args}{after-help}\n";
/// The help layout of a subcommand.
const SUBCOMMAND_TEMPLATE: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}\n";

/// Heading of positional arguments in help.
const ARGUMENTS_HEADING: &str = "参数";
/// Heading of options in help.
const OPTIONS_HEADING: &str = "选项";

/// Parses the process's arguments into `T`: the value, or the exit code after help, the
/// version or an error was printed (help and version: 0; errors: 2, one line on stderr).
pub fn parse<T: clap::Parser>() -> Result<T, ExitCode> {
    parse_from(std::env::args_os())
}

/// [`parse`] for given arguments (the first is the program name).
fn parse_from<T: clap::Parser>(args: impl IntoIterator<Item = OsString>) -> Result<T, ExitCode> {
    let args: Vec<OsString> = args.into_iter().collect();
    let mut command = in_chinese(T::command());
    // `jixiao help [COMMAND]`: clap's own help subcommand is off (its text is English).
    if args.get(1).is_some_and(|arg| arg == "help") {
        // Built, so that a subcommand's usage line starts with `jixiao`.
        command.build();
        let wanted = args.get(2).and_then(|name| name.to_str());
        let help = match wanted.and_then(|name| command.find_subcommand_mut(name)) {
            Some(subcommand) => subcommand.render_help(),
            None => command.render_help(),
        };
        print_help(&help.to_string());
        return Err(ExitCode::SUCCESS);
    }
    let matches = command
        .try_get_matches_from_mut(&args)
        .map_err(|error| report(&error, &command, &args))?;
    T::from_arg_matches(&matches).map_err(|error| report(&error, &command, &args))
}

/// `command` with Chinese help: our own help and version flags, Chinese headings and value
/// names, on every subcommand too.
fn in_chinese(command: Command) -> Command {
    let command = command
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .help_template(MAIN_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .arg(help_flag())
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        )
        .mut_args(chinese_arg);
    command.mut_subcommands(|subcommand| {
        subcommand
            .disable_help_flag(true)
            .help_template(SUBCOMMAND_TEMPLATE)
            .arg(help_flag())
            .mut_args(chinese_arg)
    })
}

fn help_flag() -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help("显示帮助")
}

/// An argument under a Chinese heading, with a Chinese value name where clap would print the
/// upper-cased id (`<FILES>` → `<文件>`).
fn chinese_arg(arg: Arg) -> Arg {
    let arg = if arg.get_help_heading().is_some() {
        arg
    } else if arg.is_positional() {
        arg.help_heading(ARGUMENTS_HEADING)
    } else {
        arg.help_heading(OPTIONS_HEADING)
    };
    // The derive names values after the field, upper-cased (`FILES`); a name given on purpose
    // is kept.
    let upper = arg.get_id().as_str().to_uppercase();
    let default_name = arg
        .get_value_names()
        .is_none_or(|names| names.len() == 1 && names.iter().all(|name| *name == upper));
    if !default_name || !arg.get_action().takes_values() {
        return arg;
    }
    let name = match arg.get_id().as_str() {
        "file" | "files" => "文件",
        "out" => "输出",
        "year" => "年度",
        "format" => "格式",
        "dir" | "folder" => "文件夹",
        _ => return arg,
    };
    arg.value_name(name)
}

/// Prints help (or the version) on stdout: clap's one remaining English word, the `[OPTIONS]`
/// placeholder of the usage line, in Chinese, and a final line break.
fn print_help(text: &str) {
    let text = text.replace("[OPTIONS]", "[选项]");
    super::output::print_help(&format!("{}\n", text.trim_end()));
}

/// Prints a clap error (or the help and version clap reports as errors) and gives the exit code.
fn report(error: &clap::Error, command: &Command, args: &[OsString]) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print_help(&error.render().to_string());
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            super::output::warn(&error.render().to_string().replace("[OPTIONS]", "[选项]"));
            ExitCode::from(EXIT_UNREADABLE)
        }
        _ => {
            super::output::warn(&format!(
                "{}（运行 {} --help 查看用法）",
                in_words(error),
                help_command(command, args)
            ));
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

/// What clap found wrong, in Chinese.
fn in_words(error: &clap::Error) -> String {
    let get = |kind| context(error, kind);
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let suggestion = get(ContextKind::SuggestedArg)
        .or_else(|| get(ContextKind::SuggestedSubcommand))
        .map(|suggested| format!("，是否想用「{suggested}」？"))
        .unwrap_or_default();
    match error.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数「{arg}」{suggestion}"),
        ErrorKind::InvalidSubcommand => format!(
            "无法识别的命令「{}」{suggestion}",
            get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue => {
            let choices = get(ContextKind::ValidValue)
                .map(|values| format!("，可选：{values}"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("参数 {arg} 缺少取值{choices}")
            } else {
                format!("参数 {arg} 的取值「{value}」无效{choices}")
            }
        }
        ErrorKind::ValueValidation => {
            let expected = if arg.contains("year") {
                "，应为整数年份，如 2027"
            } else {
                ""
            };
            format!("参数 {arg} 的取值「{value}」无效{expected}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_owned(),
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            Some(prior) => format!("参数 {arg} 不能与 {prior} 同时使用"),
            None => format!("参数 {arg} 不能与其他参数同时使用"),
        },
        ErrorKind::NoEquals => format!("参数 {arg} 需要用等号给出取值，如 {arg}=…"),
        ErrorKind::TooManyValues => format!("参数 {arg} 的取值过多：「{value}」"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的取值个数不对")
        }
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是有效的文本）".to_owned(),
        _ => "命令行参数有误".to_owned(),
    }
}

/// A piece of clap's error context as text (lists joined with 、).
fn context(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(text) => Some(text.clone()),
        ContextValue::Strings(texts) => Some(texts.join("、")),
        ContextValue::StyledStr(text) => Some(text.to_string()),
        ContextValue::StyledStrs(texts) => Some(
            texts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// `jixiao` or `jixiao import`: where the help for an error is (the first argument that names a
/// subcommand).
fn help_command(command: &Command, args: &[OsString]) -> String {
    let name = command.get_name();
    args.iter()
        .skip(1)
        .filter_map(|arg| arg.to_str())
        .find(|arg| command.find_subcommand(arg).is_some())
        .map_or_else(
            || name.to_owned(),
            |subcommand| format!("{name} {subcommand}"),
        )
}
