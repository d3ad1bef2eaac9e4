//! Many keywords over much text: one Aho-Corasick automaton per checklist over the keywords'
//! match keys, built once and run over every text. Match keys drop spaces and tone marks, so
//! "ข้อมูล ผู้บริหาร" typed with a space, or a PDF that lost its tone marks, still match.

use crate::checklist::Checklist;
use crate::thai;
use aho_corasick::{AhoCorasick, MatchKind};

/// The compiled keywords of a checklist.
pub struct Matcher {
    ac: AhoCorasick,
    /// Pattern index → (item index, keyword as written).
    owners: Vec<(usize, String)>,
    /// Per item, normalised exclude keywords.
    excludes: Vec<Vec<String>>,
}

impl Matcher {
    /// Compiles a checklist's keywords.
    pub fn new(checklist: &Checklist) -> Matcher {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (idx, item) in checklist.items.iter().enumerate() {
            for kw in item
                .keywords_th
                .iter()
                .chain(&item.keywords_en)
                .chain(std::iter::once(&item.name_th))
            {
                let n = thai::match_key(kw);
                if !n.is_empty() {
                    patterns.push(n);
                    owners.push((idx, kw.clone()));
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("keyword automaton");
        let excludes = checklist
            .items
            .iter()
            .map(|i| {
                i.exclude_keywords
                    .iter()
                    .map(|k| thai::match_key(k))
                    .filter(|k| !k.is_empty())
                    .collect()
            })
            .collect();
        Matcher {
            ac,
            owners,
            excludes,
        }
    }

    /// The items a text names, each once, with the longest keyword that matched; an item whose
    /// exclude keyword is also in the text is left out.
    pub fn items_in(&self, text: &str) -> Vec<(usize, String)> {
        let n = thai::match_key(text);
        let mut out: Vec<(usize, String, usize)> = Vec::new();
        for m in self.ac.find_iter(&n) {
            let (idx, kw) = &self.owners[m.pattern().as_usize()];
            if self.excludes[*idx].iter().any(|x| n.contains(x.as_str())) {
                continue;
            }
            match out.iter_mut().find(|(i, _, _)| i == idx) {
                Some(e) if e.2 < m.len() => {
                    e.1 = kw.clone();
                    e.2 = m.len();
                }
                Some(_) => {}
                None => out.push((*idx, kw.clone(), m.len())),
            }
        }
        out.into_iter().map(|(i, k, _)| (i, k)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Family;

    #[test]
    fn spaces_lost_tone_marks_and_known_typos_still_match() {
        let cl = Checklist::builtin(Family::Nacc, 2568).unwrap();
        let m = Matcher::new(&cl);
        let code = |text: &str| -> Vec<String> {
            m.items_in(text)
                .into_iter()
                .map(|(i, _)| cl.items[i].code.clone())
                .collect()
        };
        assert!(code("ข้อมูล ผู้บริหาร").contains(&"O2".to_string()));
        // A PDF text layer that lost its tone marks.
        assert!(code("ขอมูลผูบริหาร").contains(&"O2".to_string()));
        // "พัมนา" for "พัฒนา", as sites type it.
        assert!(code("แผนพัมนาท้องถิ่น").contains(&"O5".to_string()));
        assert!(code("พยากรณ์อากาศ ฝนตกหนักบางแห่ง").is_empty());
    }
}
