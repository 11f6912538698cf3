//! What several GUI tests share: the check that every node showing Arabic in the AccessKit
//! tree was drawn by a bidi widget (egui's own text would show it in the wrong order).

use egui_kittest::Harness;
use egui_kittest::kittest::NodeT;
use hamish::gui::HamishApp;
use hamish::gui::pane::bidi_widget_ids;
use std::collections::HashSet;

/// Whether `s` holds an Arabic letter.
pub fn has_arabic(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'))
}

/// Every node that shows Arabic (label or value) must come from a bidi widget, and at least
/// `min` such nodes must be on screen (so that the check saw what it is about). Call
/// `hamish::gui::pane::audit_bidi_widgets` on the context first.
pub fn assert_all_arabic_is_bidi(h: &Harness<'_, HamishApp>, context: &str, min: usize) {
    let bidi: HashSet<_> = bidi_widget_ids(&h.ctx)
        .into_iter()
        .map(|id| id.accesskit_id())
        .collect();
    let mut offenders = Vec::new();
    let mut arabic = 0;
    for node in h.root().children_recursive() {
        let n = node.accesskit_node();
        let shown = [n.label(), n.value()];
        if shown.iter().flatten().any(|s| has_arabic(s)) {
            arabic += 1;
            if !bidi.contains(&n.locate().0) {
                offenders.push(format!("{:?} {:?} {:?}", n.role(), n.label(), n.value()));
            }
        }
    }
    assert!(
        arabic >= min,
        "{context}: the check saw only {arabic} Arabic nodes"
    );
    assert!(
        offenders.is_empty(),
        "{context}: drawn without bidi:\n{}",
        offenders.join("\n")
    );
}
