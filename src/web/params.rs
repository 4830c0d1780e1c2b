//! The search URL, shared by the page and the JSON API:
//! `/search?q=&modality=&manufacturer=&category=&model=&seller=&condition=
//! &in_stock=&price_min=&price_max=&lead_time_max=&warranty_min=&sort=&page=`.
//! A facet parameter may repeat. Unknown parameters are ignored; an invalid
//! value of a known one is a 400 naming the parameter.

use partsportal_index::{SearchRequest, Sort};

use super::error::Error;

/// Hits per page unless `per_page` says otherwise.
pub const PER_PAGE: u32 = 24;
const MAX_VALUES: usize = 20;
const MAX_VALUE_LEN: usize = 200;

/// Grid or list cards (page only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    Grid,
    List,
}

/// A parsed search URL.
#[derive(Debug, Clone, Default)]
pub struct SearchParams {
    pub req: SearchRequest,
    pub layout: Layout,
}

fn bad(param: &'static str, message: impl Into<String>) -> Error {
    Error::BadParam {
        param,
        message: message.into(),
    }
}

fn parse_num<T: std::str::FromStr + PartialOrd>(
    param: &'static str,
    v: &str,
    max: T,
    what: &str,
) -> Result<Option<T>, Error> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<T>() {
        Ok(n) if n <= max => Ok(Some(n)),
        _ => Err(bad(param, format!("expected {what}, got \"{}\"", clip(v)))),
    }
}

fn clip(v: &str) -> String {
    let s: String = v.chars().take(40).collect();
    if s.len() < v.len() {
        format!("{s}…")
    } else {
        s
    }
}

/// Parses the query string (raw, undecoded).
pub fn parse(raw: Option<&str>) -> Result<SearchParams, Error> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|_| bad("query string", "it is not valid URL encoding"))?;
    let mut p = SearchParams::default();
    p.req.page = 1;
    p.req.per_page = PER_PAGE;
    for (k, v) in pairs {
        let list = match k.as_str() {
            "q" => {
                p.req.q = v;
                continue;
            }
            "modality" => &mut p.req.modality,
            "manufacturer" => &mut p.req.manufacturer,
            "category" => &mut p.req.category,
            "model" => &mut p.req.model,
            "seller" => &mut p.req.seller,
            "condition" => {
                if !["new", "refurbished", "exchange"].contains(&v.as_str()) {
                    return Err(bad(
                        "condition",
                        format!(
                            "expected new, refurbished or exchange, got \"{}\"",
                            clip(&v)
                        ),
                    ));
                }
                &mut p.req.condition
            }
            "in_stock" => {
                p.req.in_stock = match v.as_str() {
                    "true" | "1" | "on" | "yes" => true,
                    "false" | "0" | "off" | "no" | "" => false,
                    _ => {
                        return Err(bad(
                            "in_stock",
                            format!("expected true or false, got \"{}\"", clip(&v)),
                        ));
                    }
                };
                continue;
            }
            "price_min" => {
                p.req.price_min = parse_num(
                    "price_min",
                    &v,
                    10_000_000_000u64,
                    "a whole number of rupees",
                )?;
                continue;
            }
            "price_max" => {
                p.req.price_max = parse_num(
                    "price_max",
                    &v,
                    10_000_000_000u64,
                    "a whole number of rupees",
                )?;
                continue;
            }
            "lead_time_max" => {
                p.req.lead_time_max =
                    parse_num("lead_time_max", &v, 3650u32, "a number of days (0 to 3650)")?;
                continue;
            }
            "warranty_min" => {
                p.req.warranty_min =
                    parse_num("warranty_min", &v, 600u32, "a number of months (0 to 600)")?;
                continue;
            }
            "sort" => {
                p.req.sort = if v.is_empty() {
                    Sort::Relevance
                } else {
                    Sort::parse(&v).ok_or_else(|| bad("sort", format!("expected one of relevance, price_asc, price_desc, newest, fastest, best_selling; got \"{}\"", clip(&v))))?
                };
                continue;
            }
            "page" => {
                p.req.page = match v.trim().parse::<u32>() {
                    Ok(n) if n >= 1 => n,
                    _ if v.trim().is_empty() => 1,
                    _ => {
                        return Err(bad(
                            "page",
                            format!("expected a page number from 1, got \"{}\"", clip(&v)),
                        ));
                    }
                };
                continue;
            }
            "per_page" => {
                p.req.per_page = match v.trim().parse::<u32>() {
                    Ok(n) if (1..=100).contains(&n) => n,
                    _ => {
                        return Err(bad(
                            "per_page",
                            format!("expected 1 to 100, got \"{}\"", clip(&v)),
                        ));
                    }
                };
                continue;
            }
            "view" => {
                p.layout = if v == "list" {
                    Layout::List
                } else {
                    Layout::Grid
                };
                continue;
            }
            _ => continue,
        };
        if v.is_empty() {
            continue;
        }
        if v.chars().count() > MAX_VALUE_LEN {
            return Err(bad(
                param_name(&k),
                format!("a value is longer than {MAX_VALUE_LEN} characters"),
            ));
        }
        if list.len() >= MAX_VALUES {
            return Err(bad(
                param_name(&k),
                format!("at most {MAX_VALUES} values may be selected"),
            ));
        }
        if !list.contains(&v) {
            list.push(v);
        }
    }
    if let (Some(lo), Some(hi)) = (p.req.price_min, p.req.price_max)
        && lo > hi
    {
        return Err(bad(
            "price_min",
            format!("price_min ({lo}) is above price_max ({hi})"),
        ));
    }
    Ok(p)
}

fn param_name(k: &str) -> &'static str {
    match k {
        "modality" => "modality",
        "manufacturer" => "manufacturer",
        "category" => "category",
        "model" => "model",
        "seller" => "seller",
        _ => "condition",
    }
}

/// Serializes a request back to a query string; `page` is left out when 1.
pub fn to_query(p: &SearchParams) -> String {
    // Written straight into one string: a results page builds a hundred of
    // these (one per facet value), and collecting cloned pairs first was 3%
    // of the page at 100k parts.
    let r = &p.req;
    let mut out = form_urlencoded::Serializer::new(String::new());
    if !r.q.is_empty() {
        out.append_pair("q", &r.q);
    }
    for (k, list) in [
        ("modality", &r.modality),
        ("manufacturer", &r.manufacturer),
        ("category", &r.category),
        ("model", &r.model),
        ("seller", &r.seller),
        ("condition", &r.condition),
    ] {
        for v in list {
            out.append_pair(k, v);
        }
    }
    if r.in_stock {
        out.append_pair("in_stock", "true");
    }
    for (k, v) in [
        ("price_min", r.price_min),
        ("price_max", r.price_max),
        ("lead_time_max", r.lead_time_max.map(u64::from)),
        ("warranty_min", r.warranty_min.map(u64::from)),
    ] {
        if let Some(v) = v {
            out.append_pair(k, &v.to_string());
        }
    }
    if r.sort != Sort::Relevance {
        out.append_pair("sort", r.sort.as_str());
    }
    if r.per_page != PER_PAGE {
        out.append_pair("per_page", &r.per_page.to_string());
    }
    if p.layout == Layout::List {
        out.append_pair("view", "list");
    }
    if r.page > 1 {
        out.append_pair("page", &r.page.to_string());
    }
    out.finish()
}

/// A search URL for these params.
pub fn url(p: &SearchParams) -> String {
    let q = to_query(p);
    if q.is_empty() {
        "/search".into()
    } else {
        format!("/search?{q}")
    }
}

/// The URL after a change, back on page 1.
pub fn url_with(p: &SearchParams, change: impl FnOnce(&mut SearchParams)) -> String {
    let mut next = p.clone();
    next.req.page = 1;
    change(&mut next);
    url(&next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_and_round_trips() {
        let p = parse(Some("q=coil&manufacturer=GE+HealthCare&manufacturer=Siemens&in_stock=true&sort=price_asc&page=2&utm=x")).unwrap();
        assert_eq!(p.req.manufacturer, vec!["GE HealthCare", "Siemens"]);
        assert!(p.req.in_stock);
        assert_eq!(p.req.page, 2);
        let again = parse(Some(&to_query(&p))).unwrap();
        assert_eq!(again.req, p.req);
    }

    #[test]
    fn bad_values_name_the_parameter() {
        for (qs, param) in [
            ("price_min=abc", "price_min"),
            ("sort=cheap", "sort"),
            ("page=0", "page"),
            ("in_stock=maybe", "in_stock"),
            ("condition=used", "condition"),
            ("price_min=10&price_max=5", "price_min"),
            ("lead_time_max=-1", "lead_time_max"),
        ] {
            match parse(Some(qs)) {
                Err(Error::BadParam { param: p, .. }) => assert_eq!(p, param, "{qs}"),
                other => panic!("{qs}: {other:?}"),
            }
        }
    }
}
