//! Reviewing events in the real app: two annotators frame one ambush differently (type, Place,
//! factuality); the adjudicator steps to the event disagreement, sees both frames and the
//! classified issues, composes the gold frame from both (Amina's type and town, Yusuf's second
//! town and factuality), saves the gold and finds in the file who had each argument and value.

mod common;
use common::{add_span, assert_all_arabic_is_bidi, one_document, open_app};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamish::format::{load_project, save_project};
use hamish::gui::{Action, HamishApp};
use hamish::model::{
    Annotator, AttrOwner, AttrValue, AttributeId, Edit, EventTypeId, Project, RoleId, Timestamp,
};

const TEXT: &str = "أعلنت جماعة نصرة الإسلام والمسلمين مسؤوليتها عن كمين قرب بوريم في منطقة غاو.";

/// One annotator's file: the ambush typed `ty`, with `places` as Place and `factuality`.
fn annotator(name: &str, ty: &str, places: &[&str], factuality: &str) -> Project {
    let (mut p, doc) = one_document("كمين قرب بوريم", TEXT);
    p.annotator = Annotator::new(name);
    let now = Timestamp("2026-12-04T09:00:00Z".into());
    let trigger = add_span(&mut p, &doc, "كمين", "EVENT");
    let (edit, event) = p
        .set_event_type_edit(&doc, trigger, EventTypeId::new(ty), &now)
        .unwrap();
    p.apply(edit, &now).unwrap();
    for place in places {
        let span = add_span(&mut p, &doc, place, "PLACE");
        let fill = p
            .fill_role_edit(&doc, event, &RoleId::new("Place"), span, &now)
            .unwrap();
        p.apply(fill, &now).unwrap();
    }
    p.apply(
        Edit::SetAttribute {
            doc: doc.clone(),
            on: AttrOwner::Event(event),
            attribute: AttributeId::new("factuality"),
            value: Some(AttrValue::Choice(factuality.into())),
        },
        &now,
    )
    .unwrap();
    p
}

fn settle(h: &mut Harness<'static, HamishApp>) {
    h.run_steps(4);
}

/// Scroll the widget labelled `label` into view (the review panel is long), then click it.
fn click(h: &mut Harness<'static, HamishApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    settle(h);
    h.get_by_label(label).click();
    settle(h);
}

fn wait_for_job(h: &mut Harness<'static, HamishApp>) {
    h.step();
    h.step();
    while h.state().job_running() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    settle(h);
}

#[test]
fn compose_a_gold_frame_from_two_annotators_and_save_it_with_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let amina = annotator("Amina", "armed_clash", &["بوريم"], "claimed");
    let yusuf = annotator("Yusuf", "attack", &["غاو"], "asserted");
    let colleague = dir.path().join("yusuf.hamish.ron");
    save_project(&colleague, &yusuf).unwrap();

    let mut h = open_app(amina);
    h.state_mut().push(Action::ToggleReview);
    settle(&mut h);
    h.state_mut().push(Action::ReviewAddFile(colleague));
    wait_for_job(&mut h);
    assert_eq!(h.state().review.colleagues.len(), 1);

    // Span placement measures and the event scores head the panel.
    assert!(h.query_by_label_contains("Unitizing alpha (αu").is_some());
    assert!(h.query_by_label_contains("Gamma (γ").is_some());
    assert!(
        h.query_by_label_contains("Argument F1 per role: ")
            .is_some()
    );
    // One event to review; its issues name what differs and who has what.
    h.get_by_label("1 event(s) to review, 1 undecided");
    click(&mut h, "Next event");
    h.get_by_label("event 1 of 1");
    assert!(h.query_by_label("• type conflict").is_some());
    assert!(h.query_by_label("• different argument (Place)").is_some());
    assert!(h.query_by_label_contains("Amina: Armed clash").is_some());
    assert!(h.query_by_label_contains("Yusuf: Attack").is_some());
    assert!(h.query_by_label("  Place: «غاو»").is_some());

    // Compose from Amina's frame, add Yusuf's town, take Yusuf's factuality.
    click(&mut h, "Compose from Amina's frame");
    click(&mut h, "Place غاو (Yusuf)");
    click(&mut h, "factuality asserted (Yusuf)");
    click(&mut h, "Event rationale");
    h.get_by_label("Event rationale")
        .type_text("both towns are named; the claim is reported as fact");
    settle(&mut h);
    assert_all_arabic_is_bidi(&h, "event review", 6);
    click(&mut h, "Use the composed frame");
    h.get_by_label("1 event(s) to review, 0 undecided");
    h.get_by_label("Event decision: composed");

    // Save the gold and read it back from the file.
    let gold_path = dir.path().join("gold.hamish.ron");
    h.state_mut()
        .push(Action::ReviewSaveGold(gold_path.clone()));
    settle(&mut h);
    let gold = load_project(&gold_path).unwrap().project;
    let doc = &gold.documents()[0];
    let [event] = doc.events() else {
        panic!("one gold event: {:?}", doc.events())
    };
    assert_eq!(event.event_type.as_str(), "armed_clash");
    let places: Vec<&str> = event
        .fillers(&RoleId::new("Place"))
        .map(|id| doc.span(id).unwrap().text())
        .collect();
    assert_eq!(places, ["بوريم", "غاو"]);
    assert_eq!(
        event.attrs.get(&AttributeId::new("factuality")),
        Some(&AttrValue::Choice("asserted".into()))
    );
    let p = event
        .provenance
        .as_ref()
        .expect("the gold event's provenance");
    assert_eq!(p.decided_by, "Amina");
    assert_eq!(p.annotators, ["Amina"], "who gave the gold's type");
    assert_eq!(p.taken_from, None, "composed, not taken whole");
    assert_eq!(
        p.rationale.as_deref(),
        Some("both towns are named; the claim is reported as fact")
    );
    for arg in &event.args {
        let who = event
            .argument_from(arg)
            .expect("each argument's provenance");
        let expected = if doc.span(arg.span).unwrap().text() == "بوريم" {
            "Amina"
        } else {
            "Yusuf"
        };
        assert_eq!(who, [expected]);
    }
    assert_eq!(p.attributes[&AttributeId::new("factuality")], ["Yusuf"]);
    // The gold validates: every span the frame needs is there.
    assert!(gold.validate().is_empty(), "{:?}", gold.validate());
}
