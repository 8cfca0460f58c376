//! The words the program prints itself, one table per language, and the input's
//! `[labels]` over them. The keys are the model's [`LABEL_KEYS`]; a test keeps the two
//! in step.

use crate::model::{LabelOverrides, LabelPiece, Lang, label_pieces};
#[cfg(doc)]
use crate::model::LABEL_KEYS;

/// The printed words of one document. Templates hold `{placeholders}` (see
/// [`LABEL_KEYS`]) that [`fill`] replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub to: String,
    pub signatories: String,
    pub resolution: String,
    pub signatures: String,
    pub name: String,
    pub title: String,
    pub date: String,
    pub place_date: String,
    pub copy_for: String,
    pub continued: String,
    pub continued_short: String,
    pub page: String,
    pub signature_of: String,
    pub seal_of: String,
}

/// One language's built-in words, in the order of [`LABEL_KEYS`].
type Table = [&'static str; 14];

const EN: Table = [
    "To:",
    "Signatories",
    "Resolution",
    "Signatures",
    "Name:",
    "Title:",
    "Date:",
    "{place}, {date}",
    "Copy for {organization}",
    "{heading} (continued)",
    "{heading} (cont.)",
    "{page} / {pages}",
    "Signature of {signer}",
    "Seal of {organization}",
];

/// Japanese: the date before the place (「2005年8月1日　東京にて」), full-width colons,
/// a copy marked 控 (kept copy) after the organisation's name.
const JA: Table = [
    "宛先：",
    "署名団体",
    "決議",
    "署名",
    "氏名：",
    "役職：",
    "日付：",
    "{date}\u{3000}{place}にて",
    "{organization}\u{3000}控",
    "{heading}（続き）",
    "{heading}（続き）",
    "{page} / {pages}",
    "{signer}の署名",
    "{organization}の印",
];

/// Korean (chosen with a Korean reader): the date before the place, as Korean
/// statements close ("2005년 8월 1일 도쿄에서"; 에서 follows any final sound); 수신,
/// 성명, 직위, 일자: the words of official forms; 결의문, the name of the text; 보관용,
/// how a party's own copy is marked; 직인, an organisation's official seal.
const KO: Table = [
    "수신:",
    "서명 단체",
    "결의문",
    "서명",
    "성명:",
    "직위:",
    "일자:",
    "{date} {place}에서",
    "{organization} 보관용",
    "{heading} (계속)",
    "{heading} (계속)",
    "{page} / {pages}",
    "{signer} 서명",
    "{organization} 직인",
];

/// Chinese: full-width colons with no space after them; 签署 heads a signature page
/// (签名 is the autograph); 留存 marks a party's copy; the formal page footer.
const ZH_HANS: Table = [
    "致：",
    "签署组织",
    "决议",
    "签署",
    "姓名：",
    "职务：",
    "日期：",
    "{date}于{place}",
    "{organization}留存",
    "{heading}（续）",
    "{heading}（续）",
    "第{page}页，共{pages}页",
    "{signer}的签名",
    "{organization}的印章",
];

/// Traditional Chinese as Taiwan and Hong Kong write it: 連署團體 for co-signing groups,
/// 職稱 for an office.
const ZH_HANT: Table = [
    "致：",
    "連署團體",
    "決議",
    "簽署",
    "姓名：",
    "職稱：",
    "日期：",
    "{date}於{place}",
    "{organization}留存",
    "{heading}（續）",
    "{heading}（續）",
    "第{page}頁，共{pages}頁",
    "{signer}的簽名",
    "{organization}的印章",
];

/// French: a no-break space before the colon, as French typography sets it; "Qualité",
/// the signer's capacity; colons rather than "de" before names, which would need
/// elision (d'Ito, de l'Association).
const FR: Table = [
    "Destinataire\u{a0}:",
    "Signataires",
    "Résolution",
    "Signatures",
    "Nom\u{a0}:",
    "Qualité\u{a0}:",
    "Date\u{a0}:",
    "{place}, le {date}",
    "Exemplaire\u{a0}: {organization}",
    "{heading} (suite)",
    "{heading} (suite)",
    "{page} / {pages}",
    "Signature\u{a0}: {signer}",
    "Cachet\u{a0}: {organization}",
];

/// German: the place and date as DIN 5008 writes them; "von" before names, which
/// avoids agreeing a genitive with them.
const DE: Table = [
    "An:",
    "Unterzeichner",
    "Resolution",
    "Unterschriften",
    "Name:",
    "Funktion:",
    "Datum:",
    "{place}, {date}",
    "Exemplar für {organization}",
    "{heading} (Fortsetzung)",
    "{heading} (Forts.)",
    "{page} / {pages}",
    "Unterschrift von {signer}",
    "Stempel von {organization}",
];

const ES: Table = [
    "Destinatario:",
    "Firmantes",
    "Resolución",
    "Firmas",
    "Nombre:",
    "Cargo:",
    "Fecha:",
    "{place}, {date}",
    "Ejemplar para {organization}",
    "{heading} (continuación)",
    "{heading} (cont.)",
    "{page} / {pages}",
    "Firma de {signer}",
    "Sello de {organization}",
];

impl Labels {
    /// The built-in words for `lang`; English for a language without a table (the
    /// model warns about it).
    pub fn for_lang(lang: &Lang) -> Labels {
        let script = lang.tag.split('-').skip(1).find(|s| s.len() == 4).map(str::to_ascii_lowercase);
        let region = lang.tag.split('-').skip(1).find(|s| s.len() == 2).map(str::to_ascii_uppercase);
        let table = match lang.primary().as_str() {
            "ja" => &JA,
            "ko" => &KO,
            // zh-Hant, and Chinese as written in Taiwan, Hong Kong and Macau
            "zh" if script.as_deref() == Some("hant") || (script.is_none() && matches!(region.as_deref(), Some("TW" | "HK" | "MO"))) => {
                &ZH_HANT
            }
            "zh" => &ZH_HANS,
            "fr" => &FR,
            "de" => &DE,
            "es" => &ES,
            _ => &EN,
        };
        Labels::from_table(table)
    }

    fn from_table(t: &Table) -> Labels {
        let s = |i: usize| t[i].to_string();
        Labels {
            to: s(0),
            signatories: s(1),
            resolution: s(2),
            signatures: s(3),
            name: s(4),
            title: s(5),
            date: s(6),
            place_date: s(7),
            copy_for: s(8),
            continued: s(9),
            continued_short: s(10),
            page: s(11),
            signature_of: s(12),
            seal_of: s(13),
        }
    }

    /// The label called `key` (a [`LABEL_KEYS`] name).
    fn slot(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "to" => &mut self.to,
            "signatories" => &mut self.signatories,
            "resolution" => &mut self.resolution,
            "signatures" => &mut self.signatures,
            "name" => &mut self.name,
            "title" => &mut self.title,
            "date" => &mut self.date,
            "place_date" => &mut self.place_date,
            "copy_for" => &mut self.copy_for,
            "continued" => &mut self.continued,
            "continued_short" => &mut self.continued_short,
            "page" => &mut self.page,
            "signature_of" => &mut self.signature_of,
            "seal_of" => &mut self.seal_of,
            _ => return None,
        })
    }

    /// These labels with the input's rewordings.
    pub fn with_overrides(mut self, overrides: &LabelOverrides) -> Labels {
        for (key, value) in &overrides.values {
            if let Some(slot) = self.slot(key) {
                *slot = value.text.clone();
            }
        }
        self
    }
}

/// `template` with each `{name}` replaced by its value; `{{` and `}}` are literal braces:
/// the model's one reading of a wording.
pub use crate::model::fill_placeholders as fill;

/// `template` cut at its placeholders: the literal pieces and, between them, the names
/// (for text that mixes styled parts, such as the place and the date). A template the
/// parser would refuse (an unmatched brace) is one literal piece.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    match label_pieces(template) {
        Ok(pieces) => pieces
            .into_iter()
            .map(|p| match p {
                LabelPiece::Literal(text) => Piece::Text(text.to_string()),
                LabelPiece::Placeholder { name, .. } => Piece::Value(name),
            })
            .collect(),
        Err(_) => vec![Piece::Text(template.to_string())],
    }
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'t> {
    Text(String),
    Value(&'t str),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LABEL_KEYS, LabelValue};

    fn lang(tag: &str) -> Lang {
        Lang { tag: tag.into() }
    }

    #[test]
    fn every_key_has_a_slot_and_every_table_its_placeholders() {
        let mut labels = Labels::for_lang(&lang("en"));
        for key in LABEL_KEYS {
            assert!(labels.slot(key.name).is_some(), "no field for `{}`", key.name);
        }
        for (i, key) in LABEL_KEYS.iter().enumerate() {
            assert_eq!(EN[i], key.english, "the English table and LABEL_KEYS disagree on `{}`", key.name);
            for table in [&EN, &JA, &KO, &ZH_HANS, &ZH_HANT, &FR, &DE, &ES] {
                let used: Vec<&str> = pieces(table[i]).into_iter().filter_map(|p| if let Piece::Value(v) = p { Some(v) } else { None }).collect();
                assert!(used.iter().all(|u| key.placeholders.contains(u)), "{}: {:?}", key.name, table[i]);
                assert_eq!(used.len(), key.placeholders.len(), "{} misses a value: {:?}", key.name, table[i]);
            }
        }
    }

    #[test]
    fn languages_and_scripts() {
        assert_eq!(Labels::for_lang(&lang("ko")).signatories, "서명 단체");
        assert_eq!(Labels::for_lang(&lang("zh-Hant")).signatories, "連署團體");
        assert_eq!(Labels::for_lang(&lang("zh-TW")).signatories, "連署團體");
        assert_eq!(Labels::for_lang(&lang("zh-Hans-HK")).signatories, "签署组织");
        assert_eq!(Labels::for_lang(&lang("zh")).signatories, "签署组织");
        assert_eq!(Labels::for_lang(&lang("en-GB")).to, "To:");
        assert_eq!(Labels::for_lang(&lang("tlh")).to, "To:");
        assert_eq!(Labels::for_lang(&lang("fr-CA")).to, "Destinataire\u{a0}:");
    }

    #[test]
    fn overrides_replace_single_labels() {
        let mut o = LabelOverrides::default();
        o.values.insert("to", LabelValue { text: "Attn.:".into(), span: 0..0 });
        let labels = Labels::for_lang(&lang("ja")).with_overrides(&o);
        assert_eq!(labels.to, "Attn.:");
        assert_eq!(labels.signatories, "署名団体");
    }

    #[test]
    fn templates_are_filled() {
        assert_eq!(fill("Copy for {organization}", &[("organization", "RENK")]), "Copy for RENK");
        assert_eq!(fill("{date}\u{3000}{place}にて", &[("place", "東京"), ("date", "2005年8月1日")]), "2005年8月1日\u{3000}東京にて");
        assert_eq!(fill("{{literal}} {page}/{pages}", &[("page", "2"), ("pages", "5")]), "{literal} 2/5");
        assert_eq!(fill("{unknown} and {{ alone", &[]), " and { alone");
        assert_eq!(
            pieces("{date} {place}에서"),
            vec![Piece::Value("date"), Piece::Text(" ".into()), Piece::Value("place"), Piece::Text("에서".into())]
        );
    }
}
