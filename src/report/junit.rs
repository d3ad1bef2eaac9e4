//! `junit.xml`: one test case per unit × item, for CI dashboards.

use super::view::{RunView, UnitView, is_gap, one_line};
use crate::crawl::Outcome;
use crate::locale::t;
use crate::results::Verdict;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// JUnit XML: one `<testsuite>` per unit, one `<testcase>` per checklist item
/// (name "O12 item name", classname = unit id); Found / NotApplicable pass; Missing, WrongYear,
/// BrokenLink fail with a message (the verdict's reason); NeedsHuman and NotChecked are skipped
/// with the reason; a unit whose crawl failed gets one failing case "crawl" with the reason.
///
/// CI servers and dashboards already chart JUnit results, so a scheduled scan shows each unit's
/// gaps and their history there with no extra tooling. A failed crawl has no item cases: its
/// items were never looked at, and one red "crawl" case says so plainly. Written as it is
/// made, one unit at a time (a nation's file is large): the totals come from the summaries.
pub fn junit(view: &RunView, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut xml = quick_xml::Writer::new_with_indent(w, b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let (mut tests, mut failures) = (0, 0);
    for u in &view.units {
        let (t, f, _) = counts(u);
        tests += t;
        failures += f;
    }
    let mut root = BytesStart::new("testsuites");
    root.push_attribute(("name", format!("oitscan {}", view.run.checklist).as_str()));
    root.push_attribute(("tests", tests.to_string().as_str()));
    root.push_attribute(("failures", failures.to_string().as_str()));
    root.push_attribute(("errors", "0"));
    xml.write_event(Event::Start(root))?;
    for (summary, full) in view.units.iter().zip(super::full_units(view.run)) {
        let uv = UnitView::new(&full, view.checklist, view.lang);
        suite(&mut xml, &uv, counts(summary), view.lang)?;
    }
    xml.write_event(Event::End(BytesEnd::new("testsuites")))?;
    xml.get_mut().write_all(b"\n")
}

/// A unit's cases, failures and skips.
fn counts(u: &UnitView) -> (usize, usize, usize) {
    if matches!(u.result.outcome, Outcome::Failed { .. }) {
        return (1, 1, 0);
    }
    let fail = u.items.iter().filter(|i| is_gap(i.status)).count();
    let skip = u
        .items
        .iter()
        .filter(|i| matches!(i.status, Verdict::NeedsHuman | Verdict::NotChecked))
        .count();
    (u.items.len(), fail, skip)
}

type Xml<'w> = quick_xml::Writer<&'w mut dyn std::io::Write>;

fn suite(
    xml: &mut Xml,
    uv: &UnitView,
    (tests, failures, skipped): (usize, usize, usize),
    lang: crate::locale::Lang,
) -> std::io::Result<()> {
    let (r, u) = (uv.result, &uv.result.unit);
    let mut start = BytesStart::new("testsuite");
    start.push_attribute((
        "name",
        format!("{} {}", u.id, one_line(&u.name_th)).as_str(),
    ));
    start.push_attribute(("tests", tests.to_string().as_str()));
    start.push_attribute(("failures", failures.to_string().as_str()));
    start.push_attribute(("errors", "0"));
    start.push_attribute(("skipped", skipped.to_string().as_str()));
    start.push_attribute((
        "time",
        format!("{:.3}", r.elapsed_ms as f64 / 1000.0).as_str(),
    ));
    xml.write_event(Event::Start(start))?;
    xml.write_event(Event::Start(BytesStart::new("properties")))?;
    let mut props = vec![
        ("url", u.url.to_string()),
        ("outcome", r.outcome.to_string()),
    ];
    if let Some(s) = uv.score {
        props.push(("estimated_score", format!("{:.1}", s.percent)));
    }
    for (name, value) in props {
        let mut p = BytesStart::new("property");
        p.push_attribute(("name", name));
        p.push_attribute(("value", value.as_str()));
        xml.write_event(Event::Empty(p))?;
    }
    xml.write_event(Event::End(BytesEnd::new("properties")))?;
    if let Outcome::Failed { reason } = &r.outcome {
        let crawl = NotPassed::failure("crawl-failed", reason.clone(), None);
        case(xml, "crawl", &u.id, Some(&crawl))?;
    } else {
        for i in &uv.items {
            let name = format!("{} {}", i.item.code, one_line(i.name));
            let status = match (i.verdict, i.status) {
                (None, _) => Some(NotPassed::skipped(
                    "not-checked",
                    t(lang, "junit-not-checked"),
                )),
                (Some(_), Verdict::Found | Verdict::NotApplicable) => None,
                (Some(v), s) if is_gap(s) => {
                    let mut detail = format!("{}\n{}", i.label, i.hint);
                    if let Some(e) = i.first() {
                        detail.push('\n');
                        detail.push_str(&e.url);
                    }
                    Some(NotPassed::failure(
                        v.verdict.slug(),
                        i.reason.to_string(),
                        Some(detail),
                    ))
                }
                (Some(v), _) => Some(NotPassed::skipped(v.verdict.slug(), i.reason.to_string())),
            };
            case(xml, &name, &u.id, status.as_ref())?;
        }
    }
    xml.write_event(Event::End(BytesEnd::new("testsuite")))
}

/// A case that did not pass: `<failure>` or `<skipped>`, with its type, message and
/// (for a failure) what to do.
struct NotPassed {
    element: &'static str,
    kind: &'static str,
    message: String,
    description: Option<String>,
}

impl NotPassed {
    fn failure(kind: &'static str, message: String, description: Option<String>) -> NotPassed {
        NotPassed {
            element: "failure",
            kind,
            message,
            description,
        }
    }

    fn skipped(kind: &'static str, message: String) -> NotPassed {
        NotPassed {
            element: "skipped",
            kind,
            message,
            description: None,
        }
    }
}

/// One `<testcase>`, passing or not.
fn case(xml: &mut Xml, name: &str, class: &str, status: Option<&NotPassed>) -> std::io::Result<()> {
    let mut start = BytesStart::new("testcase");
    start.push_attribute(("name", name));
    start.push_attribute(("classname", class));
    let Some(st) = status else {
        return xml.write_event(Event::Empty(start));
    };
    xml.write_event(Event::Start(start))?;
    let mut s = BytesStart::new(st.element);
    s.push_attribute(("message", st.message.as_str()));
    s.push_attribute(("type", st.kind));
    match &st.description {
        Some(d) => {
            xml.write_event(Event::Start(s))?;
            xml.write_event(Event::Text(BytesText::new(d)))?;
            xml.write_event(Event::End(BytesEnd::new(st.element)))?;
        }
        None => xml.write_event(Event::Empty(s))?,
    }
    xml.write_event(Event::End(BytesEnd::new("testcase")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cells::fixtures::*;

    #[test]
    fn junit_counts_cases_failures_and_skips() {
        use quick_xml::events::Event;
        let (results, c) = run();
        let mut bytes = Vec::new();
        junit(
            &RunView::new(&results, &c, crate::locale::Lang::Th),
            &mut bytes,
        )
        .unwrap();
        let xml = String::from_utf8(bytes).unwrap();
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
