# Words of oitscan's reports and messages in Thai (Project Fluent). Staff may reword
# any message here; the binary embeds this file at build time (edit, then rebuild). Every key
# exists in both catalogues and is used somewhere (tests/locales.rs checks both).

## HTML reports (templates/unit.html, templates/index.html)

lang = th
gap_report = รายงานข้อที่ยังขาด (OIT)
rollup = สรุปผลการตรวจ OIT ระดับจังหวัด
fiscal_year = ปีงบประมาณ
checklist = รายการตรวจ
website = เว็บไซต์
unit_type = ประเภท
province = จังหวัด
district = อำเภอ
crawl = ผลการเก็บข้อมูล
requests_pages = จำนวนคำขอ / หน้า
hub = หน้า ITA/OIT
no_hub = ไม่พบหน้า ITA/OIT บนเว็บไซต์
homepage = หน้าแรก
family = ชุดตัวชี้วัด
score = คะแนน OIT โดยประมาณ
points = คะแนน
pass = ผ่านเกณฑ์
below = ต่ำกว่าเกณฑ์
pass_mark = เกณฑ์ผ่าน
not_scored = ไม่ได้ประเมินตามชุด ป.ป.ช.
item = ข้อ
verdict = ผลการตรวจ
evidence = หลักฐาน (URL)
click_path = เส้นทางจากหน้าแรก
year_seen = ปีที่พบ
reason = เหตุผล
missing_parts = ยังขาด
how_to_fix = วิธีแก้ไข
confidence = ความมั่นใจ
findings = ข้อสังเกตเกี่ยวกับเว็บไซต์
problems = ปัญหาที่พบระหว่างตรวจ
itas_sheet = แผ่นหลักฐานสำหรับกรอกในระบบ ITAS
back = กลับไปหน้าสรุป
generated = สร้างโดย oitscan
units = หน่วยงาน
units_scanned = จำนวนหน่วยงานที่ตรวจ
units_below = หน่วยงานที่คะแนนต่ำกว่าเกณฑ์
scores = คะแนนโดยประมาณ (เรียงจากต่ำไปสูง)
matrix = ตารางผลการตรวจรายข้อ
per_item = ข้อที่ยังขาดมากที่สุดในจังหวัด
chart = แผนภูมิจำนวนหน่วยงานตามผลการตรวจรายข้อ
filter_district = อำเภอ
filter_type = ประเภทหน่วยงาน
filter_below = แสดงเฉพาะหน่วยงานที่ต่ำกว่าเกณฑ์
all = ทั้งหมด
found = พบ
not_found = ขาด/ผิดปี/ลิงก์เสีย
needs_human = ต้องตรวจด้วยตนเอง
legend = สัญลักษณ์
invalid_rows = แถวในทะเบียนที่ใช้ไม่ได้
notes = หมายเหตุ
stopped = การตรวจหยุดก่อนครบทุกหน่วยงาน
started = เริ่มตรวจ
since = เทียบกับการตรวจครั้งก่อน
no_change = ไม่มีการเปลี่ยนแปลง

## Markdown reports and diffs (report/markdown.rs, report/diff.rs, templates/*.md)

# Unit report (templates/unit.md)
md_website = เว็บไซต์
md_type = ประเภท
md_checklist = รายการตรวจ
md_crawl = ผลการเก็บข้อมูล
md_requests_pages = จำนวนคำขอ / หน้า
md_pages = หน้า
md_hub = หน้า ITA/OIT
md_homepage = หน้าแรก
md_no_hub = ไม่พบหน้า ITA/OIT บนเว็บไซต์
md_since = เทียบกับการตรวจครั้งก่อน
md_no_change = ไม่มีการเปลี่ยนแปลง
md_family = ชุดตัวชี้วัด
md_score = คะแนน OIT โดยประมาณ
md_points = คะแนน
md_pass = ผ่าน
md_below = ต่ำกว่าเกณฑ์
md_col_item = ข้อ
md_col_verdict = ผล
md_col_evidence = หลักฐาน
md_col_year_seen = ปีที่พบ
md_col_reason = เหตุผล / วิธีแก้
md_findings = ข้อสังเกตเกี่ยวกับเว็บไซต์
md_problems = ปัญหาที่พบระหว่างตรวจ

# Run summary (templates/summary.md)
md_summary_title = สรุปผลการตรวจ OIT ปีงบประมาณ
md_units = จำนวนหน่วยงาน
md_col_unit = หน่วยงาน
md_col_district = อำเภอ
md_col_score = คะแนนโดยประมาณ
md_col_found = พบ
md_col_gaps = ขาด/ผิดปี/ลิงก์เสีย
# The score cell of a unit scored against another list than the NACC one.
md-not-scored = { $family } (ไม่ประเมินตามชุด ป.ป.ช.)
md_invalid_rows = แถวในทะเบียนที่ใช้ไม่ได้

# Changes between runs (report/diff.rs): `oitscan diff` and the "since last scan" line
md-change-newly-missing = หายไป
md-change-fixed = แก้ไขแล้ว
md-change-moved = ย้าย URL
md-change-broke = ลิงก์เสียใหม่
md-since-new-unit = หน่วยงานใหม่
md-diff-heading = การเปลี่ยนแปลงระหว่างการตรวจ
md-diff-nothing = ไม่มีการเปลี่ยนแปลง
md-diff-new-unit = หน่วยงานใหม่ (ไม่มีผลการตรวจครั้งก่อน)
# Before the earlier URL of an item now missing or broken: "(เดิม http://…)".
md-diff-was = เดิม
md-diff-score = คะแนนโดยประมาณ
md-diff-removed = หน่วยงานที่ไม่ได้ตรวจครั้งนี้
# (end of the Markdown section)

## Spreadsheets, JUnit and ITAS sheets (report/cells.rs, csv.rs, xlsx.rs, junit.rs, itas.rs)
# Columns of summary.csv and of the workbook's summary sheet.
csv-col-id = รหัสหน่วยงาน
csv-col-name-th = ชื่อหน่วยงาน
csv-col-name-en = ชื่อภาษาอังกฤษ
csv-col-type = ประเภท
csv-col-province = จังหวัด
csv-col-district = อำเภอ
csv-col-url = เว็บไซต์
csv-col-family = ชุดตัวชี้วัด
csv-col-outcome = ผลการเก็บข้อมูล
csv-col-estimated-score = คะแนน OIT โดยประมาณ (%)
csv-col-below-pass = ต่ำกว่าเกณฑ์
csv-col-found = พบ
csv-col-wrong-year = ผิดปี
csv-col-broken-link = ลิงก์เสีย
csv-col-needs-human = ต้องตรวจด้วยตนเอง
csv-col-missing = ไม่พบ
csv-col-not-applicable = ไม่เกี่ยวข้อง
csv-col-requests = จำนวนคำขอ
csv-col-pages = จำนวนหน้า
# A verdict in a matrix cell, short; the legend gives the full label and its meaning.
cell-short-found = พบ
cell-short-wrong-year = ผิดปี
cell-short-broken-link = ลิงก์เสีย
cell-short-needs-human = ตรวจเอง
cell-short-missing = ไม่พบ
cell-short-not-applicable = ไม่เกี่ยวข้อง
cell-short-not-checked = ตรวจไม่ได้
cell-meaning-found = พบหลักฐานบนเว็บไซต์ และเป็นของปีที่ประเมิน (ถ้าข้อนั้นกำหนดปี)
cell-meaning-wrong-year = พบ แต่เป็นข้อมูลของปีงบประมาณอื่น
cell-meaning-broken-link = เว็บไซต์มีลิงก์ไปยังข้อมูล แต่ลิงก์เปิดไม่ได้
cell-meaning-needs-human = พบบางอย่าง แต่ต้องให้คนตรวจ (เช่น PDF ที่สแกน ไฟล์ที่อ่านไม่ได้)
cell-meaning-missing = ไม่พบบนเว็บไซต์
cell-meaning-not-applicable = ข้อนี้ไม่ใช้กับหน่วยงานประเภทนี้
cell-meaning-not-checked = ตรวจไม่ได้ หรือหน่วยงานใช้ชุดตัวชี้วัดอื่น
# The first step of a click path in the workbook.
cell-homepage = หน้าแรก
# The workbook (oitscan.xlsx). Excel allows sheet names of at most 31 characters.
xlsx-sheet-summary = สรุปผล
xlsx-sheet-matrix = ตารางผลรายข้อ
xlsx-sheet-evidence = หลักฐาน
xlsx-yes = ใช่
xlsx-no = ไม่
xlsx-col-unit-id = รหัสหน่วยงาน
xlsx-col-unit = หน่วยงาน
xlsx-col-est-score = คะแนนโดยประมาณ (%)
xlsx-not-scored = ไม่ประเมิน
xlsx-legend = คำอธิบายสัญลักษณ์
xlsx-items = รายการตรวจ
xlsx-note = หมายเหตุ
xlsx-pass-mark-note = เกณฑ์ผ่าน { $mark } คะแนน (ร้อยละ) คะแนนที่ต่ำกว่าเกณฑ์แสดงด้วยสีแดง
xlsx-col-unit-name = ชื่อหน่วยงาน
xlsx-col-item = ข้อ
xlsx-col-item-name = ชื่อข้อ
xlsx-col-verdict = ผล
xlsx-col-confidence = ความมั่นใจ
xlsx-col-evidence-url = ลิงก์หลักฐาน
xlsx-col-other-urls = ลิงก์อื่น
xlsx-col-click-path = เส้นทางคลิก
xlsx-col-years-seen = ปีที่พบ
xlsx-col-reason = เหตุผล
xlsx-col-missing-components = องค์ประกอบที่ขาด
xlsx-col-how-to-fix = วิธีแก้
# junit.xml: an item with no verdict at all (kept in English, as before).
junit-not-checked = not checked
# The ITAS evidence sheet (itas.txt, itas.csv).
itas-heading = หลักฐานสำหรับแบบ ITAS (OIT): { $name } ({ $id })
itas-website = เว็บไซต์: { $url }
itas-checklist = รายการตรวจ ปีงบประมาณ: { $year } { $title }
itas-check-first = ได้จากการตรวจอัตโนมัติ: เปิดทุกลิงก์ตรวจสอบก่อนส่ง
itas-homepage = หน้าหลักของเว็บไซต์
itas-not-applicable = ไม่เกี่ยวข้องกับหน่วยงานประเภทนี้
itas-no-evidence = ยังไม่พบหลักฐาน – { $hint }
itas-no-evidence-verdict = ยังไม่พบหลักฐาน ({ $verdict }) – { $hint }
itas-needs-human = ต้องตรวจด้วยตนเองก่อนส่ง: ระบบอ่านเนื้อหาไม่ได้ (เช่น PDF ที่สแกน)
itas-page-lacks = หน้าที่พบยังไม่แสดง: { $parts }
itas-col-code = ข้อ
itas-col-item-name = ชื่อข้อ
itas-col-url = URL
itas-col-explanation = คำอธิบาย
# (end of the tables section)

## Run summaries, plain explanations and shared words (report/policy.rs, plain.rs, html.rs, mod.rs, results/verdict.rs)
# Verdict names (results/verdict.rs; every report)
verdict-found = พบ
verdict-wrong-year = พบแต่ไม่ใช่ปีที่ประเมิน
verdict-broken-link = ลิงก์เสีย
verdict-needs-human = ต้องตรวจด้วยตนเอง
verdict-missing = ไม่พบ
verdict-not-applicable = ไม่เกี่ยวข้อง
verdict-not-checked = ตรวจไม่ได้

# How a unit's crawl ended (report/mod.rs); $reason is the explained crawl problem
outcome-complete = ตรวจครบ
outcome-partial = ตรวจได้บางส่วน ({ $reason })
outcome-failed = ตรวจไม่ได้ ({ $reason })

# Why a unit fails --fail-on (report/policy.rs); $codes is a list of item codes
policy-gaps = ขาด { $count } ข้อ: { $codes }
policy-score-under = คะแนนโดยประมาณ { $score } ต่ำกว่า { $limit }
policy-lost = ข้อที่เคยพบแต่ครั้งนี้ไม่พบ: { $codes }
policy-score-fell = คะแนนลดลงจาก { $before } เป็น { $now }

# The CI job summary (report/policy.rs)
ci-title = ผลการตรวจ OIT ปีงบประมาณ { $year }
ci-pass = ✅ ผ่านเงื่อนไขทุกหน่วยงาน
ci-fail = ❌ มีหน่วยงานไม่ผ่านเงื่อนไข
ci-incomplete = ⚠️ ตรวจได้ไม่ครบทุกหน่วยงาน
ci-what = รายการ
ci-count = จำนวน
ci-units-scanned = หน่วยงานที่ตรวจ
ci-units-scored = หน่วยงานที่ประเมินคะแนน
ci-below-pass-mark = ต่ำกว่าเกณฑ์
ci-failing-policy = ไม่ผ่านเงื่อนไข
ci-not-scanned = ตรวจไม่ได้
ci-failing-heading = หน่วยงานที่ไม่ผ่านเงื่อนไข
ci-more = { $count } หน่วยงาน
ci-not-scanned-heading = หน่วยงานที่ตรวจไม่ได้
ci-stopped = การตรวจหยุดก่อนครบ: { $why }

# Plain sentences put in front of a technical crawl problem (report/plain.rs)
plain-non-public = ไม่ได้เข้าเว็บไซต์ เพราะชื่อเว็บไซต์ชี้ไปยังที่อยู่ภายในเครือข่าย ไม่ใช่ที่อยู่สาธารณะ
plain-robots-status = ไฟล์ robots.txt ของเว็บไซต์ตอบกลับผิดพลาด ตามมาตรฐาน RFC 9309 จึงไม่ได้ตรวจเว็บไซต์
plain-robots-unreadable = อ่านไฟล์ robots.txt ของเว็บไซต์ไม่ได้ ตามมาตรฐาน RFC 9309 จึงไม่ได้ตรวจเว็บไซต์
plain-robots-disallowed = ไฟล์ robots.txt ของเว็บไซต์ไม่อนุญาตให้เข้าถึงหน้านี้
plain-crawl-delay = ไฟล์ robots.txt กำหนดให้เว้นระยะระหว่างการเข้าถึงแต่ละครั้ง
plain-tls = ใบรับรองความปลอดภัย (TLS/SSL) ของเว็บไซต์มีปัญหา ผู้ดูแลเว็บไซต์ควรติดตั้งใบรับรองให้ครบชุด
plain-dns = หาชื่อโดเมนของเว็บไซต์ไม่พบ (DNS) ควรตรวจสอบว่าโดเมนยังไม่หมดอายุและตั้งค่าถูกต้อง
plain-timeout = เว็บไซต์ตอบช้าเกินเวลาที่กำหนด
plain-circuit-breaker = หยุดตรวจเว็บไซต์นี้ก่อนครบ เพราะเกิดข้อผิดพลาดติดต่อกันหลายครั้ง
plain-slowed-down = เว็บไซต์ขอให้ชะลอการเข้าถึง จึงตรวจช้าลงตามที่ขอ
plain-too-many-requests = เว็บไซต์ปฏิเสธเพราะมีการเข้าถึงถี่เกินไป
plain-connect = เชื่อมต่อเว็บไซต์ไม่ได้ (เซิร์ฟเวอร์ไม่ตอบ)
plain-homepage-status = หน้าแรกของเว็บไซต์ตอบกลับผิดพลาด
plain-not-found = ไม่พบหน้านี้ (HTTP 404) ลิงก์อาจเสียหรือหน้าถูกลบ
plain-gone = หน้านี้ถูกลบแล้ว (HTTP 410)
plain-login = หน้านี้ต้องเข้าสู่ระบบก่อน ผู้ประเมินจะเปิดดูไม่ได้
plain-forbidden = เว็บไซต์ไม่อนุญาตให้เปิดหน้านี้ (HTTP 403)
plain-server-error = เซิร์ฟเวอร์ของเว็บไซต์ขัดข้อง (HTTP 5xx)
plain-redirect = การเปลี่ยนเส้นทาง (redirect) ของเว็บไซต์ผิดปกติ เช่น วนซ้ำหรือยาวเกินไป
plain-cut-off = ข้อมูลถูกตัดกลางทางขณะรับ
plain-too-large = ไฟล์ใหญ่เกินขนาดที่กำหนด อ่านได้เพียงส่วนต้น
plain-page-budget = ถึงจำนวนหน้าสูงสุดที่กำหนดต่อเว็บไซต์แล้ว
plain-deadline = หมดเวลาที่กำหนดสำหรับการตรวจ
plain-interrupted = การตรวจถูกหยุดกลางคัน
plain-trap = พบลิงก์ที่วนได้ไม่รู้จบ (เช่น ปฏิทิน) จึงข้ามไป
plain-javascript = หน้าเว็บแสดงผลด้วย JavaScript ต้องเปิดดูด้วยเบราว์เซอร์
plain-robots = ข้อกำหนดในไฟล์ robots.txt ของเว็บไซต์

# The first step of a click path (report/html.rs)
# (end of the shared section)

## Detection's reasons, one line per item verdict (detect/decide.rs, detect/mod.rs); results.json keeps both languages
reason-nothing-names-item = ไม่พบลิงก์ หน้าเว็บ หรือเอกสารใดบนเว็บไซต์ที่ระบุข้อนี้
reason-shown-no-year-needed = ไม่ต้องระบุปี
reason-shown-no-year = ไม่ระบุปี
reason-shown-years = ปี { $years }
reason-heading-only = หน้า "{ $text }" มีเพียงหัวข้อ หรือรายการเดียวกับที่หน้าอื่นแสดง ไม่มีเอกสารหรือเนื้อหาของข้อนี้
reason-link-no-item = ลิงก์ "{ $text }" ไปยังหน้าที่ไม่มีเนื้อหาของข้อนี้
reason-being-prepared = หน้า "{ $text }" มีเพียงข้อความว่าอยู่ระหว่างจัดทำข้อมูล
reason-listed-unreadable = "{ $m }" ({ $shown }) ระบุชื่อรายการและเปิดได้ แต่อ่านเนื้อหาในไฟล์เพื่อยืนยันไม่ได้
reason-contact-in-footer = ข้อมูลการติดต่ออยู่ในส่วนท้ายที่แสดงทุกหน้า (เห็นได้จากหน้าแรก)
reason-found = "{ $m }" ({ $shown })
reason-multi-year-no-period = "{ $m }": แผนหลายปีที่ไม่ระบุช่วงปี
reason-scan-no-text = เอกสารเป็นไฟล์สแกนที่อ่านข้อความไม่ได้ ต้องเปิดดูด้วยตนเองว่าเป็นข้อนี้และปีที่ถูกต้อง
reason-unreadable = อ่านเอกสารไม่ได้ ({ $error }) ต้องเปิดดูด้วยตนเอง
reason-hidden = { $why }: ต้องเปิดดูในเบราว์เซอร์ด้วยตนเอง
reason-other-item = "{ $m }" อยู่ในรายการของข้อนี้ แต่เนื้อหาในเอกสารเป็นเรื่องอื่น ("{ $other }") ต้องตรวจด้วยตนเองว่าเป็นเอกสารใด
reason-no-year-readable = พบ "{ $m }" แต่ไม่พบปีงบประมาณในเอกสารหรือหน้าที่ลิงก์ไป ต้องตรวจว่าเป็นของ{ $scope } ({ $needed })
reason-offsite-no-year = หลักฐานอยู่นอกเว็บไซต์ ({ $url }) และไม่ระบุปีงบประมาณ ต้องเปิดดูว่าเป็นของปี { $needed }
reason-check-by-eye = ต้องตรวจด้วยตนเอง
reason-not-reached = พบลิงก์ "{ $text }" แต่การตรวจหยุดก่อนได้เปิดหน้าที่ลิงก์ไป (ตรวจไม่ครบ) จึงยังยืนยันไม่ได้ ต้องเปิดตรวจเอง
reason-broken-link = ลิงก์ "{ $text }" เปิดไม่ได้ ({ $error })
reason-link-broken = ลิงก์เปิดไม่ได้
reason-broken-other-year = มีเพียงลิงก์เสียไปยังเอกสารของปีอื่น ({ $shown })
reason-wrong-year = พบ "{ $m }" แต่เป็นของ{ $shown } ต้องเป็นของ{ $scope } ({ $needed })
reason-code-over-heading = ; หัวข้อเหนือรายการระบุ { $stale } (เลขข้อของปีก่อน) จึงยึดรหัสข้อที่อยู่ในชื่อไฟล์ของเอกสาร
reason-missing-parts = ; หน้านี้ยังไม่แสดง: { $parts }
reason-not-crawled = ตรวจเว็บไซต์ไม่ได้: { $reason }
reason-other-family = หน่วยงานเผยแพร่ตาม{ $family } ไม่ใช่{ $checked }
reason-not-applicable = ไม่ใช้กับหน่วยงานประเภท{ $type }
reason-javascript-site = เว็บไซต์แสดงผลด้วย JavaScript จึงอ่านลิงก์ไม่ได้หากไม่ใช้เบราว์เซอร์ ต้องตรวจข้อนี้ด้วยตนเอง

## Names the code holds: unit types (units.rs), checklist families (units.rs), year scopes (checklist), merge
type-provincial-agency = ส่วนราชการระดับจังหวัด
type-pao = องค์การบริหารส่วนจังหวัด (อบจ.)
type-city-municipality = เทศบาลนคร
type-town-municipality = เทศบาลเมือง
type-subdistrict-municipality = เทศบาลตำบล
type-sao = องค์การบริหารส่วนตำบล (อบต.)
type-other = หน่วยงานอื่น
family-nacc = ชุดตัวชี้วัด OIT ของสำนักงาน ป.ป.ช.
family-moph-moit = ชุดตัวชี้วัด MOIT ของกระทรวงสาธารณสุข
family-obec-ita-online = ชุด ITA Online ของ สพฐ. (สถานศึกษา)
family-ovec = ชุดตัวชี้วัดของ สอศ. (อาชีวศึกษา)
family-moph-eb = ชุดหลักฐานเชิงประจักษ์ (EB) ของกระทรวงสาธารณสุข
scope-current = ปีงบประมาณปัจจุบัน
scope-previous = ปีงบประมาณที่ผ่านมา
scope-multi-year = แผนหลายปีที่ครอบคลุมปีปัจจุบัน
scope-timeless = ข้อมูลปัจจุบัน (ไม่ระบุปี)
merge-partial = รวมผลไม่ครบ: ขาดผลของส่วนที่ { $shards } หน่วยงานในส่วนนั้นไม่อยู่ในรายงานนี้

## Registry warnings and row problems (units.rs), the checklist year note (checklist/mod.rs),
## the demo's note (commands/demo.rs) and the history notes of a run (scan.rs). They are made
## before the report language is known: results.json keeps the key and its arguments, and
## each report words them in its own language; the terminal shows the English.
# Registry warnings: the file is read, but something in it was guessed or left out.
registry-utf16-no-bom = ไฟล์ { $file } บันทึกเป็นข้อความแบบ { $encoding } ที่ไม่มีเครื่องหมายลำดับไบต์ (BOM) ระบบอ่านได้แล้ว แต่ครั้งต่อไปควรบันทึกจาก Excel เป็นแบบ "CSV UTF-8"
registry-windows-874 = ไฟล์ { $file } บรรทัดที่ { $lines } ไม่ได้บันทึกเป็น UTF-8 ระบบอ่านเป็น windows-874 (Windows ภาษาไทย) ได้แล้ว แต่ครั้งต่อไปควรบันทึกจาก Excel เป็นแบบ "CSV UTF-8"
registry-windows-874-many = ไฟล์ { $file } มี { $count } บรรทัดที่ไม่ได้บันทึกเป็น UTF-8 ระบบอ่านเป็น windows-874 (Windows ภาษาไทย) ได้แล้ว แต่ครั้งต่อไปควรบันทึกจาก Excel เป็นแบบ "CSV UTF-8"
registry-unused-column = ไฟล์ { $file }: ไม่ได้ใช้คอลัมน์ "{ $column }" (คอลัมน์ที่ใช้ได้: { $known })
registry-unused-key = ไฟล์ { $file } บรรทัด { $line }: ไม่ได้ใช้คีย์ "{ $key }" (คีย์ที่ใช้ได้: { $known })
registry-no-province = บรรทัด { $line }: หน่วยงาน { $id } ไม่ได้ระบุจังหวัด
# Row problems: the row is not scanned until they are fixed.
registry-unreadable-row = อ่านแถวนี้ในไฟล์ CSV ไม่ได้: { $error }
registry-row-width = แถวนี้มี { $fields } ช่อง แต่หัวตารางมี { $columns } คอลัมน์
registry-empty-id = ไม่ได้กรอกรหัสหน่วยงาน (id)
registry-bad-id = รหัสหน่วยงาน "{ $id }" มีเครื่องหมายทับ (/ หรือ \) หรืออักขระควบคุม ซึ่งใช้ไม่ได้ เพราะรหัสนี้ใช้ตั้งชื่อไฟล์รายงาน
registry-duplicate-id = รหัสหน่วยงาน "{ $id }" ซ้ำ (ใช้ไปแล้วที่บรรทัด { $first })
registry-empty-name-th = ไม่ได้กรอกชื่อหน่วยงานภาษาไทย (name_th)
registry-empty-type = ไม่ได้กรอกประเภทหน่วยงาน (type)
registry-unknown-type = ไม่รู้จักประเภทหน่วยงาน "{ $type }" ให้ใช้ อบจ., เทศบาลนคร, เทศบาลเมือง, เทศบาลตำบล, อบต., ส่วนราชการ หรือชื่อภาษาอังกฤษ { $known }
registry-url-missing = ไม่ได้กรอกที่อยู่เว็บไซต์ (url)
registry-url-no-scheme = ที่อยู่เว็บไซต์ "{ $url }" ไม่มี https:// นำหน้า ให้เขียนเป็น "https://{ $url }" (หรือ http:// หากเว็บไซต์ไม่รองรับ HTTPS)
registry-url-not-web = "{ $url }" ไม่ใช่ที่อยู่เว็บไซต์ ให้ใส่ที่อยู่หน้าแรกของเว็บไซต์ เช่น https://www.example.go.th
registry-url-bad = ที่อยู่เว็บไซต์ "{ $url }" ไม่ถูกต้อง: { $error }
registry-url-scheme = ที่อยู่เว็บไซต์ "{ $url }" ต้องขึ้นต้นด้วย http:// หรือ https:// ไม่ใช่ { $scheme }://
registry-url-no-host = ที่อยู่เว็บไซต์ "{ $url }" ไม่มีชื่อโดเมน
registry-url-not-domain = ที่อยู่เว็บไซต์ "{ $url }" มีชื่อโดเมน "{ $host }" ไม่ครบ (ตัวอย่างชื่อเต็ม: www.example.go.th)
registry-extra-host = โดเมนเพิ่มเติม (extra_hosts) "{ $host }" ไม่ใช่ชื่อโดเมน (เช่น sites.google.com)
registry-unknown-family = ไม่รู้จักชุดตัวชี้วัด "{ $family }" ให้ใช้ nacc (ค่าเริ่มต้น), moph-moit, obec-ita-online หรือ ovec
# A registry row that could not be used, in the roll-up (index.html, summary.md); $problems
# are the row's problems joined with "; ".
registry-row = บรรทัด { $line }: { $problems }
registry-row-id = บรรทัด { $line } (รหัส { $id }): { $problems }
# Run notes.
checklist-year-fallback = ยังไม่มีรายการตรวจชุด { $family } ของปีงบประมาณปัจจุบัน ({ $year }) จึงใช้ของปี { $newest } ซึ่งเป็นปีล่าสุดที่มีในโปรแกรม (เลือกปีเองได้ด้วย --year)
demo-fixture-year = เว็บไซต์ตัวอย่างที่มากับโปรแกรมเผยแพร่ข้อมูลของปีงบประมาณ { $year } การสาธิตจึงตรวจตามรายการของปี { $year } (เลือกปีเองได้ด้วย --year)
# $detail is the history database's own error, as the database library words it.
history-locked = ใช้ฐานข้อมูลประวัติการตรวจไม่ได้ เพราะ oitscan อีกชุดหนึ่งกำลังเขียนอยู่ ({ $detail }) การตรวจครั้งนี้จึงไม่ถูกบันทึกในประวัติ
history-unrecorded = ใช้ฐานข้อมูลประวัติการตรวจไม่ได้ ({ $detail }) การตรวจครั้งนี้จึงไม่ถูกบันทึกในประวัติ
history-previous-unreadable = อ่านผลการตรวจครั้งก่อนในประวัติไม่ได้ ({ $detail }) จึงไม่ได้เทียบผลกับครั้งก่อน
history-damaged-moved = ฐานข้อมูลประวัติการตรวจเสียหาย ({ $detail }) จึงย้ายไฟล์เดิมไปไว้ที่ { $path } และเริ่มประวัติใหม่ (ครั้งนี้จึงไม่ได้เทียบผลกับการตรวจครั้งก่อน)
