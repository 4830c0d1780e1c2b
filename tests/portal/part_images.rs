//! Part pictures: a seller uploads, describes, reorders and deletes the
//! pictures of their own parts; the renditions carry no metadata; bad files
//! are refused with a message and leave nothing behind; the pictures show
//! on the part page and, once indexed, on search cards; nobody else can
//! touch them; `/images/{name}` serves part-picture renditions only.

use std::io::Cursor;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageEncoder, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use partsportal::demo::users::DEMO_PASSWORD;
use tower::ServiceExt;

use crate::helpers::{Client, ORIGIN, Resp, TestApp, attrs, engines, spawn_app, texts};

const SELLER: &str = "seller-admin@manufacturer.example.com";
const OTHER_SELLER: &str = "seller-admin@supplier.example.com";
/// Text spliced into the test JPEG's EXIF block, as a camera writes GPS data.
const SECRET: &[u8] = b"GPS 48.858370 N 2.294481 E serial CAM-0042";

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 120])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A JPEG with an EXIF block (APP1) whose image description holds
/// [`SECRET`], inserted right after the start-of-image marker.
fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
    let plain = jpeg(w, h);
    // Big-endian TIFF header, IFD0 at offset 8 with one entry:
    // ImageDescription (0x010E), ASCII, its text right after the IFD.
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&0x010Eu16.to_be_bytes());
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&(SECRET.len() as u32 + 1).to_be_bytes());
    tiff.extend_from_slice(&(8u32 + 2 + 12 + 4).to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(SECRET);
    tiff.push(0);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((tiff.len() + 6 + 2) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn png_with_transparency(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, _| {
        Rgba([20, 90, 200, if x < w / 2 { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
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

/// A decompression bomb's opening: a 67-byte PNG whose header declares
/// 100,000 × 100,000 RGB pixels (30 GB decoded).
fn png_bomb() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = 100_000u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
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

/// The first listed part of the seller `email` belongs to: (id, number, name).
async fn seller_part(app: &TestApp, email: &str) -> (String, String, String) {
    partsportal::on_db!(&app.db, |p| sqlx::query_as(
        "SELECT p.id, p.part_number, p.name FROM parts p JOIN users u ON u.org_id = p.seller_id \
         WHERE u.email = $1 AND p.status = 'active' AND p.visibility = 'public' ORDER BY p.id LIMIT 1"
    )
    .bind(email)
    .fetch_one(p)
    .await)
    .unwrap()
}

/// Posts the upload form as a browser does: multipart body, the CSRF token
/// in the URL, the session cookie and the site's Origin.
async fn upload(c: &Client<'_>, part_id: &str, file_name: &str, bytes: &[u8], alt: &str) -> Resp {
    let boundary = "----partsportal-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"{file_name}\"\r\n\
             Content-Type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n{alt}\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    let cookies = c
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let req = Request::builder()
        .method("POST")
        .uri(format!(
            "/seller/parts/{part_id}/images?{}",
            serde_urlencoded::to_string([("_csrf", &c.csrf)]).unwrap()
        ))
        .header("cookie", cookies)
        .header("origin", ORIGIN)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    let resp = c.app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A picture's row: (id, position, width, height, full, large, small, alt).
type ImageRow = (String, i64, i64, i64, String, String, String, String);

async fn pictures(app: &TestApp, part_id: &str) -> Vec<ImageRow> {
    partsportal::on_db!(&app.db, |p| sqlx::query_as(
        "SELECT id, position, width, height, full_name, large_name, small_name, alt_text \
         FROM part_images WHERE part_id = $1 ORDER BY position, id"
    )
    .bind(part_id)
    .fetch_all(p)
    .await)
    .unwrap()
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    partsportal::on_db!(&app.db, |p| sqlx::query_scalar(sql).fetch_one(p).await).unwrap()
}

fn stored(app: &TestApp, name: &str) -> Vec<u8> {
    std::fs::read(app.dir.path().join("files").join(name)).unwrap()
}

fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.dir.path().join("files"))
        .map(|d| d.count())
        .unwrap_or(0)
}

fn dims(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).unwrap();
    (img.width(), img.height())
}

/// The thumbnail `<img>` of the card linking to part `id` on a results page:
/// (src, alt, width, height, loading).
fn card_image(doc: &scraper::Html, id: &str) -> Option<[String; 5]> {
    let card = scraper::Selector::parse("article.card").unwrap();
    let link = scraper::Selector::parse("h3.card-title a").unwrap();
    let img = scraper::Selector::parse("div.thumb img").unwrap();
    doc.select(&card)
        .find(|c| {
            c.select(&link)
                .any(|a| a.value().attr("href") == Some(&format!("/parts/{id}")))
        })
        .and_then(|c| c.select(&img).next())
        .map(|i| {
            ["src", "alt", "width", "height", "loading"]
                .map(|a| i.value().attr(a).unwrap_or("").to_string())
        })
}

#[tokio::test]
async fn seller_adds_pictures_that_show_on_the_part_page_and_search_cards() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let (part_id, part_number, part_name) = seller_part(&app, SELLER).await;
        let mut c = Client::new(&app);
        c.login(SELLER, DEMO_PASSWORD).await;
        let page = format!("/seller/parts/{part_id}/images");
        let r = c.get(&page).await;
        assert_eq!(r.status, StatusCode::OK, "{engine:?}");
        assert!(texts(&r.html(), ".picture").is_empty());

        // A 1600 × 1200 camera picture with EXIF.
        let r = upload(
            &c,
            &part_id,
            "IMG_0042.JPG",
            &jpeg_with_exif(1600, 1200),
            "",
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.headers["location"], format!("{page}?done=uploaded"));
        let rows = pictures(&app, &part_id).await;
        assert_eq!(rows.len(), 1);
        let (_, _, w, h, full, large, small, _) = rows[0].clone();
        assert_eq!((w, h), (1600, 1200));
        assert_eq!(dims(&stored(&app, &full)), (1600, 1200));
        assert_eq!(dims(&stored(&app, &large)), (640, 480));
        assert_eq!(dims(&stored(&app, &small)), (160, 120));
        for name in [&full, &large, &small] {
            let bytes = stored(&app, name);
            assert!(name.ends_with(".jpg"), "{name}");
            assert!(
                !bytes.windows(SECRET.len()).any(|win| win == SECRET),
                "{name} still holds the EXIF text"
            );
            assert!(!bytes.windows(4).any(|win| win == b"Exif"), "{name}");
        }
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM files WHERE purpose = 'image'").await,
            3
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM audit_log WHERE kind = 'part_image_added'"
            )
            .await,
            1
        );
        let listed = c.get(&format!("{page}?done=uploaded")).await;
        let doc = listed.html();
        assert_eq!(texts(&doc, ".notice").join(" "), "Picture added.");
        assert_eq!(texts(&doc, ".picture").len(), 1);
        assert!(texts(&doc, ".picture .badge").contains(&"Primary".to_string()));

        // The public part page shows it large, linking to the full size.
        let doc = app.get(&format!("/parts/{part_id}")).await.html();
        assert_eq!(
            attrs(&doc, ".gallery-main img", "src"),
            vec![format!("/images/{large}")]
        );
        assert_eq!(
            attrs(&doc, ".gallery-main img", "alt"),
            vec![part_name.clone()]
        );
        assert_eq!(attrs(&doc, ".gallery-main img", "width"), vec!["640"]);
        assert_eq!(
            attrs(&doc, ".gallery-main", "href"),
            vec![format!("/images/{full}")]
        );
        let served = app.get(&format!("/images/{large}")).await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(served.headers["content-type"], "image/jpeg");

        // Search cards show it once the index has caught up.
        let search = format!(
            "/search?{}",
            serde_urlencoded::to_string([("q", &part_number)]).unwrap()
        );
        let want = [
            format!("/images/{small}"),
            part_name.clone(),
            "160".into(),
            "120".into(),
            "lazy".into(),
        ];
        let shown = app
            .eventually(Duration::from_secs(2), || async {
                card_image(&app.get(&search).await.html(), &part_id).as_ref() == Some(&want)
            })
            .await;
        assert!(shown, "{engine:?}: card image not shown");

        // A transparent PNG stays PNG; made primary, it is the card image,
        // with its description as the alt text.
        let r = upload(
            &c,
            &part_id,
            "side.png",
            &png_with_transparency(300, 600),
            "Side view, cover off",
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let rows = pictures(&app, &part_id).await;
        assert_eq!(rows.len(), 2);
        let png = rows[1].clone();
        assert!(png.4.ends_with(".png") && png.6.ends_with(".png"));
        assert!(
            image::load_from_memory(&stored(&app, &png.6))
                .unwrap()
                .color()
                .has_alpha()
        );
        // Never enlarged: 300 × 600 fits the large size as it is.
        assert_eq!(dims(&stored(&app, &png.4)), (300, 600));
        assert_eq!(dims(&stored(&app, &png.5)), (300, 600));
        assert_eq!(dims(&stored(&app, &png.6)), (80, 160));
        assert_eq!(png.7, "Side view, cover off");
        let doc = app.get(&format!("/parts/{part_id}")).await.html();
        assert_eq!(
            attrs(&doc, ".gallery-thumbs a", "href"),
            vec![format!("/images/{}", png.5)],
            "the other picture links to its large rendition"
        );
        assert_eq!(
            attrs(&doc, ".gallery-thumbs img", "src"),
            vec![format!("/images/{}", png.6)]
        );
        let r = c
            .post(&format!("{page}/{}/move", png.0), &[("to", "first")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let rows = pictures(&app, &part_id).await;
        assert_eq!(rows[0].0, png.0);
        assert_eq!((rows[0].1, rows[1].1), (0, 1));
        let want = [
            format!("/images/{}", png.6),
            "Side view, cover off".into(),
            "80".into(),
            "160".into(),
            "lazy".into(),
        ];
        let shown = app
            .eventually(Duration::from_secs(2), || async {
                card_image(&app.get(&search).await.html(), &part_id).as_ref() == Some(&want)
            })
            .await;
        assert!(shown, "{engine:?}: new primary not on the card");

        // Describe the JPEG, then delete the PNG: its files go, the JPEG is
        // primary again, and the card follows.
        let jpeg_id = rows[1].0.clone();
        let r = c
            .post(
                &format!("{page}/{jpeg_id}/alt"),
                &[("alt", "  Front   view ")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(pictures(&app, &part_id).await[1].7, "Front view");
        let r = c.post(&format!("{page}/{}/delete", png.0), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let rows = pictures(&app, &part_id).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, jpeg_id);
        for name in [&png.4, &png.5, &png.6] {
            assert!(!app.dir.path().join("files").join(name).exists());
            assert_eq!(
                app.get(&format!("/images/{name}")).await.status,
                StatusCode::NOT_FOUND
            );
        }
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM files WHERE purpose = 'image'").await,
            3
        );
        let want = [
            format!("/images/{small}"),
            "Front view".into(),
            "160".into(),
            "120".into(),
            "lazy".into(),
        ];
        let shown = app
            .eventually(Duration::from_secs(2), || async {
                card_image(&app.get(&search).await.html(), &part_id).as_ref() == Some(&want)
            })
            .await;
        assert!(shown, "{engine:?}: card not back to the first picture");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn bad_files_are_refused_with_a_message_and_nothing_is_stored() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let (part_id, ..) = seller_part(&app, SELLER).await;
        let mut c = Client::new(&app);
        c.login(SELLER, DEMO_PASSWORD).await;
        c.get(&format!("/seller/parts/{part_id}/images")).await;
        let mut too_big = jpeg(64, 64);
        too_big.resize(11 * 1024 * 1024, 0);
        let cases: [(&str, Vec<u8>, &str); 5] = [
            (
                "bomb.png",
                png_bomb(),
                "The picture declares 100000 × 100000 pixels; at most 8000 × 8000 are accepted",
            ),
            (
                "prices.jpg",
                b"Part No.,Price\nAB-1,12.50\n".to_vec(),
                "This file is not a picture; upload a JPEG, PNG, WebP or GIF image.",
            ),
            (
                "broken.jpg",
                jpeg(400, 300)[..200].to_vec(),
                "The JPEG file is damaged or incomplete",
            ),
            ("empty.jpg", Vec::new(), "The file is empty"),
            ("huge.jpg", too_big, "The file is larger than 10 MB"),
        ];
        for (name, bytes, message) in cases {
            let r = upload(&c, &part_id, name, &bytes, "kept alt").await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{engine:?} {name}"
            );
            let doc = r.html();
            let shown = texts(&doc, "#f-picture-error").join(" ");
            assert!(shown.starts_with(message), "{name}: {shown}");
            assert_eq!(
                attrs(&doc, "#f-picture", "aria-invalid"),
                vec!["true"],
                "{name}"
            );
            if name != "huge.jpg" {
                assert_eq!(attrs(&doc, "#f-alt", "value"), vec!["kept alt"], "{name}");
            }
        }
        assert!(pictures(&app, &part_id).await.is_empty());
        assert_eq!(count(&app, "SELECT COUNT(*) FROM files").await, 0);
        assert_eq!(stored_files(&app), 0, "no file left on disk");

        // At most eight pictures a part.
        for i in 0..8 {
            let r = upload(&c, &part_id, &format!("p{i}.jpg"), &jpeg(40 + i, 30), "").await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{i}: {}", r.body);
        }
        let r = upload(&c, &part_id, "p9.jpg", &jpeg(40, 30), "").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            texts(&r.html(), "#f-picture-error")
                .join(" ")
                .contains("already has 8 pictures")
        );
        assert_eq!(pictures(&app, &part_id).await.len(), 8);
        assert_eq!(stored_files(&app), 24);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn nobody_else_sees_uploads_or_deletes_a_sellers_pictures() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let (part_id, ..) = seller_part(&app, SELLER).await;
        let (other_part, ..) = seller_part(&app, OTHER_SELLER).await;
        let mut owner = Client::new(&app);
        owner.login(SELLER, DEMO_PASSWORD).await;
        owner.get(&format!("/seller/parts/{part_id}/images")).await;
        let r = upload(&owner, &part_id, "a.jpg", &jpeg(200, 100), "").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let before = pictures(&app, &part_id).await;
        let image_id = before[0].0.clone();

        let mut other = Client::new(&app);
        other.login(OTHER_SELLER, DEMO_PASSWORD).await;
        let page = format!("/seller/parts/{part_id}/images");
        assert_eq!(other.get(&page).await.status, StatusCode::NOT_FOUND);
        // Their own page works, and lists none of the owner's pictures.
        let own = other
            .get(&format!("/seller/parts/{other_part}/images"))
            .await;
        assert_eq!(own.status, StatusCode::OK);
        assert!(!own.body.contains(&before[0].6));
        let r = upload(&other, &part_id, "b.jpg", &jpeg(200, 100), "").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        for (path, fields) in [
            (format!("{page}/{image_id}/delete"), vec![]),
            (format!("{page}/{image_id}/alt"), vec![("alt", "mine now")]),
            (format!("{page}/{image_id}/move"), vec![("to", "first")]),
            // The picture's id under their own part finds nothing either.
            (
                format!("/seller/parts/{other_part}/images/{image_id}/delete"),
                vec![],
            ),
            (
                format!("/seller/parts/{other_part}/images/{image_id}/alt"),
                vec![("alt", "x")],
            ),
        ] {
            let r = other.post(&path, &fields).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        }
        // A buyer may not use the seller pages at all.
        let mut buyer = Client::new(&app);
        buyer
            .login("buyer@hospital.example.com", DEMO_PASSWORD)
            .await;
        assert_eq!(buyer.get(&page).await.status, StatusCode::FORBIDDEN);
        let r = upload(&buyer, &part_id, "c.jpg", &jpeg(200, 100), "").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // Signed out: to the login page.
        let anon = app.get(&page).await;
        assert_eq!(anon.status, StatusCode::SEE_OTHER);

        assert_eq!(pictures(&app, &part_id).await, before, "nothing changed");
        assert_eq!(stored_files(&app), 3);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn images_route_serves_part_picture_renditions_only() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // An import file in the same store, recorded like every upload.
        let store = partsportal::files::FileStore::new(app.dir.path());
        let saved = store.save(b"Part No.,Price\n", "csv").await.unwrap();
        let org: String = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT org_id FROM users WHERE email = $1"
        )
        .bind(SELLER)
        .fetch_one(p)
        .await)
        .unwrap();
        partsportal::db::files::insert(
            &app.db,
            &partsportal::db::files::NewFile {
                org_id: &org,
                purpose: "import",
                original_name: "prices.csv",
                content_type: "text/csv",
                stored: &saved,
                created_by: None,
            },
            1,
        )
        .await
        .unwrap();
        assert!(
            app.dir
                .path()
                .join("files")
                .join(&saved.stored_name)
                .exists()
        );
        for path in [
            format!("/images/{}", saved.stored_name),
            "/images/..%2Fpartsportal.db".into(),
            "/images/nothing.jpg".into(),
        ] {
            assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
        }
        // A picture's renditions are served, all three, cached for good.
        let (part_id, ..) = seller_part(&app, SELLER).await;
        let mut c = Client::new(&app);
        c.login(SELLER, DEMO_PASSWORD).await;
        c.get(&format!("/seller/parts/{part_id}/images")).await;
        upload(&c, &part_id, "a.png", &png_with_transparency(50, 50), "").await;
        let row = pictures(&app, &part_id).await.remove(0);
        for name in [&row.4, &row.5, &row.6] {
            let r = app.get(&format!("/images/{name}")).await;
            assert_eq!(r.status, StatusCode::OK);
            assert_eq!(r.headers["content-type"], "image/png");
            assert!(
                r.headers["cache-control"]
                    .to_str()
                    .unwrap()
                    .contains("immutable")
            );
        }
        app.cleanup().await;
    }
}

/// A picture of a probe on a bench, for the browser test's screenshots.
fn probe_photo() -> Vec<u8> {
    let (w, h) = (1200u32, 900u32);
    let img = RgbImage::from_fn(w, h, |x, y| {
        let (xf, yf) = (x as f64, y as f64);
        let cable = (yf - (450.0 + 120.0 * (xf / 180.0).sin())).abs() < 14.0 && x < 700;
        let d = ((xf - 820.0).powi(2) + (yf - 430.0).powi(2)).sqrt();
        if d < 190.0 {
            let shade = 1.0 - d / 320.0;
            Rgb([
                (30.0 + 80.0 * shade) as u8,
                (90.0 + 100.0 * shade) as u8,
                (170.0 + 70.0 * shade) as u8,
            ])
        } else if cable {
            Rgb([40, 40, 45])
        } else {
            let g = 200 - (y * 60 / h) as u8;
            Rgb([g, g + 5, g + 10])
        }
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

#[tokio::test]
async fn a_seller_uploads_pictures_in_headless_chromium() {
    use fantoccini::Locator;
    let app = spawn_app(crate::helpers::Engine::Sqlite).await;
    let Some(b) = crate::browser::browser(&app).await else {
        return;
    };
    let (client, base) = (b.client.clone(), b.base.clone());
    let shots = std::env::var("PARTSPORTAL_SCREENSHOTS").ok();
    let shot = |name: &'static str| {
        let client = client.clone();
        let shots = shots.clone();
        async move {
            if let Some(dir) = shots {
                let png = client.screenshot().await.unwrap();
                std::fs::write(format!("{dir}/{name}.png"), png).unwrap();
            }
        }
    };
    crate::browser::log_in(&client, &base, SELLER, DEMO_PASSWORD).await;

    let (part_id, part_number, _) = seller_part(&app, SELLER).await;
    let files = tempfile::tempdir().unwrap();
    let photo = files.path().join("probe.jpg");
    std::fs::write(&photo, probe_photo()).unwrap();
    let cutout = files.path().join("connector.png");
    std::fs::write(&cutout, png_with_transparency(400, 300)).unwrap();
    let text = files.path().join("price-list.jpg");
    std::fs::write(&text, "Part No.,Price\nAB-1,12.50\n").unwrap();

    let page = format!("{base}/seller/parts/{part_id}/images");
    for (path, alt) in [(&photo, "Probe with its cable"), (&cutout, "")] {
        client.goto(&page).await.unwrap();
        client
            .find(Locator::Css("#f-picture"))
            .await
            .unwrap()
            .send_keys(path.to_str().unwrap())
            .await
            .unwrap();
        client
            .find(Locator::Css("#f-alt"))
            .await
            .unwrap()
            .send_keys(alt)
            .await
            .unwrap();
        client
            .find(Locator::Css(
                "form[enctype='multipart/form-data'] button[type=submit]",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .wait()
            .for_element(Locator::Css("div.notice[role=status]"))
            .await
            .unwrap();
        let notice = client
            .find(Locator::Css("div.notice[role=status]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(notice, "Picture added.");
    }
    assert_eq!(
        client
            .find_all(Locator::Css(".picture"))
            .await
            .unwrap()
            .len(),
        2
    );
    shot("part-images").await;

    // A text file named .jpg: refused, with the reason beside the field.
    client
        .find(Locator::Css("#f-picture"))
        .await
        .unwrap()
        .send_keys(text.to_str().unwrap())
        .await
        .unwrap();
    client
        .find(Locator::Css(
            "form[enctype='multipart/form-data'] button[type=submit]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("#f-picture-error"))
        .await
        .unwrap();
    let error = client
        .find(Locator::Css("#f-picture-error"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(error.starts_with("This file is not a picture"), "{error}");
    shot("part-images-refused").await;

    client
        .goto(&format!("{base}/parts/{part_id}"))
        .await
        .unwrap();
    assert_eq!(
        client
            .find_all(Locator::Css(".gallery-main img"))
            .await
            .unwrap()
            .len(),
        1
    );
    shot("part-page-pictures").await;
    let search = format!(
        "{base}/search?{}",
        serde_urlencoded::to_string([("q", &part_number)]).unwrap()
    );
    let shown = app
        .eventually(Duration::from_secs(2), || async {
            client.goto(&search).await.unwrap();
            !client
                .find_all(Locator::Css(".card .thumb-photo img"))
                .await
                .unwrap()
                .is_empty()
        })
        .await;
    assert!(shown, "the card shows the picture");
    shot("search-card-picture").await;
    b.client.clone().close().await.unwrap();
    app.cleanup().await;
}
