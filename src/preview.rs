//! Page images: the finished PDF drawn by hayro, a rasterizer written in Rust, one PNG
//! per page. What the preview shows is the PDF itself, not the layout before it was
//! written: fonts, images and positions as a reader will see them.

use std::sync::Arc;

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

/// The default resolution of a preview: sharp on a screen, small on disk.
pub const DEFAULT_PPI: f32 = 144.0;
/// A page at this many pixels per inch is already 4960 × 7016 pixels for A4.
pub const MAX_PPI: f32 = 600.0;

/// Every page of `pdf` as a PNG at `ppi` pixels per inch, on white.
pub fn png_pages(pdf: &[u8], ppi: f32) -> Result<Vec<Vec<u8>>, String> {
    let pdf = Pdf::new(Arc::new(pdf.to_vec())).map_err(|e| format!("the PDF cannot be read for the preview: {e:?}"))?;
    let cache = RenderCache::new();
    let interpreter = InterpreterSettings::default();
    let render = RenderSettings::default();
    let scale = ppi / 72.0;
    let pixmap = PixmapSettings { x_scale: scale, y_scale: scale, bg_color: WHITE };
    let mut pages = Vec::new();
    for page in pdf.pages().iter() {
        let image = hayro::render(page, &cache, &interpreter, &render, &pixmap);
        pages.push(image.into_png().map_err(|e| format!("a page cannot be encoded as PNG: {e:?}"))?);
    }
    Ok(pages)
}
