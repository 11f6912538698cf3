//! The stable driver's mutator: random edits of corpus inputs, biased towards what breaks
//! readers (numbers at the edges of their types, quotes, brackets, line ends, surrogates,
//! combining marks, the separators of each format). No coverage feedback: this is the quick
//! pass CI runs; the coverage-guided runs use AFL++.

/// Tokens spliced into inputs.
pub const TOKENS: &[&[u8]] = &[
    b"0",
    b"1",
    b"-1",
    b"255",
    b"65535",
    b"4294967295",
    b"4294967296",
    b"9007199254740993",
    b"18446744073709551615",
    b"18446744073709551616",
    b"1e308",
    b"-0",
    b"\"",
    b"\\",
    b"\\u{202e}",
    b"\\u{d800}",
    b"\\uD83D\\uDE80",
    b"\\uD83D",
    b"\\uDE80",
    b"\\n",
    b"\\r",
    b"r#\"",
    b"\"#",
    b"(",
    b")",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"\xEF\xBB\xBF",
    b"\xFF",
    b"\xE2\x80\x8F",
    b"\xD9\x91",
    b"\xCC\x81",
    b"\xF0\x9F\x9A\x80",
    b"\xD8\xA8",
    b"\xC8",
    b"\xE1",
    b"\xC7\xE1",
    b"B-GROUP",
    b"I-GROUP",
    b"E-PLACE",
    b"S-EVENT",
    b"O",
    b"-DOCSTART-",
    b"T1\tGROUP 0 3\t",
    b"#1\tAnnotatorNotes T1\t",
    b"null",
    b"true",
    b"Some(",
    b"None",
    b"format: 1",
    b"format: 2",
    b"start: ",
    b"end: ",
    b"\"start\": ",
    b"\"end\": ",
    b"\"label\": ",
    b"\"text\": ",
    b"\"value\": ",
    b"\"result\": ",
    b"\"was_cancelled\": true",
];

/// A small, fast, seedable generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// A mutated copy of `input`, sometimes spliced with `other`; at most `max_len` bytes.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8], max_len: usize) -> Vec<u8> {
    let mut out = input.to_vec();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = out.len();
        match rng.below(9) {
            0 if len > 0 => {
                let at = rng.below(len);
                out[at] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let at = rng.below(len);
                out[at] = [0, 0x7f, 0x80, 0xff, b'"', b'\\', b'\n', b'9'][rng.below(8)];
            }
            2 | 3 => {
                let at = rng.below(len + 1);
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            4 if len > 0 => {
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(64));
                out.drain(at..at + n);
            }
            5 if len > 0 => {
                // Repeat a stretch: long lines, deep nesting, many spans.
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(32));
                let piece = out[at..at + n].to_vec();
                let times = 1 + rng.below(16);
                for _ in 0..times {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            6 if !other.is_empty() => {
                let from = rng.below(other.len());
                let n = 1 + rng.below((other.len() - from).min(256));
                let at = rng.below(len + 1);
                out.splice(at..at, other[from..from + n].iter().copied());
            }
            7 => {
                // Change a number in place.
                let digits: Vec<usize> = out
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.is_ascii_digit())
                    .map(|(i, _)| i)
                    .collect();
                if let Some(&at) = digits.get(rng.below(digits.len())) {
                    let end = out[at..]
                        .iter()
                        .position(|b| !b.is_ascii_digit())
                        .map_or(out.len(), |p| at + p);
                    let number = match rng.below(4) {
                        0 => (rng.next_u64() % 64).to_string(),
                        1 => rng.next_u64().to_string(),
                        2 => u64::MAX.to_string(),
                        _ => (rng.next_u64() % 100_000).to_string(),
                    };
                    out.splice(at..end, number.into_bytes());
                }
            }
            _ if len > 1 => {
                let a = rng.below(len);
                let b = rng.below(len);
                out.swap(a, b);
            }
            _ => out.push(rng.next_u64() as u8),
        }
    }
    out.truncate(max_len);
    out
}
