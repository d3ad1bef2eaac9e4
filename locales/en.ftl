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
# Columns of summary.csv and of the workbook's summary sheet. The English names are the
# registry's own column names where they overlap: scripts join the two files on them.
csv-col-id = id
csv-col-name-th = name_th
csv-col-name-en = name_en
csv-col-type = type
csv-col-province = province
csv-col-district = district
csv-col-url = url
csv-col-family = family
csv-col-outcome = outcome
csv-col-estimated-score = estimated_score
csv-col-below-pass = below_pass
csv-col-found = found
csv-col-wrong-year = wrong_year
csv-col-broken-link = broken_link
csv-col-needs-human = needs_human
csv-col-missing = missing
csv-col-not-applicable = not_applicable
csv-col-requests = requests
csv-col-pages = pages
# A verdict in a matrix cell, short; the legend gives the full label and its meaning.
cell-short-found = found
cell-short-wrong-year = wrong year
cell-short-broken-link = broken link
cell-short-needs-human = check by eye
cell-short-missing = missing
cell-short-not-applicable = n/a
cell-short-not-checked = not checked
cell-meaning-found = published, for the checked year where one is needed
cell-meaning-wrong-year = published, but for another fiscal year
cell-meaning-broken-link = the site links it, but the link is broken
cell-meaning-needs-human = something is there but a person must judge it (a scanned PDF, an unreadable file)
cell-meaning-missing = nothing found
cell-meaning-not-applicable = the item does not apply to this type of unit
cell-meaning-not-checked = the site could not be checked, or uses another family's list
# The first step of a click path in the workbook.
cell-homepage = Homepage
# The workbook (oitscan.xlsx). Excel allows sheet names of at most 31 characters.
xlsx-sheet-summary = Summary
xlsx-sheet-matrix = Matrix
xlsx-sheet-evidence = Evidence
xlsx-yes = yes
xlsx-no = no
xlsx-col-unit-id = Unit id
xlsx-col-unit = Unit
xlsx-col-est-score = Est. score (%)
xlsx-not-scored = not scored
xlsx-legend = Legend
xlsx-items = Items
xlsx-note = Note
xlsx-pass-mark-note = Pass mark { $mark }%; scores below it are shown in red.
xlsx-col-unit-name = Unit name
xlsx-col-item = Item
xlsx-col-item-name = Item name
xlsx-col-verdict = Verdict
xlsx-col-confidence = Confidence
xlsx-col-evidence-url = Evidence URL
xlsx-col-other-urls = Other URLs
xlsx-col-click-path = Click path
xlsx-col-years-seen = Years seen
xlsx-col-reason = Reason
xlsx-col-missing-components = Missing components
xlsx-col-how-to-fix = How to fix
# junit.xml: an item with no verdict at all.
junit-not-checked = not checked
# The ITAS evidence sheet (itas.txt, itas.csv).
itas-heading = Evidence for the ITAS form (OIT): { $name } ({ $id })
itas-website = Website: { $url }
itas-checklist = Checklist, fiscal year: { $year } { $title }
itas-check-first = From an automatic scan: open every link and check it before submitting.
itas-homepage = Homepage
itas-not-applicable = Does not apply to this type of unit
itas-no-evidence = No evidence found yet – { $hint }
itas-no-evidence-verdict = No evidence found yet ({ $verdict }) – { $hint }
itas-needs-human = Check by eye before submitting: the content could not be read automatically (a scanned PDF, for example)
itas-page-lacks = The page does not show: { $parts }
itas-col-code = code
itas-col-item-name = item_name
itas-col-url = url
itas-col-explanation = explanation
# (end of the tables section)

## Run summaries, plain explanations and shared words (report/policy.rs, plain.rs, html.rs, mod.rs, results/verdict.rs)
# (end of the shared section)
