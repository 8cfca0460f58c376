//! Images named in the input (scanned signatures, seals): read and checked once per
//! process, then prepared for the size they are printed at.
//!
//! An image at or below 300 dpi at its printed size goes into the PDF as it is (a JPEG
//! without re-encoding); a scan far above what print needs is downsampled to 300 dpi at
//! its printed size, so a page of signatures stays small; formats krilla cannot read
//! (TIFF, BMP, WebP, GIF) are converted. A missing, unreadable, truncated or absurd
//! image is an error before anything is written.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

/// Resolution images are prepared at: what print needs.
pub const PRINT_DPI: f32 = 300.0;
/// Above this an image is downsampled (a little headroom over [`PRINT_DPI`]).
const DOWNSAMPLE_ABOVE_DPI: f32 = 320.0;
/// Resolution assumed when an image does not say, for its natural size.
pub const ASSUMED_DPI: f32 = 150.0;
/// Larger images are refused: a 600-dpi A3 scan has 70 million pixels.
const MAX_PIXELS: u64 = 200_000_000;
const MAX_SIDE: u32 = 40_000;

/// The most pixels one document's images may hold together (each distinct image once):
/// ten images at the per-image limit, or some sixty full A4 pages scanned at 600 dpi.
/// Decoding costs time in proportion (about a second per 100 million), and a document of
/// many huge scans is more likely a mistake than a resolution.
pub const DOCUMENT_PIXELS: u64 = 2_000_000_000;

/// The pixels an image file's header declares, read without decoding it (None for what
/// is not a regular file or has no readable header: loading it says why).
pub fn declared_pixels(path: &Path) -> Option<u64> {
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let (width, height) = ImageReader::open(path).ok()?.with_guessed_format().ok()?.into_dimensions().ok()?;
    let pixels = u64::from(width) * u64::from(height);
    // an image over the limit of one image gets its own error when it is loaded
    (width <= MAX_SIDE && height <= MAX_SIDE && pixels <= MAX_PIXELS).then_some(pixels)
}

/// The encodings the PDF takes as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Png,
    Jpeg,
}

/// An image file, checked.
pub struct ImageFile {
    pub path: PathBuf,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    /// Resolution the file declares (pixels per inch, horizontal and vertical).
    pub dpi: Option<(f32, f32)>,
    pub has_alpha: bool,
    bytes: Arc<Vec<u8>>,
}

impl std::fmt::Debug for ImageFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ImageFile({}, {}×{} px, {:?})", self.path.display(), self.width, self.height, self.format)
    }
}

impl ImageFile {
    /// Size in points at the image's own resolution ([`ASSUMED_DPI`] if it has none).
    pub fn natural_size(&self) -> (f32, f32) {
        let (dx, dy) = self.dpi.unwrap_or((ASSUMED_DPI, ASSUMED_DPI));
        (self.width as f32 / dx * 72.0, self.height as f32 / dy * 72.0)
    }

    /// The size, in points, at which the image fills a `box_w` × `box_h` box with its
    /// proportions kept, never larger than its natural size.
    pub fn fit(&self, box_w: f32, box_h: f32) -> (f32, f32) {
        let (w, h) = self.natural_size();
        let scale = (box_w / w).min(box_h / h).min(1.0);
        (w * scale, h * scale)
    }
}

/// Image data ready for the PDF.
#[derive(Debug)]
pub struct PreparedImage {
    pub encoding: Encoding,
    pub bytes: Arc<Vec<u8>>,
    pub width: u32,
    pub height: u32,
}

/// Why an image cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageError(pub String);

/// Images by path, each read once per process; prepared versions by printed size.
#[derive(Default)]
pub struct ImageLibrary {
    files: Mutex<HashMap<PathBuf, Result<Arc<ImageFile>, ImageError>>>,
    prepared: Mutex<HashMap<(PathBuf, u32, u32), Arc<PreparedImage>>>,
}

impl ImageLibrary {
    /// Read and check an image file (cached by canonical path).
    pub fn load(&self, path: &Path) -> Result<Arc<ImageFile>, ImageError> {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(hit) = self.files.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return hit;
        }
        let result = load_file(path).map(Arc::new);
        if let Ok(mut m) = self.files.lock() {
            m.insert(key, result.clone());
        }
        result
    }

    /// The image as it should go into the PDF when printed `w` × `h` points.
    pub fn prepare(&self, file: &ImageFile, w: f32, h: f32) -> Result<Arc<PreparedImage>, ImageError> {
        let dpi = file.width as f32 / (w / 72.0);
        // A CMYK JPEG would need an output profile for CMYK under PDF/A; scans are RGB or
        // grey, so such a file is converted like the formats PDF cannot take.
        let native = file.format == ImageFormat::Png || file.format == ImageFormat::Jpeg && jpeg_components(&file.bytes) != Some(4);
        let (target_w, target_h) = if dpi > DOWNSAMPLE_ABOVE_DPI {
            (((w / 72.0) * PRINT_DPI).round().max(1.0) as u32, ((h / 72.0) * PRINT_DPI).round().max(1.0) as u32)
        } else {
            (file.width, file.height)
        };
        if native && (target_w, target_h) == (file.width, file.height) {
            let encoding = if file.format == ImageFormat::Png { Encoding::Png } else { Encoding::Jpeg };
            return Ok(Arc::new(PreparedImage { encoding, bytes: file.bytes.clone(), width: file.width, height: file.height }));
        }
        let key = (file.path.clone(), target_w, target_h);
        if let Some(hit) = self.prepared.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(hit);
        }
        // Decoded again here rather than kept from the check: a document's memory is then
        // one decoded image at a time, not the sum of its scans (four 200-Mpx PNGs held
        // 3.2 GB at once), for a second decode of the large ones.
        let image = decode(&file.bytes)?;
        let image = if (target_w, target_h) != (image.width(), image.height()) {
            image.resize_exact(target_w, target_h, image::imageops::FilterType::Lanczos3)
        } else {
            image
        };
        let prepared = Arc::new(encode(&image, file.has_alpha)?);
        if let Ok(mut m) = self.prepared.lock() {
            m.insert(key, prepared.clone());
        }
        Ok(prepared)
    }
}

fn load_file(path: &Path) -> Result<ImageFile, ImageError> {
    if path.is_dir() {
        return Err(ImageError("it is a directory, not an image".into()));
    }
    // A pipe or a device would be read for ever (or block): only files are images.
    let bytes = crate::files::read_bounded(path, crate::files::MAX_IMAGE_BYTES, true).map_err(|why| {
        ImageError(match why.as_str() {
            "no such file" => "the file does not exist".into(),
            "permission denied" => "the file cannot be read (permission denied)".into(),
            _ => why,
        })
    })?;
    let format = image::guess_format(&bytes)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Tiff | ImageFormat::Bmp | ImageFormat::WebP | ImageFormat::Gif))
        .ok_or_else(|| ImageError("it is not an image in a format this program reads (PNG, JPEG, TIFF, BMP, WebP, GIF)".into()))?;
    // The header first: a file can declare absurd dimensions in a few bytes.
    let (width, height) = ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|e| ImageError(format!("it cannot be read ({e})")))?
        .into_dimensions()
        .map_err(|e| ImageError(format!("its header cannot be read ({e})")))?;
    if width == 0 || height == 0 {
        return Err(ImageError("it has no pixels".into()));
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageError(format!(
            "it declares {width} × {height} pixels, far more than any scan needs (at most {MAX_SIDE} on a side and {} million in all)",
            MAX_PIXELS / 1_000_000
        )));
    }
    // Then every pixel: a truncated or damaged file fails here, not in the PDF. The JPEG
    // decoder fills a truncated image with grey without a word, and a JPEG goes into the
    // PDF as it is: its structure is checked to the end (other readers refuse it there).
    if format == ImageFormat::Jpeg {
        jpeg_is_whole(&bytes).map_err(ImageError)?;
    }
    let image = decode(&bytes)?;
    let has_alpha = image.color().has_alpha();
    let dpi = match format {
        ImageFormat::Png => png_dpi(&bytes),
        ImageFormat::Jpeg => jpeg_dpi(&bytes),
        _ => None,
    };
    Ok(ImageFile {
        path: path.to_path_buf(),
        format,
        width,
        height,
        dpi,
        has_alpha,
        bytes: Arc::new(bytes),
    })
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, ImageError> {
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| ImageError(format!("it cannot be read ({e})")))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    Ok(reader)
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, ImageError> {
    reader(bytes)?.decode().map_err(|e| ImageError(format!("it cannot be decoded; the file may be truncated or damaged ({e})")))
}

/// PNG for images with transparency (seals, signatures on a clear ground), JPEG for the
/// rest (scans), which keeps a downsampled photograph of a signature small.
fn encode(image: &DynamicImage, has_alpha: bool) -> Result<PreparedImage, ImageError> {
    let mut out = Vec::new();
    let encoding = if has_alpha {
        image.to_rgba8().write_to(&mut Cursor::new(&mut out), ImageFormat::Png).map_err(|e| ImageError(e.to_string()))?;
        Encoding::Png
    } else {
        let rgb = if image.color().has_color() { DynamicImage::ImageRgb8(image.to_rgb8()) } else { DynamicImage::ImageLuma8(image.to_luma8()) };
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
        encoder.encode_image(&rgb).map_err(|e| ImageError(e.to_string()))?;
        Encoding::Jpeg
    };
    Ok(PreparedImage { encoding, bytes: Arc::new(out), width: image.width(), height: image.height() })
}

/// The resolution a PNG declares in its pHYs chunk (pixels per metre).
fn png_dpi(bytes: &[u8]) -> Option<(f32, f32)> {
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().ok()?) as usize;
        let kind = &bytes[at + 4..at + 8];
        if kind == b"pHYs" && len >= 9 && at + 8 + 9 <= bytes.len() {
            let d = &bytes[at + 8..at + 17];
            let x = u32::from_be_bytes(d[0..4].try_into().ok()?) as f32;
            let y = u32::from_be_bytes(d[4..8].try_into().ok()?) as f32;
            return (d[8] == 1 && x > 0.0 && y > 0.0).then_some((x * 0.0254, y * 0.0254));
        }
        if kind == b"IDAT" || kind == b"IEND" {
            return None;
        }
        at += 12 + len;
    }
    None
}

/// The number of colour components of a JPEG (1 grey, 3 YCbCr or RGB, 4 CMYK or YCCK),
/// from its start-of-frame segment.
fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        // SOF0–SOF15, less DHT (C4), JPG (C8) and DAC (CC)
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            return bytes.get(at + 9).copied();
        }
        if marker == 0xDA || len < 2 {
            return None; // image data before any frame header
        }
        at += 2 + len;
    }
    None
}

/// Whether a JPEG runs whole from its start-of-image to its end-of-image marker: every
/// segment within the file, the entropy-coded data of every scan ending in a marker (only
/// stuffed bytes and restart markers inside it). A file cut short, or with a marker that
/// cannot stand in image data, is refused with the reason.
fn jpeg_is_whole(bytes: &[u8]) -> Result<(), String> {
    const TRUNCATED: &str = "the JPEG is truncated (it ends before its end-of-image marker); the file may be incomplete";
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("the JPEG does not start with a start-of-image marker; the file is damaged".into());
    }
    let mut at = 2;
    loop {
        // a marker, after any fill bytes
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        match (bytes.get(at), bytes.get(at + 1)) {
            (Some(0xFF), Some(&marker)) => {
                at += 2;
                match marker {
                    0xD9 => return Ok(()),
                    0xD0..=0xD7 | 0x01 => continue,
                    _ => {}
                }
                let len = match (bytes.get(at), bytes.get(at + 1)) {
                    (Some(&hi), Some(&lo)) => usize::from(u16::from_be_bytes([hi, lo])),
                    _ => return Err(TRUNCATED.into()),
                };
                if len < 2 {
                    return Err(format!("the JPEG is damaged (a segment of length {len} at byte {at})"));
                }
                if at + len > bytes.len() {
                    return Err(TRUNCATED.into());
                }
                at += len;
                if marker == 0xDA {
                    // entropy-coded data up to the next marker
                    loop {
                        match bytes[at..].iter().position(|&b| b == 0xFF) {
                            None => return Err(TRUNCATED.into()),
                            Some(i) => at += i,
                        }
                        match bytes.get(at + 1) {
                            None => return Err(TRUNCATED.into()),
                            Some(0x00) | Some(0xD0..=0xD7) => at += 2,
                            Some(0xFF) => at += 1,
                            Some(_) => break,
                        }
                    }
                }
            }
            (None, _) | (Some(0xFF), None) => return Err(TRUNCATED.into()),
            (Some(_), _) => return Err(format!("the JPEG is damaged (no marker where one belongs, at byte {at})")),
        }
    }
}

/// The resolution a JPEG declares in its JFIF header.
fn jpeg_dpi(bytes: &[u8]) -> Option<(f32, f32)> {
    // SOI, then APP0 "JFIF\0", version (2 bytes), units, x density, y density
    let app0 = bytes.get(2..20)?;
    if app0[0] != 0xFF || app0[1] != 0xE0 || &app0[4..9] != b"JFIF\0" {
        return None;
    }
    let units = app0[11];
    let x = f32::from(u16::from_be_bytes([app0[12], app0[13]]));
    let y = f32::from(u16::from_be_bytes([app0[14], app0[15]]));
    match units {
        1 if x > 0.0 && y > 0.0 => Some((x, y)),
        2 if x > 0.0 && y > 0.0 => Some((x * 2.54, y * 2.54)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgba, RgbaImage};

    fn write_png(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
        let mut img = RgbaImage::new(w, h);
        for (x, y, p) in img.enumerate_pixels_mut() {
            *p = if (x + y) % 7 == 0 { Rgba([20, 20, 120, 255]) } else { Rgba([0, 0, 0, 0]) };
        }
        let path = dir.join(name);
        img.save(&path).unwrap();
        path
    }

    #[test]
    fn small_images_go_in_as_they_are_and_large_ones_are_downsampled() {
        let dir = tempfile::tempdir().unwrap();
        let lib = ImageLibrary::default();
        let small = lib.load(&write_png(dir.path(), "small.png", 300, 100)).unwrap();
        // 300 px over 2 inches is 150 dpi: untouched
        let p = lib.prepare(&small, 144.0, 48.0).unwrap();
        assert_eq!((p.encoding, p.width, p.height), (Encoding::Png, 300, 100));
        assert!(Arc::ptr_eq(&p.bytes, &small.bytes));
        let big = lib.load(&write_png(dir.path(), "big.png", 3000, 1000)).unwrap();
        // 3000 px over 2 inches is 1500 dpi: down to 600 × 200 (300 dpi)
        let p = lib.prepare(&big, 144.0, 48.0).unwrap();
        assert_eq!((p.width, p.height), (600, 200));
        assert_eq!(p.encoding, Encoding::Png, "transparency stays");
    }

    #[test]
    fn fitting_keeps_proportions_and_never_enlarges() {
        let dir = tempfile::tempdir().unwrap();
        let lib = ImageLibrary::default();
        let img = lib.load(&write_png(dir.path(), "a.png", 600, 200)).unwrap();
        // natural size at the assumed 150 dpi: 288 × 96 pt
        assert_eq!(img.natural_size(), (288.0, 96.0));
        assert_eq!(img.fit(144.0, 144.0), (144.0, 48.0));
        assert_eq!(img.fit(1000.0, 1000.0), (288.0, 96.0), "not enlarged");
    }

    #[test]
    fn bad_images_are_explained() {
        let dir = tempfile::tempdir().unwrap();
        let lib = ImageLibrary::default();
        let missing = lib.load(&dir.path().join("none.png")).unwrap_err();
        assert!(missing.0.contains("does not exist"), "{missing:?}");
        std::fs::write(dir.path().join("text.png"), b"just text").unwrap();
        assert!(lib.load(&dir.path().join("text.png")).unwrap_err().0.contains("not an image"));
        let good = std::fs::read(write_png(dir.path(), "g.png", 400, 400)).unwrap();
        std::fs::write(dir.path().join("cut.png"), &good[..good.len() / 2]).unwrap();
        assert!(lib.load(&dir.path().join("cut.png")).unwrap_err().0.contains("truncated"));
        // a PNG header declaring 100000 × 100000 pixels in a few bytes
        let mut absurd = good[..33].to_vec();
        absurd[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        absurd[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        std::fs::write(dir.path().join("absurd.png"), &absurd).unwrap();
        let e = lib.load(&dir.path().join("absurd.png")).unwrap_err();
        assert!(e.0.contains("100000 × 100000") || e.0.contains("header"), "{e:?}");

        // a JPEG cut short, which the decoder would fill with grey
        let jpeg = {
            let image = DynamicImage::new_rgb8(300, 200);
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&image).unwrap();
            out
        };
        std::fs::write(dir.path().join("whole.jpg"), &jpeg).unwrap();
        assert!(lib.load(&dir.path().join("whole.jpg")).is_ok());
        for cut in [jpeg.len() - 2, jpeg.len() * 2 / 3, 200] {
            let name = format!("cut-{cut}.jpg");
            std::fs::write(dir.path().join(&name), &jpeg[..cut]).unwrap();
            let e = lib.load(&dir.path().join(&name)).unwrap_err();
            // (cut inside the headers, it fails earlier, at the header)
            assert!(e.0.contains("truncated") || e.0.contains("header"), "{cut}: {e:?}");
        }
        // a marker that cannot stand in image data
        let mut damaged = jpeg.clone();
        let middle = damaged.len() - 40;
        damaged[middle] = 0xFF;
        damaged[middle + 1] = 0xC4;
        std::fs::write(dir.path().join("damaged.jpg"), &damaged).unwrap();
        assert!(lib.load(&dir.path().join("damaged.jpg")).is_err());
    }

    #[test]
    fn declared_resolution_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_png(dir.path(), "d.png", 10, 10);
        let mut bytes = std::fs::read(&path).unwrap();
        // insert a pHYs chunk of 11811 px/m (300 dpi) after IHDR
        let mut chunk = Vec::new();
        chunk.extend_from_slice(&9u32.to_be_bytes());
        chunk.extend_from_slice(b"pHYs");
        chunk.extend_from_slice(&11811u32.to_be_bytes());
        chunk.extend_from_slice(&11811u32.to_be_bytes());
        chunk.push(1);
        chunk.extend_from_slice(&[0, 0, 0, 0]); // CRC is not checked by png_dpi
        bytes.splice(33..33, chunk);
        let (x, y) = png_dpi(&bytes).unwrap();
        assert!((x - 300.0).abs() < 0.1 && (y - 300.0).abs() < 0.1);
    }
}
