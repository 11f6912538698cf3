//! Attributes: typed facts recorded on spans, events and documents (factuality, fatalities,
//! a normalised date, a free note), declared in the schema with their value type.
//!
//! Values are written in files in short canonical strings that diff well: a date as
//! `2023-08-20`, `2023-08` or `2023` (its precision is how much is given), a count as `40`,
//! `40+` (at least 40) or `40-50` (a range).

use super::{AttributeId, LabelKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// Attribute values of one span, event or document, by attribute id.
pub type Attributes = BTreeMap<AttributeId, AttrValue>;

/// What an attribute may be set on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttrScope {
    Events,
    /// Spans of these label kinds (any kind when empty).
    Spans(Vec<LabelKind>),
    Documents,
}

/// The type of an attribute's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValueType {
    /// One of these values.
    Choice(Vec<String>),
    /// A count: exact, "at least", or a range.
    Number,
    /// A date with its precision (day, month or year).
    Date,
    Text,
}

impl ValueType {
    pub fn name(&self) -> &'static str {
        match self {
            ValueType::Choice(_) => "choice",
            ValueType::Number => "number",
            ValueType::Date => "date",
            ValueType::Text => "text",
        }
    }
}

/// One attribute of the schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeDef {
    pub id: AttributeId,
    pub name: String,
    pub scope: AttrScope,
    pub value: ValueType,
}

impl AttributeDef {
    /// Why `value` is not a value of this attribute, if it is not.
    pub fn value_fault(&self, value: &AttrValue) -> Option<String> {
        match (&self.value, value) {
            (ValueType::Choice(values), AttrValue::Choice(v)) => {
                (!values.contains(v)).then(|| format!("{v:?} is not one of {}", values.join(", ")))
            }
            (ValueType::Number, AttrValue::Number(_))
            | (ValueType::Date, AttrValue::Date(_))
            | (ValueType::Text, AttrValue::Text(_)) => None,
            (expected, found) => Some(format!(
                "a {} value where a {} is declared",
                found.type_name(),
                expected.name()
            )),
        }
    }
}

/// A value of an attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttrValue {
    Choice(String),
    Number(Quantity),
    Date(PartialDate),
    Text(String),
}

impl AttrValue {
    pub fn type_name(&self) -> &'static str {
        match self {
            AttrValue::Choice(_) => "choice",
            AttrValue::Number(_) => "number",
            AttrValue::Date(_) => "date",
            AttrValue::Text(_) => "text",
        }
    }
}

impl fmt::Display for AttrValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttrValue::Choice(s) | AttrValue::Text(s) => f.write_str(s),
            AttrValue::Number(q) => q.fmt(f),
            AttrValue::Date(d) => d.fmt(f),
        }
    }
}

/// A count as a text gives it: exactly `low` (`high == Some(low)`), at least `low`
/// (`high == None`), or between `low` and `high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quantity {
    pub low: u64,
    pub high: Option<u64>,
}

impl Quantity {
    pub fn exactly(n: u64) -> Self {
        Self {
            low: n,
            high: Some(n),
        }
    }

    pub fn at_least(n: u64) -> Self {
        Self { low: n, high: None }
    }

    /// Parse `40`, `40+` or `40-50`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let number = |t: &str| {
            t.trim()
                .parse::<u64>()
                .map_err(|_| format!("{s:?} is not a count (40, 40+ or 40-50)"))
        };
        if let Some(low) = s.strip_suffix('+') {
            return Ok(Self::at_least(number(low)?));
        }
        if let Some((low, high)) = s.split_once('-') {
            let (low, high) = (number(low)?, number(high)?);
            if high < low {
                return Err(format!("{s:?}: the range ends below its start"));
            }
            return Ok(Self {
                low,
                high: Some(high),
            });
        }
        Ok(Self::exactly(number(s)?))
    }

    /// Whether `n` lies in the quantity.
    pub fn contains(&self, n: u64) -> bool {
        n >= self.low && self.high.is_none_or(|h| n <= h)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.high {
            None => write!(f, "{}+", self.low),
            Some(h) if h == self.low => write!(f, "{h}"),
            Some(h) => write!(f, "{}-{h}", self.low),
        }
    }
}

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    Day,
    Month,
    Year,
}

impl DatePrecision {
    pub fn name(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// A calendar date known to the day, the month or only the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    /// Set only with a month.
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, checking that the day exists in its month.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a date (2023-08-20, 2023-08 or 2023)");
        let mut parts = s.trim().split('-');
        let field = |p: Option<&str>, digits: usize| -> Result<Option<u16>, String> {
            match p {
                None => Ok(None),
                Some(p) if p.len() == digits && p.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(Some(p.parse().map_err(|_| bad())?))
                }
                Some(_) => Err(bad()),
            }
        };
        let year = field(parts.next(), 4)?.ok_or_else(bad)?;
        let month = field(parts.next(), 2)?;
        let day = field(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(bad());
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("{s:?}: there is no month {m}"));
        }
        if let (Some(m), Some(d)) = (month, day)
            && !(1..=days_in_month(year, m as u8)).contains(&(d as u8))
        {
            return Err(format!("{s:?}: month {m} of {year} has no day {d}"));
        }
        Ok(Self {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        })
    }

    /// Whether `other` could be the same date given the precision of both: equal in every
    /// part both give.
    pub fn agrees_with(&self, other: &PartialDate) -> bool {
        self.year == other.year
            && (self.month.is_none() || other.month.is_none() || self.month == other.month)
            && (self.day.is_none() || other.day.is_none() || self.day == other.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// Serde through the canonical string of a type with `parse` and `Display`.
macro_rules! serde_as_string {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_string())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <$t>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

serde_as_string!(Quantity);
serde_as_string!(PartialDate);

/// The attributes a new project declares: factuality, date, fatalities and a free note on
/// events, the country on documents.
pub fn default_attributes() -> Vec<AttributeDef> {
    let def = |id: &str, name: &str, scope, value| AttributeDef {
        id: AttributeId::new(id),
        name: name.to_owned(),
        scope,
        value,
    };
    vec![
        def(
            "factuality",
            "Factuality",
            AttrScope::Events,
            ValueType::Choice(
                ["asserted", "claimed", "denied", "reported", "hypothetical"]
                    .map(String::from)
                    .to_vec(),
            ),
        ),
        def("date", "Date", AttrScope::Events, ValueType::Date),
        def(
            "fatalities",
            "Fatalities",
            AttrScope::Events,
            ValueType::Number,
        ),
        def("notes", "Notes", AttrScope::Events, ValueType::Text),
        def("country", "Country", AttrScope::Documents, ValueType::Text),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_and_print_canonically() {
        for (text, low, high) in [
            ("40", 40, Some(40)),
            ("40+", 40, None),
            ("40-50", 40, Some(50)),
        ] {
            let q = Quantity::parse(text).unwrap();
            assert_eq!((q.low, q.high), (low, high));
            assert_eq!(q.to_string(), text);
        }
        assert!(Quantity::parse(" 7 ").unwrap().contains(7));
        assert!(Quantity::parse("40+").unwrap().contains(1000));
        assert!(!Quantity::parse("40-50").unwrap().contains(51));
        for bad in ["", "forty", "50-40", "-3", "4.5", "+"] {
            assert!(Quantity::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_keep_their_precision_and_exist() {
        let d = PartialDate::parse("2023-08-20").unwrap();
        assert_eq!(d.precision(), DatePrecision::Day);
        assert_eq!(d.to_string(), "2023-08-20");
        let m = PartialDate::parse("2023-08").unwrap();
        assert_eq!(m.precision(), DatePrecision::Month);
        assert_eq!(
            PartialDate::parse("2023").unwrap().precision(),
            DatePrecision::Year
        );
        assert!(d.agrees_with(&m) && m.agrees_with(&d));
        assert!(!d.agrees_with(&PartialDate::parse("2023-08-21").unwrap()));
        assert!(PartialDate::parse("2024-02-29").is_ok());
        for bad in [
            "2023-02-29",
            "2023-13",
            "2023-00-10",
            "23-08-20",
            "2023-8-20",
            "2023-08-20-1",
            "",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_are_checked_against_their_declaration() {
        let defs = default_attributes();
        let factuality = &defs[0];
        assert!(
            factuality
                .value_fault(&AttrValue::Choice("claimed".into()))
                .is_none()
        );
        assert!(
            factuality
                .value_fault(&AttrValue::Choice("rumour".into()))
                .is_some()
        );
        assert!(
            factuality
                .value_fault(&AttrValue::Number(Quantity::exactly(3)))
                .is_some()
        );
        let ron = ron::to_string(&AttrValue::Number(Quantity::at_least(40))).unwrap();
        assert_eq!(ron, "Number(\"40+\")");
        assert!(ron::from_str::<AttrValue>("Date(\"2023-02-30\")").is_err());
    }
}
