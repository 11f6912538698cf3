//! The agreement bar chart: exact and overlap F1 per label (mean over annotator pairs).

use crate::review::AgreementReport;
use egui_plot::{Bar, BarChart, Plot};

pub fn agreement_chart_ui(ui: &mut egui::Ui, report: &AgreementReport) {
    let exact: Vec<Bar> = report
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Bar::new(i as f64 - 0.2, l.exact_f1.unwrap_or(0.0))
                .width(0.35)
                .name(&l.label)
        })
        .collect();
    let overlap: Vec<Bar> = report
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Bar::new(i as f64 + 0.2, l.overlap_f1.unwrap_or(0.0))
                .width(0.35)
                .name(&l.label)
        })
        .collect();
    let names: Vec<String> = report.labels.iter().map(|l| l.label.clone()).collect();
    // The key is a line under the chart: a legend inside the plot covers the bars at a side
    // panel's width.
    Plot::new("review agreement chart")
        .height(160.0)
        .show_grid([false, true])
        .include_y(0.0)
        .include_y(1.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _range| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("exact F1", exact));
            plot.bar_chart(BarChart::new("overlap F1", overlap));
        });
    ui.weak("Per label: exact F1 (left bar), overlap F1 (right bar).");
}
