//! The manual page: clap's sections for the program and for each subcommand (its synopsis
//! and every option), then what clap cannot know — exit status, the JSON report, the
//! input format, the environment. One page, `resolution-pdf(1)`: the subcommands are few.

use std::io::Write;

use clap::CommandFactory;

use super::Cli;

/// The roff text of the manual page.
pub fn page() -> std::io::Result<Vec<u8>> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    out.extend_from_slice(DESCRIPTION.as_bytes());
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = sub.get_name();
        writeln!(out, ".SH \"RESOLUTION-PDF {}\"", name.to_uppercase())?;
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            writeln!(out, "{}", roff_text(&about.to_string()))?;
        }
        // the subcommand's own sections, one level down
        let sub = sub.clone().bin_name(format!("resolution-pdf {name}"));
        let sub_man = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        sub_man.render_synopsis_section(&mut part)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            sub_man.render_options_section(&mut part)?;
        }
        out.extend(String::from_utf8_lossy(&part).replace(".SH ", ".SS ").into_bytes());
    }
    out.extend_from_slice(SECTIONS.as_bytes());
    out.extend_from_slice(input_format().as_bytes());
    out.extend_from_slice(LATER_SECTIONS.as_bytes());
    man.render_version_section(&mut out)?;
    Ok(ascii_roff(&String::from_utf8_lossy(&out)).into_bytes())
}

/// Every key of the input format with its kind and documentation line, from the
/// contract's table (the same lines editors see from the schema).
fn input_format() -> String {
    use resolution_pdf::unstable::model::contract::{CONTRACT, Table};
    let mut out = String::from(
        r#".SH "INPUT FORMAT"
A resolution is a TOML file. Only \fBdocument.title\fR is required. The keys, with
their kind (the full description, defaults, limits and examples are in
\fIdocs/input\-format.md\fR; \fBresolution\-pdf schema\fR prints the JSON Schema for
editors, \fBresolution\-pdf init\fR a commented starter):
"#,
    );
    for key in CONTRACT {
        let path = match key.table {
            Table::Root => continue,
            Table::Group => format!("signatories[].{}", key.name),
            Table::Organization => format!("signatories[].organizations[].{}", key.name),
            Table::Item => format!("resolution.clauses[].{}", key.name),
            table => format!("{}.{}", table.prefix(), key.name),
        };
        out += &format!(".TP\n\\fB{}\\fR (\\fI{}\\fR)\n{}\n", roff_escape(&path), key.kind.docs_name(), roff_text(&roff_escape(key.doc)));
    }
    out += ".PP\nThe words the program prints itself are reworded in \\fB[labels]\\fR (see \\fBresolution\\-pdf schema\\fR for the keys).\n";
    out
}

/// Non-ASCII characters as groff's `\[uXXXX]` escapes: troff reads bytes, and without
/// preconv "…" or 平成 are invalid input (man(1) runs preconv, other readers may not).
fn ascii_roff(page: &str) -> String {
    page.chars().map(|c| if c.is_ascii() { c.to_string() } else { format!("\\[u{:04X}]", c as u32) }).collect()
}

/// `-` and `\` as roff prints them.
fn roff_escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// Text for roff: a line starting with `.` or `'` would be read as a request.
fn roff_text(text: &str) -> String {
    text.lines().map(|l| if l.starts_with(['.', '\'']) { format!("\\&{l}") } else { l.to_string() }).collect::<Vec<_>>().join("\n")
}

const DESCRIPTION: &str = r#".PP
A resolution is described in TOML: title, place and date, addressee, the signatory
organisations grouped by country, preamble, numbered clauses, and optionally a signature
page. \fBresolution-pdf build\fR typesets it into a PDF/A\-2a and PDF/UA\-1 file with
the fonts built into the program (Latin, Japanese, Korean), in the typography of the
document's language (\fBlang\fR): English, Japanese (JLREQ), Korean (KLREQ), Chinese,
French, German, Spanish labels and dates.
"#;

const SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Every document was made (or checked) without an error; warnings may have been printed.
.TP
\fB1\fR
At least one input is invalid: a TOML error, an unknown key, a character no font has, an
image that cannot be used. Each problem is printed with its file, line and column and a
hint; no output file is written or replaced for that input. For \fBcompare\fR, also: the
translation differs from its original in structure, dates or page (its warnings alone
leave the status 0).
.TP
\fB2\fR
The command line is wrong (an unknown option, a \fB\-\-set\fR key the format does not
have, a \fB\-\-name\fR pattern with an unknown column).
.TP
\fB3\fR
An output could not be written (a full disk, a read\-only folder, a symbolic link at the
output path), or an internal error.
.SH "JSON REPORT"
With \fB\-\-json\fR, \fBbuild\fR, \fBcheck\fR and \fBcompare\fR print one JSON object on standard output:
\fBversion\fR, \fBok\fR, \fBdiagnostics\fR (problems of the run itself) and
\fBdocuments\fR, one per document made, each with \fBinput\fR, \fBrow\fR (the CSV row of
\fB\-\-each\fR), \fBcopy_for\fR, \fBoutput\fR, \fBstatus\fR (ok, invalid, failed,
skipped), \fBpages\fR, \fBbytes\fR, \fBtime_ms\fR and its \fBdiagnostics\fR (each with
\fBseverity\fR, \fBmessage\fR, \fBfile\fR, \fBline\fR, \fBcolumn\fR, \fBhint\fR).
\fBcompare\fR gives one document per input, the differences under the translation,
the original's place in their hint.
"#;

const LATER_SECTIONS: &str = r#".SH ENVIRONMENT
.TP
\fBSOURCE_DATE_EPOCH\fR
The creation date of a PDF whose input has no \fBdate\fR (seconds since 1970); the
build's clock is never used, so the same input gives the same bytes.
.TP
\fBNO_COLOR\fR
Messages without colour.
.TP
\fIVAR\fR of \fB\-\-password\-env\fR
The password of a PKCS #12 file or an encrypted key for \fBsign\fR and \fBbuild \-\-sign\fR
(never taken on the command line).
.SH FILES
.TP
\fIINPUT\fR.pdf
The default output of \fBbuild\fR: beside the input, with its stem. In \fB\-\-out\-dir\fR an
input keeps its stem, a \fB\-\-each\fR row is \fISTEM\-ROW\fR (zero\-padded), a \fB\-\-name\fR
pattern and a \fB\-\-per\-signatory\fR copy an ASCII slug, a CSV \fBfile\fR column its value
as given; two outputs of one name are refused (status 2).
.TP
\fIINPUT\fR\-\fIN\fR.png
The page pictures of \fB\-f png\fR.
.TP
resolution.toml, resolution.schema.json
What \fBinit\fR writes: the starter, and the schema its \fB#:schema\fR line names.
.TP
\&.resolution\-pdf\-*.tmp
A file being written, renamed over the output when complete; one a killed run left
is removed by a later run in the same folder.
.SH EXAMPLES
.nf
resolution\-pdf build input/resolution.toml
resolution\-pdf build resolution.toml \-\-each members.csv \-\-out\-dir copies
resolution\-pdf check drafts/ \-\-json
resolution\-pdf compare resolution.toml resolution.ja.toml
.fi
"#;
