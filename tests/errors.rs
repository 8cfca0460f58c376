//! Every malformed input gets a precise message (file, line, column), the right exit
//! status, and leaves no output file behind (and an old one untouched).

mod common;

use std::path::Path;

use common::*;

const GOOD: &str = "[document]\ntitle = \"A Resolution\"\n";

/// Write `toml` as `in.toml` in a fresh folder, run `build`, and check it fails with
/// status 1, mentions every one of `expected` and writes nothing.
fn fails(toml: &str, expected: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.toml"), toml).unwrap();
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "out.pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit status for:\n{toml}\nstderr:\n{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert_no_output(dir.path());
    // `check` reports the same problem without writing anything either
    let out = run_in(dir.path(), &["check", "in.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(expected[0]), "check:\n{}", stderr(&out));
    err
}

fn assert_no_output(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "in.toml" && !n.ends_with(".ttf"))
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn toml_syntax_error() {
    let err = fails("[document]\ntitle = \"unterminated\n", &["in.toml:2:", "TOML syntax error"]);
    assert!(err.contains("title = \"unterminated"), "the source line is shown:\n{err}");
}

#[test]
fn syntax_errors_come_in_file_order() {
    let err = fails("[document]\ntitle = \"T\"\nplace = \n[style]\npaper = \"A4\"\nx = [1,\n", &["in.toml:3:9:", "in.toml:6:"]);
    assert!(err.find("in.toml:3:9:") < err.find("in.toml:6:"), "{err}");
}

#[test]
fn invalid_escape_explains_the_asterisk() {
    fails("[document]\ntitle = \"A \\* B\"\n", &["in.toml:2:", "`\\\\*`"]);
}

#[test]
fn wrong_types() {
    fails("[document]\ntitle = 5\n", &["in.toml:2:9: `title` must be a string, found an integer"]);
    fails("[document]\ntitle = \"T\"\n[style]\nfont_size_pt = \"11pt\"\n", &["in.toml:4:16: `font_size_pt` must be a number"]);
    fails("[document]\ntitle = \"T\"\ndate = \"2005-08-01\"\n", &["in.toml:3:8:", "remove the quotes"]);
    fails("[document]\ntitle = \"T\"\nsignatories = \"Japan\"\n", &["in.toml:3:1: unknown key `signatories` in [document]"]);
    fails("[document]\ntitle = \"T\"\n[resolution]\nclauses = 3\n", &["in.toml:4:11: `clauses` must be an array"]);
}

#[test]
fn unknown_keys_with_suggestions() {
    let err = fails(
        "[document]\ntitle = \"T\"\nadressee = \"X\"\n[style]\npapper = \"A4\"\n",
        &[
            "in.toml:3:1: unknown key `adressee` in [document], did you mean `addressee`?",
            "in.toml:5:1: unknown key `papper` in [style], did you mean `paper`?",
        ],
    );
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn missing_title() {
    fails("[document]\nplace = \"Tokyo\"\n", &["in.toml:1:1: `[document]` has no `title`"]);
    fails("[resolution]\nintro = \"x\"\n", &["missing the `[document]` table"]);
}

#[test]
fn bad_values() {
    fails(&format!("{GOOD}[style]\npaper = \"A3\"\n"), &["in.toml:4:9: unknown paper size `A3`"]);
    fails(&format!("{GOOD}[style]\nclause_numbering = \"roman\"\n"), &["in.toml:4:20: unknown numbering style `roman`", "upper-roman"]);
    fails(&format!("{GOOD}[style]\nmargin_mm = 120\n"), &["in.toml:4:13:", "too small to set text"]);
    fails(&format!("{GOOD}[style]\nsignatory_columns = 3\n"), &["in.toml:4:21: `signatory_columns` must be 1 or 2"]);
    fails("[document]\ntitle = \"T\"\nlang = \"english language\"\n", &["in.toml:3:8:", "BCP 47"]);
}

/// `[labels]`: each problem at its key, its value or its brace; a language without
/// built-in labels is no error.
#[test]
fn labels_problems() {
    let head = "[document]\ntitle = \"T\"\nlang = \"fr\"\n[labels]\n";
    fails(&format!("{head}copy_fro = \"Copie\"\n"), &["in.toml:5:1: unknown key `copy_fro` in [labels], did you mean `copy_for`?"]);
    fails(&format!("{head}to = true\n"), &["in.toml:5:6: `to` in [labels] must be a string, found a boolean"]);
    fails(
        &format!("{head}copy_for = \"Copie de {{organisation}}\"\n"),
        &["in.toml:5:22: in `copy_for` of [labels]: unknown placeholder `{organisation}`", "did you mean `{organization}`?"],
    );
    fails(
        &format!("{head}page = \"{{page}} / {{pages\"\n"),
        &["in.toml:5:18: in `page` of [labels]: `{` opens a placeholder that is not closed", "`{{`"],
    );
    fails(&format!("{head}seal_of = \"Sceau}}\"\n"), &["in.toml:5:17: in `seal_of` of [labels]: `}` closes no placeholder"]);
    fails(&format!("{head}resolution = \"\"\n"), &["in.toml:5:14: `resolution` in [labels] is empty", "only `to`, `name`"]);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.toml"), "[document]\ntitle = \"T\"\nlang = \"fi\"\n[labels]\nto = \"\"\n").unwrap();
    let out = run_in(dir.path(), &["check", "in.toml", "--set", "labels.copy_for=Kopio: {organization}"]);
    assert_eq!(out.status.code(), Some(0), "English labels are a warning, not an error:\n{}", stderr(&out));
    let out = run_in(dir.path(), &["check", "in.toml", "--set", "labels.copy_for=Kopio: {org}"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown placeholder `{org}` (in --set labels.copy_for)"), "{}", stderr(&out));
}

#[test]
fn unclosed_markup() {
    fails("[document]\ntitle = \"An *open title\"\n", &["in.toml:2:13: in `title`: `*` opens italic text that is never closed"]);
}

#[test]
fn missing_font_file() {
    fails(
        &format!("{GOOD}[fonts]\nbody = \"fonts/NoSuchFont.ttf\"\n"),
        &["in.toml:4:8: cannot use the font `fonts/NoSuchFont.ttf`: no file at"],
    );
}

#[test]
fn a_file_that_is_not_a_font() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fake.ttf"), b"this is not a font").unwrap();
    std::fs::write(dir.path().join("in.toml"), format!("{GOOD}[fonts]\nfallback = [\"fake.ttf\"]\n")).unwrap();
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "out.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("in.toml:4:13: cannot use the font `fake.ttf`: not a font file"), "{}", stderr(&out));
    assert_no_output(dir.path());
}

#[test]
fn a_character_no_font_has() {
    let err = fails(
        "[document]\ntitle = \"Resolution\"\n[resolution]\npreamble = [\"We note the sign \u{1F54A} of peace.\"]\n",
        &["in.toml:4:31: no font has the character ‘\u{1F54A}’ (U+1F54A)", "fallback"],
    );
    assert!(err.contains("preamble = [\"We note the sign"), "the line is shown:\n{err}");
    // the characters of a paragraph that no font has are one problem, named at the first
    let err = fails(
        "[document]\ntitle = \"Resolution\"\n[resolution]\npreamble = [\"Amharic ሰላም and ሰ again\"]\n",
        &["in.toml:4:22: no font has 3 characters of this text: ‘ሰ’ (U+1230), ‘ላ’ (U+120B), ‘ም’ (U+121D)"],
    );
    assert!(!err.contains("problems found"), "one problem:\n{err}");
    // a whole paragraph of them is named in short
    fails(
        "[document]\ntitle = \"Resolution\"\n[resolution]\npreamble = [\"ሀሁሂሃሄህሆለሉሊላሌ\"]\n",
        &["no font has 12 characters of this text: ‘ሀ’ (U+1200)", "and 4 more"],
    );
}

#[test]
fn a_truncated_jpeg_is_refused_by_name() {
    // the fuzzer's finding: a JPEG cut short went into the PDF as it was, and other
    // readers refused it there
    let dir = tempfile::tempdir().unwrap();
    let jpeg = std::fs::read(repo().join("tests/fixtures/cmyk-seal.jpg")).unwrap();
    std::fs::write(dir.path().join("cut.jpg"), &jpeg[..jpeg.len() * 2 / 3]).unwrap();
    std::fs::write(
        dir.path().join("in.toml"),
        "[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \"Japan\"\norganizations = [{ name = \"Kato Office\", seal = \"cut.jpg\" }]\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "out.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the seal image `cut.jpg` of Kato Office cannot be used: the JPEG is truncated"), "{}", stderr(&out));
    assert!(!dir.path().join("out.pdf").exists());
}

#[test]
fn a_font_whose_name_holds_a_nul_gives_a_valid_pdf_name() {
    // the fuzzer's finding: /BaseFont/XXXXXX+Noto#00Serif, invalid even under PDF/A
    let dir = tempfile::tempdir().unwrap();
    let mut font = std::fs::read(repo().join("fonts/noto-serif/NotoSerif-Regular.ttf")).unwrap();
    let utf16: Vec<u8> = "NotoSerif-Regular".encode_utf16().flat_map(u16::to_be_bytes).collect();
    let copies: Vec<usize> = font.windows(utf16.len()).enumerate().filter(|(_, w)| *w == &utf16[..]).map(|(i, _)| i).collect();
    for at in copies {
        font[at + 9] = 0; // "Noto\0erif"
    }
    std::fs::write(dir.path().join("nul.ttf"), &font).unwrap();
    std::fs::write(dir.path().join("in.toml"), "[document]\ntitle = \"Resolution\"\n[fonts]\nbody = \"nul.ttf\"\n").unwrap();
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "out.pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let facts = common::read_pdf(&std::fs::read(dir.path().join("out.pdf")).unwrap());
    let names: Vec<&str> = facts.fonts.iter().map(|f| f.base_font.as_str()).collect();
    assert!(names.iter().any(|n| n.contains("Noto_erif")), "{names:?}");
    assert!(names.iter().all(|n| n.bytes().all(|b| (33..=126).contains(&b))), "{names:?}");
}

#[test]
fn a_missing_signature_image() {
    fails(
        "[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \"Japan\"\norganizations = [{ name = \"A\", signature = \"sig/a.png\" }]\n",
        &["in.toml:5:44: the signature image `sig/a.png` of A cannot be used: the file does not exist"],
    );
}

#[test]
fn input_that_is_not_there_or_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["build", "nothing.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nothing.toml: cannot read the file: no such file"), "{}", stderr(&out));
    std::fs::write(dir.path().join("latin1.toml"), b"[document]\ntitle = \"Caf\xe9\"\n").unwrap();
    let out = run_in(dir.path(), &["build", "latin1.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("latin1.toml:2:13: the file is not valid UTF-8 here"), "{}", stderr(&out));
    assert!(stderr(&out).contains("save the file as UTF-8"), "{}", stderr(&out));
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    let out = run_in(dir.path(), &["build", "folder.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the folder folder.toml holds no .toml files"), "{}", stderr(&out));
}

#[test]
fn unwritable_output_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.toml"), GOOD).unwrap();
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "no/such/dir/out.pdf"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("cannot write no/such/dir/out.pdf: the directory no/such/dir does not exist"), "{}", stderr(&out));

    std::fs::create_dir(dir.path().join("adir")).unwrap();
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "adir"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("it is a directory"), "{}", stderr(&out));

    let out = run_in(dir.path(), &["build", "in.toml", "-o", "in.toml"]);
    assert_eq!(out.status.code(), Some(2), "overwriting the input is refused");
    assert_eq!(std::fs::read_to_string(dir.path().join("in.toml")).unwrap(), GOOD);
    assert_no_output(dir.path().join("adir").as_path());
}

#[cfg(unix)]
#[test]
fn a_read_only_directory() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.toml"), GOOD).unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // root may write anywhere; the check only means something for other users
    let probe = ro.join("probe");
    if std::fs::write(&probe, b"x").is_ok() {
        std::fs::remove_file(probe).unwrap();
        return;
    }
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "ro/out.pdf"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("cannot write ro/out.pdf"), "{}", stderr(&out));
}

#[test]
fn a_failed_build_leaves_the_old_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.toml"), GOOD).unwrap();
    assert!(run_in(dir.path(), &["build", "in.toml", "-o", "out.pdf"]).status.success());
    let before = std::fs::read(dir.path().join("out.pdf")).unwrap();
    std::fs::write(dir.path().join("in.toml"), "[document]\ntitle = \"x\"\nbad = 1\n").unwrap();
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "out.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.path().join("out.pdf")).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "no temporary file left: {names:?}");
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &[]).status.code(), Some(2));
    assert_eq!(run_in(dir.path(), &["build"]).status.code(), Some(2));
    assert_eq!(run_in(dir.path(), &["build", "a.toml", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(run_in(dir.path(), &["--version"]).status.code(), Some(0));
}

#[test]
fn default_output_name_and_check_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.toml"), GOOD).unwrap();
    let out = run_in(dir.path(), &["check", "doc.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.path().join("doc.pdf").exists());
    let out = run_in(dir.path(), &["build", "doc.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("doc.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.toml"), GOOD).unwrap();

    // a named pipe (like /dev/null, a device) is left alone
    assert!(std::process::Command::new("mkfifo").arg(d.join("pipe")).status().unwrap().success());
    let out = run_in(d, &["build", "in.toml", "-o", "pipe"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("cannot write pipe: it is not a regular file"), "{}", stderr(&out));
    assert!(!std::fs::metadata(d.join("pipe")).unwrap().is_file());

    // a read-only file is not replaced
    std::fs::write(d.join("ro.pdf"), b"old").unwrap();
    std::fs::set_permissions(d.join("ro.pdf"), std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run_in(d, &["build", "in.toml", "-o", "ro.pdf"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("the file is read-only"), "{}", stderr(&out));
    assert_eq!(std::fs::read(d.join("ro.pdf")).unwrap(), b"old");

    // a symbolic link is refused: neither it nor the file it names is touched
    std::fs::write(d.join("real.pdf"), b"old").unwrap();
    std::os::unix::fs::symlink("real.pdf", d.join("link.pdf")).unwrap();
    let out = run_in(d, &["build", "in.toml", "-o", "link.pdf"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot write link.pdf: it is a symbolic link"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("was not replaced"), "the file a link names is no earlier build: {}", stderr(&out));
    assert!(std::fs::symlink_metadata(d.join("link.pdf")).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read(d.join("real.pdf")).unwrap(), b"old");
    // and so is a dangling one, whose target would be created
    std::os::unix::fs::symlink("elsewhere.pdf", d.join("dangling.pdf")).unwrap();
    assert_eq!(run_in(d, &["build", "in.toml", "-o", "dangling.pdf"]).status.code(), Some(3));
    assert!(!d.join("elsewhere.pdf").exists());
    std::fs::remove_file(d.join("dangling.pdf")).unwrap();

    // a temporary file a killed run left an hour ago goes; a fresh one (a write in
    // progress) stays
    let stale = d.join(".resolution-pdf-AbCdEf.tmp");
    std::fs::write(&stale, b"half").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(old).unwrap();
    let fresh = d.join(".resolution-pdf-GhIjKl.tmp");
    std::fs::write(&fresh, b"writing").unwrap();
    assert!(run_in(d, &["build", "in.toml", "-o", "new.pdf"]).status.success());
    assert!(!stale.exists() && fresh.exists());
    std::fs::remove_file(&fresh).unwrap();

    // a file where a directory should be
    let out = run_in(d, &["build", "in.toml", "-o", "in.toml/x.pdf"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("in.toml is a file, not a directory"), "{}", stderr(&out));

    let names: Vec<String> = std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn text_that_cannot_be_set() {
    fails("[document]\ntitle = \"\\u200B\\u00A0\"\n", &["in.toml:2:9: the title is empty"]);
    fails(
        "[document]\ntitle = \"T\"\n[resolution]\npreamble = [\"Shalom \u{5e9}\u{5dc}\u{5d5}\u{5dd}\"]\n",
        &["in.toml:4:21: in `preamble`: right-to-left text (‘\u{5e9}’, U+05E9) is not supported yet", "transliteration"],
    );
    fails("[document]\ntitle = \"A\\uFFFFB\"\n", &["noncharacter U+FFFF cannot be printed"]);
}

#[test]
fn pages_too_small_for_the_type() {
    fails(
        "[document]\ntitle = \"T\"\n[style]\npaper = \"A5\"\nfont_size_pt = 36\n",
        &["in.toml:5:16: at 36 pt a line of this 98 mm text block holds only 7.7 em", "at most 23.1 pt"],
    );
    fails(
        "[document]\ntitle = \"T\"\n[style]\npaper = \"A5\"\nfont_size_pt = 16\nsignatory_columns = 2\n",
        &["in.toml:6:21: two signatory columns would be only"],
    );
    fails("[document]\ntitle = \"T\"\n[style]\nmargin_mm = nan\n", &["in.toml:4:13: `margin_mm` must be a finite number"]);
    fails("[document]\ntitle = \"T\"\n[style]\nfont_size_pt = 99999999999999999999\n", &["`font_size_pt` is too large"]);
    fails("[document]\ntitle = \"T\"\ndate = 0000-01-01\n", &["in.toml:3:8: there is no year 0"]);
}

#[test]
fn small_command_line_slips_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // a folder under a file: no raw "Not a directory (os error 20)"
    std::fs::write(d.join("afile"), "").unwrap();
    let out = run_in(d, &["init", "afile/newdir/"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("cannot create the folder afile/newdir: afile is a file, not a folder"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("os error"), "{}", stderr(&out));
    // -q and -v ask for opposite things
    std::fs::write(d.join("in.toml"), GOOD).unwrap();
    let out = run_in(d, &["check", "in.toml", "-q", "-v"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'--quiet' cannot be used with '--verbose'"), "{}", stderr(&out));
}

#[test]
fn a_set_value_without_glyphs_is_reported_at_its_origin() {
    // it was placed on the file's last line, under an unrelated paragraph
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.toml"), GOOD).unwrap();
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "out.pdf", "--set", "document.addressee=Amharic ሰላም"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("no font has 3 characters of this text") && err.contains("(in --set document.addressee)"), "{err}");
    let blames_a_line = err.match_indices("in.toml:").any(|(i, m)| err[i + m.len()..].starts_with(|c: char| c.is_ascii_digit()));
    assert!(!blames_a_line && !err.contains(" --> "), "no line of the file is blamed: {err}");
}

#[test]
fn pipes_are_read_and_a_named_pipe_without_writer_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.toml"), GOOD).unwrap();
    std::fs::write(d.join("rows.csv"), "document.addressee\nThe Diet\n").unwrap();
    // process substitution keeps working, for the TOML and the CSV
    let script = format!("{} build <(cat in.toml) -o sub.pdf && {} build in.toml --each <(cat rows.csv) --out-dir rows", bin().display(), bin().display());
    let out = std::process::Command::new("bash").arg("-c").arg(&script).current_dir(d).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(d.join("sub.pdf").is_file() && std::fs::read_dir(d.join("rows")).unwrap().count() == 1);
    // a named pipe that nothing writes to: an error, not a wait for ever
    if std::process::Command::new("mkfifo").arg(d.join("fifo.toml")).status().is_ok_and(|s| s.success()) {
        let started = std::time::Instant::now();
        let out = run_in(d, &["check", "fifo.toml"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("nothing wrote"), "{}", stderr(&out));
        assert!(started.elapsed().as_secs() < 10);
    }
}

/// A PNG of `width` × `height` white-on-black pixels, one bit deep, written by hand so
/// that a 200-million-pixel file costs a few kilobytes and no time to make.
fn blank_png(width: u32, height: u32) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[1, 0, 0, 0, 0]); // 1 bit, greyscale
    chunk(&mut png, b"IHDR", &header);
    let row = vec![0u8; 1 + width.div_ceil(8) as usize];
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..height {
        z.write_all(&row).unwrap();
    }
    chunk(&mut png, b"IDAT", &z.finish().unwrap());
    chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn a_document_whose_images_together_are_too_large_is_refused_before_decoding() {
    let dir = tempfile::tempdir().unwrap();
    // eleven distinct files at the per-image limit (200 million pixels each)
    let png = blank_png(40_000, 5_000);
    let mut orgs = String::new();
    for i in 0..11 {
        std::fs::write(dir.path().join(format!("s{i}.png")), &png).unwrap();
        orgs.push_str(&format!("  {{ name = \"Organisation {i}\", signature = \"s{i}.png\" }},\n"));
    }
    let toml = format!("[document]\ntitle = \"T\"\n\n[[signatories]]\ncountry = \"Japan\"\norganizations = [\n{orgs}]\n\n[signing]\npage = true\n");
    let input = dir.path().join("in.toml");
    std::fs::write(&input, &toml).unwrap();
    let started = std::time::Instant::now();
    let out = run_in(dir.path(), &["check", "in.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("images hold 2200 million pixels together, more than the 2000 million"), "{err}");
    assert!(err.contains("`s0.png` (200 million)"), "{err}");
    // at the eleventh image, where the budget runs out
    let line = toml.lines().position(|l| l.contains("s10.png")).unwrap() + 1;
    assert!(err.contains(&format!("in.toml:{line}:")), "{err}");
    // from the headers: nothing was decoded (eleven decodes take tens of seconds)
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
}

#[test]
fn a_paragraph_past_the_bound_is_refused_at_its_place() {
    // a 4 MB word took 0.9 GB to break; past 200,000 characters a paragraph is refused
    // before any work is spent on it
    let word = "a".repeat(200_001);
    fails(
        &format!("[document]\ntitle = \"T\"\n\n[[resolution.clauses]]\ntext = \"{word}\"\n"),
        &["in.toml:5:8: in `text`: a paragraph of 200001 characters; at most 200000 are set as one", "split it into paragraphs"],
    );
}
