//! Killed while writing (issue 8): the built `jixiao` is started on `print`, `rollover` and
//! `import` and killed at a random moment, 200 times in all. After every kill each target is
//! the complete old file or the complete new one (never a mix, never half), at most one
//! temporary file is left in the folder, and after the next ordinary save into each folder no
//! temporary file is left at all.
//!
//! The moment of each kill is uniform over the time a whole run takes, so some kills land
//! before writing, some during, some after. The seed is printed; `JIXIAO_KILL_SEED=N` repeats a
//! run. The figures (how many kills found the old file, the new one, a leftover) are printed.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jixiao::model::Declaration;

const KILLS: usize = 200;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name)
}

const PARTY: &str = "2026-党建服务工作经费.ron";
const IT: &str = "2026-信息化建设项目.ron";

/// xorshift64*: enough randomness for kill moments, with a seed to repeat a run.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound.max(1)
    }
}

fn seed() -> u64 {
    std::env::var("JIXIAO_KILL_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

/// One kind of write: its command line, its folder, and what its target may hold.
struct Job {
    name: &'static str,
    args: Vec<String>,
    folder: PathBuf,
    /// print / rollover: the target, its old bytes and the new bytes a whole run writes.
    target: Option<(PathBuf, Vec<u8>, Vec<u8>)>,
    /// How long a whole run takes (the longest of a few).
    duration: Duration,
}

/// The print time every run is dated with (`SOURCE_DATE_EPOCH`), so that two whole prints of one
/// form are the same bytes whatever second they run in.
const PRINT_TIME: &str = "1764460800";

fn run(args: &[String]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", PRINT_TIME)
        .output()
        .unwrap()
}

fn temp_files(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .unwrap()
        .filter(|entry| {
            let name = entry.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.starts_with(jixiao::storage::TEMP_PREFIX)
                && name.ends_with(jixiao::storage::TEMP_SUFFIX)
        })
        .count()
}

/// A whole run of `args`, timed; panics if it fails.
fn timed(args: &[String]) -> Duration {
    let started = Instant::now();
    let output = run(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    started.elapsed()
}

/// The declarations `forms-2026.txt` holds, as an import writes them.
fn imported_forms(scratch: &Path) -> HashSet<String> {
    let out = scratch.join("reference-import");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms/forms-2026.txt");
    let output = run(&[
        "import".into(),
        seed.to_str().unwrap().into(),
        "--out".into(),
        out.to_str().unwrap().into(),
    ]);
    assert!(output.status.success());
    std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect()
}

fn jobs(root: &Path) -> Vec<Job> {
    let sources = root.join("申报表 原件");
    std::fs::create_dir_all(&sources).unwrap();
    let party = sources.join(PARTY);
    let it = sources.join(IT);
    std::fs::copy(example(PARTY), &party).unwrap();
    std::fs::copy(example(IT), &it).unwrap();
    let s = |path: &Path| path.to_str().unwrap().to_owned();

    let mut jobs = Vec::new();

    // print: the target holds the other form's PDF until the new one replaces it.
    let folder = root.join("打印 输出");
    std::fs::create_dir(&folder).unwrap();
    let target = folder.join("申报表.pdf");
    let old_args = vec!["print".into(), s(&it), "-o".into(), s(&target)];
    timed(&old_args);
    let old = std::fs::read(&target).unwrap();
    let args = vec!["print".into(), s(&party), "-o".into(), s(&target)];
    let duration = (0..3).map(|_| timed(&args)).max().unwrap();
    let new = std::fs::read(&target).unwrap();
    timed(&args);
    assert_eq!(
        std::fs::read(&target).unwrap(),
        new,
        "print is deterministic"
    );
    assert_ne!(old, new);
    jobs.push(Job {
        name: "print",
        args,
        folder,
        target: Some((target, old, new)),
        duration,
    });

    // rollover: the target holds another declaration until next year's replaces it.
    let folder = root.join("新年度");
    std::fs::create_dir(&folder).unwrap();
    let target = folder.join("2027-党建服务工作经费.ron");
    let old = std::fs::read(&it).unwrap();
    let args = vec![
        "rollover".into(),
        s(&party),
        "--year".into(),
        "2027".into(),
        "-o".into(),
        s(&target),
    ];
    let duration = (0..3).map(|_| timed(&args)).max().unwrap();
    let new = std::fs::read(&target).unwrap();
    jobs.push(Job {
        name: "rollover",
        args,
        folder,
        target: Some((target, old, new)),
        duration,
    });

    // import: every file in the folder is a whole form, under a name of its own.
    let folder = root.join("导入 结果");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms/forms-2026.txt");
    let args = vec!["import".into(), s(&seed), "--out".into(), s(&folder)];
    let duration = (0..3).map(|_| timed(&args)).max().unwrap();
    jobs.push(Job {
        name: "import",
        args,
        folder,
        target: None,
        duration,
    });
    jobs
}

#[derive(Default, Debug)]
struct Tally {
    old: usize,
    new: usize,
    leftovers: usize,
}

#[test]
fn killed_writes_leave_whole_files_and_the_next_save_cleans_up() {
    let root = tempfile::tempdir().unwrap();
    let jobs = jobs(root.path());
    let forms = imported_forms(root.path());
    assert_eq!(forms.len(), 5);
    let seed = seed();
    eprintln!("JIXIAO_KILL_SEED={seed}");
    let mut random = Random(seed);
    let mut tallies: Vec<Tally> = jobs.iter().map(|_| Tally::default()).collect();

    for kill in 0..KILLS {
        let index = kill % jobs.len();
        let job = &jobs[index];
        let tally = &mut tallies[index];
        if let Some((target, old, _)) = &job.target {
            std::fs::write(target, old).unwrap();
        }
        let delay = Duration::from_micros(
            random.below(u64::try_from(job.duration.as_micros()).unwrap() * 6 / 5),
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(&job.args)
            .env("SOURCE_DATE_EPOCH", PRINT_TIME)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();

        match &job.target {
            Some((target, old, new)) => {
                let now = std::fs::read(target).unwrap();
                if now == *old {
                    tally.old += 1;
                } else if now == *new {
                    tally.new += 1;
                } else {
                    panic!(
                        "kill {kill} ({}) after {delay:?}: {} is neither the old nor the new \
                         file ({} bytes)",
                        job.name,
                        target.display(),
                        now.len()
                    );
                }
            }
            None => {
                for entry in std::fs::read_dir(&job.folder).unwrap() {
                    let path = entry.unwrap().path();
                    if path.extension().is_some_and(|extension| extension == "ron") {
                        let text = std::fs::read_to_string(&path).unwrap();
                        assert!(
                            forms.contains(&text),
                            "kill {kill} (import) after {delay:?}: {} is not a whole form",
                            path.display()
                        );
                        let _: Declaration = jixiao::storage::load(&path).unwrap();
                    }
                }
            }
        }
        let leftovers = temp_files(&job.folder);
        assert!(
            leftovers <= 1,
            "kill {kill} ({}): {leftovers} temporary files",
            job.name
        );
        tally.leftovers += leftovers;
    }

    // The next ordinary save into each folder leaves no temporary file.
    for job in &jobs {
        timed(&job.args);
        assert_eq!(temp_files(&job.folder), 0, "{}", job.name);
        if let Some((target, _, new)) = &job.target {
            assert_eq!(std::fs::read(target).unwrap(), *new);
        }
    }
    for (job, tally) in jobs.iter().zip(&tallies) {
        eprintln!(
            "{}: a whole run takes {:?}; after the kills: {tally:?}",
            job.name, job.duration
        );
    }
}
