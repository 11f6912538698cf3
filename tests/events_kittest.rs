//! Event frames in the real app, through AccessKit and the keyboard: a trigger labelled with
//! the Event key opens its frame with the type field ready; the type is picked by typing; Actor
//! is filled by selecting new text and pressing the Group key, Place by clicking a span in the
//! article while its slot is active, Time by selecting the date and pressing the Date key;
//! Tab moves between slots; an attribute is set; every step is one undo step; deleting an argument's span updates the frame and one undo restores both.
//! A relation is made with Relate to… (Ctrl+R), a click on the other span and its type.
//! Suggested arguments are shown, not applied, and Enter accepts them in one undo step.

mod common;
use common::{add_span, assert_all_arabic_is_bidi, chars_of, one_document, open_app};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamish::gui::dock::DockTab;
use hamish::gui::{Action, HamishApp};
use hamish::model::{AttrValue, AttributeId, CharRange, DocId, Event, RoleId, SpanId, Timestamp};

const TEXT: &str = "أعلنت جماعة نصرة الإسلام والمسلمين مسؤوليتها عن كمين قرب بوريم في منطقة غاو \
يوم 3 سبتمبر 2023، قتل فيه جنديان.";

/// Where `words` are in the text, in characters.
fn range_of(words: &str) -> CharRange {
    chars_of(TEXT, words)
}

fn app() -> (Harness<'static, HamishApp>, DocId) {
    let (project, id) = one_document("كمين قرب بوريم", TEXT);
    let mut h = open_app(project);
    h.state_mut().push(Action::SelectDocument(id.clone()));
    h.run();
    (h, id)
}

fn settle(h: &mut Harness<'static, HamishApp>) {
    h.run_steps(4);
}

/// Select `words` in the article and press `key` (a label hotkey).
fn label(h: &mut Harness<'static, HamishApp>, words: &str, key: egui::Key) {
    h.state_mut()
        .push(Action::SetSelection(Some(range_of(words))));
    settle(h);
    h.key_press(key);
    settle(h);
}

fn event(h: &Harness<'static, HamishApp>, doc: &DocId) -> Option<Event> {
    h.state()
        .session
        .project()
        .document(doc)?
        .events()
        .first()
        .cloned()
}

fn span_at(h: &Harness<'static, HamishApp>, doc: &DocId, words: &str) -> Option<SpanId> {
    let range = range_of(words);
    h.state()
        .session
        .project()
        .document(doc)?
        .spans()
        .iter()
        .find(|s| s.range() == range)
        .map(|s| s.id)
}

fn fillers(h: &Harness<'static, HamishApp>, doc: &DocId, role: &str) -> Vec<SpanId> {
    event(h, doc).map_or_else(Vec::new, |e| e.fillers(&RoleId::new(role)).collect())
}

fn undo_redo_keeps(
    h: &mut Harness<'static, HamishApp>,
    check: impl Fn(&Harness<'static, HamishApp>) -> bool,
) {
    assert!(check(h), "before undo");
    h.state_mut().push(Action::Undo);
    settle(h);
    assert!(!check(h), "undo takes the step back");
    h.state_mut().push(Action::Redo);
    settle(h);
    assert!(check(h), "redo puts it again");
}

#[test]
fn an_event_frame_made_with_the_keyboard_and_a_click() {
    let (mut h, doc) = app();

    // The Event key on the trigger: the span, its frame open, the type field focused.
    label(&mut h, "كمين", egui::Key::Num3);
    let trigger = span_at(&h, &doc, "كمين").expect("the trigger span");
    assert!(h.state().prefs.layout.dock.shows(DockTab::Event));
    assert_eq!(h.state().frame.trigger, Some(trigger));
    assert!(event(&h, &doc).is_none(), "no event before a type");
    h.event(egui::Event::Text("armed clash".into()));
    settle(&mut h);
    assert!(h.query_by_label_contains("Armed clash · ").is_some());
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let made = event(&h, &doc).expect("the event");
    assert_eq!(made.event_type.as_str(), "armed_clash");
    assert_eq!(made.trigger, trigger);
    undo_redo_keeps(&mut h, |h| event(h, &doc).is_some());
    // The first slot is active once the type is chosen.
    assert_eq!(h.state().frame.slot, Some(RoleId::new("Actor")));

    // Actor by selecting new text and pressing the Group key: one undo step for both.
    label(&mut h, "جماعة نصرة الإسلام والمسلمين", egui::Key::Num1);
    let group = span_at(&h, &doc, "جماعة نصرة الإسلام والمسلمين").expect("the group span");
    assert_eq!(fillers(&h, &doc, "Actor"), [group]);
    assert_eq!(h.state().selection.span(), Some(trigger), "the frame stays");
    undo_redo_keeps(&mut h, |h| {
        span_at(h, &doc, "جماعة نصرة الإسلام والمسلمين").is_some()
            && fillers(h, &doc, "Actor").len() == 1
    });

    // A Place key on text while Actor is active labels as usual (Actor takes groups only).
    label(&mut h, "بوريم", egui::Key::Num2);
    let place = span_at(&h, &doc, "بوريم").expect("the place span");
    assert!(fillers(&h, &doc, "Actor").len() == 1 && fillers(&h, &doc, "Place").is_empty());

    // Back on the trigger, Tab twice: Actor → Target → Place.
    h.state_mut().push(Action::SelectSpan(Some(trigger)));
    settle(&mut h);
    h.get_by_label("span EVENT كمين").click();
    settle(&mut h);
    for _ in 0..2 {
        h.key_press(egui::Key::Tab);
        settle(&mut h);
    }
    assert_eq!(h.state().frame.slot, Some(RoleId::new("Place")));
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
    settle(&mut h);
    assert_eq!(h.state().frame.slot, Some(RoleId::new("Target")));
    // The Place slot by its button, then a click on the place in the article fills it.
    h.get_by_label("Place").click();
    settle(&mut h);
    assert_eq!(h.state().frame.slot, Some(RoleId::new("Place")));
    h.get_by_label("span PLACE بوريم").click();
    settle(&mut h);
    assert_eq!(fillers(&h, &doc, "Place"), [place]);
    assert_eq!(h.state().selection.span(), Some(trigger));
    undo_redo_keeps(&mut h, |h| fillers(h, &doc, "Place").len() == 1);
    // Time by selecting the date and pressing the Date key, which its slot shows: the DATE
    // span is made and fills Time in one undo step.
    assert!(
        h.query_by_label("key 4").is_some(),
        "the Time slot shows its key"
    );
    h.key_press(egui::Key::Tab);
    settle(&mut h);
    assert_eq!(h.state().frame.slot, Some(RoleId::new("Time")));
    label(&mut h, "3 سبتمبر 2023", egui::Key::Num4);
    let date = span_at(&h, &doc, "3 سبتمبر 2023").expect("the date span");
    assert_eq!(fillers(&h, &doc, "Time"), [date]);
    undo_redo_keeps(&mut h, |h| {
        span_at(h, &doc, "3 سبتمبر 2023").is_some() && fillers(h, &doc, "Time").len() == 1
    });
    // The filler is listed in its slot, with a button to take it out; the tab's Arabic
    // (trigger, fillers, type names) is drawn by the bidi engine.
    assert!(h.query_by_label("Clear Place بوريم").is_some());
    assert_all_arabic_is_bidi(&h, "event frame", 8);

    // An attribute: factuality "claimed" (the group claimed the ambush).
    h.get_by_label("claimed").click();
    settle(&mut h);
    let claimed = |h: &Harness<'static, HamishApp>| {
        event(h, &doc).and_then(|e| e.attrs.get(&AttributeId::new("factuality")).cloned())
            == Some(AttrValue::Choice("claimed".into()))
    };
    undo_redo_keeps(&mut h, claimed);

    // Clearing a filler keeps the span.
    h.get_by_label("Clear Place بوريم").click();
    settle(&mut h);
    assert!(fillers(&h, &doc, "Place").is_empty());
    assert!(span_at(&h, &doc, "بوريم").is_some());
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    assert_eq!(fillers(&h, &doc, "Place"), [place]);

    // Deleting the actor's span empties the role; one undo brings back span and argument.
    h.state_mut().push(Action::DeleteSpan(group));
    settle(&mut h);
    assert!(span_at(&h, &doc, "جماعة نصرة الإسلام والمسلمين").is_none());
    assert!(fillers(&h, &doc, "Actor").is_empty());
    assert!(event(&h, &doc).is_some(), "the event stays");
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    assert_eq!(fillers(&h, &doc, "Actor"), [group]);
    assert!(claimed(&h));
}

#[test]
fn the_type_is_found_by_its_arabic_name_and_changed_later() {
    let (mut h, doc) = app();
    label(&mut h, "كمين", egui::Key::Num3);
    h.event(egui::Event::Text("اشتباك".into()));
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(event(&h, &doc).unwrap().event_type.as_str(), "armed_clash");
    // Another type from the list, by a click: same event, new type, one undo back.
    let id = event(&h, &doc).unwrap().id;
    h.get_by_label("Find a type").click();
    settle(&mut h);
    h.event(egui::Event::Text("attack".into()));
    settle(&mut h);
    h.get_by_role_and_label(
        Role::Button,
        "Attack · هجوم على مدنيين · Violence against civilians",
    )
    .click();
    settle(&mut h);
    let changed = event(&h, &doc).unwrap();
    assert_eq!((changed.id, changed.event_type.as_str()), (id, "attack"));
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    assert_eq!(event(&h, &doc).unwrap().event_type.as_str(), "armed_clash");
}

fn relations(h: &Harness<'static, HamishApp>, doc: &DocId) -> Vec<(SpanId, SpanId, String)> {
    h.state()
        .session
        .project()
        .document(doc)
        .map_or_else(Vec::new, |d| {
            d.relations()
                .iter()
                .map(|r| (r.head, r.tail, r.kind.to_string()))
                .collect()
        })
}

#[test]
fn a_relation_by_command_click_and_type() {
    let (mut h, doc) = app();
    label(&mut h, "بوريم", egui::Key::Num2);
    label(&mut h, "غاو", egui::Key::Num2);
    let (town, region) = (
        span_at(&h, &doc, "بوريم").unwrap(),
        span_at(&h, &doc, "غاو").unwrap(),
    );
    h.state_mut().push(Action::SelectSpan(Some(town)));
    settle(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    settle(&mut h);
    assert!(h.query_by_label_contains("Click the other span").is_some());
    h.get_by_label("span PLACE غاو").click();
    settle(&mut h);
    assert_eq!(h.state().selection.span(), Some(town), "back on the head");
    // Only the types that join two places are offered.
    assert!(h.query_by_label("Allied with").is_none());
    h.get_by_label("Located in").click();
    settle(&mut h);
    assert_eq!(
        relations(&h, &doc),
        [(town, region, "located_in".to_owned())]
    );
    undo_redo_keeps(&mut h, |h| relations(h, &doc).len() == 1);
    // Listed on the span with a button to remove it; one undo brings it back.
    h.get_by_label("Remove Located in → غاو").click();
    settle(&mut h);
    assert!(relations(&h, &doc).is_empty());
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    assert_eq!(relations(&h, &doc).len(), 1);
    // Deleting an end takes the relation with it, and one undo brings back both.
    h.state_mut().push(Action::DeleteSpan(region));
    settle(&mut h);
    assert!(relations(&h, &doc).is_empty());
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    assert_eq!(relations(&h, &doc).len(), 1);
    assert_all_arabic_is_bidi(&h, "relations", 4);
}

#[test]
fn suggested_arguments_are_shown_then_accepted_with_enter_in_one_step() {
    let (mut h, doc) = app();
    label(&mut h, "جماعة نصرة الإسلام والمسلمين", egui::Key::Num1);
    label(&mut h, "بوريم", egui::Key::Num2);
    let group = span_at(&h, &doc, "جماعة نصرة الإسلام والمسلمين").unwrap();
    let place = span_at(&h, &doc, "بوريم").unwrap();
    label(&mut h, "كمين", egui::Key::Num3);
    h.event(egui::Event::Text("clash".into()));
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert!(event(&h, &doc).is_some());
    // Proposed, not applied: the nearest group as Actor, the place after «قرب» as Place.
    assert!(fillers(&h, &doc, "Actor").is_empty());
    assert!(
        h.query_by_label("Accept Actor جماعة نصرة الإسلام والمسلمين")
            .is_some()
    );
    assert!(h.query_by_label("Accept Place بوريم").is_some());
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(fillers(&h, &doc, "Actor"), [group]);
    assert_eq!(fillers(&h, &doc, "Place"), [place]);
    assert!(h.query_by_label("Accept Place بوريم").is_none(), "taken");
    // One undo takes both back; the suggestions come back with them.
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    assert!(fillers(&h, &doc, "Actor").is_empty() && fillers(&h, &doc, "Place").is_empty());
    // One by one: only the place.
    h.get_by_label("Accept Place بوريم").click();
    settle(&mut h);
    assert_eq!(fillers(&h, &doc, "Place"), [place]);
    assert!(fillers(&h, &doc, "Actor").is_empty());
}

/// The events tab on the sample: as many rows as the core list, narrowed by a type, and a click
/// opens the event's document with its trigger selected and its frame shown.
#[test]
fn the_events_list_filters_and_jumps_to_an_event() {
    use hamish::events_list::{EventFilter, ListScope, event_rows};
    let mut h = open_app(hamish::assets::sample_project());
    h.key_press(egui::Key::F4);
    settle(&mut h);
    assert!(h.state().prefs.layout.dock.shows(DockTab::Events));
    h.get_by_label("All documents").click();
    settle(&mut h);
    let all = event_rows(
        h.state().session.project(),
        &ListScope::Project,
        &EventFilter::default(),
    );
    assert!(all.len() > 5);
    assert!(
        h.query_by_label(&format!("{} event(s)", all.len()))
            .is_some()
    );
    // Narrowed to one type.
    let ty = all[all.len() - 1].event_type.clone();
    let of_type = all.iter().filter(|r| r.event_type == ty).count();
    h.state_mut().events_list.event_type = Some(ty);
    settle(&mut h);
    assert!(h.query_by_label(&format!("{of_type} event(s)")).is_some());
    // The row of the last event of that type opens it.
    let row = all
        .iter()
        .rev()
        .find(|r| r.event_type == all[all.len() - 1].event_type)
        .unwrap();
    let text = hamish::gui::events_panel::row_text(row, true);
    h.get_by_label(&text).click();
    settle(&mut h);
    assert_eq!(h.state().selected.as_ref(), Some(&row.doc));
    assert_eq!(h.state().selection.span(), Some(row.trigger));
    assert_eq!(h.state().frame.trigger, Some(row.trigger));
    assert_all_arabic_is_bidi(&h, "events list", 2);
}

/// Arcs over the article: an argument in the trigger's paragraph is an arc labelled with its
/// role; one in another paragraph is a marker at each end naming the role and the other end.
#[test]
fn arcs_and_markers_are_drawn_with_their_roles() {
    let text =
        "نصبت جماعة نصرة الإسلام كمينا قرب بوريم.\nوفي اليوم التالي تبنى الهجوم بيان لتنظيم داعش.";
    let (mut project, id) = one_document("كمين", text);
    let now = Timestamp::now();
    let trigger = add_span(&mut project, &id, "كمينا", "EVENT");
    let group = add_span(&mut project, &id, "جماعة نصرة الإسلام", "GROUP");
    let place = add_span(&mut project, &id, "بوريم", "PLACE");
    let other = add_span(&mut project, &id, "تنظيم داعش", "GROUP");
    let (edit, event) = project
        .set_event_type_edit(
            &id,
            trigger,
            hamish::model::EventTypeId::new("armed_clash"),
            &now,
        )
        .unwrap();
    project.apply(edit, &now).unwrap();
    for (role, s) in [("Actor", group), ("Place", place), ("Target", other)] {
        let e = project
            .fill_role_edit(&id, event, &RoleId::new(role), s, &now)
            .unwrap();
        project.apply(e, &now).unwrap();
    }
    let mut h = open_app(project);
    h.state_mut().push(Action::SelectDocument(id.clone()));
    h.run_steps(6);
    assert!(
        h.query_by_label("arc Actor: كمينا → جماعة نصرة الإسلام")
            .is_some()
    );
    assert!(h.query_by_label("arc Place: كمينا → بوريم").is_some());
    // The target is in the next paragraph: a marker at each end.
    assert!(
        h.query_by_label("marker Target: تنظيم داعش (below)")
            .is_some()
    );
    assert!(h.query_by_label("marker Target: كمينا (above)").is_some());
    // The arc's label sits above the text: over the lines' room, not the words.
    let arc = h.get_by_label("arc Place: كمينا → بوريم").rect();
    let town = h.get_by_label("span PLACE بوريم").rect();
    assert!(arc.max.y <= town.min.y, "{arc:?} over {town:?}");
    // Clicking a marker asks the pane to scroll to the other end (and changes nothing else).
    let before = h.state().session.project().clone();
    h.get_by_label("marker Target: كمينا (above)").click();
    h.run_steps(4);
    assert_eq!(h.state().session.project(), &before);
    assert_all_arabic_is_bidi(&h, "arcs", 4);
}

/// Dragging from the selected trigger onto a span fills the role that takes it: a group as
/// Actor, a place as Place; one undo step each.
#[test]
fn dragging_from_the_trigger_onto_a_span_fills_its_role() {
    let (mut h, doc) = app();
    label(&mut h, "جماعة نصرة الإسلام والمسلمين", egui::Key::Num1);
    label(&mut h, "بوريم", egui::Key::Num2);
    label(&mut h, "كمين", egui::Key::Num3);
    h.event(egui::Event::Text("clash".into()));
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let trigger = span_at(&h, &doc, "كمين").unwrap();
    let group = span_at(&h, &doc, "جماعة نصرة الإسلام والمسلمين").unwrap();
    let place = span_at(&h, &doc, "بوريم").unwrap();
    // No slot active: the role is found by the dropped span's kind.
    h.state_mut().push(Action::Frame(
        hamish::gui::event_frame::FrameAction::ActivateSlot(None),
    ));
    h.state_mut().push(Action::SelectSpan(Some(trigger)));
    settle(&mut h);
    let drag = |h: &mut Harness<'static, HamishApp>, onto: &str| {
        let from = h.get_by_label("span EVENT كمين").rect().center();
        let to = h.get_by_label(onto).rect().center();
        let button = |pos, pressed| egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        };
        h.event(egui::Event::PointerMoved(from));
        h.event(button(from, true));
        h.step();
        for k in 1..=6 {
            let t = k as f32 / 6.0;
            h.event(egui::Event::PointerMoved(from + (to - from) * t));
            h.step();
        }
        h.event(button(to, false));
        settle(h);
    };
    drag(&mut h, "span GROUP جماعة نصرة الإسلام والمسلمين");
    assert_eq!(fillers(&h, &doc, "Actor"), [group]);
    assert_eq!(
        h.state().selection.span(),
        Some(trigger),
        "back on the trigger"
    );
    drag(&mut h, "span PLACE بوريم");
    assert_eq!(fillers(&h, &doc, "Place"), [place]);
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    assert!(fillers(&h, &doc, "Place").is_empty());
    assert_eq!(fillers(&h, &doc, "Actor"), [group]);
}
