//! The `jixiao` binary: command-line parsing and window start-up only.
//!
//! `jixiao` with no arguments opens the editor on the bundled example; `jixiao FILE.ron` opens
//! that file; the subcommands do the same work headlessly (see `jixiao --help`). Every failure is
//! one line on stderr and a non-zero exit; nothing here panics on user input.
//!
//! The doc comments below are the help text (in Chinese: `cli::parse` gives clap Chinese
//! headings, help flag and errors).

mod cli;
mod cli_reuse;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// 离线填写、检查和打印财政项目支出绩效目标申报表
#[derive(Parser)]
#[command(name = "jixiao", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// 在编辑窗口中打开的申报表文件（.ron）；不给则打开内置示例
    file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// 把已有的申报表（Excel/WPS 工作簿、PDF、复制出的文本、TSV 导出）导入为每表一个 .ron 文件
    Import {
        /// 工作簿（.xlsx、.xls、.ods）、PDF（Jixiao 打印的 PDF 原样还原）或文本文件（UTF-8、带字节顺序标记的 UTF-16 或 GBK）
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 写入 {年度}-{项目名称}.ron 的文件夹（不存在则新建）；同名文件不会被覆盖
        #[arg(long)]
        out: PathBuf,
    },
    /// 按审核规则检查申报表；退出码 0 无错误，1 有错误，2 有文件无法读取
    Check {
        /// 要检查的申报表文件
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 以 JSON 数组输出检查结果
        #[arg(long)]
        json: bool,
    },
    /// 导出申报表：文本（标准输出或文件），或 Excel 工作簿
    Export {
        /// 要导出的申报表文件
        file: PathBuf,
        /// 输出格式
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// 写入的文件（xlsx 必须指定）；已存在则整体替换，不能是原申报表
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
    /// 转为新年度申报表：以此表为基础生成下一年度的申报表（现行版式）
    Rollover {
        /// 原申报表文件（任何版式）
        file: PathBuf,
        /// 新年度，须晚于原申报表的年度，如 2027
        #[arg(long)]
        year: i32,
        /// 新申报表的文件名（.ron），不能是原文件；已存在则整体替换
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
    },
    /// 把申报表打印为一个 PDF 文件（A4，每表另起一页）
    Print {
        /// 要打印的申报表文件，按顺序
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 输出的 PDF 文件，不能是输入文件或 .ron 文件；已存在则整体替换
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        /// 在每张表后附签章栏（填报单位（盖章）、单位负责人等）
        #[arg(long)]
        signature: bool,
    },
    /// 把申报表输出为 JSON（标准输出）
    Dump {
        /// 要输出的申报表文件
        file: PathBuf,
        /// 输出 JSON（唯一的格式）
        #[arg(long, required = true)]
        json: bool,
    },
    /// 列出指标库：各文件夹（含子文件夹）中的申报表与内置示例里出现过的三级指标，合并计数。
    Library {
        /// 申报表所在的文件夹，可写多个。
        #[arg(required = true)]
        folders: Vec<PathBuf>,
        /// 以 JSON 数组输出。
        #[arg(long)]
        json: bool,
    },
    /// 为三级指标建议一级/二级指标位置，并列出指标库中相似的指标。
    Suggest {
        /// 指标库的文件夹，可写多个（名称可写在最后：--library 甲 乙 满意度）。
        #[arg(long = "library", required = true, num_args = 1..)]
        library: Vec<PathBuf>,
        /// 指标值，如 ≤50000(元)、≥90(%)、及时，帮助判断位置。
        #[arg(long)]
        value: Option<String>,
        /// 以 JSON 对象输出（placements 与 similar）。
        #[arg(long)]
        json: bool,
        /// 三级指标名称。
        name: Option<String>,
    },
    /// 汇总文件夹中的全部申报表：年度、项目名称、年度资金申请总额、错误与警告数，以及各年度合计。
    Summary {
        /// 申报表所在的文件夹（不含子文件夹）。
        folder: PathBuf,
        /// 以 JSON 数组输出。
        #[arg(long)]
        json: bool,
    },
    /// 比较两个版本的申报表，列出全部改动；相同时退出码 0，不同时 1，无法读取时 2。
    Diff {
        /// 旧版本（.ron）。
        old: PathBuf,
        /// 新版本（.ron）。
        new: PathBuf,
        /// 以 JSON 数组输出。
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// 「标签<TAB>取值」各行，然后是指标表
    Tsv,
    /// Excel 工作簿：与打印相同的正式表格，一个工作表
    Xlsx,
}

fn main() -> ExitCode {
    let cli = match cli::parse::<Cli>() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Some(Command::Import { files, out }) => cli::import(&files, &out),
        Some(Command::Check { files, json }) => cli::check(&files, json),
        Some(Command::Export {
            file,
            format: ExportFormat::Tsv,
            out,
        }) => cli::export_tsv(&file, out.as_deref()),
        Some(Command::Export {
            file,
            format: ExportFormat::Xlsx,
            out,
        }) => cli::export_xlsx(&file, out.as_deref()),
        Some(Command::Dump { file, json: _ }) => cli::dump_json(&file),
        Some(Command::Rollover { file, year, out }) => cli::rollover(&file, year, &out),
        Some(Command::Print {
            files,
            out,
            signature,
        }) => cli::print(&files, &out, signature),
        Some(Command::Library { folders, json }) => cli_reuse::library(&folders, json),
        Some(Command::Suggest {
            library,
            value,
            json,
            name,
        }) => cli_reuse::suggest(library, value.as_deref(), json, name),
        Some(Command::Summary { folder, json }) => cli_reuse::summary(&folder, json),
        Some(Command::Diff { old, new, json }) => cli_reuse::diff(&old, &new, json),
        None => cli::open_window(cli.file),
    }
}
