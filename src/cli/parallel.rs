//! `build ORIGINAL --parallel TRANSLATION`: the bilingual edition, one file.

use std::path::{Path, PathBuf};

use resolution_pdf::{Diagnostic, Engine, RenderOptions};

use super::{BuildArgs, exit, report, stdout, write};

pub fn run(args: &BuildArgs, translation: &Path) -> i32 {
    let inputs = &args.inputs;
    let refuse = |message: &str| {
        say!("error: {message}");
        exit::USAGE
    };
    if inputs.inputs.len() != 1 || inputs.inputs[0] == Path::new("-") {
        return refuse("--parallel sets one original beside its translation: give one ORIGINAL.toml file");
    }
    if inputs.each.is_some() || args.per_signatory || !inputs.set.is_empty() || args.sign {
        return refuse("--parallel takes the two files as they are: --each, --set, --per-signatory and --sign do not combine with it");
    }
    if args.format == "png" {
        return refuse("-f png does not combine with --parallel yet: build the PDF, then look at it");
    }
    if inputs.json {
        return refuse("--json does not combine with --parallel: run `resolution-pdf compare ORIGINAL TRANSLATION --json` for the report on the two texts");
    }
    let original_path = &inputs.inputs[0];
    let output: PathBuf = match (&args.output, &args.out_dir) {
        (Some(o), _) => o.clone(),
        (None, dir) => {
            let stem = original_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "resolution".into());
            let name = format!("{stem}.parallel.pdf");
            match dir {
                Some(dir) => dir.join(name),
                None => original_path.with_file_name(name),
            }
        }
    };
    let mut problems: Vec<Diagnostic> = Vec::new();
    let original = resolution_pdf::load(original_path).map_err(|d| problems.extend(d)).ok();
    let translated = resolution_pdf::load(translation).map_err(|d| problems.extend(d)).ok();
    let (Some(original), Some(translated)) = (original, translated) else {
        report::print(&problems);
        return exit::INVALID_INPUT;
    };
    // a parallel edition of texts that differ in structure is impossible: compare's
    // errors stop the build, its warnings (a number, an acronym) are printed
    let comparison = resolution_pdf::compare::compare(&original, &translated);
    report::print(&comparison.diagnostics);
    if comparison.has_errors() {
        say!("error: the translation does not match the original (see above): no parallel edition was made");
        return exit::INVALID_INPUT;
    }
    let engine = Engine::new();
    let options = RenderOptions { standard: inputs.pdf_standard, copy_for: None };
    match engine.render_parallel(&original, &translated, &options) {
        Ok(rendered) => {
            report::print(&rendered.warnings);
            let written = if output == Path::new("-") {
                stdout::write(&rendered.bytes).map_err(|e| Diagnostic::error(format!("cannot write to standard output: {e}")))
            } else {
                write::atomically(&output, &rendered.bytes)
            };
            if let Err(e) = written {
                report::print(&[e]);
                return exit::OUTPUT;
            }
            if inputs.verbose {
                say!("{} + {} -> {} ({} pages)", original_path.display(), translation.display(), output.display(), rendered.pages);
            }
            exit::OK
        }
        Err(diags) => {
            report::print(&diags);
            if diags.iter().any(|d| d.internal) { exit::OUTPUT } else { exit::INVALID_INPUT }
        }
    }
}
