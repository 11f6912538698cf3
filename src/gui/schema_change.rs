//! Turning a schema draft into one edit: labels removed while still in use first have their
//! spans deleted or relabelled, all in one batch, so the change is one undo step.

use super::work::{Removal, SchemaDraft};
use crate::model::{Edit, LabelId, Project};

/// The one-step edit for a schema draft: labels removed while in use first get their spans
/// deleted or relabelled, all in one batch.
pub fn schema_edit(project: &Project, draft: &SchemaDraft) -> Result<Edit, String> {
    let mut hotkeys = std::collections::HashSet::new();
    for label in &draft.schema.labels {
        if label.name.trim().is_empty() {
            return Err(format!("label {} needs a name", label.id));
        }
        if let Some(key) = label.hotkey.as_deref().filter(|k| !k.is_empty()) {
            if !super::commands::hotkey_is_free(key) {
                return Err(format!(
                    "hotkey {key:?} of {} is not a free single key",
                    label.id
                ));
            }
            if !hotkeys.insert(key.to_owned()) {
                return Err(format!("hotkey {key:?} is used twice"));
            }
        }
    }
    let mut schema = draft.schema.clone();
    for label in &mut schema.labels {
        if label.hotkey.as_deref() == Some("") {
            label.hotkey = None;
        }
    }
    let mut edits = Vec::new();
    if !draft.removed.is_empty() {
        // First a schema with both the new and the removed labels, so relabelling to a new
        // label works; then the spans; then the final schema.
        let mut both = schema.clone();
        for old in &project.schema().labels {
            if !both.contains(&old.id) {
                both.labels.push(old.clone());
            }
        }
        edits.push(Edit::SetSchema { schema: both });
        for (label, removal) in &draft.removed {
            if let Removal::RelabelTo(to) = removal
                && !schema.contains(to)
            {
                return Err(format!("{to} is not a label any more"));
            }
            for doc in project.documents() {
                for span in doc.spans().iter().filter(|s| &s.label == label) {
                    edits.push(match removal {
                        Removal::Delete => Edit::RemoveSpan {
                            doc: doc.id().clone(),
                            span: span.id,
                        },
                        Removal::RelabelTo(to) => Edit::Relabel {
                            doc: doc.id().clone(),
                            span: span.id,
                            label: to.clone(),
                        },
                    });
                }
            }
        }
    }
    edits.push(Edit::SetSchema { schema });
    Ok(Edit::Batch { edits })
}

/// The span count of a label in the whole project.
pub fn label_use(project: &Project, label: &LabelId) -> usize {
    project
        .documents()
        .iter()
        .flat_map(|d| d.spans())
        .filter(|s| &s.label == label)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, CharRange, Document, Label, Timestamp};

    #[test]
    fn removing_a_used_label_relabels_or_deletes_in_one_batch() {
        let mut p = Project::new("t", Annotator::new("A"));
        let now = Timestamp::now();
        let doc = Document::new("1", "", "دخلت فاغنر تمبكتو");
        let id = doc.id().clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        for (s, e, l) in [(5, 10, "GROUP"), (11, 17, "PLACE")] {
            let span = p
                .new_span(&id, CharRange::new(s, e), LabelId::new(l), &now)
                .unwrap();
            p.apply(
                Edit::AddSpan {
                    doc: id.clone(),
                    span,
                },
                &now,
            )
            .unwrap();
        }
        let mut schema = p.schema().clone();
        schema.labels.retain(|l| l.id.as_str() != "PLACE");
        let mut town = schema.labels[0].clone();
        town.id = LabelId::new("TOWN");
        town.name = "Town".into();
        town.hotkey = Some("5".into());
        schema.labels.push(Label { ..town });
        let draft = SchemaDraft {
            schema,
            new_id: String::new(),
            removed: vec![(
                LabelId::new("PLACE"),
                Removal::RelabelTo(LabelId::new("TOWN")),
            )],
            error: String::new(),
        };
        let edit = schema_edit(&p, &draft).unwrap();
        let before = p.clone();
        let inverse = p.apply(edit, &now).unwrap();
        assert!(!p.schema().contains(&LabelId::new("PLACE")));
        assert_eq!(p.documents()[0].spans()[1].label, LabelId::new("TOWN"));
        p.apply(inverse, &now).unwrap();
        assert_eq!(p, before);

        let draft = SchemaDraft {
            removed: vec![(LabelId::new("PLACE"), Removal::Delete)],
            ..draft
        };
        let mut draft = draft;
        draft.schema.labels.retain(|l| l.id.as_str() != "TOWN");
        p.apply(schema_edit(&p, &draft).unwrap(), &now).unwrap();
        assert_eq!(p.span_count(), 1);

        draft.schema.labels[0].hotkey = Some("2".into());
        draft.schema.labels[1].hotkey = Some("2".into());
        assert!(schema_edit(&p, &draft).unwrap_err().contains("twice"));
        draft.schema.labels[1].hotkey = Some("12".into());
        assert!(schema_edit(&p, &draft).is_err());
    }
}
