//! What the review panel shows of events and span placement: the headline event-extraction
//! scores (trigger and argument identification and classification, relations, mean F1 over
//! annotator pairs), Krippendorff's unitizing alpha overall and per label, γ, the disagreements
//! on frames counted by kind, and a bar chart of argument classification F1 per role.

use crate::review::AgreementReport;
use egui_plot::{Bar, BarChart, Plot};

fn fmt(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{x:.3}"))
}

/// The summary lines and the per-role chart.
pub fn frames_summary_ui(ui: &mut egui::Ui, report: &AgreementReport) {
    let u = &report.unitizing;
    ui.label(format!(
        "Unitizing alpha (αu, placement on characters): {}",
        fmt(u.overall)
    ));
    ui.horizontal_wrapped(|ui| {
        for l in &u.per_label {
            ui.weak(format!("{} {}", l.label, fmt(l.alpha_u)));
        }
    });
    if let Some(g) = &report.gamma {
        ui.label(format!(
            "Gamma (γ, placement and labels, overlaps allowed): {}",
            fmt(g.overall)
        ));
    }
    let f = &report.frames;
    if f.events.iter().all(|&n| n == 0) && f.relations.iter().all(|&n| n == 0) {
        ui.weak("No events or relations in these files.");
        return;
    }
    ui.label(egui::RichText::new("Events").strong());
    let m = &f.mean;
    ui.weak("F1, mean over pairs of annotators:");
    for (name, value) in [
        ("triggers found", m.trigger_identification_f1),
        ("triggers typed", m.trigger_classification_f1),
        ("arguments found", m.argument_identification_f1),
        ("arguments in their role", m.argument_classification_f1),
        ("relations typed", m.relation_classification_f1),
    ] {
        ui.label(format!("{name}: {}", fmt(value)));
    }
    let counts: Vec<String> = f
        .issue_counts
        .iter()
        .filter(|&(_, &n)| n > 0)
        .map(|(issue, n)| format!("{} {n}", issue.name()))
        .collect();
    if !counts.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label("Frame disagreements:");
            for c in counts {
                ui.weak(c);
            }
        });
    }
    role_chart_ui(ui, report);
}

/// Argument classification F1 per role, mean over the annotator pairs where the role occurs.
fn role_chart_ui(ui: &mut egui::Ui, report: &AgreementReport) {
    let roles = &report.frames.roles;
    if roles.is_empty() {
        return;
    }
    let bars: Vec<Bar> = roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Bar::new(i as f64, r.f1.unwrap_or(0.0))
                .width(0.6)
                .name(&r.name)
        })
        .collect();
    let names: Vec<String> = roles.iter().map(|r| r.name.clone()).collect();
    // The chart is a picture; its numbers are also readable as text (and through AccessKit).
    ui.label(format!(
        "Argument F1 per role: {}",
        roles
            .iter()
            .map(|r| format!("{} {}", r.name, fmt(r.f1)))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Plot::new("review role chart")
        .height(130.0)
        .include_y(0.0)
        .include_y(1.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .show_grid([false, true])
        .x_axis_formatter(move |mark, _range| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("argument F1 per role", bars));
        });
}
