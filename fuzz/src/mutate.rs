//! Mutators: bytes (bit flips, interesting values, insertions, deletions, splices), TOML
//! (values of another type or size, other keys, tables repeated or dropped, awkward
//! Unicode in strings, deep nesting), fonts (inside one sfnt table, its directory's
//! offsets and lengths), images (PNG chunks with their CRC mended, JPEG frame sizes) and
//! PDFs (numbers and keywords).

/// SplitMix64: small, fast, and the same stream for the same seed on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Mostly small numbers, sometimes large ones.
    pub fn small(&mut self, max: usize) -> usize {
        let cap = [4, 16, 64, max][self.below(4)].min(max).max(1);
        1 + self.below(cap)
    }
}

/// Values put where a TOML value was.
pub const TOML_VALUES: &[&str] = &[
    "\"\"", "\"x\"", "\" \"", "0", "-1", "1", "0.5", "-0.0", "1e308", "-1e308", "1e-320", "nan", "inf", "-inf", "+inf", "0.0001",
    "9223372036854775807", "-9223372036854775808", "4294967296", "65535", "1000000", "999999999", "true", "false", "[]", "{}",
    "[\"\"]", "[1, 2]", "[[]]", "[{}]", "{ top = 0 }", "{ top = -5, left = 1e9 }", "1979-05-27", "0001-01-01", "9999-12-31",
    "2024-02-30", "2024-13-01", "1979-05-27T07:32:00Z", "1979-05-27T07:32:00", "07:32:00", "\"A4\"", "\"A5\"", "\"Letter\"",
    "\"Legal\"", "\"a)\"", "\"i.\"", "\"(a)\"", "\"1.\"", "\"I.\"", "\"none\"", "\"ja\"", "\"ko\"", "\"zh-Hant\"", "\"zh\"", "\"ar\"", "\"he\"",
    "\"und\"", "\"x-klingon\"", "\"en-US-u-ca-islamic\"", "\"th\"", "\"my\"", "\"hi\"", "\"ja-JP-u-ca-japanese\"", "\"root\"", "\"en_GB\"",
    "\"../fonts/noto-serif/NotoSerif-Regular.ttf\"", "\"../fonts/ipaex/ipaexg.ttf\"", "\"/dev/zero\"", "\"/dev/null\"", "\".\"", "\"images\"",
    "\"images/sig-kato.png\"", "\"resolution.toml\"", "\"nonexistent.png\"", "\"../tests/fixtures/cmyk-seal.jpg\"",
    "\"../tests/fixtures/fonts/NotoSerifCJKsc-subset.otf\"", "'''literal'''", "\"\"\"\nmulti\nline\n\"\"\"", "\"\\u0000\"", "\"\\n\\n\\n\"",
    "\"\\t\"", "\"\\\\\"", "\"*\"", "\"**\"", "\"***\"", "\"\\\\*\"", "\"_\"",
];

/// Text put inside a string.
pub const UNICODE: &[&str] = &[
    "e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}",
    "日本語の文章。「括弧」、句読点…",
    "한국어 문장입니다.",
    "中文的句子，标点。",
    "\u{202E}override\u{202C}",
    "\u{2067}isolate\u{2069}",
    "العربية والأرقام ١٢٣",
    "עברית",
    "\\u0000",
    "\\u001b[31m",
    "\u{FEFF}",
    "\u{200B}\u{200D}\u{2060}\u{200C}",
    "👨\u{200D}👩\u{200D}👧\u{200D}👦🏳\u{FE0F}\u{200D}🌈",
    "\u{AD}",
    "\\t",
    "\\n\\n",
    "\\r",
    "ﬁﬂﬃ",
    "𝕏𝔸",
    "\u{FFFD}",
    "\u{10FFFF}",
    "\u{E000}",
    "Ǆǅǆŉİıßẞ",
    "Donaudampfschifffahrtsgesellschaftskapitänskajütenschlüssel",
    "*",
    "**",
    "***",
    "\\\\*",
    "_",
    "`",
    "<&>",
    "%PDF-1.7",
    ")(\\\\",
    "\u{3000}",
    "ภาษาไทย",
    "हिन्दी",
    "မြန်မာ",
    "   ",
    "１２３４",
    "Ⅻ",
    "﷽",
    "a\u{0338}\u{20DD}",
    "ー〜々〆ヶ",
    "（）［］｛｝",
    "——",
    "”“",
    "\u{1F3FB}",
    "\u{E0041}",
    "ᄀᄀᄀ\u{1160}",
];

/// Syntax dropped in anywhere.
pub const TOML_TOKENS: &[&str] =
    &["\"", "\"\"\"", "'''", "[", "]", "[[", "]]", "=", "\\u", "\\U0010FFFF", "\\", "#", "\r\n", "\r", "{", "}", ",", ".", "\n", " = ", "\"a\".\"b\""];

pub const PDF_TOKENS: &[&str] = &[
    "/ByteRange [0 1 2 3]", "obj", "endobj", "stream\n", "endstream", "xref\n0 1\n", "trailer", "<<", ">>", "%%EOF", "/Type /Sig",
    "/Contents <00>", "/FT /Sig", "/V 1 0 R", "/Perms", "/DocMDP", "startxref\n0\n", "R", "[", "]", "(", ")", "/Length 0", "/Encrypt",
];

const INTERESTING_U32: &[u32] = &[0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 40_000, 40_001, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF];

pub fn interesting_number(rng: &mut Rng) -> String {
    const N: &[&str] = &["0", "-1", "1", "2", "255", "256", "65535", "65536", "2147483647", "2147483648", "4294967295", "-2147483648", "99999999999", "1e400", "0.000001", "-0"];
    rng.pick(N).to_string()
}

// ---------------------------------------------------------------- bytes

pub fn bytes(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8], tokens: &[&str]) {
    let len = data.len();
    match rng.below(9) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = *rng.pick(&[0u8, 0xFF, 0x7F, 0x80, 0x01, b'"', b'\n', b'\\', b'[', b']', b'=', 0xC3, 0xE3, 0xF0]);
        }
        2 => {
            let i = rng.below(len + 1);
            let n = rng.small(16);
            let insert: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            data.splice(i..i, insert);
        }
        3 if len > 1 => {
            let i = rng.below(len);
            let n = rng.small(len - i);
            data.drain(i..(i + n).min(len));
        }
        4 if len > 1 => {
            let i = rng.below(len);
            let n = rng.small(len - i).min(4096);
            let copy = data[i..(i + n).min(len)].to_vec();
            let at = rng.below(len + 1);
            data.splice(at..at, copy);
        }
        5 => {
            let i = rng.below(len + 1);
            let token = rng.pick(tokens).as_bytes().to_vec();
            data.splice(i..i, token);
        }
        6 if !other.is_empty() => {
            // splice: our head with the other's tail
            let i = rng.below(len + 1);
            let j = rng.below(other.len());
            data.truncate(i);
            data.extend_from_slice(&other[j..]);
        }
        7 if len > 0 => {
            data.truncate(rng.below(len));
        }
        _ if len > 3 => {
            let i = rng.below(len - 3);
            let v = rng.pick(INTERESTING_U32).to_be_bytes();
            let w = rng.pick(&[1usize, 2, 4]);
            data[i..i + w].copy_from_slice(&v[4 - w..]);
        }
        _ => data.push(rng.next() as u8),
    }
}

// ---------------------------------------------------------------- TOML

/// A TOML-aware mutation of `text`; `keys` and `tables` come from the seeds and the
/// contract. Falls back to a byte mutation when the text is not UTF-8.
pub fn toml(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8], keys: &[String], tables: &[String]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return bytes(rng, data, other, TOML_TOKENS);
    };
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let n = lines.len();
    let line = rng.below(n);
    match rng.below(13) {
        0 | 1 => {
            // another value
            if let Some(eq) = lines[line].find('=') {
                let value = if rng.chance(4) { format!("\"{}\"", long_text(rng)) } else { rng.pick(TOML_VALUES).to_string() };
                lines[line] = format!("{} {}", &lines[line][..=eq], value);
            }
        }
        2 | 3 => {
            // Unicode inside a string
            if let Some(at) = string_position(rng, &lines[line]) {
                let snippet = *rng.pick(UNICODE);
                let times = if rng.chance(5) { rng.small(300) } else { 1 };
                lines[line].insert_str(at, &snippet.repeat(times));
            }
        }
        4 => {
            // a string made long: many pages, long words, long names
            if let Some(at) = string_position(rng, &lines[line]) {
                lines[line].insert_str(at, &long_text(rng));
            }
        }
        5 => {
            // another key
            if let Some(eq) = lines[line].find('=') {
                let key = rng.pick(keys).clone();
                let indent: String = lines[line].chars().take_while(|c| c.is_whitespace()).collect();
                lines[line] = format!("{indent}{key} {}", &lines[line][eq..]);
            }
        }
        6 => {
            // a new key with a value
            let key = rng.pick(keys).clone();
            let value = if rng.chance(3) { format!("\"{}\"", rng.pick(UNICODE)) } else { rng.pick(TOML_VALUES).to_string() };
            lines.insert(line, format!("{key} = {value}"));
        }
        7 => {
            // a table header
            let table = rng.pick(tables).clone();
            lines.insert(line, table);
        }
        8 => {
            // a block (a table to the next header) repeated
            let (start, end) = block(&lines, line);
            let copy: Vec<String> = lines[start..end].to_vec();
            let times = rng.small(40);
            let at = end;
            for _ in 0..times {
                lines.splice(at..at, copy.iter().cloned());
            }
        }
        9 => {
            // lines or a block dropped
            let (start, end) = if rng.chance(2) { block(&lines, line) } else { (line, (line + rng.small(5)).min(n)) };
            lines.drain(start..end.max(start));
        }
        10 => {
            // lines of another seed
            if let Ok(other) = std::str::from_utf8(other) {
                let theirs: Vec<&str> = other.split('\n').collect();
                let (s, e) = block(&theirs.iter().map(|s| s.to_string()).collect::<Vec<_>>(), rng.below(theirs.len()));
                lines.splice(line..line, theirs[s..e].iter().map(|s| s.to_string()));
            }
        }
        11 => {
            // a number replaced
            let l = &lines[line];
            if let Some(start) = l.find(|c: char| c.is_ascii_digit()) {
                let end = l[start..].find(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(l.len(), |e| start + e);
                lines[line] = format!("{}{}{}", &l[..start], interesting_number(rng), &l[end..]);
            }
        }
        _ => {
            // deep nesting: arrays, inline tables, or items in items
            let depth = rng.small(400);
            let value = match rng.below(3) {
                0 => format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
                1 => format!("{}1{}", "{ a = ".repeat(depth), " }".repeat(depth)),
                _ => {
                    let depth = depth.min(60);
                    format!("[{}\"x\"{}]", "{ text = \"a\", items = [".repeat(depth), "] }".repeat(depth))
                }
            };
            let key = if rng.chance(2) { "items".to_string() } else { rng.pick(keys).clone() };
            lines.insert(line, format!("{key} = {value}"));
        }
    }
    *data = lines.join("\n").into_bytes();
}

/// A char boundary inside a quoted string of `line`, if it has one.
fn string_position(rng: &mut Rng, line: &str) -> Option<usize> {
    let first = line.find('"')?;
    let last = line.rfind('"')?;
    if last <= first {
        return None;
    }
    let inside: Vec<usize> = line[first + 1..last].char_indices().map(|(i, _)| first + 1 + i).chain([last]).collect();
    Some(*rng.pick(&inside))
}

/// The table (header line to before the next header) around line `at`.
fn block(lines: &[String], at: usize) -> (usize, usize) {
    let header = |l: &String| l.trim_start().starts_with('[') && !l.contains('=');
    let start = (0..=at.min(lines.len().saturating_sub(1))).rev().find(|&i| header(&lines[i])).unwrap_or(0);
    let end = (start + 1..lines.len()).find(|&i| header(&lines[i])).unwrap_or(lines.len());
    (start, end)
}

fn long_text(rng: &mut Rng) -> String {
    let unit = match rng.below(5) {
        0 => "word ".to_string(),
        1 => "x".to_string(),
        2 => rng.pick(UNICODE).to_string(),
        3 => "The Assembly, *recalling* its **earlier** resolutions, ".to_string(),
        _ => "語".to_string(),
    };
    unit.repeat(rng.small(4000))
}

// ---------------------------------------------------------------- fonts

/// Inside one table of an sfnt (TrueType/OpenType) font, or its directory.
pub fn font(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let tables = sfnt_tables(data);
    if tables.is_empty() || rng.chance(6) {
        return bytes(rng, data, other, &["OTTO", "\0\x01\0\0", "glyf", "cmap", "CFF "]);
    }
    let (record, offset, length) = *rng.pick(&tables);
    if rng.chance(4) {
        // the directory: a table's offset or length
        let field = record + if rng.chance(2) { 8 } else { 12 };
        let value = if rng.chance(2) { *rng.pick(INTERESTING_U32) } else { (rng.next() as u32) % (data.len() as u32 + 64) };
        data[field..field + 4].copy_from_slice(&value.to_be_bytes());
        return;
    }
    let end = (offset + length).min(data.len());
    if offset >= end {
        return;
    }
    let mut table = data[offset..end].to_vec();
    for _ in 0..rng.small(8) {
        if rng.chance(2) && table.len() > 4 {
            let i = rng.below(table.len() - 3);
            let v = rng.pick(INTERESTING_U32).to_be_bytes();
            let w = *rng.pick(&[1usize, 2, 4]);
            table[i..i + w].copy_from_slice(&v[4 - w..]);
        } else if !table.is_empty() {
            let i = rng.below(table.len());
            table[i] ^= 1 << rng.below(8);
        }
    }
    // same length: the offsets of the other tables stay right
    data[offset..end].copy_from_slice(&table[..end - offset]);
}

/// (directory record offset, table offset, table length) of every table.
fn sfnt_tables(data: &[u8]) -> Vec<(usize, usize, usize)> {
    let u16at = |i: usize| data.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]) as usize);
    let u32at = |i: usize| data.get(i..i + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let Some(count) = u16at(4) else { return Vec::new() };
    (0..count.min(64))
        .filter_map(|t| {
            let record = 12 + 16 * t;
            Some((record, u32at(record + 8)?, u32at(record + 12)?))
        })
        .filter(|&(_, offset, _)| offset < data.len())
        .collect()
}

// ---------------------------------------------------------------- images

pub fn image(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    if data.starts_with(b"\x89PNG") && !rng.chance(5) {
        return png(rng, data);
    }
    if data.starts_with(&[0xFF, 0xD8]) && rng.chance(2) {
        // the frame's height and width (SOF0, SOF1, SOF2)
        if let Some(at) = data.windows(2).position(|w| w[0] == 0xFF && matches!(w[1], 0xC0..=0xC2)) {
            let field = at + 5 + 2 * rng.below(2);
            if field + 2 <= data.len() {
                let v = *rng.pick(&[0u16, 1, 2, 255, 4096, 40_000, 40_001, 65_535]);
                data[field..field + 2].copy_from_slice(&v.to_be_bytes());
                return;
            }
        }
    }
    bytes(rng, data, other, &["IHDR", "IDAT", "IEND", "\u{FF}\u{D9}", "\u{FF}\u{DA}", "GIF89a", "BM", "II*\0", "RIFF"]);
}

/// A PNG chunk changed, its CRC mended most of the time (decoders check it).
fn png(rng: &mut Rng, data: &mut [u8]) {
    let mut chunks = Vec::new();
    let mut at = 8;
    while at + 12 <= data.len() {
        let len = u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]) as usize;
        if at + 12 + len > data.len() {
            break;
        }
        chunks.push((at, len));
        at += 12 + len;
    }
    if chunks.is_empty() {
        return;
    }
    let (at, len) = if rng.chance(2) { chunks[0] } else { *rng.pick(&chunks) };
    let data_start = at + 8;
    if &data[at + 4..at + 8] == b"IHDR" && len >= 13 && rng.chance(2) {
        // width, height, bit depth, colour type, interlace
        match rng.below(4) {
            0 | 1 => {
                let field = data_start + 4 * rng.below(2);
                data[field..field + 4].copy_from_slice(&rng.pick(INTERESTING_U32).to_be_bytes());
            }
            2 => data[data_start + 8] = *rng.pick(&[0u8, 1, 2, 4, 8, 16, 3]),
            _ => data[data_start + 9 + 3 * rng.below(2)] = *rng.pick(&[0u8, 1, 2, 3, 4, 6, 7]),
        }
    } else if len > 0 {
        for _ in 0..rng.small(8) {
            let i = data_start + rng.below(len);
            data[i] = if rng.chance(2) { rng.next() as u8 } else { data[i] ^ (1 << rng.below(8)) };
        }
    } else {
        data[at + 3] = rng.next() as u8;
    }
    if !rng.chance(8) && at + 12 + len <= data.len() {
        let crc = crc32(&data[at + 4..data_start + len]);
        data[data_start + len..data_start + len + 4].copy_from_slice(&crc.to_be_bytes());
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

// ---------------------------------------------------------------- PDF

pub fn pdf(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    if rng.chance(2) {
        // a number (an offset, a length, an object number, a byte range)
        for _ in 0..8 {
            let i = rng.below(data.len().max(1));
            if data.get(i).is_some_and(u8::is_ascii_digit) {
                let start = (0..=i).rev().take_while(|&j| data[j].is_ascii_digit()).last().unwrap_or(i);
                let end = (i..data.len()).find(|&j| !data[j].is_ascii_digit()).unwrap_or(data.len());
                let n = interesting_number(rng).into_bytes();
                data.splice(start..end, n);
                return;
            }
        }
    }
    bytes(rng, data, other, PDF_TOKENS);
}
