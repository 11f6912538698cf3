//! Event extraction scores between two annotators, as event-extraction papers report them
//! (the ACE convention of Li, Ji and Huang 2013 and its successors), the first annotator being
//! the reference:
//!
//! - *trigger identification*: an event whose trigger shares a character with a reference
//!   event's (paired one to one, [`super::frames::pair_best_first`]); *classification*: the
//!   pair also has the same type;
//! - *argument identification*: an argument of a paired event of the same type whose span
//!   shares a character with a reference argument of its partner; *classification*: also the
//!   same role; per role, reference and predicted counted by their own role. Arguments of
//!   events without a partner of their type count in the totals and match nothing;
//! - *relations*: both ends matching (crosswise for symmetric types) is identification, the
//!   same type as well is classification, per type;
//! - *attributes* on paired events (whatever their type): per attribute, how many pairs both
//!   set, how many only one set, exact agreement, agreement within precision (a date
//!   `2023-08` agrees with `2023-08-20`) or within range (fatalities `40+` and `45`), and
//!   Cohen's kappa for choices (factuality).

use super::frames::{FramesOf, argument_score, event_score, pair_best_first, relation_score};
use super::prf::Counts;
use crate::model::{AttrValue, Quantity, Schema};
use std::collections::BTreeMap;

/// Tallies of one attribute over paired events.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AttrTally {
    /// Pairs where both events set the attribute.
    pub compared: usize,
    /// Pairs where only one did.
    pub one_only: usize,
    pub exact: usize,
    /// Dates equal to the coarser precision; counts whose ranges meet. Equal to `exact` for
    /// choices and texts.
    pub within: usize,
    /// The value type seen (`choice`, `date`, `number`, `text`).
    pub value_type: &'static str,
    /// For choices: the two values of each compared pair, for kappa.
    pub choices: Vec<(String, String)>,
}

impl AttrTally {
    pub fn add(&mut self, other: &AttrTally) {
        self.compared += other.compared;
        self.one_only += other.one_only;
        self.exact += other.exact;
        self.within += other.within;
        if self.value_type.is_empty() {
            self.value_type = other.value_type;
        }
        self.choices.extend(other.choices.iter().cloned());
    }
}

/// Whether two counts can both be true: their ranges meet.
pub fn quantities_meet(a: &Quantity, b: &Quantity) -> bool {
    a.high.is_none_or(|h| b.low <= h) && b.high.is_none_or(|h| a.low <= h)
}

/// Whether two values agree up to their precision or range.
pub fn values_within(a: &AttrValue, b: &AttrValue) -> bool {
    match (a, b) {
        (AttrValue::Date(x), AttrValue::Date(y)) => x.agrees_with(y),
        (AttrValue::Number(x), AttrValue::Number(y)) => quantities_meet(x, y),
        _ => a == b,
    }
}

/// Every count between one reference and one other annotator.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FrameCounts {
    pub trigger_identification: Counts,
    pub trigger_classification: Counts,
    pub argument_identification: Counts,
    pub argument_classification: Counts,
    pub per_role: BTreeMap<String, Counts>,
    pub relation_identification: Counts,
    pub relation_classification: Counts,
    pub per_relation_type: BTreeMap<String, Counts>,
    pub attributes: BTreeMap<String, AttrTally>,
}

impl FrameCounts {
    pub fn add(&mut self, other: &FrameCounts) {
        self.trigger_identification
            .add(other.trigger_identification);
        self.trigger_classification
            .add(other.trigger_classification);
        self.argument_identification
            .add(other.argument_identification);
        self.argument_classification
            .add(other.argument_classification);
        self.relation_identification
            .add(other.relation_identification);
        self.relation_classification
            .add(other.relation_classification);
        for (k, c) in &other.per_role {
            self.per_role.entry(k.clone()).or_default().add(*c);
        }
        for (k, c) in &other.per_relation_type {
            self.per_relation_type.entry(k.clone()).or_default().add(*c);
        }
        for (k, t) in &other.attributes {
            self.attributes.entry(k.clone()).or_default().add(t);
        }
    }
}

/// The tally of `key` in `map`, made on first use (the key is copied only then).
fn tally<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    // One look-up when the key is there (almost always); the borrow checker wants the
    // second one only on a miss.
    if map.contains_key(key) {
        return map.get_mut(key).expect("just seen");
    }
    map.entry(key.to_owned()).or_default()
}

/// Compare one document's frames of a reference and another annotator.
pub fn compare_frames(reference: &FramesOf, other: &FramesOf, schema: &Schema) -> FrameCounts {
    let mut c = FrameCounts::default();
    add_compared_frames(&mut c, reference, other, schema);
    c
}

/// [`compare_frames`] added to the running totals `c` (what [`FrameCounts::add`] of its result
/// would give, without a map of its own per document).
pub fn add_compared_frames(
    c: &mut FrameCounts,
    reference: &FramesOf,
    other: &FramesOf,
    schema: &Schema,
) {
    let (re, oe) = (&reference.events, &other.events);
    let pairs = pair_best_first(re.len(), oe.len(), |i, j| event_score(&re[i], &oe[j]));
    let triggers = Counts {
        matched: pairs.len(),
        reference: re.len(),
        predicted: oe.len(),
    };
    c.trigger_identification.add(triggers);
    c.trigger_classification.add(Counts {
        matched: pairs
            .iter()
            .filter(|&&(i, j)| re[i].event.event_type == oe[j].event.event_type)
            .count(),
        ..triggers
    });
    let mut args = Counts::default();
    for e in re {
        args.reference += e.args.len();
        for (role, _) in &e.args {
            tally(&mut c.per_role, role.as_str()).reference += 1;
        }
    }
    for e in oe {
        args.predicted += e.args.len();
        for (role, _) in &e.args {
            tally(&mut c.per_role, role.as_str()).predicted += 1;
        }
    }
    let mut classified = args;
    for &(i, j) in &pairs {
        let (r, o) = (&re[i], &oe[j]);
        if r.event.event_type == o.event.event_type {
            let found = pair_best_first(r.args.len(), o.args.len(), |x, y| {
                argument_score(r.args[x], o.args[y])
            });
            args.matched += found.len();
            for (x, y) in found {
                if r.args[x].0 == o.args[y].0 {
                    classified.matched += 1;
                    tally(&mut c.per_role, r.args[x].0.as_str()).matched += 1;
                }
            }
        }
        attribute_pair(&mut c.attributes, r, o);
    }
    c.argument_identification.add(args);
    c.argument_classification.add(classified);
    let (rr, or) = (&reference.relations, &other.relations);
    if rr.is_empty() && or.is_empty() {
        return;
    }
    let rel_pairs = pair_best_first(rr.len(), or.len(), |i, j| {
        relation_score(&rr[i], &or[j], schema)
    });
    let relations = Counts {
        matched: rel_pairs.len(),
        reference: rr.len(),
        predicted: or.len(),
    };
    c.relation_identification.add(relations);
    let mut typed = Counts {
        matched: 0,
        ..relations
    };
    for r in rr {
        tally(&mut c.per_relation_type, r.relation.kind.as_str()).reference += 1;
    }
    for r in or {
        tally(&mut c.per_relation_type, r.relation.kind.as_str()).predicted += 1;
    }
    for (i, j) in rel_pairs {
        if rr[i].relation.kind == or[j].relation.kind {
            typed.matched += 1;
            tally(&mut c.per_relation_type, rr[i].relation.kind.as_str()).matched += 1;
        }
    }
    c.relation_classification.add(typed);
}

fn attribute_pair(
    tallies: &mut BTreeMap<String, AttrTally>,
    r: &super::frames::EventView,
    o: &super::frames::EventView,
) {
    let ids = r.event.attrs.keys().chain(
        o.event
            .attrs
            .keys()
            .filter(|k| !r.event.attrs.contains_key(*k)),
    );
    for id in ids {
        let t = tally(tallies, id.as_str());
        let (value_type, pair) = match (r.event.attrs.get(id), o.event.attrs.get(id)) {
            (Some(x), Some(y)) => (x.type_name(), Some((x, y))),
            (Some(v), None) | (None, Some(v)) => (v.type_name(), None),
            (None, None) => continue,
        };
        if t.value_type.is_empty() {
            t.value_type = value_type;
        }
        match pair {
            Some((x, y)) => {
                t.compared += 1;
                t.exact += usize::from(x == y);
                t.within += usize::from(values_within(x, y));
                if let (AttrValue::Choice(x), AttrValue::Choice(y)) = (x, y) {
                    t.choices.push((x.clone(), y.clone()));
                }
            }
            None => t.one_only += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartialDate;

    #[test]
    fn dates_agree_within_their_precision_and_counts_within_their_ranges() {
        let date = |s: &str| AttrValue::Date(PartialDate::parse(s).unwrap());
        let count = |s: &str| AttrValue::Number(Quantity::parse(s).unwrap());
        assert!(values_within(&date("2023-08"), &date("2023-08-20")));
        assert!(!values_within(&date("2023-08-20"), &date("2023-08-21")));
        assert!(values_within(&count("40+"), &count("45")));
        assert!(values_within(&count("40-50"), &count("50-60")));
        assert!(!values_within(&count("40-50"), &count("51+")));
        assert!(!values_within(&count("12"), &count("13")));
        assert!(values_within(
            &AttrValue::Choice("claimed".into()),
            &AttrValue::Choice("claimed".into())
        ));
    }
}
