//! `junit.xml`: one test case per unit × item, for CI dashboards.

use super::view::{RunView, one_line};
use crate::crawl::Outcome;
use crate::locale::t;
use crate::results::Verdict;
use std::fmt::Write;

use super::cells::*;

/// JUnit XML: one `<testsuite>` per unit, one `<testcase>` per checklist item
/// (name "O12 item name", classname = unit id); Found / NotApplicable pass; Missing, WrongYear,
/// BrokenLink fail with a message (the verdict's reason); NeedsHuman and NotChecked are skipped
/// with the reason; a unit whose crawl failed gets one failing case "crawl" with the reason.
///
/// CI servers and dashboards already chart JUnit results, so a scheduled scan shows each unit's
/// gaps and their history there with no extra tooling. A failed crawl has no item cases: its
/// items were never looked at, and one red "crawl" case says so plainly.
pub fn junit(view: &RunView) -> String {
    use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};
    let lang = view.lang;
    let mut report = Report::new(format!("oitscan {}", view.run.checklist));
    for uv in &view.units {
        let (r, u) = (uv.result, &uv.result.unit);
        let mut suite = TestSuite::new(format!("{} {}", u.id, one_line(&u.name_th)));
        suite.set_time(std::time::Duration::from_millis(r.elapsed_ms));
        suite.add_property(Property::new("url", u.url.as_str()));
        suite.add_property(Property::new("outcome", outcome_word(&r.outcome)));
        if let Some(s) = uv.score {
            suite.add_property(Property::new(
                "estimated_score",
                format!("{:.1}", s.percent),
            ));
        }
        if let Outcome::Failed { reason } = &r.outcome {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(reason.as_str()).set_type("crawl-failed");
            let mut case = TestCase::new("crawl", status);
            case.set_classname(u.id.as_str());
            suite.add_test_case(case);
            report.add_test_suite(suite);
            continue;
        }
        for i in &uv.items {
            let name = format!("{} {}", i.item.code, one_line(i.name));
            let status = match i.verdict {
                None => {
                    let mut s = TestCaseStatus::skipped();
                    s.set_message(t(lang, "junit-not-checked"))
                        .set_type("not-checked");
                    s
                }
                Some(v) => match v.verdict {
                    Verdict::Found | Verdict::NotApplicable => TestCaseStatus::success(),
                    Verdict::Missing | Verdict::WrongYear | Verdict::BrokenLink => {
                        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                        let mut detail = format!("{}\n{}", i.label, i.hint);
                        if let Some(e) = i.first() {
                            let _ = write!(detail, "\n{}", e.url);
                        }
                        s.set_message(i.reason)
                            .set_type(v.verdict.slug())
                            .set_description(detail);
                        s
                    }
                    Verdict::NeedsHuman | Verdict::NotChecked => {
                        let mut s = TestCaseStatus::skipped();
                        s.set_message(i.reason).set_type(v.verdict.slug());
                        s
                    }
                },
            };
            let mut case = TestCase::new(name, status);
            case.set_classname(u.id.as_str());
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    // Serialising into memory fails only on an I/O error, which a String cannot raise.
    report.to_string().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cells::fixtures::*;

    #[test]
    fn junit_counts_cases_failures_and_skips() {
        use quick_xml::events::Event;
        let (results, c) = run();
        let xml = junit(&RunView::new(&results, &c, crate::locale::Lang::Th));
        let v1 = quick_xml::XmlVersion::Implicit1_0;
        let mut rd = quick_xml::Reader::from_str(&xml);
        let (mut suites, mut cases, mut failures, mut skipped) = (0, 0, 0, 0);
        let mut names = Vec::new();
        loop {
            match rd.read_event().unwrap() {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                    "testsuite" => suites += 1,
                    "testcase" => {
                        cases += 1;
                        let name = e.try_get_attribute("name").unwrap().unwrap();
                        let class = e.try_get_attribute("classname").unwrap().unwrap();
                        names.push((
                            name.normalized_value(v1).unwrap().into_owned(),
                            class.normalized_value(v1).unwrap().into_owned(),
                        ));
                    }
                    "failure" => failures += 1,
                    "skipped" => skipped += 1,
                    _ => {}
                },
                _ => {}
            }
        }
        let n = c.items.len();
        assert_eq!(suites, 4);
        // u1, u3 and u4 one case per item; u2 the single "crawl" case.
        assert_eq!(cases, 3 * n + 1);
        // u1: one wrong year and n - 3 missing; u2: the crawl.
        assert_eq!(failures, (n - 2) + 1);
        assert_eq!(skipped, n);
        assert_eq!(
            names[0],
            (
                format!("{} {}", c.items[0].code, c.items[0].name_th),
                "u1".into()
            )
        );
        assert!(names.contains(&("crawl".into(), "u2".into())));
        assert!(xml.contains("connection refused"));
        assert!(!xml.contains("<script>"));
    }
}
