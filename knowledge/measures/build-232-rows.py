"""Section 232 autos and parts (U.S. note 33), medium- and heavy-duty vehicles and parts (note 38), timber, lumber and
wood products (note 37) and semiconductors (note 39) as rows of measures.csv, read from the legal text of chapter 99
(HTSUS 2026 Revision 6, knowledge/tariff_actions/chapter99_2026_rev6_legal_text.txt.gz). Run after build-tables.py:
    python3 knowledge/measures/build-232-rows.py
It replaces the coverage-list "review" rows of those programs, writes the product lists the notes enumerate into
lists/s232_note*.csv, adds the importer-only questions the rows turn on (questions.csv), and adds the stacking
exclusions the notes set out (vehicles and parts are not subject to the metals or wood duties; goods subject to these
programs are excepted from the country provisions). Semiconductor scope is not enumerated in note 39 by 10-digit line,
so it comes from the Yale Budget Lab tracker's s232_semi_products.csv (see knowledge/SOURCES.md)."""
import csv, gzip, os, re
K = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
M = K + '/measures'
text = gzip.open(K + '/tariff_actions/chapter99_2026_rev6_legal_text.txt.gz', 'rt', encoding='utf-8', errors='replace').read().split('\n')
EU = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'
CODE_LINE = re.compile(r'^\s*(\d{4}(?:\.\d{2}(?:\.\d{2,4})?)?\s*)+$')

def codes_between(start, end):
    """HTS numbers on the code-only lines of the note subdivision that starts with `start` and ends before `end`."""
    i = next(n for n, l in enumerate(text) if l.strip().startswith(start))
    j = next(n for n in range(i + 1, len(text)) if text[n].strip().startswith(end))
    out = []
    for l in text[i:j]:
        if CODE_LINE.match(l):
            out += [c.replace('.', '') for c in l.split()]
    assert out, start
    return out

LISTS = {
    'note33_vehicles': codes_between('(b) The rates of duty set forth in headings 9903.94.01', '(c) Heading 9903.94.02 applies to:'),
    'note33_parts': codes_between("(g) Subject to a manufacturer's import adjustment", '(h) Heading 9903.94.06 applies'),
    'note37_softwood': codes_between('(b) The rates of duty set forth in heading 9903.76.01', '(c) Heading 9903.76.02'),
    'note37_upholstered': codes_between('(d) The rates of duty set forth in headings 9903.76.02', '(e) Except for as provided by 9903.76.04'),
    'note37_cabinets': codes_between('(f) Except for as provided by 9903.76.04, the rates', '(g) Heading 9903.76.04 applies'),
    'note38_vehicles': codes_between('(b) The rate of duty set forth in heading 9903.74.01', '(c) Heading 9903.74.02 applies'),
    'note38_buses': codes_between('(c) Heading 9903.74.02 applies to buses', '(d) Heading 9903.74.03 applies'),
    'note38_parts': codes_between('(i) The rates of duty set forth in heading 9903.74.08', '(j) Heading 9903.74.09 applies'),
}
semi = [r['hts10'] for r in csv.DictReader(open(K + '/tariff_actions/yale_tariff_rate_tracker_2026-05/s232_semi_products.csv'))]
LISTS['note39_semi'] = semi
# Note 33(g) and 38(i) charge parts of the vehicles "classifiable in" the listed provisions: being a part is an element of
# the scope, not a claim the importer certifies (contrast 9903.94.07 and note 33(p), "when certified by the importer").
# Where the schedule's own description of the provision is of a vehicle article (chapter 87, "of a kind used on motor
# cars", "suitable for motor-vehicle suspension", "of headings 8701 to 8705"), the rows assume the article is a part;
# where it is a general article (pumps, filters, springs, retreaded tires), they assume it is not, and the line asks.
hts_rows = list(csv.reader(gzip.open(K + '/hts/hts_2026_rev4_usitc.csv.gz', 'rt', encoding='utf-8-sig')))[1:]
PATHS, stack = {}, []
for r in hts_rows:
    if len(r) < 3 or not r[1].isdigit(): continue
    stack = stack[:int(r[1])] + [r[2]]
    if r[0]: PATHS.setdefault(r[0].replace('.', ''), ' | '.join(stack))
VEHICLE = re.compile(r'motor[- ]vehicle|motor car|automobile|vehicles of headings?|headings? 87\d\d|8701 to 8705|tractor|motorcycle|buses or trucks|vehicles', re.I)
def vehicle_article(code):
    if code.startswith('87'): return True
    return any(VEHICLE.search(t) for k, t in PATHS.items() if k.startswith(code) or code.startswith(k) and len(k) >= 4)
for name in ['note33_parts', 'note38_parts']:
    LISTS[name + '_vehicle'] = [c for c in LISTS[name] if vehicle_article(c)]
    LISTS[name + '_general'] = [c for c in LISTS[name] if not vehicle_article(c)]
for name, codes in LISTS.items():
    with open(f'{M}/lists/s232_{name}.csv', 'w', newline='') as f:
        w = csv.writer(f); w.writerow(['hts'])
        for c in codes: w.writerow([c])

QUESTIONS = [
    ('auto-part', 'Is the article a part of a passenger vehicle (sedan, SUV, crossover, minivan, cargo van) or light truck (U.S. note 33(g); heading 9903.94.06 covers listed articles that are not)?', 'yes', 'HTSUS ch. 99 subch. III U.S. note 33(g), (h)(ii)'),
    ('usmca', 'Does the article qualify for USMCA preferential treatment (originating under general note 11, other than an automobile knock-down kit or parts compilation)?', 'no', 'HTSUS ch. 99 subch. III U.S. note 33(h)(i); U.S. note 38(k)'),
    ('us-content-approved', 'Is the vehicle one qualifying for USMCA whose U.S. content the Secretary of Commerce approved, so that the 25% applies only to its non-U.S. content (U.S. note 33(d) or 38(d))?', 'no', 'HTSUS ch. 99 subch. III U.S. note 33(d), headings 9903.94.02-9903.94.03; U.S. note 38(d), heading 9903.74.03'),
    ('uk-auto-quota', 'Is the United Kingdom passenger vehicle entered within the quota of U.S. note 33(i)?', 'no', 'HTSUS ch. 99 subch. III U.S. note 33(i); heading 9903.94.31'),
    ('mhdv-part', 'Is the article a part of a medium- or heavy-duty vehicle (U.S. note 38(i); heading 9903.74.11 covers listed articles that are not)?', 'yes', 'HTSUS ch. 99 subch. III U.S. note 38(i), (l)'),
    ('wood-cabinet', 'Is the article a completed wooden kitchen cabinet or vanity, or a part of one (U.S. note 37(f), (g))?', 'yes', 'HTSUS ch. 99 subch. III U.S. note 37(e)-(g)'),
    ('semi-covered', 'Is the article a semiconductor article within U.S. note 39(a)-(b) (meets its technical parameters and is not for an end use exempted by note 39(d))?', 'yes', 'HTSUS ch. 99 subch. III U.S. note 39'),
]
# implied_by: a line input whose presence answers the question yes (a U.S. content value is declared only once approved).
IMPLIED = {'us-content-approved': 'usContentValue'}
with open(M + '/questions.csv', 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['key', 'question', 'assumed', 'citation', 'implied_by'])
    for q in QUESTIONS: w.writerow(list(q) + [IMPLIED.get(q[0], '')])

C33 = '50 U.S.C. 1862 (Section 232); Proclamation 10908 (90 FR 14705) as amended; HTSUS 2026 Rev. 6 ch. 99 subch. III U.S. note 33'
C37 = '50 U.S.C. 1862 (Section 232); Proclamation of 2025-09-29 on timber, lumber and wood products; HTSUS 2026 Rev. 6 ch. 99 subch. III U.S. note 37'
C38 = '50 U.S.C. 1862 (Section 232); Proclamation 10984 (90 FR 48451); HTSUS 2026 Rev. 6 ch. 99 subch. III U.S. note 38'
C39 = '50 U.S.C. 1862 (Section 232); HTSUS 2026 Rev. 6 ch. 99 subch. III U.S. note 39'
NOT_EU_JP_KR_GB = 'GB JP KR ' + EU
AUTO, MHDV, WOOD, SEMI = 'Section 232 autos', 'Section 232 MHDV', 'Section 232 wood', 'Section 232 semiconductors'
L = lambda n: f'list:measures/lists/s232_{n}.csv'
ST_A = 'Stacks on MFN and Section 301; the goods are not subject to the Section 232 steel, aluminum or copper duties nor to the wood duties of note 37 (note 33(a), (f)), nor to the country provisions.'
ST_M = 'Stacks on MFN and Section 301; not subject to the Section 232 steel, aluminum or copper duties (note 38(a), (h)), nor to the country provisions.'
ST_W = 'Stacks on MFN and on any other additional duty of subchapters III and IV (note 37(a)); not applied to automobile parts of note 33 (note 33(f)(4)); excepted from the country provisions.'
ST_S = 'Stacks on MFN and Section 301; excepted from the country provisions.'
def row(id, heading, program, scope, countries, excl, rate, frm, exclusions, stacking, citation, confirmed, notes, condition='', assume=''):
    return {'id': id, 'heading': heading, 'program': program, 'scope': scope, 'countries': countries, 'exclude_countries': excl, 'rate': rate,
            'basis': 'value', 'effective_from': frm, 'effective_to': '', 'exclusions': exclusions, 'stacking': stacking, 'citation': citation,
            'confirmed': confirmed, 'notes': notes, 'condition': condition, 'assume': assume}
NEW = [
    # Note 33: passenger vehicles and light trucks, subdivision (b).
    row('s232-auto-veh', '9903.94.01', AUTO, L('note33_vehicles'), '*', NOT_EU_JP_KR_GB + ' CA MX', '25', '2025-04-03', '', ST_A, C33 + '(a)-(b); heading 9903.94.01', 'yes',
        'Vehicles 25 years or older are under 9903.94.04 (not modelled).'),
    # Note 33(d): USMCA vehicles whose U.S. content the Secretary of Commerce approved pay on the non-U.S. content (value less U.S. content).
    row('s232-auto-veh-camx', '9903.94.01', AUTO, L('note33_vehicles'), 'CA MX', '', '25', '2025-04-03', '', ST_A, C33 + '(a)-(b), (d); heading 9903.94.01', 'yes',
        'Vehicle of Canada or Mexico without an approved U.S. content: 25% on the full value.', 'us-content-approved=no'),
    {**row('s232-auto-veh-usmca', '9903.94.03', AUTO, L('note33_vehicles'), 'CA MX', '', '25', '2025-04-03', '', ST_A, C33 + '(c)(ii), (d); heading 9903.94.03', 'yes',
        'USMCA vehicle with U.S. content approved by Commerce: 25% on the value less the U.S. content (give usContentValue); the U.S. content is under 9903.94.02.', 'us-content-approved=yes'), 'basis': 'non-us-content'},
    row('s232-auto-veh-gb-quota', '9903.94.31', AUTO, L('note33_vehicles'), 'GB', '', '7.5', '2025-06-30', '', ST_A, C33 + '(i); heading 9903.94.31; 90 FR 27851', 'yes', 'UK vehicles within the note 33(i) quota.', 'uk-auto-quota=yes'),
    row('s232-auto-veh-gb', '9903.94.01', AUTO, L('note33_vehicles'), 'GB', '', '25', '2025-04-03', '', ST_A, C33 + '(b); heading 9903.94.01', 'yes', 'UK vehicles outside the quota.', 'uk-auto-quota=no'),
    row('s232-auto-veh-jp-met', '9903.94.40', AUTO, L('note33_vehicles'), 'JP', '', 'floor-met:15', '2025-09-16', '', ST_A, C33 + '(k), (m); heading 9903.94.40', 'partly', 'Japan deal: total duty 15% when column 1 is below 15%. Start date from the implementing notice (not in the Rev. 6 text).'),
    row('s232-auto-veh-jp', '9903.94.41', AUTO, L('note33_vehicles'), 'JP', '', 'floor:15', '2025-09-16', '', ST_A, C33 + '(k), (m); heading 9903.94.41', 'partly', 'Japan deal: total duty 15% when column 1 is below 15%. Start date from the implementing notice (not in the Rev. 6 text).'),
    row('s232-auto-veh-eu-met', '9903.94.50', AUTO, L('note33_vehicles'), EU, '', 'floor-met:15', '2025-08-01', '', ST_A, C33 + '(m), (n); heading 9903.94.50', 'partly', 'EU deal: total duty 15% when column 1 is below 15%. Start date from the implementing notice (not in the Rev. 6 text).'),
    row('s232-auto-veh-eu', '9903.94.51', AUTO, L('note33_vehicles'), EU, '', 'floor:15', '2025-08-01', '', ST_A, C33 + '(m), (n); heading 9903.94.51', 'partly', 'EU deal: total duty 15% when column 1 is below 15%. Start date from the implementing notice (not in the Rev. 6 text).'),
    row('s232-auto-veh-kr-met', '9903.94.60', AUTO, L('note33_vehicles'), 'KR', '', 'floor-met:15', '2025-11-01', '', ST_A, C33 + '(m), (s); heading 9903.94.60', 'partly', 'Korea deal: total duty 15% when column 1 (General or Special) is below 15%. Start date from the implementing notice (not in the Rev. 6 text).'),
    row('s232-auto-veh-kr', '9903.94.61', AUTO, L('note33_vehicles'), 'KR', '', 'floor:15', '2025-11-01', '', ST_A, C33 + '(m), (s); heading 9903.94.61', 'partly', 'Korea deal: total duty 15% when column 1 (General or Special) is below 15%. Start date from the implementing notice (not in the Rev. 6 text).'),
    # Note 33: automobile parts, subdivision (g); exceptions of (h).
    row('s232-auto-parts', '9903.94.05', AUTO, L('note33_parts'), '*', NOT_EU_JP_KR_GB + ' CA MX', '25', '2025-05-03', '', ST_A, C33 + '(f)-(g); heading 9903.94.05', 'yes', 'Subject to any import adjustment offset of Proclamation 10925.', 'auto-part=yes'),
    row('s232-auto-parts-camx', '9903.94.05', AUTO, L('note33_parts'), 'CA MX', '', '25', '2025-05-03', '', ST_A, C33 + '(f)-(h); heading 9903.94.05', 'yes', 'Parts of Canada or Mexico not qualifying for USMCA.', 'auto-part=yes&usmca=no'),
    row('s232-auto-parts-usmca', '9903.94.06', AUTO, L('note33_parts'), 'CA MX', '', '0', '2025-05-03', '', ST_A, C33 + '(h)(i); heading 9903.94.06', 'yes', 'USMCA-qualifying parts: no note 33 duty.', 'auto-part=yes&usmca=yes'),
    row('s232-auto-parts-not', '9903.94.06', AUTO, L('note33_parts'), '*', '', '0', '2025-05-03', '', 'Listed articles that are not vehicle parts: no note 33 duty; other measures apply as usual.', C33 + '(h)(ii); heading 9903.94.06', 'yes', 'Listed article that is not a part of a passenger vehicle or light truck.', 'auto-part=no'),
    row('s232-auto-parts-gb', '9903.94.32', AUTO, L('note33_parts'), 'GB', '', '10', '2025-06-30', '', ST_A, C33 + '(j); heading 9903.94.32; 90 FR 27851', 'partly', 'UK parts at 10%: the subheadings of note 33(j) are taken to be those of note 33(g).', 'auto-part=yes'),
    row('s232-auto-parts-jp-met', '9903.94.42', AUTO, L('note33_parts'), 'JP', '', 'floor-met:15', '2025-09-16', '', ST_A, C33 + '(l), (m); heading 9903.94.42', 'partly', 'Japan deal, parts: total duty 15% when column 1 is below 15%.', 'auto-part=yes'),
    row('s232-auto-parts-jp', '9903.94.43', AUTO, L('note33_parts'), 'JP', '', 'floor:15', '2025-09-16', '', ST_A, C33 + '(l), (m); heading 9903.94.43', 'partly', 'Japan deal, parts: total duty 15% when column 1 is below 15%.', 'auto-part=yes'),
    row('s232-auto-parts-eu-met', '9903.94.52', AUTO, L('note33_parts'), EU, '', 'floor-met:15', '2025-08-01', '', ST_A, C33 + '(m), (o); heading 9903.94.52', 'partly', 'EU deal, parts: total duty 15% when column 1 is below 15%.', 'auto-part=yes'),
    row('s232-auto-parts-eu', '9903.94.53', AUTO, L('note33_parts'), EU, '', 'floor:15', '2025-08-01', '', ST_A, C33 + '(m), (o); heading 9903.94.53', 'partly', 'EU deal, parts: total duty 15% when column 1 is below 15%.', 'auto-part=yes'),
    row('s232-auto-parts-kr-met', '9903.94.62', AUTO, L('note33_parts'), 'KR', '', 'floor-met:15', '2025-11-01', '', ST_A, C33 + '(g), (t); heading 9903.94.62', 'partly', 'Korea deal, parts: total duty 15% when column 1 is below 15%.', 'auto-part=yes'),
    row('s232-auto-parts-kr', '9903.94.63', AUTO, L('note33_parts'), 'KR', '', 'floor:15', '2025-11-01', '', ST_A, C33 + '(g), (t); heading 9903.94.63', 'partly', 'Korea deal, parts: total duty 15% when column 1 is below 15%.', 'auto-part=yes'),
    # Note 38: medium- and heavy-duty vehicles (b), buses (c), parts (i); exceptions (k), (l).
    row('s232-mhdv-veh', '9903.74.01', MHDV, L('note38_vehicles'), '*', 'CA MX', '25', '2025-11-01', '', ST_M, C38 + '(a)-(b); heading 9903.74.01', 'yes', 'Medium- and heavy-duty vehicles.'),
    row('s232-mhdv-veh-camx', '9903.74.01', MHDV, L('note38_vehicles'), 'CA MX', '', '25', '2025-11-01', '', ST_M, C38 + '(a)-(b), (d); heading 9903.74.01', 'yes',
        'Vehicle of Canada or Mexico without an approved U.S. content: 25% on the full value.', 'us-content-approved=no'),
    {**row('s232-mhdv-veh-usmca', '9903.74.03', MHDV, L('note38_vehicles'), 'CA MX', '', '25', '2025-11-01', '', ST_M, C38 + '(d); heading 9903.74.03', 'yes',
        'USMCA vehicle with U.S. content approved by Commerce: 25% on the value less the U.S. content (give usContentValue).', 'us-content-approved=yes'), 'basis': 'non-us-content'},
    row('s232-mhdv-bus', '9903.74.02', MHDV, L('note38_buses'), '*', '', '10', '2025-11-01', '', ST_M, C38 + '(c); heading 9903.74.02', 'yes', 'Buses of heading 8702.'),
    row('s232-mhdv-parts', '9903.74.08', MHDV, L('note38_parts'), '*', 'CA MX', '25', '2025-11-01', 'program:' + AUTO, ST_M, C38 + '(h)-(i); heading 9903.74.08', 'yes', 'Parts of medium- and heavy-duty vehicles.', 'mhdv-part=yes'),
    row('s232-mhdv-parts-camx', '9903.74.08', MHDV, L('note38_parts'), 'CA MX', '', '25', '2025-11-01', 'program:' + AUTO, ST_M, C38 + '(h)-(i); heading 9903.74.08', 'yes', 'Parts of Canada or Mexico not qualifying for USMCA.', 'mhdv-part=yes&usmca=no'),
    row('s232-mhdv-parts-usmca', '9903.74.10', MHDV, L('note38_parts'), 'CA MX', '', '0', '2025-11-01', '', ST_M, C38 + '(k); heading 9903.74.10', 'yes', 'USMCA-qualifying parts: no note 38 duty.', 'mhdv-part=yes&usmca=yes'),
    row('s232-mhdv-parts-not', '9903.74.11', MHDV, L('note38_parts'), '*', '', '0', '2025-11-01', '', 'Listed articles that are not MHDV parts: no note 38 duty; other measures apply as usual.', C38 + '(l); heading 9903.74.11', 'yes', 'Listed article that is not a part of a medium- or heavy-duty vehicle.', 'mhdv-part=no'),
    # Note 37: softwood timber and lumber (b); upholstered wooden furniture (d); kitchen cabinets and vanities (f); country deals (h)-(l).
    row('s232-wood-softwood', '9903.76.01', WOOD, L('note37_softwood'), '*', '', '10', '2025-10-14', 'program:' + AUTO, ST_W, C37 + '(a)-(b); heading 9903.76.01', 'yes', 'Softwood timber and lumber; AD/CVD duties continue in addition.'),
    row('s232-wood-upholstered', '9903.76.02', WOOD, L('note37_upholstered'), '*', NOT_EU_JP_KR_GB, '25', '2025-10-14', 'program:' + AUTO, ST_W, C37 + '(c)-(d); heading 9903.76.02', 'yes', 'Upholstered wooden furniture (the increase announced for 2026 is not in the Rev. 6 text).'),
    row('s232-wood-cabinets', '9903.76.03', WOOD, L('note37_cabinets'), '*', NOT_EU_JP_KR_GB, '25', '2025-10-14', 'program:' + AUTO, ST_W, C37 + '(e)-(f); heading 9903.76.03', 'yes', 'Completed wooden kitchen cabinets and vanities and their parts.', 'wood-cabinet=yes'),
    row('s232-wood-cabinets-not', '9903.76.04', WOOD, L('note37_cabinets'), '*', '', '0', '2025-10-14', '', 'Listed articles that are not wooden kitchen cabinets or vanities: no note 37 duty.', C37 + '(g); heading 9903.76.04', 'yes', 'Listed article other than a wooden kitchen cabinet or vanity.', 'wood-cabinet=no'),
]
for cc, hd, rate, frm, sub, conf in [('GB', '9903.76.20', '10', '2025-10-14', '(h)', 'yes'), ('JP', '9903.76.21', 'floor:15', '2025-10-14', '(i)', 'yes'),
                                     (EU, '9903.76.22', 'floor:15', '2025-10-14', '(j)', 'yes'), ('KR', '9903.76.23', 'floor:15', '2025-11-01', '(l)', 'partly')]:
    tag = cc.split()[0].lower() if cc != EU else 'eu'
    what = 'total duty 15% (the heading prints 15% in lieu of the column 1 rate, which is Free on every listed line)' if rate.startswith('floor') else 'the duty provided in the applicable subheading + 10%'
    start = ' Start date not in the Rev. 6 text.' if conf == 'partly' else ''
    NEW.append(row(f's232-wood-upholstered-{tag}', hd, WOOD, L('note37_upholstered'), cc, '', rate, frm, 'program:' + AUTO, ST_W, C37 + f'{sub}; heading {hd}', conf, f'Wood products deal: {what}.{start}'))
    NEW.append(row(f's232-wood-cabinets-{tag}', hd, WOOD, L('note37_cabinets'), cc, '', rate, frm, 'program:' + AUTO, ST_W, C37 + f'{sub}; heading {hd}', conf, f'Wood products deal: {what}.{start}', 'wood-cabinet=yes'))
NEW += [
    row('s232-semi', '9903.79.01', SEMI, L('note39_semi'), '*', '', '25', '2026-01-16', '', ST_S, C39 + '(a)-(b); heading 9903.79.01', 'partly',
        'Scope by 10-digit line from the Yale Budget Lab tracker (note 39 defines the articles by technical parameters); start date from the tracker.', 'semi-covered=yes'),
    row('s232-semi-not', '9903.79.02', SEMI, L('note39_semi'), '*', '', '0', '2026-01-16', '', 'No note 39 duty; other measures apply as usual.', C39 + '(c); heading 9903.79.02', 'partly', 'Listed article outside note 39(a)-(b) or for an exempted end use.', 'semi-covered=no'),
]
# UK derivative aluminum outside chapter 76: heading 9903.85.15 on the aluminum content (note 19(p), (s)); 25% as the
# UK aluminum rate of heading 9903.85.12 (the Rev. 6 text prints note 19(s) but not the heading's rate row).
NEW.append({**row('s232-alu-gb-deriv', '9903.85.15', 'Section 232', 'list:measures/lists/section232_aluminum.csv & !prefix:76', 'GB', '', '25', '2025-06-04', 'program:' + AUTO + ';program:' + MHDV,
    'Stacks on MFN; not on vehicles and parts of notes 33 and 38.', '50 U.S.C. 1862 (Section 232); HTSUS 2026 Rev. 6 ch. 99 subch. III U.S. note 19(p), (s); heading 9903.85.15', 'partly',
    'UK derivative aluminum outside chapter 76 on the aluminum content (note 19(s)); the 25% is the UK aluminum rate of 9903.85.12, the heading row of 9903.85.15 not being printed in the Rev. 6 text.'), 'basis': 'content', 'effective_to': '2026-04-05'})
def split_parts(rows):
    """Each row over a parts list, once over its vehicle provisions and once over its general ones (assumed not a part)."""
    out = []
    for r in rows:
        for note, key in [('note33_parts', 'auto-part'), ('note38_parts', 'mhdv-part')]:
            if r['scope'] == L(note):
                out.append({**r, 'scope': L(note + '_vehicle')})
                out.append({**r, 'id': r['id'] + '-gen', 'scope': L(note + '_general'), 'assume': f'{key}=no',
                            'notes': r['notes'] + ' Provision the schedule does not describe as a vehicle article: assumed not a part unless the importer says it is.'})
                break
        else: out.append(r)
    return out
NEW = split_parts(NEW)
REMOVED = {'s232-autos', 's232-mhdv', 's232-timber', 's232-semi'}
NEW_PROGRAMS = [AUTO, MHDV, WOOD, SEMI]
src = M + '/measures.csv'
rows = list(csv.DictReader(open(src, encoding='utf-8')))
fields = list(rows[0].keys())
for extra in ('condition', 'assume'):
    if extra not in fields: fields.append(extra)
ids = {r['id'] for r in NEW}
out = []
for r in rows:
    if r['id'] in REMOVED or r['id'] in ids: continue
    r.setdefault('condition', ''); r.setdefault('assume', '')
    ex = [e for e in r['exclusions'].split(';') if e]
    # Vehicles and their parts are not subject to the metals duties (notes 33(a), (f), 38(a), (h)).
    adds = ['program:' + AUTO, 'program:' + MHDV] if r['program'] == 'Section 232' else []
    # Goods subject to a Section 232 program are excepted from the country provisions and the Section 122 surcharge.
    if 'program:Section 232' in ex: adds = ['program:' + p for p in NEW_PROGRAMS]
    for a in adds:
        if a not in ex: ex.append(a)
    r['exclusions'] = ';'.join(ex)
    out.append(r)
at = next(i for i, r in enumerate(out) if not r['id'].startswith(('s301', 's232')))
out[at:at] = NEW
with open(src, 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, fieldnames=fields); w.writeheader(); w.writerows(out)
print({k: len(v) for k, v in LISTS.items()}, len(out), 'rows')
