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
line = บรรทัด
notes = หมายเหตุ
stopped = การตรวจหยุดก่อนครบทุกหน่วยงาน
started = เริ่มตรวจ
since = เทียบกับการตรวจครั้งก่อน
no_change = ไม่มีการเปลี่ยนแปลง

## Markdown reports and diffs (report/markdown.rs, report/diff.rs, templates/*.md)
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
# (end of the shared section)
