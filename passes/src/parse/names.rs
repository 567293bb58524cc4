//! The parser's table of NAME spellings: one index per distinct spelling, keywords first, so one
//! lookup per NAME token finds both its keyword and the slot of its interned identifier.
//!
//! NAME is a third of all tokens, and a general `HashMap<&str, u32>` cost about a hundred
//! instructions per lookup (hashing through the `Hash` trait, a generic probe, a libc `memcmp`),
//! so this table is specialised to spellings that are byte ranges of one text: the first 8 bytes
//! of a name are read as one word (most names are no longer), which gives the hash and, with
//! the length, settles equality without comparing bytes one by one.

/// One distinct spelling.
#[derive(Clone, Copy)]
struct Entry {
    /// Its first 8 bytes, little-endian, zero past its end.
    word: u64,
    start: u32,
    len: u32,
}

/// An open-addressing table (linear probing, power-of-two size, at most half full).
pub(crate) struct NameTable<'a> {
    text: &'a [u8],
    /// Per slot: the hash of the spelling there and its index + 1 (0 = empty).
    slots: Vec<(u32, u32)>,
    names: Vec<Entry>,
    mask: usize,
}

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The `n` (at most 8) bytes of `text` at `at` as a little-endian word, zero past them.
#[inline]
fn word_at(text: &[u8], at: usize, n: usize) -> u64 {
    match text.get(at..at + 8) {
        Some(w) => {
            let v = u64::from_le_bytes(w.try_into().expect("8 bytes"));
            if n >= 8 {
                v
            } else {
                v & ((1u64 << (8 * n)) - 1)
            }
        }
        None => text[at..at + n].iter().rev().fold(0, |v, &b| (v << 8) | b as u64),
    }
}

#[inline]
fn finish(h: u64) -> u32 {
    (h >> 32) as u32
}

impl<'a> NameTable<'a> {
    /// A table for the names of `text`, expecting about `expected` distinct spellings, holding
    /// `first` (each at most 8 bytes long) at indices 0, 1, ...
    pub fn new(text: &'a [u8], expected: usize, first: &[&str]) -> Self {
        let size = (expected * 2).next_power_of_two().max(64);
        let mut t = NameTable {
            text,
            slots: vec![(0, 0); size],
            names: Vec::with_capacity(expected),
            mask: size - 1,
        };
        for s in first {
            let b = s.as_bytes();
            assert!(b.len() <= 8, "preset names are short");
            let word = b.iter().rev().fold(0, |v, &c| (v << 8) | c as u64);
            let h = finish((word ^ b.len() as u64).wrapping_mul(K));
            t.insert(h, Entry { word, start: 0, len: b.len() as u32 });
        }
        t
    }

    /// The number of distinct spellings seen.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The hash of `text[start..start + len]` and its first word.
    #[inline(always)]
    fn hash(&self, start: usize, len: usize) -> (u32, u64) {
        let word = if len == 0 { 0 } else { word_at(self.text, start, len.min(8)) };
        let mut h = (word ^ len as u64).wrapping_mul(K);
        let mut at = start + 8;
        while at < start + len {
            let w = word_at(self.text, at, (start + len - at).min(8));
            h = (h.rotate_left(5) ^ w).wrapping_mul(K);
            at += 8;
        }
        (finish(h), word)
    }

    /// The index of the spelling `text[start..end]`, added if new.
    #[inline]
    pub fn index(&mut self, start: usize, end: usize) -> u32 {
        let len = end - start;
        let (h, word) = self.hash(start, len);
        let mut i = h as usize & self.mask;
        loop {
            let (sh, slot) = self.slots[i];
            if slot == 0 {
                break;
            }
            if sh == h {
                let e = self.names[slot as usize - 1];
                if e.word == word
                    && e.len as usize == len
                    && (len <= 8
                        || self.text[e.start as usize + 8..e.start as usize + len]
                            == self.text[start + 8..end])
                {
                    return slot - 1;
                }
            }
            i = (i + 1) & self.mask;
        }
        self.insert(h, Entry { word, start: start as u32, len: len as u32 })
    }

    fn insert(&mut self, h: u32, e: Entry) -> u32 {
        let index = self.names.len() as u32;
        self.names.push(e);
        if self.names.len() * 2 > self.slots.len() {
            self.grow();
        } else {
            self.place(h, index);
        }
        index
    }

    fn place(&mut self, h: u32, index: u32) {
        let mut i = h as usize & self.mask;
        while self.slots[i].1 != 0 {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = (h, index + 1);
    }

    /// Doubles the table and places every spelling again (the newest included).
    #[cold]
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        self.mask = size - 1;
        self.slots = vec![(0, 0); size];
        for k in 0..self.names.len() {
            let e = self.names[k];
            let h = if e.len <= 8 {
                finish((e.word ^ e.len as u64).wrapping_mul(K))
            } else {
                self.hash(e.start as usize, e.len as usize).0
            };
            self.place(h, k as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NameTable;

    #[test]
    fn same_spelling_same_index_across_growth() {
        let words: Vec<String> = (0..3000).map(|i| format!("n{i}_{}", "x".repeat(i % 23))).collect();
        // Every word twice, the second copy last in the text so that its words run off the end.
        let text = format!("{} {}", words.join(" "), words.join(" "));
        let mut spans = Vec::new();
        let mut at = 0;
        for w in text.split(' ') {
            spans.push((at, at + w.len()));
            at += w.len() + 1;
        }
        let mut t = NameTable::new(text.as_bytes(), 4, &["if", "continue"]);
        let ids: Vec<u32> = spans.iter().map(|&(s, e)| t.index(s, e)).collect();
        assert_eq!(t.len(), 3002);
        let (first, second) = ids.split_at(3000);
        assert_eq!(first, second);
        assert_eq!(first, (2..3002).collect::<Vec<u32>>());
        let kw = "continue if";
        let mut k = NameTable::new(kw.as_bytes(), 4, &["if", "continue"]);
        assert_eq!((k.index(0, 8), k.index(9, 11), k.index(9, 10)), (1, 0, 2));
    }
}
