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
notes = Notes
stopped = The run stopped before every unit was done
started = Started
since = Since the last scan
no_change = no change

## Markdown reports and diffs (report/markdown.rs, report/diff.rs, templates/*.md)

# Unit report (templates/unit.md)
md_website = Website
md_type = Type
md_checklist = Checklist
md_crawl = Crawl
md_requests_pages = Requests / pages
md_pages = pages
md_hub = ITA/OIT page
md_homepage = homepage
md_no_hub = No ITA/OIT page found on the site
md_since = Since the last scan
md_no_change = no change
md_family = Family
md_score = Estimated OIT score
md_points = points
md_pass = pass
md_below = below the pass mark
md_col_item = Item
md_col_verdict = Verdict
md_col_evidence = Evidence
md_col_year_seen = Year seen
md_col_reason = Reason / how to fix
md_findings = Findings about the site
md_problems = Problems met while crawling

# Run summary (templates/summary.md)
md_summary_title = OIT scan summary, fiscal year
md_units = Units
md_col_unit = Unit
md_col_district = District
md_col_score = Est. score
md_col_found = Found
md_col_gaps = Missing/wrong year/broken
# The score cell of a unit scored against another list than the NACC one.
md-not-scored = { $family } (not scored against the NACC list)
md_invalid_rows = Registry rows not scanned

# Changes between runs (report/diff.rs): `oitscan diff` and the "since last scan" line
md-change-newly-missing = newly missing
md-change-fixed = fixed
md-change-moved = moved
md-change-broke = link broke
md-since-new-unit = new unit
md-diff-heading = Changes between scans
md-diff-nothing = Nothing changed.
md-diff-new-unit = new unit (not in the earlier scan)
# Before the earlier URL of an item now missing or broken: "(was http://…)".
md-diff-was = was
md-diff-score = estimated score
md-diff-removed = Units not in the later scan
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
# (end of the shared section)

## Detection's reasons, one line per item verdict (detect/decide.rs, detect/mod.rs); results.json keeps both languages
reason-nothing-names-item = no link, page or document on the crawled site names this item
reason-shown-no-year-needed = no year needed
reason-shown-no-year = no year
reason-shown-years = { $years }
reason-heading-only = the page "{ $text }" shows only its heading, or only the list other pages show too; nothing of this item opens
reason-link-no-item = the link "{ $text }" leads to a page that does not show this item
reason-being-prepared = the page "{ $text }" only says its content is being prepared
reason-listed-unreadable = "{ $m }" ({ $shown }) is listed by name and opens, but its content could not be read to confirm it
reason-contact-in-footer = the contact details are in the part every page shows (the footer), seen on the homepage
reason-found = "{ $m }" ({ $shown })
reason-multi-year-no-period = "{ $m }": a multi-year plan whose period is not shown
reason-scan-no-text = the document is a scan with no text layer: check by eye that it is this item and year
reason-unreadable = the document could not be read ({ $error }): check it by eye
reason-hidden = { $why }: open it in a browser and check
reason-other-item = "{ $m }" is listed for this item, but the document itself is about another item ("{ $other }"): check which it is
reason-no-year-readable = "{ $m }" is there, but no fiscal year can be read on it or on what it leads to: check that it is for { $needed }
reason-offsite-no-year = the evidence is off-site ({ $url }) and shows no fiscal year: open it and check it is for { $needed }
reason-check-by-eye = check by eye
reason-not-reached = the link "{ $text }" is there, but the crawl stopped before opening what it leads to, so it confirms nothing yet: open it and check
reason-broken-link = the link "{ $text }" is broken ({ $error })
reason-link-broken = the link is broken
reason-broken-other-year = only a broken link to another year's document ({ $shown })
reason-wrong-year = found "{ $m }" but for { $shown }; needs { $scope } ({ $needed })
reason-code-over-heading = ; the heading above it says { $stale } (last year's numbering), so the code the document carries was trusted
reason-missing-parts = ; the page does not show: { $parts }
reason-not-crawled = site could not be crawled: { $reason }
reason-other-family = the unit publishes { $family }, not { $checked }
reason-not-applicable = does not apply to this unit type ({ $type })
reason-javascript-site = the site is drawn by JavaScript, so its links cannot be read without a browser: check this item by eye

## Names the code holds: unit types (units.rs), checklist families (units.rs), year scopes (checklist), merge
# Unit type names: reports in English show the type's slug today; these are here for parity.
type-provincial-agency = provincial agency
type-pao = provincial administrative organization (PAO)
type-city-municipality = city municipality
type-town-municipality = town municipality
type-subdistrict-municipality = subdistrict municipality
type-sao = subdistrict administrative organization (SAO)
type-other = other unit
family-nacc = the NACC OIT list
family-moph-moit = the MOPH MOIT list
family-obec-ita-online = the OBEC ITA Online list (schools)
family-ovec = the OVEC list (vocational colleges)
family-moph-eb = the MOPH evidence-based (EB) list
scope-current = the current fiscal year
scope-previous = the previous fiscal year
scope-multi-year = a multi-year plan covering the current year
scope-timeless = current information (no year)
merge-partial = partial merge: shard(s) { $shards } missing; their units are not in this roll-up

## Registry warnings and row problems (units.rs), the checklist year note (checklist/mod.rs),
## the demo's note (commands/demo.rs) and the history notes of a run (scan.rs). They are made
## before the report language is known: results.json keeps the key and its arguments, and
## each report words them in its own language; the terminal shows the English.
# Registry warnings: the file is read, but something in it was guessed or left out.
registry-utf16-no-bom = { $file } is { $encoding } text without a byte-order mark; read it as such (save as "CSV UTF-8" in Excel to avoid this)
registry-windows-874 = { $file }: line(s) { $lines } are not UTF-8; read them as windows-874 (Thai Windows); save as "CSV UTF-8" in Excel to avoid this
registry-windows-874-many = { $file }: { $count } lines are not UTF-8; read them as windows-874 (Thai Windows); save as "CSV UTF-8" in Excel to avoid this
registry-unused-column = { $file }: column "{ $column }" is not used (known: { $known })
registry-unused-key = { $file }:{ $line }: key "{ $key }" is not used (known: { $known })
registry-no-province = line { $line }: unit { $id } has no province
# Row problems: the row is not scanned until they are fixed.
registry-unreadable-row = unreadable CSV row: { $error }
registry-row-width = the row has { $fields } fields but the header has { $columns }
registry-empty-id = empty id
registry-bad-id = id "{ $id }" may not contain slashes or control characters (it names report files)
registry-duplicate-id = duplicate id "{ $id }" (first used on line { $first })
registry-empty-name-th = empty name_th (the unit's Thai name)
registry-empty-type = empty type
registry-unknown-type = unknown unit type "{ $type }"; use one of { $known } or the Thai อบจ., เทศบาลนคร, เทศบาลเมือง, เทศบาลตำบล, อบต., ส่วนราชการ
registry-url-missing = missing url
registry-url-no-scheme = url "{ $url }" has no scheme; write "https://{ $url }" (or http:// if the site has no HTTPS)
registry-url-not-web = url "{ $url }" is not a web address; write the homepage, e.g. https://www.example.go.th
registry-url-bad = bad url "{ $url }": { $error }
registry-url-scheme = url "{ $url }" must start with http:// or https://, not { $scheme }://
registry-url-no-host = url "{ $url }" has no host name
registry-url-not-domain = url "{ $url }": host "{ $host }" is not a full domain name (e.g. www.example.go.th)
registry-extra-host = extra host "{ $host }" is not a host name (e.g. sites.google.com)
registry-unknown-family = unknown family "{ $family }"; use nacc (default), moph-moit, obec-ita-online or ovec
# A registry row that could not be used, in the roll-up (index.html, summary.md); $problems
# are the row's problems joined with "; ".
registry-row = line { $line }: { $problems }
registry-row-id = line { $line } (id { $id }): { $problems }
# Run notes.
checklist-year-fallback = no { $family } checklist for the current fiscal year { $year } yet; using { $newest }, the newest shipped (choose with --year)
demo-fixture-year = the bundled fixture sites publish the FY{ $year } items, so the demo checks { $year } (choose with --year)
# $detail is the history database's own error, as the database library words it.
history-locked = { $detail } (another oitscan is writing it); this run is not recorded in the history
history-unrecorded = { $detail }; this run is not recorded in the history
history-previous-unreadable = { $detail }; the run before this one cannot be read, so nothing is compared with it
history-damaged-moved = { $detail }; the damaged history was moved to { $path } and a new one started (no comparison with earlier runs this time)
