//! Synthetic projects for benchmarks and stress tests: Arabic-looking text of a chosen size
//! with spans spread over it. Deterministic for a given seed; never used for real data.

use crate::model::{
    Annotator, AnnotatorId, CharRange, Document, DocumentBuilder, Edit, LabelId, Project, SpanId,
    Timestamp,
};

const WORDS: &[&str] = &[
    "جماعة",
    "نصرة",
    "الإسلام",
    "والمسلمين",
    "هجوم",
    "على",
    "قاعدة",
    "عسكرية",
    "قرب",
    "تمبكتو",
    "بمالي",
    "الجيش",
    "المالي",
    "مجموعة",
    "فاغنر",
    "حصار",
    "المدينة",
    "منطقة",
    "الساحل",
    "في",
    "2023",
    "أغسطس",
    "قتيلاً",
    "أكثر",
    "من",
    "40",
    "وقال",
    "مسؤول",
    "محلي",
    "إن",
    "الحركات",
    "الأزوادية",
    "سيطرت",
    "بلدة",
    "بير",
    "(JNIM)",
    "كيدال",
    "غاو",
    "موبتي",
    "النيجر",
    "وبوركينا",
    "فاسو",
    "تحالف",
    "الانقلاب",
    "مطار",
    "قصف",
    "كمين",
    "قافلة",
    "١٢",
    "شخصًا",
];
const LABELS: [&str; 3] = ["GROUP", "PLACE", "EVENT"];

/// A text of about `chars` scalar values: words, punctuation and a line break every ~60 words.
pub fn arabic_text(chars: usize, rng: &mut fastrand::Rng) -> String {
    let mut text = String::with_capacity(chars * 2);
    let mut count = 0;
    let mut words = 0;
    while count < chars {
        let word = WORDS[rng.usize(..WORDS.len())];
        text.push_str(word);
        count += word.chars().count();
        words += 1;
        let sep = if words % 60 == 0 {
            "\n"
        } else if words % 13 == 0 {
            "، "
        } else if words % 17 == 0 {
            ". "
        } else {
            " "
        };
        text.push_str(sep);
        count += sep.chars().count();
    }
    text
}

/// A project of `docs` documents of about `chars` characters with `spans` spans in all,
/// placed on word boundaries (some nested).
pub fn project(docs: usize, chars: usize, spans: usize, seed: u64) -> Project {
    let mut rng = fastrand::Rng::with_seed(seed);
    let annotator = Annotator {
        id: AnnotatorId("a-synthetic".into()),
        name: "Synthetic".into(),
    };
    let mut project = Project::new("synthetic", annotator.clone());
    let now = Timestamp("2026-01-01T00:00:00Z".into());
    let mut next_id = 1u64;
    let mut documents = Vec::with_capacity(docs);
    for d in 0..docs {
        let text = format!("وثيقة {d}\n{}", arabic_text(chars, &mut rng));
        let doc = Document::new(format!("وثيقة {d}"), format!("synthetic-{d}.txt"), text);
        let words: Vec<(usize, usize)> = word_ranges(doc.text());
        let mut doc = DocumentBuilder::new(doc);
        let per_doc = spans / docs + usize::from(d < spans % docs);
        for _ in 0..per_doc {
            let first = rng.usize(..words.len());
            let last = (first + rng.usize(0..3)).min(words.len() - 1);
            let range = CharRange::new(words[first].0, words[last].1);
            let label = LabelId::new(LABELS[rng.usize(..3)]);
            let mut span = doc
                .new_span(range, label, &annotator.id, &now)
                .expect("word ranges lie inside the text");
            span.id = SpanId(next_id);
            next_id += 1;
            // A range and label drawn twice is one span.
            let _ = doc.add_span(span, None);
        }
        documents.push(doc.finish());
    }
    project
        .apply(Edit::AddDocuments { docs: documents }, &now)
        .expect("synthetic documents are valid");
    project
}

/// Char ranges of the whitespace-separated words of `text`.
fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut n = 0;
    for c in text.chars() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, n));
                start = None;
            }
            (false, None) => start = Some(n),
            _ => {}
        }
        n += 1;
    }
    if let Some(s) = start {
        out.push((s, n));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_project_is_valid() {
        let p = super::project(5, 2000, 120, 7);
        assert_eq!(p.documents().len(), 5);
        assert!(p.span_count() > 100);
        assert!(p.validate().is_empty(), "{:?}", p.validate());
        let len = p.documents()[0].len_chars();
        assert!((2000..2100).contains(&len), "{len}");
    }
}
