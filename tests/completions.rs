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

#[test]
fn bash_completes_options_and_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("resolution-pdf.bash");
    let out = Command::new(bin()).args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    std::fs::write(&script, &out.stdout).unwrap();
    let script = script.display().to_string();

    assert_eq!(complete(&script, &["resolution-pdf", "build", "--pdf"]), ["--pdf-standard"]);
    assert!(complete(&script, &["resolution-pdf", "check", "--"]).contains(&"--each".to_string()));
    assert_eq!(complete(&script, &["resolution-pdf", "build", "--pdf-standard", ""]), ["a-2a+ua-1", "a-2b", "a-3b", "a-4", "ua-1", "none"]);
    assert_eq!(complete(&script, &["resolution-pdf", "init", "--lang", ""]), ["en", "ja", "ko"]);
    assert!(complete(&script, &["resolution-pdf", "completions", ""]).contains(&"bash".to_string()));
    assert_eq!(complete(&script, &["resolution-pdf", "comp"]), ["compare", "completions"]);
    assert!(complete(&script, &["resolution-pdf", "compare", "--"]).contains(&"--json".to_string()));
}
