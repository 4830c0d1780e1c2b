//! Page handlers: parse, ask the index or the database, render a view.

use std::time::Instant;

use axum::extract::State;
use maud::Markup;
use partsportal_index::{SearchRequest, SearchResult, Sort};

use super::error::Error;
use super::extract::{Path, RawQuery};
use super::params;
use super::session::Visit;
use crate::app::AppState;
use crate::db;
use crate::views;

/// Runs a search on the index. Searches take a millisecond or two, so they
/// run on the request's own thread rather than paying for a hand-off.
pub fn search_index(state: &AppState, req: &SearchRequest) -> Result<SearchResult, Error> {
    Ok(state.catalog.search(req)?)
}

fn browse(filter: impl FnOnce(&mut SearchRequest), per_page: u32, sort: Sort) -> SearchRequest {
    let mut r = SearchRequest {
        page: 1,
        per_page,
        sort,
        ..Default::default()
    };
    filter(&mut r);
    r
}

/// `/`: search box, modalities, categories, manufacturers, popular parts.
pub async fn home(State(state): State<AppState>, visit: Visit) -> Result<Markup, Error> {
    let res = search_index(&state, &browse(|_| {}, 8, Sort::BestSelling))?;
    let makers = db::catalog::manufacturers(&state.db).await?;
    Ok(views::home::page(
        &super::chrome(&state, &visit),
        &res,
        &makers,
        &state.config.demo_logins,
    ))
}

/// `/search`.
pub async fn search(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> Result<Markup, Error> {
    let p = params::parse(raw.as_deref())?;
    let started = Instant::now();
    let res = search_index(&state, &p.req)?;
    Ok(views::search::page(
        &super::chrome(&state, &visit),
        &p,
        &res,
        started.elapsed(),
    ))
}

/// `/parts/{id}`.
pub async fn part(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
) -> Result<Markup, Error> {
    // A pending or suspended seller's parts are out of search; a bookmarked
    // link must not show them either.
    // A hidden part is shown to its own seller only.
    let own_org = visit.viewer.as_ref().map(|v| v.org_id.as_str());
    let part = db::catalog::part(&state.db, &id)
        .await?
        .filter(|p| {
            p.seller_status == "active"
                && (p.visibility == "public" || own_org == Some(p.seller_id.as_str()))
        })
        .ok_or(Error::NotFound)?;
    let models = db::catalog::part_models(&state.db, &id).await?;
    let replaces = db::catalog::replaces(&state.db, &id).await?;
    let replaced_by = db::catalog::replaced_by(&state.db, &part.part_number_norm).await?;
    let others = db::catalog::other_sellers(&state.db, &part).await?;
    let images = db::part_images::for_part(&state.db, &id).await?;
    let related = match models.first() {
        Some(m) => {
            let label = m.label();
            let cat = part.category.clone();
            let mut res = search_index(
                &state,
                &browse(
                    |r| {
                        r.model = vec![label];
                        r.category = vec![cat];
                    },
                    24,
                    Sort::BestSelling,
                ),
            )?;
            // One card per part number: other sellers have their own table.
            let mut seen = std::collections::HashSet::new();
            seen.insert(part.part_number_norm.clone());
            res.hits
                .retain(|h| seen.insert(partsportal_index::normalize_code(&h.part.part_number)));
            res.hits.truncate(8);
            res.hits
        }
        None => Vec::new(),
    };
    let ctx = views::part::PartPage {
        part: &part,
        models: &models,
        replaces: &replaces,
        replaced_by: &replaced_by,
        others: &others,
        related: &related,
        images: &images,
    };
    Ok(views::part::page(&super::chrome(&state, &visit), &ctx))
}

/// `/models/{id}`: every part for the model, grouped by category.
pub async fn model(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
) -> Result<Markup, Error> {
    let model = db::catalog::model(&state.db, &id)
        .await?
        .ok_or(Error::NotFound)?;
    let label = model.label();
    let res = search_index(
        &state,
        &browse(|r| r.model = vec![label.clone()], 100, Sort::BestSelling),
    )?;
    Ok(views::catalog::model_page(
        &super::chrome(&state, &visit),
        &model,
        &res,
    ))
}

/// `/manufacturers/{id}`.
pub async fn manufacturer(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
) -> Result<Markup, Error> {
    let maker = db::catalog::manufacturer(&state.db, &id)
        .await?
        .ok_or(Error::NotFound)?;
    let models = db::catalog::models_of(&state.db, &id).await?;
    let name = maker.name.clone();
    let res = search_index(
        &state,
        &browse(|r| r.manufacturer = vec![name], 12, Sort::BestSelling),
    )?;
    Ok(views::catalog::manufacturer_page(
        &super::chrome(&state, &visit),
        &maker,
        &models,
        &res,
    ))
}

/// `/sellers/{id}`: a seller's storefront.
pub async fn seller(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
) -> Result<Markup, Error> {
    let org = db::catalog::org(&state.db, &id)
        .await?
        .ok_or(Error::NotFound)?;
    if !crate::domain::is_seller_kind(&org.kind) || org.status != "active" {
        return Err(Error::NotFound);
    }
    let name = org.name.clone();
    let res = search_index(
        &state,
        &browse(|r| r.seller = vec![name], 24, Sort::BestSelling),
    )?;
    Ok(views::catalog::seller_page(
        &super::chrome(&state, &visit),
        &org,
        &res,
    ))
}
