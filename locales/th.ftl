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
html-home = หน้าแรก
# (end of the shared section)
