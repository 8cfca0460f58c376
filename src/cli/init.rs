//! `init`: a commented starter resolution that builds as it is.

use std::path::{Path, PathBuf};

use super::{exit, report, write};
use resolution_pdf::Diagnostic;

const ENGLISH: &str = r#"#:schema ./resolution.schema.json
# A resolution for resolution-pdf. Build it with:  resolution-pdf build resolution.toml
# Every key is described in docs/input-format.md. Editors that read the #:schema line
# (Taplo, Even Better TOML) complete and check keys with resolution.schema.json beside
# this file; after an update of resolution-pdf, renew it:
#   resolution-pdf schema > resolution.schema.json

[document]
title = "Resolution on the Protection of Refugees"   # the only required key
place = "Geneva"
date = 2025-01-31                                    # printed as "Geneva, January 31, 2025"
author = "Forum of Refugee Support Organisations"    # PDF metadata
summary = "The Forum calls on all governments to respect the principle of non-refoulement."
addressee = "The Speakers of the Parliaments of the Region"
approval = "This resolution is approved by the undersigned organisations:"

# One [[signatories]] table per country, in the order they are printed.
[[signatories]]
country = "Japan"
organizations = [
  "Refugee Support Network Japan",
  { name = "Citizens’ Council for Human Rights", representative = "Yamada Aiko", title = "Chair" },
]

[[signatories]]
country = "South Korea"
organizations = ["Seoul Forum for Refugee Rights"]

[resolution]
preamble = [
  "*Recalling* the Convention relating to the Status of Refugees of 1951,",
  "*Concerned* that refugees continue to be returned to countries where they face persecution,",
]
intro = "The Forum resolves:"

# Clauses are numbered I., II. …; items 1., 2. …; sub-items a), b) …
[[resolution.clauses]]
text = "To call on every government to respect the principle of non-refoulement."

[[resolution.clauses]]
text = "To ask the parliaments to report each year on:"
items = ["the asylum requests received;", "the asylum requests granted."]

# Optional: a signature page with a block per organisation.
# [signing]
# page = true
# date = 2025-01-31

# Optional: paper, margins, size, numbering (see docs/input-format.md).
# [style]
# paper = "A4"
# margin_mm = 25
# font_size_pt = 11
"#;

const JAPANESE: &str = r#"#:schema ./resolution.schema.json
# resolution-pdf の決議文。組版するには:  resolution-pdf build resolution.toml
# キーの説明は docs/input-format.md にあります。#:schema 行を読むエディタ（Taplo など）は、
# 隣の resolution.schema.json でキーを補完・検査します。resolution-pdf の更新後は:
#   resolution-pdf schema > resolution.schema.json

[document]
title = "難民保護に関する決議"      # 必須のキーはこれだけです
lang = "ja"                          # 日本語の組版規則（JIS X 4051）で組みます
place = "東京"
date = 2025-01-31                    # 「2025年1月31日　東京にて」と印字されます
author = "難民支援団体フォーラム"
summary = "本フォーラムは、すべての政府に対し、ノン・ルフールマン原則の遵守を求める。"
addressee = "各国議会議長"
approval = "本決議は、下記の団体により承認された。"

[[signatories]]
country = "日本"
organizations = [
  "難民支援ネットワーク",
  { name = "人権市民会議", representative = "山田花子", title = "代表" },
]

[resolution]
preamble = [
  "1951年の「難民の地位に関する条約」を想起し、",
  "迫害の恐れのある国への送還が今なお続いていることを憂慮し、",
]
intro = "本フォーラムは、次のとおり決議する。"

# 条項は 一、二、…、項目は （1）（2）…、細目は ①② … で番号が付きます。
[[resolution.clauses]]
text = "すべての政府に対し、ノン・ルフールマン原則の遵守を求める。"

[[resolution.clauses]]
text = "各国議会に対し、毎年次の事項を報告するよう求める。"
items = ["受理した庇護申請の件数", "認定した庇護申請の件数"]

# 署名欄のページを付けるには:
# [signing]
# page = true
# date = 2025-01-31
"#;

const KOREAN: &str = r#"#:schema ./resolution.schema.json
# resolution-pdf 결의문. 조판하려면:  resolution-pdf build resolution.toml
# 키의 설명은 docs/input-format.md 에 있습니다. #:schema 줄을 읽는 편집기(Taplo 등)는
# 옆의 resolution.schema.json 으로 키를 완성하고 검사합니다. resolution-pdf 를 갱신한 뒤에는:
#   resolution-pdf schema > resolution.schema.json

[document]
title = "난민 보호에 관한 결의문"    # 꼭 필요한 키는 이것뿐입니다
lang = "ko"                          # 한국어 조판 규칙(KLREQ)으로 조판합니다
place = "서울"
date = 2025-01-31                    # "2025년 1월 31일 서울에서"로 인쇄됩니다
author = "난민 지원 단체 포럼"
summary = "본 포럼은 모든 정부에 강제 송환 금지 원칙의 준수를 요구한다."
addressee = "각국 의회 의장"
approval = "본 결의문은 아래 단체들이 승인하였다."

[[signatories]]
country = "한국"
organizations = [
  "난민 지원 네트워크",
  { name = "인권 시민 회의", representative = "홍길동", title = "대표" },
]

[resolution]
preamble = [
  "1951년 「난민의 지위에 관한 협약」을 상기하며,",
  "박해의 우려가 있는 나라로의 송환이 여전히 계속되고 있음을 우려하며,",
]
intro = "본 포럼은 다음과 같이 결의한다."

# 조항은 1. 2. …, 항목은 가. 나. …, 세부 항목은 1) 2) … 로 번호가 붙습니다
# (조항을 제1조, 제2조 … 로 하려면 [style] clause_numbering = "jo").
[[resolution.clauses]]
text = "모든 정부에 강제 송환 금지 원칙의 준수를 요구한다."

[[resolution.clauses]]
text = "각국 의회에 매년 다음 사항을 보고하도록 요구한다."
items = ["접수한 비호 신청의 건수", "인정한 비호 신청의 건수"]

# 서명 페이지를 붙이려면:
# [signing]
# page = true
# date = 2025-01-31
"#;

/// The starter for a language.
pub fn starter(lang: &str) -> Option<&'static str> {
    match lang.to_ascii_lowercase().split('-').next() {
        Some("en") => Some(ENGLISH),
        Some("ja") => Some(JAPANESE),
        Some("ko") => Some(KOREAN),
        _ => None,
    }
}

/// The schema's file name, as the starters' `#:schema` line gives it.
pub const SCHEMA_FILE: &str = "resolution.schema.json";

/// `init [PATH]`: the starter and, beside it, the schema its first line points to. PATH
/// is a file (`x.toml`) or, as `cargo new` takes it, a folder — one that exists, or a name
/// without `.toml` or ending in a slash — created if missing, that gets `resolution.toml`.
pub fn run(lang: &str, path: Option<PathBuf>, force: bool) -> i32 {
    let Some(text) = starter(lang) else {
        report::print(&[Diagnostic::error(format!("there is no starter in `{lang}`")).with_hint("use --lang en, --lang ja or --lang ko")]);
        return exit::USAGE;
    };
    let path = path.unwrap_or_else(|| PathBuf::from("resolution.toml"));
    if path.as_os_str() == "-" {
        return super::stdout::print(text.as_bytes());
    }
    let names_a_folder = path.is_dir()
        || path.as_os_str().to_string_lossy().ends_with(['/', std::path::MAIN_SEPARATOR])
        || !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let file = if names_a_folder { path.join("resolution.toml") } else { path };
    if file.exists() && !force {
        report::print(&[Diagnostic::error(format!("{} already exists", file.display())).with_hint("choose another name, or give --force to replace it")]);
        return exit::OUTPUT;
    }
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    if let Err(e) = std::fs::create_dir_all(&folder) {
        let why = match folder.ancestors().find(|a| a.is_file()) {
            Some(file) => format!("{} is a file, not a folder", file.display()),
            None => write::reason(&e),
        };
        report::print(&[Diagnostic::error(format!("cannot create the folder {}: {why}", folder.display())).with_hint("give a folder you may write in")]);
        return exit::OUTPUT;
    }
    let schema = folder.join(SCHEMA_FILE);
    // both or neither: what would stop the schema stops the starter too
    if schema.symlink_metadata().is_ok_and(|m| !m.is_file()) {
        report::print(&[Diagnostic::error(format!("cannot write {}: something that is not a file is there", schema.display()))
            .with_hint("move it away, or give init another folder")]);
        return exit::OUTPUT;
    }
    let replaced = schema.exists();
    let written = write::atomically(&file, text.as_bytes())
        .and_then(|()| write::atomically(&schema, format!("{}\n", resolution_pdf::unstable::model::schema::json_schema()).as_bytes()));
    match written {
        Ok(()) => {
            // the schema is the program's, renewed for this version
            let schema_note = if replaced { " (renewed)" } else { "" };
            say!("wrote {} and {}{schema_note}; build it with: resolution-pdf build {}", file.display(), schema.display(), file.display());
            exit::OK
        }
        Err(e) => {
            report::print(&[e]);
            exit::OUTPUT
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starters_build_as_they_are() {
        let engine = resolution_pdf::Engine::new();
        for lang in ["en", "ja", "ko"] {
            let doc = resolution_pdf::parse_bytes(format!("starter-{lang}.toml"), starter(lang).unwrap().as_bytes().to_vec())
                .unwrap_or_else(|e| panic!("{lang}: {}", e[0]));
            let pdf = engine.render(&doc).unwrap_or_else(|e| panic!("{lang}: {}", e[0]));
            assert!(pdf.pages >= 1);
        }
    }
}
