//! Search behaviour on a small, hand-made catalog.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use partsportal_index::{Catalog, MatchKind, ModelRef, PartDoc, Relaxation, SearchRequest, Sort};

fn model(id: &str, maker: &str, name: &str, aliases: &[&str]) -> ModelRef {
    ModelRef {
        id: id.into(),
        label: format!("{maker} {name}"),
        name: name.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn part(
    id: &str,
    pn: &str,
    name: &str,
    category: &str,
    maker: &str,
    seller: &str,
    price_rupees: u64,
    stock: i64,
    models: Vec<ModelRef>,
) -> PartDoc {
    PartDoc {
        id: id.into(),
        part_number: pn.into(),
        replaces: vec![],
        name: name.into(),
        description: format!("{name} for {maker} equipment."),
        category: category.into(),
        manufacturer: maker.into(),
        manufacturer_id: format!("m-{maker}"),
        modalities: vec![category.split(" > ").nth(1).unwrap_or("Other").into()],
        seller_id: format!("s-{seller}"),
        seller: seller.into(),
        seller_verified: false,
        price_minor: (price_rupees * 100) as i64,
        currency: "INR".into(),
        price_inr_minor: price_rupees * 100,
        stock,
        lead_time_days: if stock > 0 { 2 } else { 21 },
        moq: 1,
        order_multiple: 1,
        warranty_months: 12,
        condition: "new".into(),
        models,
        sales: price_rupees % 97,
        created_at_ms: 1_700_000_000_000 + price_rupees as i64,
        image: None,
        image_size: None,
        image_alt: String::new(),
    }
}

fn catalog() -> Catalog {
    let signa = model(
        "mod-signa",
        "GE HealthCare",
        "Signa Explorer",
        &["SignaExplorer", "Signa Explorer 1.5T"],
    );
    let mx450 = model("mod-mx450", "Philips", "IntelliVue MX450", &["MX 450"]);
    let logiq = model("mod-logiq", "GE HealthCare", "LOGIQ E10s", &["LOGIQ E10 s"]);
    let mtu = model("mod-mtu", "MTU", "16V595TE90", &[]);
    let savina = model("mod-savina", "Dräger", "Savina 300", &[]);
    let mut parts = vec![
        part(
            "p1",
            "AB-123/4",
            "SpO2 Sensor, adult finger clip",
            "Patient Monitoring > Monitors > SpO2 Sensors",
            "Philips",
            "Meditek",
            4_500,
            10,
            vec![mx450.clone()],
        ),
        part(
            "p1b",
            "AB-123/4",
            "SpO2 Sensor, adult finger clip",
            "Patient Monitoring > Monitors > SpO2 Sensors",
            "Philips",
            "Caremed",
            4_300,
            0,
            vec![mx450.clone()],
        ),
        part(
            "p2",
            "AB-12345",
            "SpO2 Extension Cable",
            "Patient Monitoring > Monitors > Cables",
            "Philips",
            "Meditek",
            2_100,
            3,
            vec![mx450.clone()],
        ),
        part(
            "p3",
            "00451223",
            "Flow Sensor, neonatal",
            "Critical Care > Ventilators > Flow Sensors",
            "Dräger",
            "Meditek",
            1_800,
            40,
            vec![savina.clone()],
        ),
        part(
            "p4",
            "5381542-2",
            "8-channel Head Coil",
            "Imaging > MRI > Coils",
            "GE HealthCare",
            "Imaging Spares",
            850_000,
            1,
            vec![signa.clone()],
        ),
        part(
            "p5",
            "5381600",
            "Body Coil, 16-channel",
            "Imaging > MRI > Coils",
            "GE HealthCare",
            "Imaging Spares",
            1_250_000,
            0,
            vec![signa.clone()],
        ),
        part(
            "p6",
            "5406987",
            "Convex Transducer C1-6",
            "Imaging > Ultrasound > Probes",
            "GE HealthCare",
            "Imaging Spares",
            320_000,
            2,
            vec![logiq.clone()],
        ),
        part(
            "p7",
            "M1191B",
            "Pulse Oximetry Sensor, reusable",
            "Patient Monitoring > Monitors > SpO2 Sensors",
            "Philips",
            "Caremed",
            6_900,
            25,
            vec![mx450.clone()],
        ),
        part(
            "p8",
            "X-22.01",
            "X-Ray Tube Housing Assembly",
            "Imaging > X-ray > Tubes",
            "Siemens",
            "Imaging Spares",
            2_400_000,
            0,
            vec![],
        ),
        part(
            "p9",
            "NB-100",
            "Blood Pressure Cuff, adult",
            "Patient Monitoring > Monitors > NIBP Cuffs",
            "Philips",
            "Caremed",
            1_200,
            50,
            vec![mx450.clone()],
        ),
        part(
            "p10",
            "PS-77",
            "Power Supply Unit 24V",
            "Patient Monitoring > Monitors > Power",
            "Philips",
            "Meditek",
            15_000,
            4,
            vec![mx450],
        ),
        part(
            "p11",
            "FS-2000",
            "Ventilator Flow Sensor, adult",
            "Critical Care > Ventilators > Flow Sensors",
            "Dräger",
            "Caremed",
            1_900,
            12,
            vec![savina],
        ),
        part(
            "p12",
            "TK-595",
            "Turbocharger Gasket Kit",
            "Facilities > Generators > Gaskets",
            "MTU",
            "Caremed",
            7_500,
            6,
            vec![mtu],
        ),
    ];
    parts[4].replaces = vec!["5381542-1".into()];
    let c = Catalog::in_memory().unwrap();
    c.upsert(&parts).unwrap();
    c.commit(1).unwrap();
    c
}

fn search(c: &Catalog, q: &str) -> partsportal_index::SearchResult {
    c.search(&SearchRequest {
        q: q.into(),
        page: 1,
        per_page: 24,
        ..Default::default()
    })
    .unwrap()
}

fn ids(r: &partsportal_index::SearchResult) -> Vec<&str> {
    r.hits.iter().map(|h| h.part.id.as_str()).collect()
}

#[test]
fn part_numbers_match_however_typed() {
    let c = catalog();
    for q in ["AB-123/4", "ab1234", "AB 1234", "ab-123-4", "ab.123.4"] {
        let r = search(&c, q);
        assert!(r.total >= 2, "{q}: {:?}", ids(&r));
        let first: Vec<_> = r.hits.iter().take(2).map(|h| h.part.id.as_str()).collect();
        assert!(
            first.contains(&"p1") && first.contains(&"p1b"),
            "{q}: exact hits first, got {:?}",
            ids(&r)
        );
        assert_eq!(r.hits[0].matched, MatchKind::ExactNumber);
    }
}

#[test]
fn exact_beats_prefix() {
    let c = catalog();
    // "AB123" is a prefix of AB1234 and AB12345; no exact part, so both are prefix hits.
    let r = search(&c, "AB123");
    assert_eq!(r.total, 3);
    assert!(r.hits.iter().all(|h| h.matched == MatchKind::NumberPrefix));
    // The exact number ranks first even though another starts with it.
    let r = search(&c, "AB-1234");
    assert_eq!(r.hits[0].matched, MatchKind::ExactNumber);
}

#[test]
fn leading_zeros_optional() {
    let c = catalog();
    assert_eq!(ids(&search(&c, "00451223")), vec!["p3"]);
    assert_eq!(ids(&search(&c, "451223")), vec!["p3"]);
}

#[test]
fn superseded_number_finds_new_part() {
    let c = catalog();
    let r = search(&c, "5381542-1");
    assert_eq!(ids(&r), vec!["p4"]);
    assert_eq!(r.hits[0].matched, MatchKind::Replaces("5381542-1".into()));
}

#[test]
fn unknown_number_never_pretends() {
    let c = catalog();
    let r = search(&c, "ZZ-999/1");
    assert_eq!(r.total, 0);
    assert_eq!(r.unmatched_numbers, vec!["ZZ-999/1"]);
    // A near miss is offered, labelled, but not as a hit.
    let r = search(&c, "AB-123/5");
    assert_eq!(r.total, 0, "{:?}", ids(&r));
    assert!(
        r.closest_numbers
            .iter()
            .any(|s| s.part_number == "AB-123/4"),
        "{:?}",
        r.closest_numbers
    );
}

#[test]
fn model_codes_one_word_or_split() {
    let c = catalog();
    for q in ["16v595te90", "16V 595 TE90", "16V-595-TE90"] {
        let r = search(&c, q);
        assert_eq!(ids(&r), vec!["p12"], "{q}");
        assert_eq!(r.matched_models.len(), 1);
    }
    let r = search(&c, "signaexplorer");
    assert_eq!(r.total, 2);
    assert_eq!(r.matched_models[0].id, "mod-signa");
    let r = search(&c, "signa coil");
    assert_eq!(r.total, 2, "{:?}", ids(&r));
    let r = search(&c, "signa explorer head coil");
    assert_eq!(ids(&r), vec!["p4"]);
}

#[test]
fn synonyms() {
    let c = catalog();
    let r = search(&c, "spo2 sensor");
    let spo2 = ids(&r);
    assert!(
        spo2.contains(&"p7"),
        "pulse oximetry found by spo2: {spo2:?}"
    );
    let r = search(&c, "pulse oximeter");
    assert!(ids(&r).contains(&"p1"), "{:?}", ids(&r));
    assert!(ids(&search(&c, "probe")).contains(&"p6"));
    assert!(ids(&search(&c, "xray tube")).contains(&"p8"));
    assert!(ids(&search(&c, "radiography tube")).contains(&"p8"));
    assert!(ids(&search(&c, "nibp")).contains(&"p9"));
    assert!(ids(&search(&c, "psu")).contains(&"p10"));
}

#[test]
fn one_typo_finds_what_spelling_finds() {
    let c = catalog();
    for (typo, right) in [
        ("spo2 sensr", "spo2 sensor"),
        ("trasducer", "transducer"),
        ("ventilater flow", "ventilator flow"),
    ] {
        let (ra, rb) = (search(&c, typo), search(&c, right));
        let mut a = ids(&ra);
        let mut b = ids(&rb);
        a.sort();
        b.sort();
        assert!(!b.is_empty(), "{right}");
        assert_eq!(a, b, "{typo} vs {right}");
    }
    let r = search(&c, "sensr");
    assert_eq!(
        r.corrections,
        vec![("sensr".to_string(), "sensor".to_string())]
    );
}

#[test]
fn stemming() {
    let c = catalog();
    assert!(ids(&search(&c, "coils")).contains(&"p4"));
    assert!(ids(&search(&c, "sensors")).contains(&"p3"));
}

#[test]
fn highlighting_marks_matched_words() {
    let c = catalog();
    let r = search(&c, "head coil");
    let marked: Vec<_> = r.hits[0]
        .name_highlight
        .iter()
        .filter(|s| s.mark)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marked, vec!["Head", "Coil"]);
}

#[test]
fn facets_are_disjunctive() {
    let c = catalog();
    let all = c
        .search(&SearchRequest {
            q: "sensor".into(),
            page: 1,
            per_page: 24,
            ..Default::default()
        })
        .unwrap();
    let sel = c
        .search(&SearchRequest {
            q: "sensor".into(),
            seller: vec!["Meditek".into()],
            page: 1,
            per_page: 24,
            ..Default::default()
        })
        .unwrap();
    let counts = |r: &partsportal_index::SearchResult, key: &str| -> Vec<(String, u64)> {
        let mut v: Vec<_> = r
            .facets
            .iter()
            .find(|g| g.key == key)
            .unwrap()
            .values
            .iter()
            .map(|v| (v.value.clone(), v.count))
            .collect();
        v.sort();
        v
    };
    // Selecting a seller does not change the seller counts...
    assert_eq!(counts(&all, "seller"), counts(&sel, "seller"));
    // ...but narrows the others and the total.
    assert!(sel.total < all.total);
    assert!(sel.hits.iter().all(|h| h.part.seller == "Meditek"));
    let sel_cat: u64 = counts(&sel, "manufacturer").iter().map(|(_, n)| n).sum();
    assert_eq!(sel_cat, sel.total);
}

#[test]
fn filters_and_hierarchical_category() {
    let c = catalog();
    let r = c
        .search(&SearchRequest {
            category: vec!["Imaging".into()],
            page: 1,
            per_page: 24,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.total, 4);
    let r = c
        .search(&SearchRequest {
            category: vec!["Imaging > MRI".into()],
            in_stock: true,
            page: 1,
            per_page: 24,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ids(&r), vec!["p4"]);
    let r = c
        .search(&SearchRequest {
            model: vec!["Philips IntelliVue MX450".into()],
            price_max: Some(5_000),
            page: 1,
            per_page: 24,
            ..Default::default()
        })
        .unwrap();
    let mut got = ids(&r);
    got.sort();
    assert_eq!(got, vec!["p1", "p1b", "p2", "p9"]);
    let r = c
        .search(&SearchRequest {
            q: "sensor".into(),
            lead_time_max: Some(2),
            warranty_min: Some(12),
            page: 1,
            per_page: 24,
            ..Default::default()
        })
        .unwrap();
    assert!(r.hits.iter().all(|h| h.part.lead_time_days <= 2));
}

#[test]
fn typed_constraints_become_filters() {
    let c = catalog();
    let r = search(&c, "ventilator flow sensor below ₹2,000");
    assert_eq!(r.text, "ventilator flow sensor");
    let mut got = ids(&r);
    got.sort();
    assert_eq!(got, vec!["p11", "p3"]);
    let r = search(&c, "mri coil under 900000");
    assert_eq!(ids(&r), vec!["p4"]);
    let r = search(&c, "ge probe in stock");
    assert_eq!(ids(&r), vec!["p6"]);
    assert_eq!(r.constraints.len(), 1);
}

#[test]
fn zero_results_relax() {
    let c = catalog();
    let r = search(&c, "coil gearbox");
    assert_eq!(r.relaxed, Some(Relaxation::AnyTerm));
    assert!(ids(&r).contains(&"p4"));
}

#[test]
fn sorts_and_pages() {
    let c = catalog();
    let r = c
        .search(&SearchRequest {
            sort: Sort::PriceAsc,
            page: 1,
            per_page: 3,
            ..Default::default()
        })
        .unwrap();
    let prices: Vec<_> = r.hits.iter().map(|h| h.part.price_inr_minor).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(r.hits.len(), 3);
    let p2 = c
        .search(&SearchRequest {
            sort: Sort::PriceAsc,
            page: 2,
            per_page: 3,
            ..Default::default()
        })
        .unwrap();
    assert!(p2.hits[0].part.price_inr_minor >= prices[2]);
    let past = c
        .search(&SearchRequest {
            page: 99,
            per_page: 24,
            ..Default::default()
        })
        .unwrap();
    assert!(past.hits.is_empty());
    assert_eq!(past.total, 13);
}

#[test]
fn hostile_queries_do_not_fail() {
    let c = catalog();
    let long = "x".repeat(10_000);
    for q in [
        "",
        "   ",
        "AND (",
        "*",
        "\\",
        "\"",
        "'; DROP TABLE parts; --",
        "\u{0}\u{1}\u{7f}",
        "🙂 ☃ ﷽",
        long.as_str(),
        "a:b OR c~2^3",
        "((((",
        "-",
        "/",
    ] {
        let r = c.search(&SearchRequest {
            q: q.into(),
            page: 1,
            per_page: 24,
            ..Default::default()
        });
        assert!(r.is_ok(), "{q:?}");
    }
}

#[test]
fn suggestions() {
    let c = catalog();
    let s = c.suggest("ab12", 8).unwrap();
    assert!(
        s.iter().any(|s| s.kind == "part" && s.label == "AB-123/4"),
        "{s:?}"
    );
    let s = c.suggest("signa", 8).unwrap();
    assert!(
        s.iter()
            .any(|s| s.kind == "model" && s.label == "GE HealthCare Signa Explorer"),
        "{s:?}"
    );
    let s = c.suggest("spo2 sen", 8).unwrap();
    assert!(
        s.iter()
            .any(|s| s.kind == "query" && s.label == "spo2 sensor"),
        "{s:?}"
    );
}

#[test]
fn updates_and_deletes() {
    let c = catalog();
    c.delete(&["p9".to_string()]).unwrap();
    c.commit(2).unwrap();
    assert_eq!(search(&c, "NB-100").total, 0);
    assert_eq!(c.position().unwrap(), Some(2));
    assert!(c.get("p1").unwrap().is_some());
    assert!(c.get("p9").unwrap().is_none());
}

/// Every facet count, on a catalog spread over several segments, equals a
/// brute-force count over the parts: a part counts toward a value when it
/// has the value and passes every other group's filter.
#[test]
fn facet_counts_match_brute_force_across_segments() {
    let c = Catalog::in_memory().unwrap();
    let makers = [
        "GE HealthCare",
        "Philips",
        "Siemens Healthineers",
        "Mindray",
    ];
    let sellers = ["Meditek", "Biomed Spares", "Carewell"];
    let conditions = ["new", "refurbished", "exchange"];
    // More models than fit a bit mask, so the model values take the
    // starts/values layout the demo's models have.
    let models: Vec<ModelRef> = (0..24)
        .map(|i| {
            model(
                &format!("mod-{i}"),
                makers[i % 4],
                &format!("Model {i}"),
                &[],
            )
        })
        .collect();
    let mut parts = Vec::new();
    // 900 parts in three segments of 300: more than the collector buffers
    // at once, so counts cross its batch boundaries.
    for i in 0..900u64 {
        let mut p = part(
            &format!("q{i}"),
            &format!("QX-{i:04}"),
            "Test sensor",
            [
                "Spares > MRI > Coils",
                "Spares > CT > Tubes",
                "Spares > Patient Monitoring > Cables",
            ][(i % 3) as usize],
            makers[(i % 4) as usize],
            sellers[(i % 7 % 3) as usize],
            300 + i * 997 % 200_000,
            if i % 5 == 0 { 0 } else { 3 },
            // Parts fit 0-5 models, so the model column is multi-valued.
            (0..(i % 6) as usize)
                .map(|k| models[(i as usize + k) % 24].clone())
                .collect(),
        );
        p.lead_time_days = [1, 2, 5, 7, 10, 14, 21, 30, 45][(i % 9) as usize];
        p.warranty_months = [0, 3, 6, 12, 18, 24, 36][(i % 7) as usize];
        p.condition = conditions[(i % 11 % 3) as usize].into();
        if i % 13 == 0 {
            p.modalities.push("CT".into());
        }
        parts.push(p);
    }
    // Three commits make three segments.
    for (n, chunk) in parts.chunks(300).enumerate() {
        c.upsert(chunk).unwrap();
        c.commit(n as u64 + 1).unwrap();
    }
    let requests = [
        SearchRequest::default(),
        SearchRequest {
            manufacturer: vec!["Philips".into(), "Mindray".into()],
            in_stock: true,
            ..Default::default()
        },
        SearchRequest {
            model: vec!["Model 2".into()],
            lead_time_max: Some(7),
            warranty_min: Some(6),
            ..Default::default()
        },
        SearchRequest {
            modality: vec!["CT".into()],
            condition: vec!["refurbished".into()],
            price_min: Some(1_000),
            price_max: Some(24_999),
            seller: vec!["Meditek".into()],
            ..Default::default()
        },
    ];
    for req in requests {
        let req = SearchRequest {
            per_page: 24,
            page: 1,
            ..req
        };
        let res = c.search(&req).unwrap();
        let rupees = |p: &PartDoc| p.price_inr_minor / 100;
        // Which groups a part fails, by facet key.
        let fails = |p: &PartDoc| -> Vec<&'static str> {
            let mut f = Vec::new();
            let one_of = |sel: &Vec<String>, vals: &[String]| {
                sel.is_empty() || vals.iter().any(|v| sel.contains(v))
            };
            if !one_of(&req.modality, &p.modalities) {
                f.push("modality");
            }
            if !one_of(&req.manufacturer, std::slice::from_ref(&p.manufacturer)) {
                f.push("manufacturer");
            }
            let labels: Vec<String> = p.models.iter().map(|m| m.label.clone()).collect();
            if !one_of(&req.model, &labels) {
                f.push("model");
            }
            if !one_of(&req.seller, std::slice::from_ref(&p.seller)) {
                f.push("seller");
            }
            if !one_of(&req.condition, std::slice::from_ref(&p.condition)) {
                f.push("condition");
            }
            if req.in_stock && p.stock <= 0 {
                f.push("in_stock");
            }
            if req.lead_time_max.is_some_and(|m| p.lead_time_days > m) {
                f.push("lead_time_max");
            }
            if req.warranty_min.is_some_and(|m| p.warranty_months < m) {
                f.push("warranty_min");
            }
            if req.price_min.is_some_and(|m| rupees(p) < m)
                || req.price_max.is_some_and(|m| rupees(p) > m)
            {
                f.push("price");
            }
            f
        };
        let counted = |key: &str, has: &dyn Fn(&PartDoc) -> bool| -> u64 {
            parts
                .iter()
                .filter(|p| fails(p).iter().all(|g| *g == key) && has(p))
                .count() as u64
        };
        let total = parts.iter().filter(|p| fails(p).is_empty()).count() as u64;
        assert_eq!(res.total, total, "{req:?}");
        for g in &res.facets {
            for v in &g.values {
                let want = match g.key {
                    "modality" => counted(g.key, &|p| p.modalities.contains(&v.value)),
                    "manufacturer" => counted(g.key, &|p| p.manufacturer == v.value),
                    "model" => counted(g.key, &|p| p.models.iter().any(|m| m.label == v.value)),
                    "seller" => counted(g.key, &|p| p.seller == v.value),
                    "condition" => counted(g.key, &|p| p.condition == v.value),
                    "in_stock" => counted(g.key, &|p| (p.stock > 0).to_string() == v.value),
                    "lead_time_max" => {
                        let d: u32 = v.value.parse().unwrap();
                        counted(g.key, &|p| p.lead_time_days <= d)
                    }
                    "warranty_min" => {
                        let m: u32 = v.value.parse().unwrap();
                        counted(g.key, &|p| p.warranty_months >= m)
                    }
                    _ => continue,
                };
                assert_eq!(v.count, want, "{} = {} for {req:?}", g.key, v.value);
            }
        }
    }
}

#[test]
fn filters_that_empty_the_page_are_not_relaxed_away() {
    let c = catalog();
    let r = c
        .search(&SearchRequest {
            q: "coil".into(),
            seller: vec!["No Such Seller".into()],
            page: 1,
            per_page: 24,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.total, 0);
    assert_eq!(r.relaxed, None);
    assert!(r.matches_without_filters > 0);
    assert!(r.hits.is_empty());
}
