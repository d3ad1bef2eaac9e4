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
# (end of the shared section)
