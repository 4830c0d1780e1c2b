//! Part pictures: check an upload, decode it under limits, and re-encode it
//! into the three renditions the catalog serves. No HTTP, no SQL, no files:
//! bytes in, bytes out. Decoding and resizing take tens of milliseconds, so
//! callers run [`process`] on a blocking thread.
//!
//! - The type is read from the magic bytes, never from the name or the
//!   browser's claim: JPEG, PNG, WebP and GIF are accepted.
//! - The header's dimensions are checked before any pixel is decoded, so a
//!   decompression bomb (a few hundred bytes declaring 100,000 × 100,000
//!   pixels) is refused without allocating; the decoder then runs under
//!   [`image::Limits`] as a second guard.
//! - Everything is re-encoded from pixels, so nothing of the upload's
//!   metadata survives (EXIF with GPS position and camera serial, XMP, IPTC,
//!   comments, ICC profiles). The EXIF orientation is applied first, so a
//!   phone picture taken sideways stays upright once its EXIF is gone.
//! - Renditions: "full" (at most [`FULL_SIDE`] px on its longer side),
//!   "large" ([`LARGE_SIDE`]) and "small" ([`SMALL_SIDE`]), never enlarged,
//!   aspect ratio kept. JPEG at quality [`JPEG_QUALITY`], or PNG when the
//!   picture has transparent pixels.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

/// The largest upload accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// The most pixels an upload may have on either side.
pub const MAX_SIDE: u32 = 8000;
/// The most memory the decoded pixels may take, in bytes.
pub const MAX_DECODED_BYTES: u64 = 256 * 1024 * 1024;
/// The longer side of the stored "full" rendition, at most.
pub const FULL_SIDE: u32 = 2000;
/// The longer side of the "large" rendition (part page), at most.
pub const LARGE_SIDE: u32 = 640;
/// The longer side of the "small" rendition (cards, thumbnails), at most.
pub const SMALL_SIDE: u32 = 160;
/// JPEG quality of every rendition.
pub const JPEG_QUALITY: u8 = 85;

/// Why an upload was refused. Each message is written for the seller who
/// uploaded the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// Nothing was uploaded.
    #[error("the file is empty; choose a picture to upload")]
    Empty,
    /// Larger than [`MAX_UPLOAD_BYTES`].
    #[error("the file is larger than {} MB; upload a smaller picture", MAX_UPLOAD_BYTES / (1024 * 1024))]
    TooLarge,
    /// The bytes are no image format at all.
    #[error("this file is not a picture; upload a JPEG, PNG, WebP or GIF image")]
    NotAnImage,
    /// An image format that is not accepted.
    #[error("{0} pictures are not accepted; upload a JPEG, PNG, WebP or GIF image")]
    Unsupported(String),
    /// The header declares more pixels than allowed.
    #[error(
        "the picture declares {width} × {height} pixels; at most {MAX_SIDE} × {MAX_SIDE} are accepted, so scale it down first"
    )]
    TooManyPixels {
        /// The width the file declares.
        width: u32,
        /// The height the file declares.
        height: u32,
    },
    /// The pixels would take more memory than allowed.
    #[error(
        "the picture ({width} × {height} pixels) needs more memory to open than allowed; scale it down first"
    )]
    TooMuchMemory {
        /// The width the file declares.
        width: u32,
        /// The height the file declares.
        height: u32,
    },
    /// The file is of an accepted type but cannot be decoded.
    #[error(
        "the {0} file is damaged or incomplete and could not be opened; save it again and upload the new copy"
    )]
    Damaged(&'static str),
    /// Encoding a rendition failed (a bug, not the upload's fault).
    #[error("the picture could not be converted")]
    Encode(String),
}

/// One stored form of a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    /// The encoded file.
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The three renditions of one upload, all in one format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// At most [`FULL_SIDE`] px: the stored original.
    pub full: Rendition,
    /// At most [`LARGE_SIDE`] px.
    pub large: Rendition,
    /// At most [`SMALL_SIDE`] px.
    pub small: Rendition,
    /// The file extension of every rendition: `jpg` or `png`.
    pub ext: &'static str,
    /// The content type of every rendition.
    pub content_type: &'static str,
    /// What the upload was, such as "JPEG".
    pub source_format: &'static str,
}

/// The size of a `width` × `height` picture scaled to fit in `side` × `side`
/// without enlarging it; never 0 on either side. The part page and cards
/// use it to state a rendition's size from the stored one's.
pub fn fit(width: u32, height: u32, side: u32) -> (u32, u32) {
    let longer = width.max(height);
    if longer <= side || longer == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |n: u32| -> u32 {
        // Rounded to nearest; u64 so 8000 × 2000 cannot overflow.
        let v = (u64::from(n) * u64::from(side) + u64::from(longer) / 2) / u64::from(longer);
        (v as u32).max(1)
    };
    (scale(width), scale(height))
}

fn label(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Gif => "GIF",
        _ => "image",
    }
}

/// What an unaccepted format is called in the refusal.
fn unsupported_name(format: ImageFormat) -> String {
    match format {
        ImageFormat::Tiff => "TIFF".into(),
        ImageFormat::Bmp => "BMP".into(),
        ImageFormat::Avif => "AVIF".into(),
        ImageFormat::Ico => "ICO".into(),
        ImageFormat::Hdr => "HDR".into(),
        ImageFormat::OpenExr => "OpenEXR".into(),
        ImageFormat::Tga => "TGA".into(),
        ImageFormat::Dds => "DDS".into(),
        ImageFormat::Pnm => "PNM".into(),
        ImageFormat::Qoi => "QOI".into(),
        other => other
            .extensions_str()
            .first()
            .map_or_else(|| "These".into(), |e| e.to_uppercase()),
    }
}

/// Checks, decodes and re-encodes an upload. See the module documentation.
pub fn process(bytes: &[u8]) -> Result<Processed, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(ImageError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| ImageError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif
    ) {
        return Err(ImageError::Unsupported(unsupported_name(format)));
    }
    let name = label(format);
    let img = decode(bytes, format)?;
    let full = shrink(&img, FULL_SIDE);
    // Transparent pixels need PNG; everything else is smaller as JPEG.
    let transparent = full.color().has_alpha() && full.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let large = shrink(&full, LARGE_SIDE);
    let small = shrink(&large, SMALL_SIDE);
    let encode = if transparent { encode_png } else { encode_jpeg };
    Ok(Processed {
        full: encode(&full)?,
        large: encode(&large)?,
        small: encode(&small)?,
        ext: if transparent { "png" } else { "jpg" },
        content_type: if transparent {
            "image/png"
        } else {
            "image/jpeg"
        },
        source_format: name,
    })
}

/// Decodes under limits, checking the declared size before any pixel.
fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, ImageError> {
    let name = label(format);
    let reader = || ImageReader::with_format(Cursor::new(bytes), format);
    // Reading the header allocates nothing in proportion to the pixels.
    let (width, height) = reader()
        .into_dimensions()
        .map_err(|_| ImageError::Damaged(name))?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageError::TooManyPixels { width, height });
    }
    if width == 0 || height == 0 {
        return Err(ImageError::Damaged(name));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    let mut r = reader();
    r.limits(limits);
    let mut decoder = r
        .into_decoder()
        .map_err(|e| classify(e, name, width, height))?;
    // `from_decoder` does not count the output buffer against the limits
    // (`ImageReader::decode` would, but drops the orientation), so check it.
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(ImageError::TooMuchMemory { width, height });
    }
    // A broken orientation tag is no reason to refuse the picture.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img =
        DynamicImage::from_decoder(decoder).map_err(|e| classify(e, name, width, height))?;
    img.apply_orientation(orientation);
    Ok(img)
}

fn classify(e: image::ImageError, name: &'static str, width: u32, height: u32) -> ImageError {
    match e {
        image::ImageError::Limits(l) => match l.kind() {
            image::error::LimitErrorKind::DimensionError => {
                ImageError::TooManyPixels { width, height }
            }
            _ => ImageError::TooMuchMemory { width, height },
        },
        _ => ImageError::Damaged(name),
    }
}

/// The picture scaled to fit `side`, or a copy when it already does.
fn shrink(img: &DynamicImage, side: u32) -> DynamicImage {
    let (w, h) = fit(img.width(), img.height(), side);
    if (w, h) == (img.width(), img.height()) {
        return img.clone();
    }
    if img.width() >= 2 * w && img.height() >= 2 * h {
        // Area averaging (every source pixel counts once, integer maths):
        // several times faster than a filter, and as smooth at reductions
        // of two or more, where it cannot alias.
        img.thumbnail_exact(w, h)
    } else {
        // Close to the original size area averaging would alias; Triangle
        // is the cheapest filter that does not, and cheap at such factors.
        img.resize_exact(w, h, FilterType::Triangle)
    }
}

fn encode_jpeg(img: &DynamicImage) -> Result<Rendition, ImageError> {
    // Most pictures are RGB already: no copy for those.
    let rgb = match img {
        DynamicImage::ImageRgb8(rgb) => std::borrow::Cow::Borrowed(rgb),
        other => std::borrow::Cow::Owned(other.to_rgb8()),
    };
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
        .write_image(
            rgb.as_raw(),
            rgb.width(),
            rgb.height(),
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| ImageError::Encode(e.to_string()))?;
    Ok(Rendition {
        bytes,
        width: rgb.width(),
        height: rgb.height(),
    })
}

fn encode_png(img: &DynamicImage) -> Result<Rendition, ImageError> {
    let rgba = img.to_rgba8();
    let mut bytes = Vec::new();
    PngEncoder::new_with_quality(
        &mut bytes,
        CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(
        rgba.as_raw(),
        rgba.width(),
        rgba.height(),
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| ImageError::Encode(e.to_string()))?;
    Ok(Rendition {
        bytes,
        width: rgba.width(),
        height: rgba.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 90)
            .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    /// A minimal PNG whose header declares `w` × `h` pixels, with a tiny
    /// (wrong) image data chunk: a decompression bomb's header.
    pub(crate) fn png_header_only(w: u32, h: u32) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let mut crc_input = kind.to_vec();
            crc_input.extend_from_slice(data);
            out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(
            &mut out,
            b"IDAT",
            &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn fit_keeps_the_aspect_ratio_and_never_enlarges() {
        assert_eq!(fit(4000, 3000, 2000), (2000, 1500));
        assert_eq!(fit(3000, 4000, 640), (480, 640));
        assert_eq!(fit(100, 50, 160), (100, 50));
        assert_eq!(fit(8000, 1, 160), (160, 1));
        assert_eq!(fit(0, 0, 160), (1, 1));
    }

    #[test]
    fn a_jpeg_gets_three_jpeg_renditions() {
        let p = process(&jpeg(1200, 900)).unwrap();
        assert_eq!(p.ext, "jpg");
        assert_eq!(p.source_format, "JPEG");
        assert_eq!((p.full.width, p.full.height), (1200, 900));
        assert_eq!((p.large.width, p.large.height), (640, 480));
        assert_eq!((p.small.width, p.small.height), (160, 120));
        for r in [&p.full, &p.large, &p.small] {
            let back = image::load_from_memory(&r.bytes).unwrap();
            assert_eq!((back.width(), back.height()), (r.width, r.height));
            assert_eq!(image::guess_format(&r.bytes).unwrap(), ImageFormat::Jpeg);
        }
    }

    #[test]
    fn a_large_picture_is_capped() {
        let p = process(&jpeg(2600, 1300)).unwrap();
        assert_eq!((p.full.width, p.full.height), (2000, 1000));
    }

    #[test]
    fn transparency_keeps_png_and_opaque_png_becomes_jpeg() {
        let mut see_through = RgbaImage::from_pixel(300, 200, Rgba([200, 10, 10, 255]));
        see_through.put_pixel(5, 5, Rgba([0, 0, 0, 0]));
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba8(see_through)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        let p = process(&bytes).unwrap();
        assert_eq!((p.ext, p.content_type), ("png", "image/png"));
        let small = image::load_from_memory(&p.small.bytes).unwrap();
        assert!(small.color().has_alpha());

        let opaque = RgbaImage::from_pixel(300, 200, Rgba([200, 10, 10, 255]));
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba8(opaque)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        assert_eq!(process(&bytes).unwrap().ext, "jpg");
    }

    #[test]
    fn bombs_and_impostors_are_refused() {
        assert_eq!(
            process(&png_header_only(100_000, 100_000)),
            Err(ImageError::TooManyPixels {
                width: 100_000,
                height: 100_000
            })
        );
        assert_eq!(
            process(b"Part No.,Price\nAB-1,12\n"),
            Err(ImageError::NotAnImage)
        );
        assert_eq!(process(b""), Err(ImageError::Empty));
        assert_eq!(
            process(b"BM\x00\x00\x00\x00\x00\x00"),
            Err(ImageError::Unsupported("BMP".into()))
        );
        // A JPEG cut short after its header.
        let cut = &jpeg(400, 300)[..300];
        assert_eq!(process(cut), Err(ImageError::Damaged("JPEG")));
        let msg = ImageError::TooManyPixels {
            width: 100_000,
            height: 100_000,
        }
        .to_string();
        assert!(msg.contains("100000 × 100000"), "{msg}");
    }

    #[test]
    fn exif_orientation_is_applied_and_dropped() {
        // A 40 × 20 JPEG with an EXIF block saying "rotate 90° clockwise".
        let plain = jpeg(40, 20);
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01".to_vec();
        exif.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0, 6, 0, 0]);
        exif.extend_from_slice(&[0, 0, 0, 0]);
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        app1.extend_from_slice(&exif);
        let mut with_exif = plain[..2].to_vec();
        with_exif.extend_from_slice(&app1);
        with_exif.extend_from_slice(&plain[2..]);
        let p = process(&with_exif).unwrap();
        assert_eq!((p.full.width, p.full.height), (20, 40));
        assert!(!p.full.bytes.windows(4).any(|w| w == b"Exif"));
    }
}
