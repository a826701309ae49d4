"""Rebuilds knowledge/measures/measures.csv and lists/*.csv from knowledge/tariff_actions/ and the Revision 4 schedule.
Run from anywhere: python3 knowledge/measures/build-tables.py. See README.md for what each step does and what is unconfirmed.
Hand-maintained columns (rates, dates, notes) are written here, so edit this script or the CSV, then rerun the tests."""
import csv, json, os, re
K = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
M = K + '/measures'
os.makedirs(M + '/lists', exist_ok=True)
iso = json.load(open(K + '/reference/iso_3166-1_countries.json'))['3166-1']
by_name = {c['name'].lower(): c['alpha_2'] for c in iso}
for c in iso:
    if 'common_name' in c: by_name[c['common_name'].lower()] = c['alpha_2']
over = {'south korea': 'KR', 'taiwan': 'TW', 'vietnam': 'VN', 'russia': 'RU', 'russian federation': 'RU', 'venezuela': 'VE',
        'bahamas': 'BS', 'hong kong': 'HK', 'china': 'CN', 'united kingdom': 'GB', 'libya': 'LY'}
EU = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'
def iso2(name):
    n = name.lower()
    if n == 'european union': return EU
    return over.get(n) or by_name[n]

# Section 301 list: one row per 8-digit code with its chapter 99 heading (USITC China table, July 2026).
d = json.load(open(K + '/tariff_actions/section301_china_rates_2026-07.json'))
# The 14 partial codes are split between headings by statistical line in the legal text of U.S. notes 20 and 31 (HTSUS 2026
# Rev. 6): "provided for in subheading 8517.62.00, except for ... statistical reporting numbers 8517.62.0010 and 8517.62.0020"
# (note 20(s)(ii), 9903.88.15) against "... except for ... 8517.62.0090" (note 20(g), 9903.88.04), and the facemask lines that
# note 31(h) names for 9903.91.07. Each statistical line is given the headings whose subdivision covers it, so one article
# pays the one heading that describes it, never two list headings (their subdivisions are disjoint by line). A heading whose
# subdivision does not name the code (the JSON links 9903.91.01 to 6307.90.98, which note 31(b) of Rev. 6 does not list) is
# dropped; a code the text does not split by line stays an 8-digit partial entry, warned at the line.
import gzip
sched = set()
for r in csv.reader(gzip.open(K + '/hts/hts_2026_rev4_usitc.csv.gz', 'rt', encoding='utf-8-sig')):
    dg = re.sub(r'\D', '', r[0] if r else '')
    if dg: sched.add(dg)
legal = gzip.open(K + '/tariff_actions/chapter99_2026_rev6_legal_text.txt.gz', 'rt', encoding='utf-8', errors='replace').read()
SPANS = {'9903.88.04': ('(g) For the purposes of heading 9903.88.04', '(h) The U.S. Trade Representative determined to establish a process'),
         '9903.88.15': ('(s) Heading 9903.88.15 applies to:', '(t) For the purposes of heading 9903.88.16'),
         '9903.91.01': ('(b) Heading 9903.91.01 applies to products of China', '(c) Heading 9903.91.02 applies'),
         '9903.91.07': ('(h) Heading 9903.91.07 applies to products of China', '(i) Heading 9903.91.08 applies')}
def span(h):
    a = legal.index(SPANS[h][0]); return re.sub(r'\s+', ' ', legal[a:legal.index(SPANS[h][1], a)])
def stat_lines(h8, h):
    """The statistical lines of h8 that heading h covers by the legal text, or None when the text does not split h8 by line."""
    if h not in SPANS: return None
    t, dotted = span(h), f'{h8[:4]}.{h8[4:6]}.{h8[6:]}'
    kids = sorted(c for c in sched if len(c) == 10 and c.startswith(h8))
    named = re.findall(r'statistical reporting numbers? ((?:' + re.escape(dotted) + r'\d\d(?:, | or | and |, and )?)+)', t)
    m = re.search(r'provided for in (?:\[subheading\] |subheading )?' + re.escape(dotted) + r', except for (.*?)(?:;|\.(?= \d+\.| [A-Z(]|\s*$))', t)
    if m:
        out = {c.replace('.', '') for c in re.findall(re.escape(dotted) + r'\d\d', m.group(1))}
        return [c for c in kids if c not in out]
    if named: return sorted({c.replace('.', '') for n in named for c in re.findall(re.escape(dotted) + r'\d\d', n)})
    return [] if dotted not in t else None
split_report = []
with open(M + '/lists/section301_china.csv', 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['hts', 'heading', 'percent', 'partial'])
    for h8 in sorted(d['rates_by_hts8']):
        w.writerow([h8, d['heading_by_hts8'][h8], d['rates_by_hts8'][h8], 'yes' if h8 in d['partial_stat_level'] else ''])
    for h8, p in sorted(d['partial_stat_level'].items()):
        if h8 in d['rates_by_hts8']: continue
        for h in p['headings']:
            lines = stat_lines(h8, h)
            if lines is None: w.writerow([h8, h, d['heading_rates'][h], 'yes'])
            else: [w.writerow([c, h, d['heading_rates'][h], '']) for c in lines]
            split_report.append((h8, h, 'partial (8-digit)' if lines is None else ' '.join(lines) or 'none (not in the subdivision)'))
e = json.load(open(K + '/tariff_actions/section301_china_exclusions_2026-07.json'))
with open(M + '/lists/section301_china_exclusions.csv', 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['hts', 'heading', 'effective_from', 'effective_to', 'description'])
    for x in e['entries']:
        for h in x['exclusion_heading']:
            frm = '2024-06-15' if h == '9903.88.69' else '2024-01-01'
            w.writerow([re.sub(r'\D', '', x['htsno']), h, frm, '2026-11-09', x['description']])
# Section 122 exemptions (historical): the HTS numbers only.
rows = list(csv.DictReader(open(K + '/tariff_actions/section122_exemptions_2026-02.csv', encoding='utf-8-sig')))
with open(M + '/lists/section122_exemptions.csv', 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['hts'])
    seen = set()
    for r in rows:
        dg = re.sub(r'\D', '', r['HTSUS'])
        if dg and not dg.startswith('99') and dg not in seen: seen.add(dg); w.writerow([dg])

cols = ['id', 'heading', 'program', 'scope', 'countries', 'exclude_countries', 'rate', 'basis', 'effective_from', 'effective_to',
        'exclusions', 'stacking', 'citation', 'confirmed', 'notes']
out = []
def add(**kw): out.append({c: kw.get(c, '') for c in cols})

S301 = 'list:measures/lists/section301_china.csv'
for h, pct, frm, note, extra in [
    ('9903.88.01', 25, '2018-07-06', '20(a)/(b)', ''), ('9903.88.02', 25, '2018-08-23', '20(c)/(d)', ''),
    ('9903.88.03', 25, '2019-05-10', '20(e)/(f)', 'List 3 was 10% from 2018-09-24 to 2019-05-09 (not modelled).'),
    ('9903.88.04', 25, '2019-05-10', '20(g)', 'Coverage is at the statistical level or by product description only.'),
    ('9903.88.15', 7.5, '2020-02-14', '20(r)/(s)', 'List 4A was 15% from 2019-09-01 to 2020-02-13 (not modelled).'),
    ('9903.91.01', 25, '2024-09-27', '31(b)', 'Four-year review increase; replaces the list heading for the codes listed.'),
    ('9903.91.02', 50, '2024-09-27', '31(c)', ''), ('9903.91.03', 100, '2024-09-27', '31(d)', ''),
    ('9903.91.05', 50, '2025-01-01', '31(f)', 'A further increase is scheduled for 2027-06-23 (not in data).'),
    ('9903.91.06', 25, '2026-01-01', '31(g)', ''), ('9903.91.07', 50, '2026-01-01', '31(h)', 'Only certain statistical lines of 6307.90.98.'),
    ('9903.91.08', 100, '2026-01-01', '31(i)', 'Was 50% during 2025 (not modelled).'), ('9903.91.11', 25, '2025-01-01', '31(j)', ''),
]:
    add(id='s301-' + h[5:].replace('.', '-'), heading=h, program='Section 301 (China)', scope=f'{S301}#{h}', countries='CN',
        rate=pct, basis='value', effective_from=frm, exclusions='list:measures/lists/section301_china_exclusions.csv',
        stacking='Stacks on MFN and on other chapter 99 measures, except Section 232 steel/aluminum/copper derivatives where U.S. notes say otherwise (not modelled).',
        citation=f'19 U.S.C. 2411; HTSUS ch. 99 subch. III U.S. note {note}; USTR notices', confirmed='yes',
        notes=('Rate checked against chapter99_country_provisions_2026rev20.csv and USITC China Tariffs table (2026-02-25). ' + extra).strip())
add(id='s301-92-10', heading='9903.92.10', program='Section 301 (China)', scope=f'{S301}#9903.92.10', countries='CN', rate=25, basis='value',
    effective_from='2024-09-27', effective_to='2026-11-09', citation='19 U.S.C. 2411; HTSUS ch. 99 subch. III U.S. note 31', confirmed='partly',
    notes='Ship-to-shore gantry cranes of 8426.19.00; contract carve-out 9903.91.09 not modelled.')
add(id='s301-91-14', heading='9903.91.14', program='Section 301 (China)', scope='prefix:84261900', countries='CN', rate=100, basis='value',
    effective_from='2026-11-10', citation='19 U.S.C. 2411; HTSUS ch. 99 subch. III U.S. note 31 (89 FR 76581)', confirmed='no',
    notes='Increase to 100% from 2026-11-10 per the source meta of section301_china_rates_2026-07.json; heading text not in the Revision 4 CSV.')
# IEEPA (ended) and Section 122 (ended): kept so entries dated in their window are computed correctly.
add(id='ieepa-cn-01-24', heading='9903.01.24', program='IEEPA (China fentanyl)', scope='all', countries='CN HK', rate=10, basis='value',
    effective_from='2025-11-10', effective_to='2026-02-20', citation='IEEPA, 50 U.S.C. 1701; HTSUS ch. 99 subch. III U.S. note 2(u); ended by EO 14389',
    confirmed='partly', notes='End date from chapter99_country_provisions_2026rev20.csv; start date (rate cut from 20% to 10%) not confirmed from project data.')
add(id='s122-03-01', heading='9903.03.01', program='Section 122 (balance of payments)', scope='all', countries='*', exclude_countries='CA MX', rate=10,
    basis='value', effective_from='2026-02-24', effective_to='2026-07-23', exclusions='list:measures/lists/section122_exemptions.csv;program:Section 232',
    citation='19 U.S.C. 2132; HTSUS ch. 99 subch. III U.S. note 2(aa)', confirmed='partly',
    notes='Rate from heading 9903.03.01 (Revision 4); start date from the 9903.03.02 in-transit text (2026-02-24); expiry 2026-07-23 per SOURCES.md. Textile exemptions for CAFTA-DR (9903.03.09) not modelled.')

# Section 232 steel / aluminum / copper as in 2025 (notes 16 and 19 before the restructure, note 36): in force to the day
# before the note 16 headings 9903.82.02-.19 (build-232-metals.py); Russian aluminum 9903.85.67/.68 continues.
# Others flagged for manual review.
END_2025 = '2026-04-05'
S = 'list:measures/lists/section232_steel.csv'
A = 'list:measures/lists/section232_aluminum.csv'
C232 = '50 U.S.C. 1862 (Section 232); Proclamations 9705/9704 as amended (90 FR, 2025-06-04 increase to 50%)'
s232note = 'Coverage from the Feb 2026 snapshot list (rates in that list ignored, see SOURCES.md). Heading-by-chapter assignment is this table\'s reading of U.S. note 16/19 subdivisions; verify.'
add(id='s232-steel-72', heading='9903.81.87', program='Section 232', scope=S + ' & prefix:72', countries='*', exclude_countries='GB', rate=50, basis='value',
    effective_from='2025-06-04', effective_to=END_2025, citation=C232 + '; HTSUS ch. 99 subch. III U.S. note 16(j)', confirmed='partly', notes=s232note)
add(id='s232-steel-73', heading='9903.81.89', program='Section 232', scope=S + ' & prefix:73', countries='*', exclude_countries='GB', rate=50, basis='value',
    effective_from='2025-06-04', effective_to=END_2025, citation=C232 + '; U.S. note 16(l)', confirmed='partly', notes=s232note)
add(id='s232-steel-deriv', heading='9903.81.91', program='Section 232', scope=S + ' & !prefix:72,73', countries='*', exclude_countries='GB', rate=50, basis='content',
    effective_from='2025-06-04', effective_to=END_2025, citation=C232 + '; U.S. note 16(n)', confirmed='partly', notes=s232note + ' Levied on the value of the steel content (give metalValue).')
add(id='s232-steel-gb-72', heading='9903.81.94', program='Section 232', scope=S + ' & prefix:72', countries='GB', rate=25, basis='value',
    effective_from='2025-06-04', effective_to=END_2025, citation=C232 + '; U.S. note 16(q)', confirmed='partly', notes='UK stays at 25%. ' + s232note)
add(id='s232-steel-gb-73', heading='9903.81.96', program='Section 232', scope=S + ' & prefix:73', countries='GB', rate=25, basis='value',
    effective_from='2025-06-04', effective_to=END_2025, citation=C232 + '; U.S. note 16(s)', confirmed='partly', notes=s232note)
add(id='s232-steel-gb-deriv', heading='9903.81.98', program='Section 232', scope=S + ' & !prefix:72,73', countries='GB', rate=25, basis='content',
    effective_from='2025-06-04', effective_to=END_2025, citation=C232 + '; U.S. note 16(u)', confirmed='partly', notes=s232note)
add(id='s232-alu-76', heading='9903.85.02', program='Section 232', scope=A + ' & prefix:7601,7604,7605,7606,7607,7608,7609', countries='*', exclude_countries='GB RU', rate=50,
    basis='value', effective_from='2025-06-04', effective_to=END_2025, citation=C232 + '; U.S. note 19(g)', confirmed='partly', notes=s232note)
add(id='s232-alu-deriv-76', heading='9903.85.07', program='Section 232', scope=A + ' & prefix:76 & !prefix:7601,7604,7605,7606,7607,7608,7609', countries='*', exclude_countries='GB RU', rate=50,
    basis='value', effective_from='2025-06-04', effective_to=END_2025, citation=C232 + '; U.S. note 19(j)', confirmed='partly', notes=s232note)
add(id='s232-alu-deriv', heading='9903.85.08', program='Section 232', scope=A + ' & !prefix:76', countries='*', exclude_countries='GB RU', rate=50, basis='content',
    effective_from='2025-06-04', effective_to=END_2025, citation=C232 + '; U.S. note 19(k)', confirmed='partly', notes=s232note + ' Levied on the value of the aluminum content (give metalValue).')
add(id='s232-alu-gb', heading='9903.85.12', program='Section 232', scope=A + ' & prefix:76', countries='GB', rate=25, basis='value',
    effective_from='2025-06-04', effective_to=END_2025, citation=C232 + '; U.S. note 19(o)', confirmed='partly', notes='UK derivative aluminum outside chapter 76: heading not confirmed, see review row. ' + s232note)
add(id='s232-alu-gb-deriv', heading='', program='Section 232', scope=A + ' & !prefix:76', countries='GB', rate='review', basis='none',
    effective_from='2025-06-04', effective_to=END_2025, citation=C232, confirmed='no', notes='UK derivative aluminum (chapter 99 heading and basis not confirmed from project data).')
add(id='s232-alu-ru', heading='9903.85.67', program='Section 232', scope=A + ' & prefix:76', countries='RU', rate=200, basis='value',
    effective_from='2023-03-10', citation=C232 + '; Proclamation 10522; U.S. note 19', confirmed='partly', notes='Rate from the heading text; start date from Proclamation 10522 as recalled, verify.')
add(id='s232-alu-ru-deriv', heading='9903.85.68', program='Section 232', scope=A + ' & !prefix:76', countries='RU', rate=200, basis='value',
    effective_from='2023-03-10', citation=C232 + '; Proclamation 10522; U.S. note 19', confirmed='partly', notes='Rate from the heading text.')
add(id='s232-copper', heading='9903.78.01', program='Section 232', scope='list:measures/lists/section232_copper.csv', countries='*', rate=50, basis='content',
    effective_from='2025-08-01', effective_to=END_2025, citation='50 U.S.C. 1862; Proclamation on copper (2025-07-30); HTSUS ch. 99 U.S. note 36(b)', confirmed='partly',
    notes='Rate and content basis from heading 9903.78.01 text (Revision 4); start date as recalled, verify.')
for pid, lst, what in [('s232-autos', 'sec232_auto.csv', 'autos and auto parts (U.S. note 33)'), ('s232-mhdv', 'sec232_mhdv.csv', 'medium- and heavy-duty vehicles and parts (U.S. note 38)'),
                       ('s232-timber', 'sec232_timber.csv', 'timber, lumber and wood products (U.S. note 37)'), ('s232-semi', 'sec232_semi.csv', 'semiconductors')]:
    add(id=pid, heading='', program='Section 232', scope=f'list:measures/lists/section232_{lst[7:-4]}.csv', countries='*', rate='review', basis='none',
        effective_from='2025-04-03', citation='50 U.S.C. 1862 (Section 232)', confirmed='no',
        notes=f'Line is on the Section 232 {what} coverage list (Feb 2026 snapshot). The heading and rate depend on note subdivisions and country deals not available as data: compute manually.')

# Country provisions in force (HTSUS 2026 Rev. 20), U.S. note 52 regime and others with a plain added percentage or a floor.
rows = list(csv.DictReader(open(K + '/tariff_actions/chapter99_country_provisions_2026rev20.csv')))
note52_from = '2026-07-24'
for r in rows:
    if r['status'] != 'in force': continue
    h, desc, rt = r['heading'], r['description'], r['rate_text']
    if not h.startswith(('9903.05', '9903.06')): continue
    cc = iso2(r['country'])
    floor = re.search(r'rate of duty under column 1 (equal to or greater than|less than) (\d+(?:\.\d+)?) percent', desc)
    # The U.S. note and the excepted headings are read from the heading's own legal text (most rows
    # are note 52 with exceptions 9903.05.85-9903.05.92; Brazil's 9903.05.01 is note 50 with 9903.05.02-09).
    note_m = re.search(r'U\.S\. note (\d+)', desc)
    note = note_m.group(1) if note_m else '52'
    exc_m = re.search(r'headings (9903\.\d\d\.\d\d)\s*[\u2013-]\s*(9903\.\d\d\.\d\d)', desc)
    excepted = f'{exc_m.group(1)}-{exc_m.group(2)}' if exc_m else 'the note'
    common = dict(program=f'Country provision (U.S. note {note})', scope='all', countries=cc, basis='value', effective_from=note52_from,
                  exclusions='program:Section 232', citation=f'HTSUS ch. 99 subch. III heading {h}; U.S. note {note}', confirmed='partly')
    n = f'Listed as in force in HTSUS 2026 Rev. 20 (chapter99_country_provisions_2026rev20.csv). Effective date not in the source: set to the day after the Section 122 surcharge expired; verify. Product exceptions of {excepted} and the country subdivisions are not available as data: verify the goods are not excepted. Section 232 goods assumed excepted.'
    if floor:
        pct = floor.group(2)
        kind = 'floor-met' if floor.group(1).startswith('equal') else 'floor'
        add(id=f'n52-{h[5:].replace(".", "-")}', heading=h, rate=f'{kind}:{pct}', notes=n + f' Rate text: "{rt}".', **common)
    elif r['added_percent']:
        add(id=f'n52-{h[5:].replace(".", "-")}', heading=h, rate=r['added_percent'], notes=n, **common)
    # Bare "The duty provided in the applicable subheading" rows are the exceptions themselves (no added duty) and are described in notes only.

with open(M + '/measures.csv', 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=cols); w.writeheader(); w.writerows(out)
print(len(out))

# --- Section 232 coverage lists, cleaned ---
report = []
for name in ['steel', 'aluminum', 'copper', 'auto', 'mhdv', 'timber', 'semi']:
    src = K + f'/tariff_actions/section232_2026-02/sec232_{name}.csv'
    kept, dropped = [], []
    for r in csv.DictReader(open(src, encoding='utf-8-sig')):
        d = re.sub(r'\D', '', r['HTSUS'])
        if not d or d.startswith('99'):
            dropped.append((r['HTSUS'], 'chapter 99 heading')); continue
        if len(d) == 4 and (int(d[:2]) < 25 or int(d[:2]) >= 97):
            dropped.append((r['HTSUS'], 'four digits outside the product chapters: a statute/proclamation number, not a heading')); continue
        if d not in sched:
            # an 8-digit entry whose 10-digit children exist is fine; otherwise it is not a line of Revision 4
            if not any(s.startswith(d) for s in sched):
                dropped.append((r['HTSUS'], 'not a line of HTSUS 2026 Revision 4')); continue
        if d not in kept: kept.append(d)
    with open(M + f'/lists/section232_{name}.csv', 'w', newline='') as f:
        w = csv.writer(f); w.writerow(['hts']); [w.writerow([d]) for d in kept]
    report.append((name, len(kept), dropped))
for name, n, dropped in report:
    print(name, n, 'kept;', len(dropped), 'dropped:', '; '.join(f'{a} ({b})' for a, b in dropped))
for h8, h, lines in split_report:
    print('301 partial', h8, h, '->', lines)
