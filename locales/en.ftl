# Words of oitscan's reports and messages in English (Project Fluent). Staff may reword
# any message here; the binary embeds this file at build time (edit, then rebuild). Every key
# exists in both catalogues and is used somewhere (tests/locales.rs checks both).

## HTML reports (templates/unit.html, templates/index.html)

lang = en
gap_report = OIT gap report
rollup = OIT scan: province roll-up
fiscal_year = Fiscal year
checklist = Checklist
website = Website
unit_type = Type
province = Province
district = District
crawl = Crawl
requests_pages = Requests / pages
hub = ITA/OIT page
no_hub = No ITA/OIT page found on the site
homepage = Homepage
family = Family
score = Estimated OIT score
points = points
pass = pass
below = below the pass mark
pass_mark = Pass mark
not_scored = not scored against the NACC list
item = Item
verdict = Verdict
evidence = Evidence (URL)
click_path = Click path from the homepage
year_seen = Year seen
reason = Reason
missing_parts = Missing
how_to_fix = How to fix
confidence = Confidence
findings = Findings about the site
problems = Problems met while crawling
itas_sheet = ITAS evidence sheet
back = Back to the roll-up
generated = Made by oitscan
units = Units
units_scanned = Units scanned
units_below = Units below the pass mark
scores = Estimated scores (lowest first)
matrix = Units × items
per_item = Items missing most across the province
chart = Units per verdict, item by item
filter_district = District
filter_type = Unit type
filter_below = Only units below the pass mark
all = All
found = Found
not_found = Missing / wrong year / broken
needs_human = Needs a human look
legend = Legend
invalid_rows = Registry rows that could not be used
line = line
notes = Notes
stopped = The run stopped before every unit was done
started = Started
since = Since the last scan
no_change = no change

## Markdown reports and diffs (report/markdown.rs, report/diff.rs, templates/*.md)
# (end of the Markdown section)

## Spreadsheets, JUnit and ITAS sheets (report/cells.rs, csv.rs, xlsx.rs, junit.rs, itas.rs)
# (end of the tables section)

## Run summaries, plain explanations and shared words (report/policy.rs, plain.rs, html.rs, mod.rs, results/verdict.rs)
# Verdict names (results/verdict.rs; every report)
verdict-found = found
verdict-wrong-year = wrong year
verdict-broken-link = broken link
verdict-needs-human = needs a human look
verdict-missing = missing
verdict-not-applicable = not applicable
verdict-not-checked = not checked

# How a unit's crawl ended (report/mod.rs); $reason is the explained crawl problem
outcome-complete = complete
outcome-partial = partial ({ $reason })
outcome-failed = failed ({ $reason })

# Why a unit fails --fail-on (report/policy.rs); $codes is a list of item codes
policy-gaps = { $count } item(s) with gaps: { $codes }
policy-score-under = estimated score { $score } is under { $limit }
policy-lost = found before, not now: { $codes }
policy-score-fell = score fell from { $before } to { $now }

# The CI job summary (report/policy.rs)
ci-title = OIT scan, fiscal year { $year }
ci-pass = ✅ every unit meets the policy
ci-fail = ❌ some units fail the policy
ci-incomplete = ⚠️ the run is incomplete
ci-what = What
ci-count = Count
ci-units-scanned = units scanned
ci-units-scored = units scored
ci-below-pass-mark = below the pass mark
ci-failing-policy = failing the policy
ci-not-scanned = could not be scanned
ci-failing-heading = Units failing the policy
ci-more = { $count } more
ci-not-scanned-heading = Units that could not be scanned
ci-stopped = Stopped early: { $why }

# Plain sentences put in front of a technical crawl problem (report/plain.rs). English reports
# show the technical text alone: an empty value ({ "" }) adds no sentence; write one to add it.
plain-non-public = { "" }
plain-robots-status = { "" }
plain-robots-unreadable = { "" }
plain-robots-disallowed = { "" }
plain-crawl-delay = { "" }
plain-tls = { "" }
plain-dns = { "" }
plain-timeout = { "" }
plain-circuit-breaker = { "" }
plain-slowed-down = { "" }
plain-too-many-requests = { "" }
plain-connect = { "" }
plain-homepage-status = { "" }
plain-not-found = { "" }
plain-gone = { "" }
plain-login = { "" }
plain-forbidden = { "" }
plain-server-error = { "" }
plain-redirect = { "" }
plain-cut-off = { "" }
plain-too-large = { "" }
plain-page-budget = { "" }
plain-deadline = { "" }
plain-interrupted = { "" }
plain-trap = { "" }
plain-javascript = { "" }
plain-robots = { "" }

# The first step of a click path (report/html.rs)
html-home = Homepage
# (end of the shared section)
