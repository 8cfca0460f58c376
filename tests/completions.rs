//! The bash completion script, run by bash: options after the subcommand and the values
//! of `--pdf-standard` and `--lang` complete (clap_complete's script for a hyphenated
//! binary completed nothing after the subcommand, and file names for the values).

mod common;

use std::process::Command;

use common::bin;

/// What bash offers for the words of `line`, the last of which is being completed.
fn complete(script: &str, line: &[&str]) -> Vec<String> {
    let words: Vec<String> = line.iter().map(|w| format!("'{w}'")).collect();
    let current = line.len() - 1;
    let previous = line.get(current.wrapping_sub(1)).copied().unwrap_or("");
    let program = format!(
        "source {script}\nCOMP_WORDS=({})\nCOMP_CWORD={current}\n_resolution__pdf resolution-pdf '{}' '{previous}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words.join(" "),
        line[current]
    );
    let out = Command::new("bash").arg("-c").arg(program).output().expect("bash runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(String::from).filter(|l| !l.is_empty()).collect()
}

/// The completion script for `shell`, written as `file` in a folder that lives as long
/// as the returned guard.
fn script(shell: &str, file: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    let out = Command::new(bin()).args(["completions", shell]).output().unwrap();
    assert!(out.status.success());
    std::fs::write(&path, &out.stdout).unwrap();
    (dir, path)
}

#[test]
fn bash_completes_options_and_their_values() {
    let (_dir, script) = script("bash", "resolution-pdf.bash");
    let script = script.display().to_string();

    assert_eq!(complete(&script, &["resolution-pdf", "build", "--pdf"]), ["--pdf-standard"]);
    assert!(complete(&script, &["resolution-pdf", "check", "--"]).contains(&"--each".to_string()));
    assert_eq!(complete(&script, &["resolution-pdf", "build", "--pdf-standard", ""]), ["a-2a+ua-1", "a-2b", "a-3b", "a-4", "ua-1", "none"]);
    assert_eq!(complete(&script, &["resolution-pdf", "init", "--lang", ""]), ["en", "ja", "ko"]);
    assert!(complete(&script, &["resolution-pdf", "completions", ""]).contains(&"bash".to_string()));
    assert_eq!(complete(&script, &["resolution-pdf", "comp"]), ["compare", "completions"]);
    assert!(complete(&script, &["resolution-pdf", "compare", "--"]).contains(&"--json".to_string()));
}

/// Whether `shell` is installed; CI installs fish and zsh and sets
/// RESOLUTION_PDF_REQUIRE_SHELLS, so there a missing shell fails instead of skipping.
fn have(shell: &str) -> bool {
    let found = Command::new(shell).arg("-c").arg("exit 0").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("RESOLUTION_PDF_REQUIRE_SHELLS").is_none(), "{shell} is required here but not installed");
        eprintln!("{shell} is not installed: its completion is not tested here");
    }
    found
}

#[test]
fn fish_completes_options_and_their_values() {
    if !have("fish") {
        return;
    }
    let (_dir, script) = script("fish", "resolution-pdf.fish");
    let complete = |line: &str| -> Vec<String> {
        let out = Command::new("fish").arg("-c").arg(format!("source {}; complete -C '{line}'", script.display())).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).lines().map(|l| l.split('\t').next().unwrap_or("").to_string()).collect()
    };
    // (fish sorts them)
    assert_eq!(complete("resolution-pdf build --pdf-standard "), ["a-2a+ua-1", "a-2b", "a-3b", "a-4", "none", "ua-1"]);
    assert!(complete("resolution-pdf build --out").contains(&"--out-dir".to_string()));
    assert!(complete("resolution-pdf init --lang ").contains(&"ko".to_string()));
}

#[test]
fn the_zsh_script_is_valid_zsh() {
    if !have("zsh") {
        return;
    }
    let (_dir, script) = script("zsh", "_resolution-pdf");
    let out = Command::new("zsh").arg("-n").arg(&script).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(text.contains(":STANDARD:(a-2a+ua-1 a-2b a-3b a-4 ua-1 none)") && text.contains("--out-dir"), "values of --pdf-standard, options after build");
}
