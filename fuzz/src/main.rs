//! A seeded mutation fuzzer over the whole pipeline, on the stable toolchain: TOML text,
//! font and image bytes and PDFs (for the verifier) are mutated from the seeds in
//! input/, examples/ and tests/fixtures/ and run through the library in-process; a panic,
//! a hang, a crash or a broken invariant (see run.rs) is a finding, written to
//! fuzz/findings/<hash>/ with the command that replays it. See fuzz/README.md.
//!
//! The run is two processes: a supervisor that starts a worker and, when the worker dies
//! (a stack overflow, an abort, the hang watchdog), keeps the case it was running as a
//! finding and starts another worker after it. Case `i` of a run is the same for the same
//! `--seed` on every machine, whatever happened before it.

mod mutate;
mod run;

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mutate::Rng;
use resolution_pdf::Engine;
use run::{Case, Ops, Outcome};

/// The worker's exit status when the watchdog finds a case running too long.
const HANG_EXIT: i32 = 86;
/// Inputs larger than this are not run (the pipeline's own limits are far above).
const MAX_CASE_BYTES: usize = 512 << 10;
/// A fresh engine (empty caches) every so many cases.
const ENGINE_CASES: u64 = 500;

const USAGE: &str = "usage: resolution-pdf-fuzz [--seconds N] [--seed S] [--corpus DIR]... [--findings DIR] [--hang-seconds N] [--qpdf-every K]
       resolution-pdf-fuzz --replay CASE_DIR_OR_TOML...
Mutates the seeds in --corpus (default: input examples tests/fixtures fonts/noto-serif) for N seconds
(default 60) and runs each case through the library; findings go to --findings (default fuzz/findings).";

struct Args {
    seconds: f64,
    seed: u64,
    corpus: Vec<PathBuf>,
    findings: PathBuf,
    hang_seconds: u64,
    qpdf_every: u64,
    replay: Vec<PathBuf>,
    /// Internal: run as the worker from case `start` until `deadline` (seconds of the epoch).
    worker: Option<(u64, f64)>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn parse_args() -> Result<Args, String> {
    let root = root();
    let mut args = Args {
        seconds: 60.0,
        seed: 1,
        corpus: Vec::new(),
        findings: root.join("fuzz/findings"),
        hang_seconds: 20,
        qpdf_every: 50,
        replay: Vec::new(),
        worker: None,
    };
    let mut it = std::env::args().skip(1);
    let mut worker_start = None;
    let mut worker_deadline = None;
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--seconds" => args.seconds = value()?.parse().map_err(|_| "--seconds: a number")?,
            "--seed" => args.seed = value()?.parse().map_err(|_| "--seed: a whole number")?,
            "--corpus" => args.corpus.push(value()?.into()),
            "--findings" => args.findings = value()?.into(),
            "--hang-seconds" => args.hang_seconds = value()?.parse().map_err(|_| "--hang-seconds: a whole number")?,
            "--qpdf-every" => args.qpdf_every = value()?.parse().map_err(|_| "--qpdf-every: a whole number (0: never)")?,
            "--worker-start" => worker_start = Some(value()?.parse().map_err(|_| "bad --worker-start")?),
            "--worker-deadline" => worker_deadline = Some(value()?.parse().map_err(|_| "bad --worker-deadline")?),
            "--replay" => {
                args.replay.extend(it.by_ref().map(PathBuf::from));
                if args.replay.is_empty() {
                    return Err("--replay needs a case directory or TOML file".into());
                }
            }
            "-h" | "--help" => return Err(String::new()),
            _ => return Err(format!("unknown argument `{a}`")),
        }
    }
    if args.corpus.is_empty() {
        args.corpus = ["input", "examples", "tests/fixtures", "fonts/noto-serif"].iter().map(|d| root.join(d)).collect();
    }
    args.worker = worker_start.zip(worker_deadline);
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !args.replay.is_empty() {
        return replay(&args.replay);
    }
    match args.worker {
        Some((start, deadline)) => worker(&args, start, deadline),
        None => supervise(&args),
    }
}

fn now() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

fn work_dir(args: &Args) -> PathBuf {
    args.findings.join(".current")
}

// ---------------------------------------------------------------- supervisor

fn supervise(args: &Args) -> ExitCode {
    let started = Instant::now();
    let deadline = now() + args.seconds;
    let exe = std::env::current_exe().expect("the fuzzer's own path");
    let mut start = 0u64;
    let mut totals: BTreeMap<String, u64> = BTreeMap::new();
    let mut findings: Vec<PathBuf> = Vec::new();
    eprintln!("fuzz: seed {}, {} s, findings in {}", args.seed, args.seconds, args.findings.display());
    loop {
        let mut cmd = Command::new(&exe);
        cmd.args(["--seconds", &args.seconds.to_string(), "--seed", &args.seed.to_string()])
            .args(["--findings".as_ref(), args.findings.as_os_str()])
            .args(["--hang-seconds", &args.hang_seconds.to_string(), "--qpdf-every", &args.qpdf_every.to_string()])
            .args(["--worker-start", &start.to_string(), "--worker-deadline", &deadline.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for c in &args.corpus {
            cmd.arg("--corpus").arg(c);
        }
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                eprintln!("fuzz: cannot start the worker: {e}");
                return ExitCode::from(2);
            }
        };
        // The worker's standard error, as it comes, without icu_segmenter's line for
        // every Thai or Lao text (it has no model for them and says so on stderr).
        let stderr = child.stderr.take().map(|e| {
            std::thread::spawn(move || {
                use std::io::BufRead as _;
                for line in std::io::BufReader::new(e).lines().map_while(Result::ok) {
                    if !line.starts_with("ICU4X data error: No segmentation model") {
                        eprintln!("{line}");
                    }
                }
            })
        });
        let output = match child.wait_with_output() {
            Ok(o) => o,
            Err(e) => {
                eprintln!("fuzz: the worker: {e}");
                return ExitCode::from(2);
            }
        };
        if let Some(t) = stderr {
            let _ = t.join();
        }
        // the worker's last word: `stats key=value ...`, `finding PATH` lines
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            if let Some(rest) = line.strip_prefix("stats ") {
                for kv in rest.split_whitespace() {
                    if let Some((k, v)) = kv.split_once('=') {
                        *totals.entry(k.to_string()).or_default() += v.parse::<u64>().unwrap_or(0);
                    }
                }
            } else if let Some(path) = line.strip_prefix("finding ") {
                findings.push(path.into());
            }
        }
        let code = output.status.code();
        if code == Some(0) {
            break;
        }
        if code == Some(2) {
            eprintln!("fuzz: the worker could not start (see above)");
            return ExitCode::from(2);
        }
        // The worker died on a case: keep it, and go on after it.
        let current = work_dir(args);
        let index: u64 = std::fs::read_to_string(current.join("index")).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(start);
        let what = match code {
            Some(HANG_EXIT) => format!("hang: case {index} ran longer than {} s", args.hang_seconds),
            Some(c) => format!("crash: the worker exited with status {c} on case {index}"),
            None => format!("crash: the worker was killed by a signal ({:?}) on case {index}", output.status),
        };
        *totals.entry("execs".into()).or_default() += 1;
        match save_finding(args, &current, &what, &HashSet::new()) {
            Some(path) => {
                eprintln!("fuzz: {what} -> {}", path.display());
                findings.push(path);
            }
            None => eprintln!("fuzz: {what} (already recorded)"),
        }
        start = index + 1;
        if now() >= deadline {
            break;
        }
    }
    let _ = std::fs::remove_dir_all(work_dir(args));
    let secs = started.elapsed().as_secs_f64();
    let execs = totals.get("execs").copied().unwrap_or(0);
    let summary: Vec<String> = totals.iter().map(|(k, v)| format!("{k} {v}")).collect();
    eprintln!("fuzz: {:.0} s, {execs} cases ({:.1}/s): {}", secs, execs as f64 / secs.max(0.001), summary.join(", "));
    if findings.is_empty() {
        eprintln!("fuzz: no findings");
        ExitCode::SUCCESS
    } else {
        eprintln!("fuzz: {} finding(s):", findings.len());
        for f in &findings {
            eprintln!("  {}", f.display());
        }
        eprintln!("replay one with: cargo run --manifest-path fuzz/Cargo.toml -- --replay <dir>");
        eprintln!("once fixed, move it to tests/fixtures/fuzz-regressions/<name>/ (see fuzz/README.md)");
        ExitCode::from(1)
    }
}

/// Copy the case in `dir` to findings/<hash>/ with `what` in finding.txt; `None` if that
/// case is there already.
fn save_finding(args: &Args, dir: &Path, what: &str, _seen: &HashSet<String>) -> Option<PathBuf> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name != "index" && e.path().is_file()).then(|| Some((name, std::fs::read(e.path()).ok()?)))?
        })
        .collect();
    files.sort();
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for (name, bytes) in &files {
        for b in name.as_bytes().iter().chain(bytes) {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    let out = args.findings.join(format!("{hash:016x}"));
    if out.exists() {
        return None;
    }
    std::fs::create_dir_all(&out).ok()?;
    for (name, bytes) in &files {
        std::fs::write(out.join(name), bytes).ok()?;
    }
    let shown = out.strip_prefix(root()).unwrap_or(&out).display().to_string();
    let note = format!(
        "{what}\n\nseed {}\nreplay: cargo run --manifest-path fuzz/Cargo.toml -- --replay {shown}\n\
         regression test: move this directory to tests/fixtures/fuzz-regressions/<name>/ (finding.txt may stay)\n",
        args.seed
    );
    std::fs::write(out.join("finding.txt"), note).ok()?;
    Some(out)
}

// ---------------------------------------------------------------- seeds

struct TomlSeed {
    bytes: Vec<u8>,
    /// The folder, relative to the repository, its relative paths are resolved against.
    base: String,
}

struct Seeds {
    toml: Vec<TomlSeed>,
    fonts: Vec<(String, Vec<u8>)>,
    images: Vec<(String, Vec<u8>)>,
    pdfs: Vec<Vec<u8>>,
    keys: Vec<String>,
    tables: Vec<String>,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        if dir.is_file() {
            out.push(dir.to_path_buf());
        }
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn load_seeds(args: &Args, engine: &Engine) -> Seeds {
    let root = root();
    let mut files = Vec::new();
    for dir in &args.corpus {
        walk(dir, &mut files);
    }
    let mut seeds = Seeds { toml: Vec::new(), fonts: Vec::new(), images: Vec::new(), pdfs: Vec::new(), keys: Vec::new(), tables: Vec::new() };
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match ext.as_str() {
            "toml" if bytes.len() <= MAX_CASE_BYTES && name != "Cargo.toml" => {
                let dir = path.parent().unwrap_or(&root);
                // a regression case names its base folder itself
                let base = std::fs::read_to_string(dir.join("base")).ok().map(|b| b.trim().to_string());
                let base = base.unwrap_or_else(|| dir.strip_prefix(&root).unwrap_or(dir).display().to_string());
                seeds.toml.push(TomlSeed { bytes, base });
            }
            "ttf" | "otf" | "ttc" if bytes.len() <= 1 << 20 => seeds.fonts.push((ext, bytes)),
            "png" | "jpg" | "jpeg" | "tif" | "tiff" | "bmp" | "gif" | "webp" if bytes.len() <= 1 << 20 => seeds.images.push((ext, bytes)),
            "pdf" if bytes.len() <= MAX_CASE_BYTES => seeds.pdfs.push(bytes),
            _ => {}
        }
    }
    // The formats that are converted, made from the first image, small.
    if let Some(img) = seeds.images.iter().find_map(|(_, b)| image::load_from_memory(b).ok()) {
        let small = img.thumbnail(48, 24);
        for (format, ext) in [
            (image::ImageFormat::Tiff, "tiff"),
            (image::ImageFormat::Bmp, "bmp"),
            (image::ImageFormat::Gif, "gif"),
            (image::ImageFormat::WebP, "webp"),
            (image::ImageFormat::Png, "png"),
        ] {
            let mut out = std::io::Cursor::new(Vec::new());
            let converted = if format == image::ImageFormat::Gif || format == image::ImageFormat::WebP {
                image::DynamicImage::ImageRgba8(small.to_rgba8()).write_to(&mut out, format)
            } else {
                small.write_to(&mut out, format)
            };
            if converted.is_ok() {
                seeds.images.push((ext.to_string(), out.into_inner()));
            }
        }
        let mut out = std::io::Cursor::new(Vec::new());
        if image::DynamicImage::ImageRgb8(small.to_rgb8()).write_to(&mut out, image::ImageFormat::Jpeg).is_ok() {
            seeds.images.push(("jpg".into(), out.into_inner()));
        }
    }
    // PDFs for the verifier: what the first seeds render to.
    for seed in seeds.toml.iter().take(6) {
        let case = Case { toml: Some(seed.bytes.clone()), path: root.join(&seed.base).join("case.toml"), ..Case::default() };
        if let Ok(Outcome::Rendered { pdf, .. }) = run::run(engine, &case, &Ops::default()) {
            seeds.pdfs.push(pdf);
        }
    }
    // The dictionary: keys and tables of the seeds and of the contract.
    let mut keys: Vec<String> = resolution_pdf::unstable::model::override_keys();
    let mut tables: Vec<String> = Vec::new();
    for key in resolution_pdf::unstable::model::override_keys() {
        if let Some((table, leaf)) = key.rsplit_once('.') {
            keys.push(leaf.to_string());
            tables.push(format!("[{table}]"));
        }
    }
    for seed in &seeds.toml {
        for line in String::from_utf8_lossy(&seed.bytes).lines() {
            let line = line.trim();
            if line.starts_with('[') && !line.contains('=') {
                tables.push(line.to_string());
            } else if let Some((key, _)) = line.split_once('=') {
                let key = key.trim();
                if !key.is_empty() && !key.starts_with('#') && key.len() < 40 {
                    keys.push(key.to_string());
                }
            }
        }
    }
    keys.extend(["items", "text", "organizations", "signature", "seal", "name", "representative", "title", "country", "\"\"", "a.b.c"].map(String::from));
    tables.extend(["[[signatories]]", "[[resolution.clauses]]", "[resolution]", "[signing]", "[labels]", "[fonts]", "[style.margin_mm]", "[[]]", "[a.b]"].map(String::from));
    for list in [&mut keys, &mut tables] {
        list.sort();
        list.dedup();
    }
    seeds.keys = keys;
    seeds.tables = tables;
    seeds
}

// ---------------------------------------------------------------- worker

/// A case on its way to disk: files by name, the base folder, the options.
struct Generated {
    files: Vec<(String, Vec<u8>)>,
    base: Option<String>,
    ops: Ops,
    kind: &'static str,
    /// A fresh engine: the case writes a font or image the caches may know by its path.
    fresh_engine: bool,
}

fn generate(rng: &mut Rng, seeds: &Seeds, corpus: &[TomlSeed]) -> Generated {
    let mut ops = Ops { standard: *rng.pick(&run::STANDARDS), ..Ops::default() };
    if rng.chance(3) {
        ops.standard = resolution_pdf::PdfStandard::A2aUa1;
    }
    if rng.chance(8) {
        ops.copy_for = Some(rng.below(4));
    }
    ops.preview = rng.chance(20);
    ops.verify = rng.chance(10);
    let pick_toml = |rng: &mut Rng| if !corpus.is_empty() && rng.chance(3) { rng.pick(corpus) } else { rng.pick(&seeds.toml) };
    let roll = rng.below(100);
    if roll < 12 && !seeds.fonts.is_empty() {
        let (ext, font) = rng.pick(&seeds.fonts);
        let other = &rng.pick(&seeds.fonts).1;
        let mut font = font.clone();
        for _ in 0..rng.small(4) {
            mutate::font(rng, &mut font, other);
        }
        let name = format!("fuzz-font.{ext}");
        let key = *rng.pick(&["body", "bold", "italic", "bold_italic", "cjk", "cjk_heading", "fallback"]);
        let value = if key == "fallback" { format!("[\"{name}\"]") } else { format!("\"{name}\"") };
        let lang = *rng.pick(&["en", "ja", "ko", "zh", "fr", "ar", "de"]);
        let toml = template(lang, &format!("[fonts]\n{key} = {value}\n"), "");
        return Generated { files: vec![("case.toml".into(), toml), (name, font)], base: None, ops, kind: "font", fresh_engine: true };
    }
    if roll < 24 && !seeds.images.is_empty() {
        let (ext, img) = rng.pick(&seeds.images);
        let other = &rng.pick(&seeds.images).1;
        let mut img = img.clone();
        for _ in 0..rng.small(4) {
            mutate::image(rng, &mut img, other);
        }
        let name = format!("fuzz-image.{ext}");
        let which = if rng.chance(2) { format!("signature = \"{name}\"") } else { format!("seal = \"{name}\", signature = \"{name}\"") };
        let toml = template(*rng.pick(&["en", "ja", "ko"]), "", &which);
        return Generated { files: vec![("case.toml".into(), toml), (name, img)], base: None, ops, kind: "image", fresh_engine: true };
    }
    if roll < 30 && !seeds.pdfs.is_empty() {
        let mut pdf = rng.pick(&seeds.pdfs).clone();
        let other = rng.pick(&seeds.pdfs);
        for _ in 0..rng.small(6) {
            mutate::pdf(rng, &mut pdf, other);
        }
        return Generated { files: vec![("case.pdf".into(), pdf)], base: None, ops, kind: "pdf", fresh_engine: false };
    }
    let seed = pick_toml(rng);
    let mut toml = seed.bytes.clone();
    let rounds = rng.small(8);
    for _ in 0..rounds {
        let other = &pick_toml(rng).bytes;
        if rng.chance(4) {
            mutate::bytes(rng, &mut toml, other, mutate::TOML_TOKENS);
        } else {
            mutate::toml(rng, &mut toml, other, &seeds.keys, &seeds.tables);
        }
    }
    let mut files = vec![("case.toml".into(), toml)];
    if rng.chance(8) {
        // a parallel edition: a translation from the same folder, perhaps mutated too
        let same: Vec<&TomlSeed> = seeds.toml.iter().filter(|s| s.base == seed.base).collect();
        let mut translation = rng.pick(&same).bytes.clone();
        if rng.chance(2) {
            let other = &pick_toml(rng).bytes;
            mutate::toml(rng, &mut translation, other, &seeds.keys, &seeds.tables);
        }
        files.push(("translation.toml".into(), translation));
        ops.parallel = true;
    }
    Generated { files, base: Some(seed.base.clone()), ops, kind: "toml", fresh_engine: false }
}

/// A document that uses a font or image of the case, in some language.
fn template(lang: &str, extra: &str, organization: &str) -> Vec<u8> {
    let org = if organization.is_empty() { String::new() } else { format!(", {organization}") };
    format!(
        "[document]\ntitle = \"Resolution on Fuzzing ﬁne Ünïcode 日本語 한국어\"\nlang = \"{lang}\"\ndate = 2024-06-20\n\
         approval = \"Approved by:\"\n\n[[signatories]]\ncountry = \"Japan\"\n\
         organizations = [{{ name = \"Kanto Network\", representative = \"Kato Haruki\", title = \"President\"{org} }}]\n\n\
         [resolution]\npreamble = [\"*Recalling* its **earlier** resolutions — “quoted”, ﬁnal, efficient, 1st–2nd,\"]\n\n\
         [[resolution.clauses]]\ntext = \"To call on every government: 日本語の文章。한국어 문장. Ελληνικά, кириллица, e\u{301}, ***bold italic***.\"\n\
         items = [\"one;\", {{ text = \"two:\", items = [\"three.\"] }}]\n\n[signing]\npage = true\n\n{extra}"
    )
    .into_bytes()
}

/// The watchdog's view: when the running case started (ms since the worker started; 0:
/// none running).
struct Watch {
    started: AtomicU64,
    origin: Instant,
}

fn worker(args: &Args, start: u64, deadline: f64) -> ExitCode {
    let root = root();
    let current = work_dir(args);
    if std::fs::create_dir_all(&current).is_err() {
        eprintln!("fuzz: cannot create {}", current.display());
        return ExitCode::from(2);
    }
    // A panic's message and place, kept for the finding instead of printed.
    let last_panic: Arc<Mutex<Option<String>>> = Arc::default();
    let hook_panic = last_panic.clone();
    std::panic::set_hook(Box::new(move |info| {
        let place = info.location().map_or("?".into(), |l| format!("{}:{}", l.file(), l.line()));
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut p) = hook_panic.lock() {
            *p = Some(format!("{place}\t{message}"));
        }
    }));
    let watch = Arc::new(Watch { started: AtomicU64::new(0), origin: Instant::now() });
    {
        let watch = watch.clone();
        let hang_ms = args.hang_seconds * 1000;
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(200));
                let started = watch.started.load(Ordering::SeqCst);
                let now = watch.origin.elapsed().as_millis() as u64;
                if started != 0 && now.saturating_sub(started) > hang_ms {
                    let _ = std::io::stdout().flush();
                    std::process::exit(HANG_EXIT);
                }
            }
        });
    }

    let mut engine = Engine::new();
    let seeds = load_seeds(args, &engine);
    if seeds.toml.is_empty() {
        eprintln!("fuzz: no TOML seeds in {:?}", args.corpus);
        return ExitCode::from(2);
    }
    if start == 0 {
        eprintln!(
            "fuzz: {} TOML, {} font, {} image and {} PDF seeds; {} keys, {} tables in the dictionary",
            seeds.toml.len(),
            seeds.fonts.len(),
            seeds.images.len(),
            seeds.pdfs.len(),
            seeds.keys.len(),
            seeds.tables.len()
        );
    }
    // Panics that are not ours (see fuzz/known.txt): the end of their place.
    let known: Vec<String> = std::fs::read_to_string(root.join("fuzz/known.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    let qpdf = args.qpdf_every > 0 && Command::new("qpdf").arg("--version").stdout(Stdio::null()).status().is_ok_and(|s| s.success());

    // Cases that ended in a way not seen before join the corpus (a poor man's coverage).
    let mut corpus: Vec<TomlSeed> = Vec::new();
    let mut outcomes: HashSet<String> = HashSet::new();
    let mut seen_findings: HashSet<String> = HashSet::new();
    let mut stats: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut rendered_count = 0u64;
    let mut stdout = std::io::stdout();
    let mut i = start;
    while now() < deadline {
        // Case i depends on the seed and i alone, and on the corpus grown in this worker.
        let mut rng = Rng::new(args.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ i);
        let generated = generate(&mut rng, &seeds, &corpus);
        let size: usize = generated.files.iter().map(|f| f.1.len()).sum();
        if size > MAX_CASE_BYTES + (2 << 20) || generated.files[0].1.len() > MAX_CASE_BYTES {
            *stats.entry("skipped").or_default() += 1;
            i += 1;
            continue;
        }
        if write_case(&current, &generated, i).is_err() {
            eprintln!("fuzz: cannot write the case to {}", current.display());
            return ExitCode::from(2);
        }
        let (case, _) = match run::load_case(&current, &root) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("fuzz: {e}");
                return ExitCode::from(2);
            }
        };
        if generated.fresh_engine || i % ENGINE_CASES == 0 {
            engine = Engine::new();
        }
        watch.started.store(watch.origin.elapsed().as_millis().max(1) as u64, Ordering::SeqCst);
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| run::run(&engine, &case, &generated.ops)));
        watch.started.store(0, Ordering::SeqCst);
        *stats.entry("execs").or_default() += 1;
        let problem = match result {
            Err(_) => {
                let p = last_panic.lock().ok().and_then(|mut p| p.take()).unwrap_or_default();
                let (place, message) = p.split_once('\t').unwrap_or((&p, ""));
                if known.iter().any(|k| place.ends_with(k.as_str())) {
                    *stats.entry("known").or_default() += 1;
                    None
                } else {
                    Some((format!("panic at {place}"), format!("panic at {place}: {message}")))
                }
            }
            Ok(Err(violation)) => Some((violation.chars().take(60).collect(), format!("invariant: {violation}"))),
            Ok(Ok(outcome)) => {
                let signature = match &outcome {
                    Outcome::Rendered { pdf, pages } => {
                        rendered_count += 1;
                        *stats.entry("rendered").or_default() += 1;
                        let mut bad = None;
                        if qpdf && !pdf.is_empty() && rendered_count % args.qpdf_every == 0 {
                            *stats.entry("qpdf").or_default() += 1;
                            bad = qpdf_check(&current, pdf).err();
                        }
                        if let Some(why) = bad {
                            let key = "qpdf --check".to_string();
                            if seen_findings.insert(key) {
                                report(args, &current, &format!("invariant: qpdf --check fails on the PDF made:\n{why}"), &mut stats, &mut stdout);
                            }
                        }
                        format!("{} ok {}", generated.kind, (*pages).min(20))
                    }
                    Outcome::Refused(message) => {
                        *stats.entry("refused").or_default() += 1;
                        // the message's shape: without its quoted parts and numbers
                        let mut shape = String::new();
                        let mut quoted = false;
                        for c in message.chars() {
                            if c == '`' {
                                quoted = !quoted;
                            } else if !quoted && !c.is_ascii_digit() {
                                shape.push(c);
                            }
                        }
                        format!("{} {}", generated.kind, shape.chars().take(50).collect::<String>())
                    }
                };
                if generated.kind == "toml" && outcomes.insert(signature) && corpus.len() < 4000 {
                    corpus.push(TomlSeed { bytes: generated.files[0].1.clone(), base: generated.base.clone().unwrap_or_default() });
                }
                None
            }
        };
        if let Some((key, what)) = problem
            && seen_findings.insert(key)
        {
            report(args, &current, &what, &mut stats, &mut stdout);
        }
        i += 1;
    }
    *stats.entry("corpus").or_default() += corpus.len() as u64;
    let line: Vec<String> = stats.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let _ = writeln!(stdout, "stats {}", line.join(" "));
    ExitCode::SUCCESS
}

fn report(args: &Args, current: &Path, what: &str, stats: &mut BTreeMap<&'static str, u64>, stdout: &mut std::io::Stdout) {
    if let Some(path) = save_finding(args, current, what, &HashSet::new()) {
        *stats.entry("findings").or_default() += 1;
        eprintln!("fuzz: {} -> {}", what.lines().next().unwrap_or(""), path.display());
        let _ = writeln!(stdout, "finding {}", path.display());
    }
}

fn write_case(dir: &Path, generated: &Generated, index: u64) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)?.flatten() {
        if entry.path().is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    for (name, bytes) in &generated.files {
        std::fs::write(dir.join(name), bytes)?;
    }
    if let Some(base) = &generated.base {
        std::fs::write(dir.join("base"), base)?;
    }
    std::fs::write(dir.join("ops"), generated.ops.line())?;
    std::fs::write(dir.join("index"), index.to_string())
}

fn qpdf_check(dir: &Path, pdf: &[u8]) -> Result<(), String> {
    let path = dir.join("made.pdf.tmp");
    std::fs::write(&path, pdf).map_err(|e| e.to_string())?;
    let out = Command::new("qpdf").arg("--check").arg(&path).output().map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&path);
    // 0: fine; 3: warnings (qpdf's own), which we take as fine too
    match out.status.code() {
        Some(0) | Some(3) => Ok(()),
        _ => Err(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))),
    }
}

// ---------------------------------------------------------------- replay

fn replay(paths: &[PathBuf]) -> ExitCode {
    let root = root();
    let mut failed = false;
    for path in paths {
        let loaded = if path.is_dir() {
            run::load_case(path, &root)
        } else {
            std::fs::read(path).map(|bytes| (Case { toml: Some(bytes), path: path.clone(), ..Case::default() }, None))
        };
        let (case, recorded) = match loaded {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                failed = true;
                continue;
            }
        };
        for ops in Ops::all(recorded) {
            let engine = Engine::new();
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| run::run(&engine, &case, &ops)));
            let verdict = match result {
                Err(_) => {
                    failed = true;
                    "PANIC".to_string()
                }
                Ok(Err(v)) => {
                    failed = true;
                    format!("BROKEN INVARIANT: {v}")
                }
                Ok(Ok(Outcome::Rendered { pages, .. })) => format!("rendered, {pages} pages"),
                Ok(Ok(Outcome::Refused(m))) => format!("refused: {m}"),
            };
            println!("{} [{}]: {verdict}", path.display(), ops.line());
        }
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
