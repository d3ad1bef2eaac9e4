//! Markdown reports: one per unit and a summary of the run, Thai by default.

use super::{Lang, RunResults, UnitResult};
use crate::checklist::Checklist;
use crate::crawl::Outcome;
use crate::detect::Verdict;
use std::fmt::Write;

/// Escapes text from a crawled site for a Markdown table cell: no pipes, no line breaks, no
/// HTML, no link syntax.
pub fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' | '`' | '*' | '_' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A URL shown as a Markdown link only when it is http(s); anything else is shown as text.
fn md_url(u: &str) -> String {
    if (u.starts_with("http://") || u.starts_with("https://")) && !u.contains([' ', '<', '>', ')'])
    {
        format!("<{u}>")
    } else {
        md_cell(u)
    }
}

fn outcome_text(o: &Outcome, lang: Lang) -> String {
    md_cell(&super::outcome_text(o, lang))
}

fn label(v: Verdict, lang: Lang) -> String {
    format!("{} {}", v.symbol(), super::verdict_label(v, lang))
}

/// The Markdown gap report of one unit.
pub fn unit_markdown(r: &UnitResult, checklist: &Checklist, lang: Lang) -> String {
    let th = lang == Lang::Th;
    let mut s = String::new();
    let u = &r.unit;
    let _ = writeln!(s, "# {} ({})\n", md_cell(&u.name_th), md_cell(&u.id));
    let _ = writeln!(
        s,
        "- {}: {}",
        if th {
            "เว็บไซต์"
        } else {
            "Website"
        },
        md_url(u.url.as_str())
    );
    let _ = writeln!(
        s,
        "- {}: {} {}",
        if th { "ประเภท" } else { "Type" },
        if th {
            u.unit_type.name_th()
        } else {
            u.unit_type.slug()
        },
        md_cell(&u.district)
    );
    let _ = writeln!(
        s,
        "- {}: {} {}",
        if th {
            "รายการตรวจ"
        } else {
            "Checklist"
        },
        md_cell(if th {
            &checklist.title_th
        } else {
            &checklist.title_en
        }),
        checklist.year
    );
    let _ = writeln!(
        s,
        "- {}: {}",
        if th {
            "ผลการเก็บข้อมูล"
        } else {
            "Crawl"
        },
        outcome_text(&r.outcome, lang)
    );
    let _ = writeln!(
        s,
        "- {}: {} / {} {}",
        if th {
            "จำนวนคำขอ / หน้า"
        } else {
            "Requests / pages"
        },
        r.requests,
        r.pages,
        if th { "หน้า" } else { "pages" }
    );
    match r
        .verdicts
        .hubs
        .iter()
        .find(|h| h.year == Some(r.verdicts.fiscal_year.0))
        .or(r.verdicts.hubs.first())
    {
        Some(h) => {
            let path = h
                .click_path
                .iter()
                .map(|p| md_cell(p))
                .collect::<Vec<_>>()
                .join(" → ");
            let _ = writeln!(
                s,
                "- {}: {} ({})",
                if th {
                    "หน้า ITA/OIT"
                } else {
                    "ITA/OIT page"
                },
                md_url(&h.url),
                if path.is_empty() {
                    if th {
                        "หน้าแรก".into()
                    } else {
                        "homepage".into()
                    }
                } else {
                    path
                }
            );
        }
        None if r.verdicts.score.is_some() => {
            let _ = writeln!(
                s,
                "- {}",
                if th {
                    "ไม่พบหน้า ITA/OIT บนเว็บไซต์"
                } else {
                    "No ITA/OIT page found on the site"
                }
            );
        }
        None => {}
    }
    if let Some(d) = &r.since {
        let short = crate::report::since_short(d, lang);
        let _ = writeln!(
            s,
            "- {} ({}): {}",
            if th {
                "เทียบกับการตรวจครั้งก่อน"
            } else {
                "Since the last scan"
            },
            md_cell(&d.since),
            if short.is_empty() {
                if th {
                    "ไม่มีการเปลี่ยนแปลง".to_string()
                } else {
                    "no change".to_string()
                }
            } else {
                md_cell(&short)
            }
        );
    }
    if let Some(note) = &r.verdicts.family_note {
        let _ = writeln!(
            s,
            "- {}: {}",
            if th {
                "ชุดตัวชี้วัด"
            } else {
                "Family"
            },
            md_cell(note)
        );
    }
    if let Some(score) = &r.verdicts.score {
        let pass = if score.passes {
            if th { "ผ่าน" } else { "pass" }
        } else if th {
            "ต่ำกว่าเกณฑ์"
        } else {
            "below the pass mark"
        };
        let _ = writeln!(
            s,
            "- {}: **{:.2}%** ({:.2}/{} {}) — {} {}",
            if th {
                "คะแนน OIT โดยประมาณ"
            } else {
                "Estimated OIT score"
            },
            score.percent,
            score.points,
            checklist.scoring.oit_weight,
            if th { "คะแนน" } else { "points" },
            pass,
            score.pass_mark
        );
        let _ = writeln!(
            s,
            "  - _{}_",
            md_cell(if th {
                &checklist.scoring.caveat_th
            } else {
                &checklist.scoring.caveat_en
            })
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
        if th { "ข้อ" } else { "Item" },
        if th { "ผล" } else { "Verdict" },
        if th {
            "หลักฐาน"
        } else {
            "Evidence"
        },
        if th {
            "ปีที่พบ"
        } else {
            "Year seen"
        },
        if th {
            "เหตุผล / วิธีแก้"
        } else {
            "Reason / how to fix"
        }
    );
    for v in &r.verdicts.items {
        let Some(item) = checklist.item(&v.code) else {
            continue;
        };
        let name = if th { &item.name_th } else { &item.name_en };
        let ev = v.evidence.first();
        let evidence = ev
            .map(|e| {
                let path = e
                    .click_path
                    .iter()
                    .map(|p| md_cell(p))
                    .collect::<Vec<_>>()
                    .join(" → ");
                format!("{}<br>{}", md_url(&e.url), path)
            })
            .unwrap_or_default();
        let years = ev.map(|e| e.years.join(", ")).unwrap_or_default();
        let mut reason = md_cell(v.reason_in(th));
        if !matches!(v.verdict, Verdict::Found | Verdict::NotApplicable) {
            let hint = if th { &item.hint_th } else { &item.hint_en };
            let _ = write!(reason, "<br>{}", md_cell(hint));
        }
        let _ = writeln!(
            s,
            "| {} {} | {} | {} | {} | {} |",
            v.code,
            md_cell(name),
            label(v.verdict, lang),
            evidence,
            years,
            reason
        );
    }
    if !r.findings.is_empty() {
        let _ = writeln!(
            s,
            "\n## {}\n",
            if th {
                "ข้อสังเกตเกี่ยวกับเว็บไซต์"
            } else {
                "Findings about the site"
            }
        );
        for f in &r.findings {
            let _ = writeln!(s, "- {}", md_cell(&super::plain::explain(f, lang)));
        }
    }
    if !r.crawl_errors.is_empty() {
        let _ = writeln!(
            s,
            "\n## {}\n",
            if th {
                "ปัญหาที่พบระหว่างตรวจ"
            } else {
                "Problems met while crawling"
            }
        );
        for e in &r.crawl_errors {
            let _ = writeln!(s, "- {}", md_cell(&super::plain::explain(e, lang)));
        }
    }
    s
}

/// The Markdown summary of a run: one row per unit, lowest estimated score first.
pub fn summary_markdown(run: &RunResults, checklist: &Checklist, lang: Lang) -> String {
    let th = lang == Lang::Th;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} {}\n",
        if th {
            "สรุปผลการตรวจ OIT ปีงบประมาณ"
        } else {
            "OIT scan summary, fiscal year"
        },
        run.fiscal_year
    );
    let _ = writeln!(
        s,
        "- {}: {} ({})",
        if th {
            "รายการตรวจ"
        } else {
            "Checklist"
        },
        run.checklist,
        md_cell(&run.checklist_source)
    );
    let _ = writeln!(
        s,
        "- {}: {}",
        if th {
            "จำนวนหน่วยงาน"
        } else {
            "Units"
        },
        run.units.len()
    );
    for n in &run.notes {
        let _ = writeln!(s, "- {}", md_cell(n));
    }
    let _ = writeln!(
        s,
        "\n_{}_\n",
        md_cell(if th {
            &checklist.scoring.caveat_th
        } else {
            &checklist.scoring.caveat_en
        })
    );
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|",
        if th {
            "หน่วยงาน"
        } else {
            "Unit"
        },
        if th { "อำเภอ" } else { "District" },
        if th {
            "คะแนนโดยประมาณ"
        } else {
            "Est. score"
        },
        if th { "พบ" } else { "Found" },
        if th {
            "ขาด/ผิดปี/ลิงก์เสีย"
        } else {
            "Missing/wrong year/broken"
        },
        if th {
            "ผลการเก็บข้อมูล"
        } else {
            "Crawl"
        }
    );
    let mut units: Vec<&UnitResult> = run.units.iter().collect();
    units.sort_by(|a, b| {
        let sa = a
            .verdicts
            .score
            .as_ref()
            .map_or(f64::INFINITY, |x| x.percent);
        let sb = b
            .verdicts
            .score
            .as_ref()
            .map_or(f64::INFINITY, |x| x.percent);
        sa.total_cmp(&sb)
    });
    for r in units {
        let count = |v: Verdict| r.verdicts.items.iter().filter(|i| i.verdict == v).count();
        let score = match &r.verdicts.score {
            Some(sc) if !sc.passes => format!("**{:.1}** ⚠", sc.percent),
            Some(sc) => format!("{:.1}", sc.percent),
            None if r.verdicts.family != crate::units::Family::Nacc => {
                let not_scored = if th {
                    "ไม่ประเมินตามชุด ป.ป.ช."
                } else {
                    "not scored against the NACC list"
                };
                format!("{} ({not_scored})", r.verdicts.family.name(th))
            }
            None => "–".into(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {}/{}/{} | {} |",
            md_cell(&r.unit.name_th),
            md_cell(&r.unit.district),
            score,
            count(Verdict::Found),
            count(Verdict::Missing),
            count(Verdict::WrongYear),
            count(Verdict::BrokenLink),
            outcome_text(&r.outcome, lang)
        );
    }
    if !run.invalid_rows.is_empty() {
        let _ = writeln!(
            s,
            "\n## {}\n",
            if th {
                "แถวในทะเบียนที่ใช้ไม่ได้"
            } else {
                "Registry rows not scanned"
            }
        );
        for e in &run.invalid_rows {
            let _ = writeln!(s, "- {}", md_cell(&e.to_string()));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables_or_inject() {
        assert_eq!(
            md_cell("a|b\n<script>[x](javascript:y)"),
            "a\\|b &lt;script&gt;\\[x\\](javascript:y)"
        );
        assert_eq!(md_url("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(md_url("https://x.go.th/a"), "<https://x.go.th/a>");
    }
}
