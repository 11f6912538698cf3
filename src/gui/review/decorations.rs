//! Review marks for the article pane: one [`Decoration`] per cluster of overlapping spans in
//! the current document, styled by how the annotators relate (agree, label conflict, boundary
//! conflict, only some), with a tooltip naming each annotator's version.

use crate::gui::decoration::{Decoration, DecorationStyle};
use crate::model::DocId;
use crate::review::{Adjudication, Agreement};

/// The decorations of document `doc` (empty when it is not part of the review).
pub fn review_decorations(adj: &Adjudication, doc: &DocId) -> Vec<Decoration> {
    let al = &adj.alignment;
    let Some(aligned) = al.document(doc) else {
        return Vec::new();
    };
    aligned
        .clusters
        .iter()
        .enumerate()
        .map(|(i, cluster)| {
            let style = match cluster.kind {
                Agreement::Agreed => DecorationStyle::Agree,
                Agreement::LabelConflict => DecorationStyle::LabelConflict,
                Agreement::BoundaryConflict => DecorationStyle::BoundaryConflict,
                Agreement::Partial => DecorationStyle::Partial,
                Agreement::LinkConflict => DecorationStyle::LabelConflict,
            };
            // In annotator order, so the tooltip reads the same way on every mark.
            let mut candidates: Vec<_> = cluster.candidates.iter().collect();
            candidates.sort_by_key(|c| c.annotators.first().copied());
            let mut parts: Vec<String> = candidates
                .iter()
                .map(|c| {
                    format!(
                        "{}: {} «{}»",
                        al.names(&c.annotators).join(", "),
                        c.label,
                        c.text
                    )
                })
                .collect();
            let with = cluster.annotators();
            let without: Vec<usize> = aligned
                .present
                .iter()
                .copied()
                .filter(|a| !with.contains(a))
                .collect();
            if !without.is_empty() {
                parts.push(format!("{}: nothing", al.names(&without).join(", ")));
            }
            Decoration {
                range: cluster.range,
                style,
                tooltip: parts.join(" · "),
                name: format!("review {}: {}", i + 1, cluster.kind.name()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, CharRange, Document, Edit, LabelId, Project, Timestamp};

    #[test]
    fn one_decoration_per_cluster_with_names() {
        let make = |name: &str, spans: &[(usize, usize, &str)]| {
            let mut p = Project::new("t", Annotator::new(name));
            let mut doc = Document::new("d", "d.txt", "قرب بوريم وتمبكتو");
            let now = Timestamp::default();
            for &(s, e, l) in spans {
                let span = doc
                    .new_span(CharRange::new(s, e), LabelId::new(l), &p.annotator.id, &now)
                    .unwrap();
                doc.add_span(span, None).unwrap();
            }
            p.apply(Edit::AddDocuments { docs: vec![doc] }, &now)
                .unwrap();
            p
        };
        let a = make("Amina", &[(4, 9, "PLACE"), (10, 17, "PLACE")]);
        let b = make("Yusuf", &[(4, 9, "GROUP")]);
        let adj = Adjudication::new(&[&a, &b], &["Amina".into(), "Yusuf".into()]);
        let d = review_decorations(&adj, a.documents()[0].id());
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].style, DecorationStyle::LabelConflict);
        assert_eq!(d[0].tooltip, "Amina: PLACE «بوريم» · Yusuf: GROUP «بوريم»");
        assert_eq!(d[1].style, DecorationStyle::Partial);
        assert_eq!(d[1].tooltip, "Amina: PLACE «وتمبكتو» · Yusuf: nothing");
        assert_eq!(d[1].name, "review 2: only some");
    }
}
