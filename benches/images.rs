//! What one part picture costs: a 4000 × 3000 camera JPEG (about 3 MB)
//! through `media::images::process` (check, decode under limits, three
//! renditions, re-encode), as the upload handler runs it on a blocking
//! thread. Prints the median and the slowest of 15 runs, and the decode
//! alone for comparison.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, Rgb, RgbImage};

/// A photo-like picture: smooth gradients with fine noise, which costs the
/// encoder about what a camera picture does.
fn photo(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let img = RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 24) as u32;
        Rgb([
            ((x * 200 / w) + n) as u8,
            ((y * 180 / h) + n) as u8,
            (((x + y) * 120 / (w + h)) + n) as u8,
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 92)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn summary(mut runs: Vec<Duration>) -> String {
    runs.sort();
    format!(
        "median {:.0} ms, slowest {:.0} ms",
        runs[runs.len() / 2].as_secs_f64() * 1e3,
        runs[runs.len() - 1].as_secs_f64() * 1e3
    )
}

fn main() {
    let bytes = photo(4000, 3000);
    println!("input: 4000 × 3000 JPEG, {} KB", bytes.len() / 1024);
    let (mut decode, mut triangle, mut area, mut encode, mut total) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..15 {
        // The stages alone, to see where the time goes.
        let t = Instant::now();
        let img = image::load_from_memory(&bytes).unwrap();
        decode.push(t.elapsed());
        let t = Instant::now();
        let full = img.resize_exact(2000, 1500, image::imageops::FilterType::Triangle);
        triangle.push(t.elapsed());
        let t = Instant::now();
        let _ = img.thumbnail_exact(2000, 1500);
        area.push(t.elapsed());
        let t = Instant::now();
        let rgb = full.to_rgb8();
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 85)
            .write_image(rgb.as_raw(), 2000, 1500, image::ExtendedColorType::Rgb8)
            .unwrap();
        encode.push(t.elapsed());
        drop(img);
        let t = Instant::now();
        let p = partsportal::media::images::process(&bytes).unwrap();
        total.push(t.elapsed());
        assert_eq!(
            (p.full.width, p.large.width, p.small.width),
            (2000, 640, 160)
        );
    }
    println!("decode:                       {}", summary(decode));
    println!("to 2000 px, Triangle filter:  {}", summary(triangle));
    println!("to 2000 px, area average:     {}", summary(area));
    println!("encode 2000 px JPEG, q85:     {}", summary(encode));
    println!("process (3 renditions):       {}", summary(total));
}
