//! The dashboard tab: charts of the whole project, drawn from [`crate::stats::Stats`] (the
//! numbers of `hamish stats --json`) and, while reviewing, the agreement report (those of
//! `hamish agree --json`). Documents by status, spans per label, spans per document, events
//! per month by type and by actor, the registry entities most mentioned, the running total of
//! spans over time, agreement per label and per document. A click on a bar filters the document list to the documents behind it
//! (`Action::FilterDocuments`); a click on a document's bar opens it. Under each chart its
//! numbers, as text (bidi labels, so Arabic actor names and titles read right), which is
//! also what the tests compare with `stats --json`.
//!
//! The plots carry no Arabic: egui_plot draws its labels with egui's text, which has no bidi,
//! so bars are numbered and named in the lists below them. The stats are computed by the app
//! once per project state, never per frame ([`DashboardCache`]).

use super::Action;
use super::pane::bidi_label;
use crate::model::{DocStatus, LabelId, Project, Schema};
use crate::review::AgreementReport;
use crate::stats::{DocFilter, Stats};
use egui::Color32;
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints};

/// Series colours, for bars and the swatches of the lists under them.
const COLORS: [Color32; 8] = [
    Color32::from_rgb(31, 119, 180),
    Color32::from_rgb(255, 127, 14),
    Color32::from_rgb(44, 160, 44),
    Color32::from_rgb(214, 39, 40),
    Color32::from_rgb(148, 103, 189),
    Color32::from_rgb(140, 86, 75),
    Color32::from_rgb(227, 119, 194),
    Color32::from_rgb(127, 127, 127),
];
/// Actors with their own colour in the by-actor chart; the rest are summed as "others".
const TOP_ACTORS: usize = 7;
const CHART_HEIGHT: f32 = 130.0;
/// Entities in the "most mentioned" chart.
pub const TOP_ENTITIES: usize = 12;

/// The stats of one project state.
#[derive(Debug, Default)]
pub struct DashboardCache {
    state: Option<u64>,
    stats: Option<Stats>,
}

impl DashboardCache {
    /// The stats of `project` at history state `state`, computed when the state changed.
    pub fn stats(&mut self, project: &Project, state: u64) -> &Stats {
        if self.state != Some(state) || self.stats.is_none() {
            self.stats = Some(Stats::of(project));
            self.state = Some(state);
        }
        self.stats.as_ref().expect("just computed")
    }
}

/// One chart's bars: the name of each (for the list below it) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(String, f64)>,
}

/// What each chart draws, from the stats: kept apart from drawing so tests can check that
/// the plots draw exactly the numbers of `stats --json`.
pub fn status_bars(stats: &Stats) -> Vec<(String, f64)> {
    DocStatus::ALL
        .iter()
        .map(|s| {
            let n = stats
                .documents_per_status
                .get(s.name())
                .copied()
                .unwrap_or(0);
            (s.name().to_owned(), n as f64)
        })
        .collect()
}

pub fn label_bars(stats: &Stats, schema: &Schema) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = schema
        .labels
        .iter()
        .map(|l| {
            let n = stats
                .spans_per_label
                .get(l.id.as_str())
                .copied()
                .unwrap_or(0);
            (l.id.to_string(), n as f64)
        })
        .collect();
    // Labels no longer in the schema still have their spans counted.
    for (id, n) in &stats.spans_per_label {
        if !out.iter().any(|(l, _)| l == id) {
            out.push((id.clone(), *n as f64));
        }
    }
    out
}

/// Months in order (undated last) and, per event type, the count in each month.
pub fn month_series(
    per_month: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, usize>>,
) -> (Vec<String>, Vec<Series>) {
    let mut months: Vec<String> = per_month.keys().cloned().collect();
    months.sort_by_key(|m| (m == crate::stats::UNDATED, m.clone()));
    let mut keys: Vec<(String, usize)> = Vec::new();
    for by in per_month.values() {
        for (k, n) in by {
            match keys.iter_mut().find(|(key, _)| key == k) {
                Some((_, total)) => *total += n,
                None => keys.push((k.clone(), *n)),
            }
        }
    }
    keys.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let series = keys
        .into_iter()
        .map(|(key, _)| Series {
            points: months
                .iter()
                .map(|m| {
                    let n = per_month
                        .get(m)
                        .and_then(|by| by.get(&key))
                        .copied()
                        .unwrap_or(0);
                    (m.clone(), n as f64)
                })
                .collect(),
            name: key,
        })
        .collect();
    (months, series)
}

/// `series` with everything after the first `keep` summed into one "others" series.
fn top_series(mut series: Vec<Series>, keep: usize) -> Vec<Series> {
    if series.len() <= keep + 1 {
        return series;
    }
    let rest = series.split_off(keep);
    let mut others = Series {
        name: format!("{} others", rest.len()),
        points: rest[0]
            .points
            .iter()
            .map(|(m, _)| (m.clone(), 0.0))
            .collect(),
    };
    for s in rest {
        for (i, (_, v)) in s.points.iter().enumerate() {
            others.points[i].1 += v;
        }
    }
    series.push(others);
    series
}

fn plot(id: &str) -> Plot<'static> {
    Plot::new(id.to_owned())
        .height(CHART_HEIGHT)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .show_x(false)
}

/// A plot of bars standing for categories: no vertical grid lines, which would read as bars
/// (the one at 0 runs through the first bar).
fn category_plot(id: &str) -> Plot<'static> {
    plot(id).show_grid([false, true])
}

/// The bar under a click on a plot, as an index (bars stand at 0, 1, 2…).
fn clicked_bar(response: &egui_plot::PlotResponse<()>, n: usize) -> Option<usize> {
    if !response.response.clicked() {
        return None;
    }
    let pos = response.response.interact_pointer_pos()?;
    let x = response.transform.value_from_position(pos).x.round();
    (x >= 0.0 && (x as usize) < n).then_some(x as usize)
}

/// A simple bar chart of `bars`, coloured by `color`, numbered on the x axis.
fn bar_chart_ui(
    ui: &mut egui::Ui,
    id: &str,
    bars: &[(String, f64)],
    color: impl Fn(usize) -> Color32,
    names_on_axis: bool,
) -> Option<usize> {
    let shown: Vec<Bar> = bars
        .iter()
        .enumerate()
        .map(|(i, (_, v))| Bar::new(i as f64, *v).width(0.7).fill(color(i)))
        .collect();
    let names: Vec<String> = bars.iter().map(|(n, _)| n.clone()).collect();
    let n = bars.len();
    let response = category_plot(id)
        .show_axes([names_on_axis, true])
        .x_axis_formatter(move |mark, _| category_name(&names, mark.value))
        .show(ui, |p| p.bar_chart(BarChart::new(id.to_owned(), shown)));
    clicked_bar(&response, n)
}

/// The name under a category axis mark: only whole positions carry one.
fn category_name(names: &[String], value: f64) -> String {
    let i = value.round();
    if (value - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    names.get(i as usize).cloned().unwrap_or_default()
}

/// One line of a chart's numbers: a swatch and the text (through the bidi label).
fn number_row(ui: &mut egui::Ui, color: Option<Color32>, text: &str) -> egui::Response {
    ui.horizontal(|ui| {
        if let Some(color) = color {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, color);
        }
        let row = bidi_label(ui, text, 12.5);
        let click = ui.interact(row.rect, row.id.with("click"), egui::Sense::click());
        click.on_hover_text("Show these documents")
    })
    .inner
}

fn numbers<R>(ui: &mut egui::Ui, title: &str, add: impl FnOnce(&mut egui::Ui) -> R) {
    egui::CollapsingHeader::new(format!("Numbers: {title}"))
        .id_salt(("dashboard numbers", title))
        .show(ui, add);
}

fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new(text).strong());
}

/// A stacked bar chart of months × series; returns the month clicked.
fn months_chart_ui(
    ui: &mut egui::Ui,
    id: &str,
    months: &[String],
    series: &[Series],
) -> Option<usize> {
    let mut charts: Vec<BarChart> = Vec::new();
    for (k, s) in series.iter().enumerate() {
        let bars: Vec<Bar> = s
            .points
            .iter()
            .enumerate()
            .map(|(i, (_, v))| Bar::new(i as f64, *v).width(0.7))
            .collect();
        let mut chart = BarChart::new(format!("#{}", k + 1), bars).color(COLORS[k % COLORS.len()]);
        let below: Vec<&BarChart> = charts.iter().collect();
        chart = chart.stack_on(&below);
        charts.push(chart);
    }
    let names: Vec<String> = months.to_vec();
    let p = category_plot(id)
        .show_axes([true, true])
        .x_axis_formatter(move |mark, _| category_name(&names, mark.value));
    let response = p.show(ui, |p| {
        for chart in charts {
            p.bar_chart(chart);
        }
    });
    clicked_bar(&response, months.len())
}

/// The key of a months chart, below it rather than over the bars (a key inside the plot hides
/// them in a side panel's width, and draws Arabic names without bidi): one row per series,
/// "#k name: total"; returns the row clicked.
fn chart_key(
    ui: &mut egui::Ui,
    series: &[Series],
    name_of: impl Fn(&Series) -> String,
) -> Option<usize> {
    let mut clicked = None;
    for (k, s) in series.iter().enumerate() {
        let total: f64 = s.points.iter().map(|(_, n)| n).sum();
        let row = format!("#{} {}: {total}", k + 1, name_of(s));
        if number_row(ui, Some(COLORS[k % COLORS.len()]), &row).clicked() {
            clicked = Some(k);
        }
    }
    clicked
}

/// Draw the dashboard. `filter` is the document list's filter now (its bar is named above).
pub fn dashboard_ui(
    ui: &mut egui::Ui,
    stats: &Stats,
    schema: &Schema,
    report: Option<&AgreementReport>,
    filter: Option<&DocFilter>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} documents · {} spans · {} events",
            stats.documents, stats.spans, stats.events
        ));
        if let Some(f) = filter
            && ui
                .button(format!("Showing {} ×", f.describe()))
                .on_hover_text("Show every document again")
                .clicked()
        {
            actions.push(Action::FilterDocuments(None));
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("dashboard")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Documents by status.
            heading(ui, "Documents by status");
            let bars = status_bars(stats);
            if let Some(i) = bar_chart_ui(ui, "dashboard status", &bars, |i| COLORS[i], true) {
                actions.push(Action::FilterDocuments(Some(DocFilter::Status(
                    DocStatus::ALL[i],
                ))));
            }
            numbers(ui, "documents by status", |ui| {
                for (i, (name, n)) in bars.iter().enumerate() {
                    if number_row(ui, Some(COLORS[i]), &format!("Documents {name}: {n}")).clicked()
                    {
                        actions.push(Action::FilterDocuments(Some(DocFilter::Status(
                            DocStatus::ALL[i],
                        ))));
                    }
                }
            });

            // Spans per label, in the labels' colours.
            heading(ui, "Spans per label");
            let bars = label_bars(stats, schema);
            let color = |i: usize| {
                bars.get(i)
                    .and_then(|(id, _)| schema.label(&LabelId::new(id.as_str())))
                    .map_or(Color32::GRAY, |l| {
                        let [r, g, b] = l.color.0;
                        Color32::from_rgb(r, g, b)
                    })
            };
            if let Some(i) = bar_chart_ui(ui, "dashboard labels", &bars, color, true) {
                actions.push(Action::FilterDocuments(Some(DocFilter::Label(
                    LabelId::new(bars[i].0.as_str()),
                ))));
            }
            numbers(ui, "spans per label", |ui| {
                for (i, (name, n)) in bars.iter().enumerate() {
                    if number_row(ui, Some(color(i)), &format!("Spans {name}: {n}")).clicked() {
                        actions.push(Action::FilterDocuments(Some(DocFilter::Label(
                            LabelId::new(name.as_str()),
                        ))));
                    }
                }
            });

            // Spans per document (a click opens the document).
            heading(ui, "Spans per document");
            let bars: Vec<(String, f64)> = stats
                .spans_per_document
                .iter()
                .map(|d| (d.title.clone(), d.spans as f64))
                .collect();
            let open = |i: usize| {
                Some(Action::SelectDocument(crate::model::DocId(
                    stats.spans_per_document[i].doc_id.clone(),
                )))
            };
            if let Some(action) =
                bar_chart_ui(ui, "dashboard documents", &bars, |_| COLORS[0], false).and_then(open)
            {
                actions.push(action);
            }
            numbers(ui, "spans per document", |ui| {
                for (i, (title, n)) in bars.iter().enumerate() {
                    if number_row(ui, None, &format!("{}. {title}: {n}", i + 1)).clicked()
                        && let Some(action) = open(i)
                    {
                        actions.push(action);
                    }
                }
            });

            // Events per month, by type and by actor.
            if stats.events > 0 {
                heading(ui, "Events per month by type");
                let (months, series) = month_series(&stats.events_per_month_by_type);
                if let Some(i) = months_chart_ui(ui, "dashboard events by type", &months, &series) {
                    actions.push(Action::FilterDocuments(Some(DocFilter::EventMonth(
                        months[i].clone(),
                    ))));
                }
                if let Some(k) = chart_key(ui, &series, |s| s.name.clone()) {
                    actions.push(Action::FilterDocuments(Some(DocFilter::EventType(
                        series[k].name.clone(),
                    ))));
                }
                numbers(ui, "events per month by type", |ui| {
                    for (k, s) in series.iter().enumerate() {
                        for (month, n) in s.points.iter().filter(|(_, n)| *n > 0.0) {
                            if number_row(
                                ui,
                                Some(COLORS[k % COLORS.len()]),
                                &format!("Events {month} {}: {n}", s.name),
                            )
                            .clicked()
                            {
                                actions.push(Action::FilterDocuments(Some(DocFilter::EventType(
                                    s.name.clone(),
                                ))));
                            }
                        }
                    }
                });

                heading(ui, "Events per month by actor");
                let (months, series) = month_series(&stats.events_per_month_by_actor);
                let full = series.clone();
                let series = top_series(series, TOP_ACTORS);
                if let Some(i) = months_chart_ui(ui, "dashboard events by actor", &months, &series)
                {
                    actions.push(Action::FilterDocuments(Some(DocFilter::EventMonth(
                        months[i].clone(),
                    ))));
                }
                let key = chart_key(ui, &series, |s| {
                    if s.name.is_empty() {
                        "no actor named".to_owned()
                    } else {
                        s.name.clone()
                    }
                });
                if let Some(k) = key {
                    // The last row stands for the actors left out of the chart, when some are.
                    let others = k == series.len() - 1 && full.len() > series.len();
                    if !others && !series[k].name.is_empty() {
                        actions.push(Action::FilterDocuments(Some(DocFilter::Actor(
                            series[k].name.clone(),
                        ))));
                    }
                }
                numbers(ui, "events per month by actor", |ui| {
                    for s in &full {
                        for (month, n) in s.points.iter().filter(|(_, n)| *n > 0.0) {
                            let name = if s.name.is_empty() {
                                "no actor named"
                            } else {
                                s.name.as_str()
                            };
                            if number_row(ui, None, &format!("Events {month} by {name}: {n}"))
                                .clicked()
                                && !s.name.is_empty()
                            {
                                actions.push(Action::FilterDocuments(Some(DocFilter::Actor(
                                    s.name.clone(),
                                ))));
                            }
                        }
                    }
                });
            }

            // The registry entities most mentioned (a click shows the documents naming one).
            let top: Vec<&crate::stats::EntityStats> = stats
                .entities
                .iter()
                .filter(|e| e.mentions > 0)
                .take(TOP_ENTITIES)
                .collect();
            if !top.is_empty() {
                heading(ui, "Entities most mentioned");
                let bars: Vec<(String, f64)> = top
                    .iter()
                    .map(|e| (e.name.clone(), e.mentions as f64))
                    .collect();
                let show = |i: usize| {
                    Action::FilterDocuments(Some(DocFilter::Entity(top[i].id.clone())))
                };
                if let Some(i) = bar_chart_ui(ui, "dashboard entities", &bars, |_| COLORS[2], false)
                {
                    actions.push(show(i));
                }
                numbers(ui, "entities most mentioned", |ui| {
                    for (i, e) in top.iter().enumerate() {
                        let row = format!(
                            "{}. {}: {} mentions in {} documents; events as actor {}, target {}, place {}",
                            i + 1,
                            e.name,
                            e.mentions,
                            e.documents,
                            e.events_as_actor,
                            e.events_as_target,
                            e.events_as_place
                        );
                        if number_row(ui, None, &row).clicked() {
                            actions.push(show(i));
                        }
                    }
                });
            }

            // Progress: spans made so far, by day.
            let progress = stats.progress();
            if !progress.is_empty() {
                heading(ui, "Annotation progress (spans made, running total)");
                let points: Vec<[f64; 2]> = progress
                    .iter()
                    .enumerate()
                    .map(|(i, (_, n))| [i as f64, *n as f64])
                    .collect();
                let days: Vec<String> = progress.iter().map(|(d, _)| d.clone()).collect();
                let axis_days = days.clone();
                let response = plot("dashboard progress")
                    .show_axes([true, true])
                    .x_axis_formatter(move |mark, _| {
                        let i = mark.value.round();
                        if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                            return String::new();
                        }
                        axis_days.get(i as usize).cloned().unwrap_or_default()
                    })
                    .show(ui, |p| {
                        p.line(Line::new("spans", PlotPoints::new(points)).color(COLORS[0]));
                    });
                if let Some(i) = clicked_bar(&response, days.len()) {
                    actions.push(Action::FilterDocuments(Some(DocFilter::CreatedOn(
                        days[i].clone(),
                    ))));
                }
                numbers(ui, "annotation progress", |ui| {
                    for (day, n) in &progress {
                        if number_row(ui, None, &format!("Spans by {day}: {n}")).clicked() {
                            actions.push(Action::FilterDocuments(Some(DocFilter::CreatedOn(
                                day.clone(),
                            ))));
                        }
                    }
                });
            }

            // Agreement, while reviewing.
            if let Some(report) = report {
                heading(ui, "Agreement per label (mean exact F1)");
                let bars: Vec<(String, f64)> = report
                    .labels
                    .iter()
                    .map(|l| (l.label.clone(), l.exact_f1.unwrap_or(0.0)))
                    .collect();
                if let Some(i) = bar_chart_ui(
                    ui,
                    "dashboard agreement labels",
                    &bars,
                    |i| COLORS[i % COLORS.len()],
                    true,
                ) {
                    actions.push(Action::FilterDocuments(Some(DocFilter::Label(
                        LabelId::new(bars[i].0.as_str()),
                    ))));
                }
                numbers(ui, "agreement per label", |ui| {
                    for l in &report.labels {
                        number_row(
                            ui,
                            None,
                            &format!(
                                "Agreement {}: {}",
                                l.label,
                                l.exact_f1.map_or("–".to_owned(), |f| format!("{f:.2}"))
                            ),
                        );
                    }
                });
                heading(ui, "Agreement per document (mean exact F1)");
                let bars: Vec<(String, f64)> = report
                    .per_document
                    .iter()
                    .map(|d| (d.title.clone(), d.exact_f1.unwrap_or(0.0)))
                    .collect();
                let open = |i: usize| {
                    Some(Action::SelectDocument(crate::model::DocId(
                        report.per_document[i].id.clone(),
                    )))
                };
                if let Some(action) = bar_chart_ui(
                    ui,
                    "dashboard agreement documents",
                    &bars,
                    |_| COLORS[2],
                    false,
                )
                .and_then(open)
                {
                    actions.push(action);
                }
                numbers(ui, "agreement per document", |ui| {
                    for (i, d) in report.per_document.iter().enumerate() {
                        let f1 = d.exact_f1.map_or("–".to_owned(), |f| format!("{f:.2}"));
                        if number_row(ui, None, &format!("{}. {}: {f1}", i + 1, d.title)).clicked()
                            && let Some(action) = open(i)
                        {
                            actions.push(action);
                        }
                    }
                });
            }
        });
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_draw_the_stats() {
        let project = crate::assets::sample_project();
        let stats = Stats::of(&project);
        let status: f64 = status_bars(&stats).iter().map(|b| b.1).sum();
        assert_eq!(status as usize, stats.documents);
        for (label, n) in label_bars(&stats, project.schema()) {
            assert_eq!(stats.spans_per_label[&label] as f64, n);
        }
        let (months, series) = month_series(&stats.events_per_month_by_type);
        let total: f64 = series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .sum();
        assert_eq!(total as usize, stats.events);
        for s in &series {
            for (m, n) in &s.points {
                let want = stats.events_per_month_by_type[m]
                    .get(&s.name)
                    .copied()
                    .unwrap_or(0);
                assert_eq!(*n as usize, want);
            }
        }
        assert!(
            months
                .windows(2)
                .all(|w| w[0] < w[1] || w[1] == crate::stats::UNDATED)
        );
        let (_, actors) = month_series(&stats.events_per_month_by_actor);
        let top = top_series(actors.clone(), 2);
        let sum =
            |v: &[Series]| -> f64 { v.iter().flat_map(|s| s.points.iter().map(|p| p.1)).sum() };
        assert_eq!(sum(&top), sum(&actors));
        assert!(top.len() <= 3);
    }
}
