//! The entity edits of [`Project::apply`]: adding, replacing and removing registry entities,
//! linking a span, merging two entities and splitting one.
//!
//! Each returns its exact inverse. Merge and split are expressed as batches of the simpler
//! edits (replace, add, link, remove), applied all or nothing, so their inverse is the batch
//! of those inverses and one undo step restores names, aliases, references and links.

use super::entity::{EntityFault, entity_faults, find, link_fault, position};
use super::{DocId, Edit, EditError, Entity, EntityId, Project, Span, SpanId, Timestamp};
use crate::text::normalize::fold;

impl Project {
    /// Refuse `span` when its link does not fit the registry and the schema.
    pub(super) fn check_link(&self, span: &Span) -> Result<(), EditError> {
        match link_fault(&self.schema, &self.entities, span) {
            Some(fault) => Err(EditError::Link {
                span: span.id,
                fault,
            }),
            None => Ok(()),
        }
    }

    /// The first fault of entity `id` and of every entity referring to it.
    fn registry_fault_around(&self, id: &EntityId) -> Option<(EntityId, EntityFault)> {
        let entity = find(&self.entities, id)?;
        if let Some(fault) = entity_faults(&self.entities, entity).into_iter().next() {
            return Some((id.clone(), fault));
        }
        self.entities
            .iter()
            .filter(|e| e.references().any(|(_, r)| r == id))
            .find_map(|e| {
                entity_faults(&self.entities, e)
                    .into_iter()
                    .next()
                    .map(|f| (e.id.clone(), f))
            })
    }

    pub(super) fn add_entity(&mut self, entity: Entity) -> Result<Edit, EditError> {
        let at = match position(&self.entities, &entity.id) {
            Ok(_) => return Err(EditError::DuplicateEntityId(entity.id)),
            Err(at) => at,
        };
        if let Some(fault) = entity_faults(&self.entities, &entity).into_iter().next() {
            return Err(EditError::Entity {
                id: entity.id,
                fault,
            });
        }
        let id = entity.id.clone();
        self.entities.insert(at, entity);
        Ok(Edit::RemoveEntity { id })
    }

    pub(super) fn remove_entity(&mut self, id: EntityId) -> Result<Edit, EditError> {
        let at = position(&self.entities, &id).map_err(|_| EditError::NoSuchEntity(id.clone()))?;
        let mentions = self.mentions_of(&id).len();
        let referred_by: Vec<EntityId> = self
            .entities
            .iter()
            .filter(|e| e.id != id && e.references().any(|(_, r)| *r == id))
            .map(|e| e.id.clone())
            .collect();
        if mentions > 0 || !referred_by.is_empty() {
            return Err(EditError::EntityInUse {
                id,
                mentions,
                referred_by,
            });
        }
        let entity = self.entities.remove(at);
        Ok(Edit::AddEntity { entity })
    }

    pub(super) fn replace_entity(&mut self, entity: Entity) -> Result<Edit, EditError> {
        let at = position(&self.entities, &entity.id)
            .map_err(|_| EditError::NoSuchEntity(entity.id.clone()))?;
        let id = entity.id.clone();
        let old = std::mem::replace(&mut self.entities[at], entity);
        let mut refused = self
            .registry_fault_around(&id)
            .map(|(id, fault)| EditError::Entity { id, fault });
        if refused.is_none() && old.kind != self.entities[at].kind {
            refused = self
                .documents
                .iter()
                .flat_map(|d| &d.spans)
                .filter(|s| s.entity.as_ref() == Some(&id))
                .find_map(|s| self.check_link(s).err());
        }
        if let Some(err) = refused {
            self.entities[at] = old;
            return Err(err);
        }
        Ok(Edit::ReplaceEntity { entity: old })
    }

    /// [`Edit::LinkSpan`]: only the link and the modified time change, so the span keeps its
    /// place; the inverse restores the old span.
    pub(super) fn link_span(
        &mut self,
        doc: DocId,
        span: SpanId,
        entity: Option<EntityId>,
        now: &Timestamp,
    ) -> Result<Edit, EditError> {
        let d = self
            .document_index(&doc)
            .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
        let s = self.documents[d]
            .span_index(span)
            .ok_or(EditError::NoSuchSpan(span))?;
        let old = self.documents[d].spans[s].clone();
        let mut new = old.clone();
        new.entity = entity;
        self.check_link(&new)?;
        new.modified = now.clone();
        self.documents[d].spans[s] = new;
        Ok(Edit::RestoreSpan { doc, span: old })
    }

    /// [`Edit::MergeEntities`] as a batch: `keep` takes `absorb`'s names as aliases, the
    /// outside ids, coordinates, parent and predecessor it lacks, and its note; references to
    /// `absorb` and links to it move to `keep`; `absorb` goes.
    pub(super) fn merge_entities_edit(
        &self,
        keep: &EntityId,
        absorb: &EntityId,
    ) -> Result<Edit, EditError> {
        let kept = self
            .entity(keep)
            .ok_or_else(|| EditError::NoSuchEntity(keep.clone()))?;
        let gone = self
            .entity(absorb)
            .ok_or_else(|| EditError::NoSuchEntity(absorb.clone()))?;
        if keep == absorb {
            return Err(EditError::MergeWithItself(keep.clone()));
        }
        if kept.kind != gone.kind {
            return Err(EditError::MergeKinds {
                keep: kept.kind,
                absorb: gone.kind,
            });
        }
        let redirect = |of: &EntityId, r: &Option<EntityId>| -> Option<EntityId> {
            match r {
                Some(r) if r == absorb => (of != keep).then(|| keep.clone()),
                Some(r) if r == keep && of == keep => None,
                other => other.clone(),
            }
        };
        let mut merged = kept.clone();
        for spelling in gone.spellings() {
            merged.add_alias(spelling);
        }
        let outside = &mut merged.outside;
        outside.wikidata = outside.wikidata.take().or(gone.outside.wikidata.clone());
        outside.acled = outside.acled.take().or(gone.outside.acled.clone());
        outside.geonames = outside.geonames.take().or(gone.outside.geonames.clone());
        merged.coords = merged.coords.or(gone.coords);
        if !gone.note.trim().is_empty() {
            if !merged.note.is_empty() {
                merged.note.push('\n');
            }
            merged.note.push_str(&gone.note);
        }
        merged.parent = redirect(keep, &merged.parent.clone().or(gone.parent.clone()));
        merged.predecessor = redirect(
            keep,
            &merged.predecessor.clone().or(gone.predecessor.clone()),
        );
        let mut edits = vec![Edit::ReplaceEntity { entity: merged }];
        for other in self
            .entities
            .iter()
            .filter(|e| e.id != *keep && e.id != *absorb)
        {
            let mut changed = other.clone();
            changed.parent = redirect(&other.id, &other.parent);
            changed.predecessor = redirect(&other.id, &other.predecessor);
            if changed != *other {
                edits.push(Edit::ReplaceEntity { entity: changed });
            }
        }
        edits.extend(self.link_edits(absorb, Some(keep)));
        edits.push(Edit::RemoveEntity { id: absorb.clone() });
        Ok(Edit::Batch { edits })
    }

    /// Edits moving every link to `from` to `to` (or unlinking with `None`).
    pub fn link_edits(&self, from: &EntityId, to: Option<&EntityId>) -> Vec<Edit> {
        self.mentions_of(from)
            .into_iter()
            .map(|(d, s)| Edit::LinkSpan {
                doc: self.documents[d].id.clone(),
                span: self.documents[d].spans[s].id,
                entity: to.cloned(),
            })
            .collect()
    }

    /// [`Edit::SplitEntity`] as a batch: `new` (of `from`'s kind) is added, the aliases it
    /// has leave `from`, and the `mentions` (all linked to `from`) move to it.
    pub(super) fn split_entity_edit(
        &self,
        from: &EntityId,
        new: Entity,
        mentions: &[(DocId, SpanId)],
    ) -> Result<Edit, EditError> {
        let old = self
            .entity(from)
            .ok_or_else(|| EditError::NoSuchEntity(from.clone()))?;
        if new.kind != old.kind {
            return Err(EditError::MergeKinds {
                keep: old.kind,
                absorb: new.kind,
            });
        }
        for (doc, span) in mentions {
            let linked = self
                .document(doc)
                .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?
                .span(*span)
                .ok_or(EditError::NoSuchSpan(*span))?
                .entity
                .as_ref();
            if linked != Some(from) {
                return Err(EditError::NotLinkedTo {
                    span: *span,
                    entity: from.clone(),
                });
            }
        }
        let moved: Vec<String> = new.spellings().map(fold).collect();
        let mut rest = old.clone();
        rest.aliases.retain(|a| !moved.contains(&fold(a)));
        let id = new.id.clone();
        let mut edits = vec![Edit::AddEntity { entity: new }];
        if rest != *old {
            edits.push(Edit::ReplaceEntity { entity: rest });
        }
        edits.extend(mentions.iter().map(|(doc, span)| Edit::LinkSpan {
            doc: doc.clone(),
            span: *span,
            entity: Some(id.clone()),
        }));
        Ok(Edit::Batch { edits })
    }

    /// Refuse a schema under which a linked span's label would no longer fit its entity.
    pub(super) fn check_links_under(&self, schema: &super::Schema) -> Result<(), EditError> {
        if self.entities.is_empty() {
            return Ok(());
        }
        for span in self.documents.iter().flat_map(|d| &d.spans) {
            if let Some(fault) = link_fault(schema, &self.entities, span) {
                return Err(EditError::Link {
                    span: span.id,
                    fault,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, CharRange, Document, EntityKind, History, LabelId};

    const TEXT: &str = "قالت جماعة نصرة الإسلام إن فاغنر وفاجنر هاجمت تمبكتو";

    fn now() -> Timestamp {
        Timestamp("2026-12-01T10:00:00Z".into())
    }

    /// A project with the spans of `TEXT` and two group entities.
    fn project() -> (Project, DocId, Vec<SpanId>) {
        let mut p = Project::new("t", Annotator::new("A"));
        let doc = Document::new("t", "", TEXT);
        let id = doc.id().clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &now())
            .unwrap();
        let mut spans = Vec::new();
        for (s, e, l) in [
            (5, 23, "GROUP"),
            (27, 32, "GROUP"),
            (34, 39, "GROUP"),
            (46, 52, "PLACE"),
        ] {
            let span = p
                .new_span(&id, CharRange::new(s, e), LabelId::new(l), &now())
                .unwrap();
            spans.push(span.id);
            p.apply(
                Edit::AddSpan {
                    doc: id.clone(),
                    span,
                },
                &now(),
            )
            .unwrap();
        }
        for (eid, ar, la) in [("wagner", "فاغنر", "Wagner"), ("wagner-2", "فاجنر", "")] {
            let entity = Entity::new(EntityId::new(eid), EntityKind::Group, ar, la);
            p.apply(Edit::AddEntity { entity }, &now()).unwrap();
        }
        (p, id, spans)
    }

    fn link(p: &mut Project, doc: &DocId, span: SpanId, to: &str) -> Result<Edit, EditError> {
        let edit = Edit::LinkSpan {
            doc: doc.clone(),
            span,
            entity: Some(EntityId::new(to)),
        };
        p.apply(edit, &now())
    }

    #[test]
    fn links_fit_the_span_kind_and_keep_used_entities() {
        let (mut p, doc, spans) = project();
        link(&mut p, &doc, spans[1], "wagner").unwrap();
        let err = link(&mut p, &doc, spans[3], "wagner").unwrap_err();
        assert!(matches!(err, EditError::Link { .. }), "{err}");
        let err = link(&mut p, &doc, spans[0], "nobody").unwrap_err();
        assert!(err.to_string().contains("nobody"), "{err}");
        let err = p
            .apply(
                Edit::RemoveEntity {
                    id: EntityId::new("wagner"),
                },
                &now(),
            )
            .unwrap_err();
        assert!(
            matches!(err, EditError::EntityInUse { mentions: 1, .. }),
            "{err}"
        );
        // Relabelling a linked span to another kind would break its link.
        let relabel = Edit::Relabel {
            doc: doc.clone(),
            span: spans[1],
            label: LabelId::new("PLACE"),
        };
        assert!(matches!(
            p.apply(relabel, &now()),
            Err(EditError::Link { .. })
        ));
        // So would making the entity a place.
        let mut place = p.entity(&EntityId::new("wagner")).unwrap().clone();
        place.kind = EntityKind::Place;
        let err = p
            .apply(Edit::ReplaceEntity { entity: place }, &now())
            .unwrap_err();
        assert!(matches!(err, EditError::Link { .. }), "{err}");
        assert!(p.validate().is_empty());
    }

    #[test]
    fn merge_moves_links_and_names_and_one_undo_restores_all() {
        let (mut p, doc, spans) = project();
        let mut h = History::new();
        for (s, to) in [(1, "wagner"), (2, "wagner-2")] {
            let edit = Edit::LinkSpan {
                doc: doc.clone(),
                span: spans[s],
                entity: Some(EntityId::new(to)),
            };
            h.apply(&mut p, edit, &now()).unwrap();
        }
        let before = p.clone();
        let merge = Edit::MergeEntities {
            keep: EntityId::new("wagner"),
            absorb: EntityId::new("wagner-2"),
        };
        h.apply(&mut p, merge, &Timestamp("2026-12-02T00:00:00Z".into()))
            .unwrap();
        assert!(p.entity(&EntityId::new("wagner-2")).is_none());
        let kept = p.entity(&EntityId::new("wagner")).unwrap();
        assert_eq!(kept.aliases, ["فاجنر"]);
        assert_eq!(p.mentions_of(&kept.id).len(), 2);
        assert!(p.validate().is_empty());
        h.undo(&mut p, &now()).unwrap();
        assert_eq!(p, before, "one undo step, timestamps included");
        let err = p
            .apply(
                Edit::MergeEntities {
                    keep: EntityId::new("wagner"),
                    absorb: EntityId::new("wagner"),
                },
                &now(),
            )
            .unwrap_err();
        assert!(matches!(err, EditError::MergeWithItself(_)));
    }

    #[test]
    fn split_takes_the_chosen_mentions_and_its_spellings() {
        let (mut p, doc, spans) = project();
        let mut wagner = p.entity(&EntityId::new("wagner")).unwrap().clone();
        wagner.aliases.push("الفيلق الإفريقي".into());
        p.apply(Edit::ReplaceEntity { entity: wagner }, &now())
            .unwrap();
        for s in [1, 2] {
            link(&mut p, &doc, spans[s], "wagner").unwrap();
        }
        let before = p.clone();
        let mut corps = Entity::new(
            EntityId::new("africa-corps"),
            EntityKind::Group,
            "الفيلق الأفريقي",
            "Africa Corps",
        );
        corps.predecessor = Some(EntityId::new("wagner"));
        let split = Edit::SplitEntity {
            from: EntityId::new("wagner"),
            new: corps,
            mentions: vec![(doc.clone(), spans[2])],
        };
        let inverse = p.apply(split, &now()).unwrap();
        let wagner = p.entity(&EntityId::new("wagner")).unwrap();
        assert!(wagner.aliases.is_empty(), "the folded spelling moved");
        assert_eq!(p.mentions_of(&EntityId::new("africa-corps")).len(), 1);
        assert_eq!(p.mentions_of(&EntityId::new("wagner")).len(), 1);
        p.apply(inverse, &now()).unwrap();
        assert_eq!(p, before);
        // A mention not linked to the entity split is refused.
        let bad = Edit::SplitEntity {
            from: EntityId::new("wagner"),
            new: Entity::new(EntityId::new("x"), EntityKind::Group, "س", ""),
            mentions: vec![(doc, spans[0])],
        };
        assert!(matches!(
            p.apply(bad, &now()),
            Err(EditError::NotLinkedTo { .. })
        ));
        assert_eq!(p, before);
    }
}
