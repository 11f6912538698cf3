//! Entities in the real app, through AccessKit: the selected span's entity field unlinks,
//! follows the registry's suggestion, links through a type-ahead over names and aliases, and
//! makes a new entity from a span in one undo step; the spans tab finds the unlinked spans.

mod common;
use common::{add_span, assert_all_arabic_is_bidi, one_document, open_app_sized};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamish::gui::entity_field::entity_text;
use hamish::gui::{Action, HamishApp};
use hamish::model::{Annotator, DocId, Edit, EntityKind, Project, SpanId, Timestamp};

/// The app, tall enough for the spans tab's entity field below the list.
fn open(project: Project) -> Harness<'static, HamishApp> {
    open_app_sized(project, [1400.0, 1000.0])
}

fn settle(h: &mut Harness<'static, HamishApp>) {
    h.run_steps(4);
}

fn link_of(h: &Harness<'static, HamishApp>, doc: &DocId, span: SpanId) -> Option<String> {
    let d = h.state().session.project().document(doc)?;
    d.span(span)?.entity.as_ref().map(|e| e.to_string())
}

/// The first group span of the sample's first document and the entity it links to.
fn a_group(h: &Harness<'static, HamishApp>) -> (DocId, SpanId, String) {
    let p = h.state().session.project();
    let doc = &p.documents()[0];
    let span = doc
        .spans()
        .iter()
        .find(|s| s.label.as_str() == "GROUP" && s.entity.is_some())
        .expect("the sample's groups are linked");
    (
        doc.id().clone(),
        span.id,
        span.entity.as_ref().unwrap().to_string(),
    )
}

#[test]
fn unlink_then_link_by_suggestion_and_by_type_ahead() {
    let mut h = open(hamish::assets::sample_project());
    let (doc, span, entity) = a_group(&h);
    h.state_mut().push(Action::SelectDocument(doc.clone()));
    h.state_mut().push(Action::SelectSpan(Some(span)));
    settle(&mut h);
    let name = {
        let p = h.state().session.project();
        entity_text(
            p.entity(&hamish::model::EntityId::new(entity.clone()))
                .unwrap(),
        )
    };
    assert!(
        h.query_by_label(&name).is_some(),
        "the linked entity is shown"
    );
    h.get_by_label("Unlink").click();
    settle(&mut h);
    assert_eq!(link_of(&h, &doc, span), None);
    // The registry knows the span's spelling: it is suggested, not applied.
    let suggested = format!("Link to {name}");
    assert!(h.query_by_label("Suggested:").is_some());
    h.get_by_label(&suggested).click();
    settle(&mut h);
    assert_eq!(link_of(&h, &doc, span).as_deref(), Some(entity.as_str()));
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    assert_eq!(link_of(&h, &doc, span), None, "one undo per link");

    // Another group, found by one of its aliases typed in the field.
    let other = {
        let p = h.state().session.project();
        p.entities()
            .iter()
            .find(|e| {
                e.kind == EntityKind::Group && e.id.as_str() != entity && !e.aliases.is_empty()
            })
            .cloned()
            .unwrap()
    };
    h.get_by_label("Find an entity").click();
    settle(&mut h);
    h.event(egui::Event::Text(other.aliases[0].clone()));
    settle(&mut h);
    h.get_by_label(&format!("Link to {}", entity_text(&other)))
        .click();
    settle(&mut h);
    assert_eq!(link_of(&h, &doc, span).as_deref(), Some(other.id.as_str()));
    assert_all_arabic_is_bidi(&h, "entity field", 4);
}

#[test]
fn a_new_entity_from_a_span_is_one_undo_step_and_unlinked_spans_are_found() {
    let text = "أعلنت جماعة أنصار الساحل الجديدة مسؤوليتها عن الهجوم قرب بوريم.";
    let (mut project, id) = one_document("بيان", text);
    let spans: Vec<SpanId> = [
        ("جماعة أنصار الساحل", "GROUP"),
        ("بوريم", "PLACE"),
        ("الهجوم", "EVENT"),
    ]
    .into_iter()
    .map(|(w, l)| add_span(&mut project, &id, w, l))
    .collect();
    let mut h = open(project);
    h.state_mut().push(Action::SelectDocument(id.clone()));
    settle(&mut h);
    // Only unlinked groups and places: the two, not the event.
    h.get_by_label("Only unlinked groups and places").click();
    settle(&mut h);
    assert!(
        h.query_by_label_contains("GROUP · جماعة أنصار الساحل")
            .is_some()
    );
    assert!(h.query_by_label_contains("PLACE · بوريم").is_some());
    assert!(h.query_by_label_contains("EVENT · الهجوم").is_none());
    h.state_mut().push(Action::SelectSpan(Some(spans[0])));
    settle(&mut h);
    h.get_by_label("New entity from this span").click();
    settle(&mut h);
    let made = link_of(&h, &id, spans[0]).expect("linked to the new entity");
    {
        let p = h.state().session.project();
        let e = p
            .entity(&hamish::model::EntityId::new(made.clone()))
            .unwrap();
        assert_eq!(
            (e.kind, e.name_ar.as_str()),
            (EntityKind::Group, "جماعة أنصار الساحل")
        );
    }
    // Linked now: no longer among the unlinked.
    assert!(
        h.query_by_label_contains("GROUP · جماعة أنصار الساحل")
            .is_none()
    );
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    assert_eq!(link_of(&h, &id, spans[0]), None);
    assert!(
        h.state().session.project().entities().is_empty(),
        "one undo takes back both"
    );
}

/// The entities tab: counts per entity, a mention opened by a click, and a merge that one undo
/// takes back.
#[test]
fn the_entities_tab_lists_jumps_and_merges() {
    let mut h = open(hamish::assets::sample_project());
    h.key_press(egui::Key::F6);
    settle(&mut h);
    let n = h.state().session.project().entities().len();
    assert!(h.query_by_label(&format!("{n} entit(ies)")).is_some());
    // Two groups with mentions, the second merged into the first.
    let (keep, absorb) = {
        let p = h.state().session.project();
        let mut with: Vec<_> = p
            .entities()
            .iter()
            .filter(|e| e.kind == EntityKind::Group && !p.mentions_of(&e.id).is_empty())
            .cloned()
            .collect();
        with.truncate(2);
        (with[0].clone(), with[1].clone())
    };
    let moved = h.state().session.project().mentions_of(&absorb.id).len();
    let kept = h.state().session.project().mentions_of(&keep.id).len();
    h.get_by_label("Entity filter").click();
    settle(&mut h);
    h.event(egui::Event::Text(absorb.name_ar.clone()));
    settle(&mut h);
    assert!(
        h.query_by_label_contains(&format!("{moved} mention(s), "))
            .is_some()
    );
    let row = format!("document(s) · {}", entity_text(&absorb));
    h.get_by_label_contains(&row).click();
    settle(&mut h);
    // Its first mention opens the document with the span selected.
    let (d, s) = h.state().session.project().mentions_of(&absorb.id)[0];
    let (doc, span, title, text) = {
        let p = h.state().session.project();
        let doc = &p.documents()[d];
        let span = &doc.spans()[s];
        (
            doc.id().clone(),
            span.id,
            doc.title.clone(),
            span.text().to_owned(),
        )
    };
    h.get_by_label(&format!("{text} · {title}")).click();
    settle(&mut h);
    assert_eq!(h.state().selected.as_ref(), Some(&doc));
    assert_eq!(h.state().selection.span(), Some(span));
    // Merge into the other group, found by its Latin name.
    h.get_by_label("Merge into").click();
    settle(&mut h);
    h.event(egui::Event::Text(keep.name_latin.clone()));
    settle(&mut h);
    h.get_by_label(&format!("Merge into {}", entity_text(&keep)))
        .click();
    settle(&mut h);
    {
        let p = h.state().session.project();
        assert!(p.entity(&absorb.id).is_none());
        assert_eq!(p.mentions_of(&keep.id).len(), kept + moved);
    }
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    let p = h.state().session.project();
    assert_eq!(p.mentions_of(&absorb.id).len(), moved);
    assert_eq!(p.mentions_of(&keep.id).len(), kept);
}

/// Annotate-all by entity: every spelling of an entity in the document, reviewed, accepted as
/// spans linked to it in one undo step; over all documents it runs as a background job.
#[test]
fn annotate_all_by_entity_links_every_new_span() {
    use hamish::model::{Entity, EntityId};
    let text =
        "وصل عناصر من فاغنر إلى المدينة.\nوقالت مصادر إن مقاتلي فاجنر انسحبوا، ثم عاد فاغنر.";
    let (mut project, id) = one_document("فاغنر", text);
    let now = Timestamp::now();
    let mut wagner = Entity::new(
        EntityId::new("wagner"),
        EntityKind::Group,
        "فاغنر",
        "Wagner",
    );
    wagner.aliases = vec!["فاجنر".into()];
    project
        .apply(Edit::AddEntity { entity: wagner }, &now)
        .unwrap();
    let span_id = add_span(&mut project, &id, "فاغنر", "GROUP");
    project
        .apply(
            Edit::LinkSpan {
                doc: id.clone(),
                span: span_id,
                entity: Some(EntityId::new("wagner")),
            },
            &now,
        )
        .unwrap();
    let mut h = open(project);
    h.state_mut().push(Action::SelectDocument(id.clone()));
    h.state_mut().push(Action::SelectSpan(Some(span_id)));
    settle(&mut h);
    h.get_by_label("All spellings here").click();
    settle(&mut h);
    let review = h.state().work.review.as_ref().expect("the review list");
    assert_eq!(review.entity.as_ref().map(|e| e.as_str()), Some("wagner"));
    assert_eq!(review.items.len(), 2, "فاجنر and the second فاغنر");
    h.get_by_label("Accept all").click();
    settle(&mut h);
    let linked = |h: &Harness<'static, HamishApp>| {
        h.state().session.project().documents()[0]
            .spans()
            .iter()
            .filter(|s| s.entity.as_ref().is_some_and(|e| e.as_str() == "wagner"))
            .count()
    };
    assert_eq!(linked(&h), 3);
    h.state_mut().push(Action::Undo);
    settle(&mut h);
    assert_eq!(linked(&h), 1, "one undo takes back every new span");
    // All documents: in the background, then the same review.
    h.get_by_label("All spellings, all documents").click();
    h.step();
    while h.state().job_running() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    settle(&mut h);
    assert_eq!(
        h.state().work.review.as_ref().map(|r| r.items.len()),
        Some(2)
    );
}

/// A registry of 2,000 entities: the tab counts them all but draws only the rows in view.
#[test]
fn the_entities_tab_draws_only_the_rows_in_view() {
    use hamish::model::{Entity, EntityId};
    let mut project = Project::new("t", Annotator::new("Amina"));
    let now = Timestamp::now();
    for i in 0..2000 {
        let e = Entity::new(
            EntityId::new(format!("g{i}")),
            EntityKind::Group,
            format!("جماعة رقم {i}"),
            format!("Group {i}"),
        );
        project.apply(Edit::AddEntity { entity: e }, &now).unwrap();
    }
    let mut h = open(project);
    h.key_press(egui::Key::F6);
    settle(&mut h);
    assert!(h.query_by_label("2000 entit(ies)").is_some());
    let drawn = h.query_all_by_label_contains("mention(s), ").count();
    assert!(drawn > 3 && drawn < 60, "{drawn} rows drawn of 2000");
    // Filtering finds one far down the list.
    h.get_by_label("Entity filter").click();
    settle(&mut h);
    h.event(egui::Event::Text("Group 1999".into()));
    settle(&mut h);
    assert!(
        h.query_by_label("0 mention(s), 0 document(s) · جماعة رقم 1999 · Group 1999")
            .is_some()
    );
}
