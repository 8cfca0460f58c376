//! The pipeline's stages, public for this crate's command line, benchmarks and fuzzer
//! only: **no stability promise** — their types change whenever the typesetting needs it.
//! A program that typesets resolutions uses the items at the crate's root (`Engine`,
//! `load`, `Document`, …) and the `compare`, `signature` and `preview` modules.
//!
//! The stages stay in their folders (`src/model/`, `src/text/` …); this file only gathers
//! them under one name that says what they are.
#![allow(missing_docs)]

#[path = "diag.rs"]
pub mod diag;
#[path = "fonts/mod.rs"]
pub mod fonts;
#[path = "images.rs"]
pub mod images;
#[path = "layout/mod.rs"]
pub mod layout;
#[path = "locale/mod.rs"]
pub mod locale;
#[path = "model/mod.rs"]
pub mod model;
#[path = "pdf/mod.rs"]
pub mod pdf;
#[path = "text/mod.rs"]
pub mod text;
#[path = "unicode.rs"]
pub mod unicode;
