"""Section 232 steel, aluminum and copper from 2026-04-06: U.S. note 16 as restructured (headings 9903.82.02-9903.82.19),
as rows of measures.csv, read from the legal text of chapter 99 (HTSUS 2026 Revision 6,
knowledge/tariff_actions/chapter99_2026_rev6_legal_text.txt.gz). Run after build-232-rows.py:
    python3 knowledge/measures/build-232-metals.py
From the legal text: the ten product lists of note 16(c) (written to lists/s232_note16_<subdivision>.csv), the rate and
heading of each list, the full-value basis and the 15%-by-weight rule of note 16(c) (9903.82.03), the UK rates of 16(d),
the U.S.-melted metal rates of 16(e), the floors of 16(e)-(f), the Russian and general note 3(b) headings. The text prints
no start date; the date 2026-04-06 is the Yale Budget Lab tracker's (s232_annex_products.csv, effective_date), whose
annexes 1a/1b/3 are these lists (checked below). The 2025 rows (notes 16/19 as they were, copper 9903.78.01) end the day
before (build-tables.py)."""
import csv, gzip, os, re
K = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
M = K + '/measures'
START = '2026-04-06'
text = gzip.open(K + '/tariff_actions/chapter99_2026_rev6_legal_text.txt.gz', 'rt', encoding='utf-8', errors='replace').read().split('\n')

# --- Note 16(c): the lists, by subdivision ---
i = next(n for n, l in enumerate(text) if l.strip().startswith('16. (a)  Except as provided in headings 9903.85.67'))
j = next(n for n in range(i, len(text)) if text[n].strip().startswith('(d) Headings 9903.82.04 and 9903.82.05'))
SUB = re.compile(r'\((i|ii|iii|iv|v|vi|vii|viii|ix|x)\) (Articles of (aluminum|steel|copper)|Derivative (aluminum|steel) articles):')
CODE = re.compile(r'(?<![\d.])\d{4}(?:\.\d{2}(?:\.\d{2,4})?)?(?![\d.])')
lists, title, cur = {}, {}, None
for line in text[i:j]:
    if 'Harmonized Tariff' in line or 'III -' in line: continue  # page headers
    m = SUB.search(line)
    if m: cur = m.group(1); lists[cur] = []; title[cur] = m.group(2); line = line[m.end():]
    if cur is None: continue
    line = re.sub(r'\[Compiler.*?(\]|$)', '', line)
    lists[cur] += [c.replace('.', '') for c in CODE.findall(line)]
SUBS = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x']
assert list(lists) == SUBS, list(lists)
# Note 16(a): the headings are mutually exclusive. A provision printed on two lists (24 are: always two lists of one
# rate tier, e.g. 8302.10.60 on (vi) and (vii)) is kept on the first, so one heading applies.
seen = set()
for s in SUBS:
    lists[s] = [c for c in dict.fromkeys(lists[s]) if not (c in seen or seen.add(c))]
    with open(f'{M}/lists/s232_note16_{s}.csv', 'w', newline='') as f:
        w = csv.writer(f); w.writerow(['hts']); [w.writerow([c]) for c in lists[s]]

# The tracker's annexes are these lists (1a = (i)-(v), 1b = (vi)-(viii), 3 = (ix)-(x)), some by a shorter prefix.
annex = {}
for r in csv.DictReader(open(K + '/tariff_actions/yale_tariff_rate_tracker_2026-05/s232_annex_products.csv')):
    annex.setdefault(r['annex'], set()).add(r['hts_prefix'])
    assert r['effective_date'] == START
check = {}
for a, subs in [('1a', SUBS[:5]), ('1b', SUBS[5:8]), ('3', SUBS[8:])]:
    legal = {c for s in subs for c in lists[s]}
    covered = lambda c, pool: any(c.startswith(p) or p.startswith(c) for p in pool)
    check[a] = (len(legal), sum(covered(c, annex[a]) for c in legal), len(annex[a]), sum(covered(p, legal) for p in annex[a]))

# --- Rows ---
AUTO, MHDV = 'Section 232 autos', 'Section 232 MHDV'
RU_AL = 'Section 232 aluminum (Russia)'
C16 = '50 U.S.C. 1862 (Section 232); Proclamation of 2026-04-02 on aluminum, steel and copper; HTSUS 2026 Rev. 6 ch. 99 subch. III U.S. note 16'
ST = ('On the full customs value (note 16(c)); in addition to MFN and to any special rate (16(b)); no more than one of 9903.82.02-.19 (16(a)); '
      'not on vehicles and parts of notes 33 and 38; excepted from the country provisions.')
METAL_CH = '72,73,74,76'
TIER = {s: 'A' for s in SUBS[:5]} | {s: 'B' for s in SUBS[5:8]} | {s: 'C' for s in SUBS[8:]}
US_OK = {'ii', 'iv', 'vi', 'vii', 'viii', 'ix', 'x'}           # 16(e): U.S.-melted/smelted metal
UK_OK = {'i': '9903.82.04', 'ii': '9903.82.04', 'iii': '9903.82.04', 'iv': '9903.82.04', 'vi': '9903.82.05', 'vii': '9903.82.05'}  # 16(d)
UK_RATE = {'9903.82.04': '25', '9903.82.05': '15'}
ALUMINUM = {'i', 'ii', 'vi', 'ix'}
RU = {'iii': ('9903.82.14', '50'), 'iv': ('9903.82.14', '50'), 'v': ('9903.82.14', '50'), 'vii': ('9903.82.16', '25'), 'viii': ('9903.82.16', '25'), 'x': ('9903.82.17', '25')}
RU_US = {'iv', 'vii', 'viii'}                                   # 9903.82.15 (10%)
COL2 = 'BY CU KP'                                               # general note 3(b), Russia having its own headings

def outcome(s, kind):
    """[(heading, rate, subdivision text)] of one outcome: a floor is a floor/floor-met pair of headings."""
    if kind == 'tier':
        return {'A': [('9903.82.02', '50', '(c)')], 'B': [('9903.82.09', '25', '(c)')],
                'C': [('9903.82.10', 'floor:15', '(f)'), ('9903.82.11', 'floor-met:15', '(f)')]}[TIER[s]]
    if kind == 'us':
        return [('9903.82.07', 'floor:10', '(e)'), ('9903.82.08', 'floor-met:10', '(e)')] if TIER[s] == 'C' else [('9903.82.06', '10', '(e)')]
    if kind == 'uk': return [(UK_OK[s], UK_RATE[UK_OK[s]], '(d)')]
    if kind == 'ru': return [RU[s] + ('(c)',)]
    if kind == 'ru-us': return [('9903.82.15', '10', '(e)')]
    if kind == 'col2': return [('9903.82.12', '25', '(c)')]

def base_row(id, heading, s, countries, excl, rate, cond, sub, note, scope_extra=''):
    return {'id': id, 'heading': heading, 'program': 'Section 232', 'scope': f'list:measures/lists/s232_note16_{s}.csv' + scope_extra,
            'countries': countries, 'exclude_countries': excl, 'rate': rate, 'basis': 'value', 'effective_from': START, 'effective_to': '',
            'exclusions': ';'.join(['program:' + AUTO, 'program:' + MHDV] + (['program:' + RU_AL] if s in ALUMINUM else [])),
            'stacking': ST, 'citation': f'{C16}{sub}, (c)({s}); heading {heading}', 'confirmed': 'partly', 'notes': note, 'condition': cond}

NOTE = (f'Scope, rates and country treatment from the legal text of note 16 (Rev. 6); start date {START} from the Yale Budget Lab tracker '
        '(the text prints none).')
out = []
def emit(s, who, countries, excl, kind, cond):
    inside = [c for c in lists[s] if c[:2] in METAL_CH.split(',')]
    outside = [c for c in lists[s] if c[:2] not in METAL_CH.split(',')]
    for heading, rate, sub in outcome(s, kind):
        tag = f's232-n16-{s}-{who}-{heading[8:]}' + ('-met' if rate.startswith('floor-met') else '')
        note = NOTE + ('' if kind != 'tier' or TIER[s] != 'C' else ' The tracker ends this tier on 2027-12-31 (annex 3 sunset); the text does not, so no end is set.')
        # 16(c): outside chapters 72, 73, 74 and 76 the headings apply only where the metal is at least 15% of the weight.
        if inside: out.append(base_row(tag, heading, s, countries, excl, rate, cond, sub, note, f' & prefix:{METAL_CH}'))
        if outside: out.append(base_row(tag + '-w', heading, s, countries, excl, rate, '&'.join(filter(None, [cond, 'metal-weight=yes'])), sub, note, f' & !prefix:{METAL_CH}'))

for s in SUBS:
    excl = ['GB'] if s in UK_OK else []
    if s in RU: excl.append('RU')
    if TIER[s] == 'C': excl += COL2.split()
    ex = ' '.join(excl)
    if s in US_OK:
        emit(s, 'all', '*', ex, 'tier', 'us-metal=no'); emit(s, 'all', '*', ex, 'us', 'us-metal=yes')
    else:
        emit(s, 'all', '*', ex, 'tier', '')
    if s in UK_OK:
        emit(s, 'gb', 'GB', '', 'uk', 'uk-metal=yes')
        if s in US_OK: emit(s, 'gb', 'GB', '', 'tier', 'uk-metal=no&us-metal=no'); emit(s, 'gb', 'GB', '', 'us', 'uk-metal=no&us-metal=yes')
        else: emit(s, 'gb', 'GB', '', 'tier', 'uk-metal=no')
    if s in RU:
        if s in RU_US: emit(s, 'ru', 'RU', '', 'ru', 'us-metal=no'); emit(s, 'ru', 'RU', '', 'ru-us', 'us-metal=yes')
        else: emit(s, 'ru', 'RU', '', 'ru', '')
    if TIER[s] == 'C': emit(s, 'col2', COL2, '', 'col2', '')
    if any(c[:2] not in METAL_CH.split(',') for c in lists[s]):
        out.append({**base_row(f's232-n16-{s}-light', '9903.82.03', s, '*', '', '0', 'metal-weight=no', '(c)',
                               'Article outside chapters 72, 73, 74 and 76 whose metal is under 15% of its weight: no note 16 duty.', f' & !prefix:{METAL_CH}'),
                    'stacking': 'No note 16 duty; other measures apply as usual.'})

QUESTIONS = [
    ('metal-weight', 'Is the weight of the steel, aluminum or copper (the metals of the note 16(c) lists the provision is on, together) at least 15% of the weight of the article (U.S. note 16(c); heading 9903.82.03 covers articles under 15%)?', 'yes', 'HTSUS ch. 99 subch. III U.S. note 16(c); heading 9903.82.03'),
    ('us-metal', 'Was at least 95% of the aluminum of the article smelted and cast, of its steel melted and poured, and of its copper smelted and cast, in the United States (U.S. note 16(e))?', 'no', 'HTSUS ch. 99 subch. III U.S. note 16(e); headings 9903.82.06-9903.82.08, 9903.82.15'),
    ('uk-metal', 'Was at least 95% of the aluminum of the United Kingdom article smelted or most recently cast, or of its steel melted and poured, in the United Kingdom (U.S. note 16(d))?', 'no', 'HTSUS ch. 99 subch. III U.S. note 16(d); headings 9903.82.04-9903.82.05'),
]
qpath = M + '/questions.csv'
qs = [q for q in csv.DictReader(open(qpath, encoding='utf-8')) if q['key'] not in {k for k, *_ in QUESTIONS}]
with open(qpath, 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['key', 'question', 'assumed', 'citation', 'implied_by'])
    for q in qs: w.writerow([q['key'], q['question'], q['assumed'], q['citation'], q.get('implied_by', '')])
    for q in QUESTIONS: w.writerow(list(q) + [''])

src = M + '/measures.csv'
rows = list(csv.DictReader(open(src, encoding='utf-8')))
fields = list(rows[0].keys())
rows = [r for r in rows if not r['id'].startswith('s232-n16-')]
for r in rows:
    # Russian aluminum (9903.85.67/.68) stays under note 19's lists and displaces note 16 (note 16(a)); its own program name
    # lets the note 16 rows give way to it.
    if r['heading'] in ('9903.85.67', '9903.85.68'): r['program'] = RU_AL
    ex = [e for e in r['exclusions'].split(';') if e]
    if 'program:Section 232' in ex and 'program:' + RU_AL not in ex: r['exclusions'] = ';'.join(ex + ['program:' + RU_AL])
at = next(n for n, r in enumerate(rows) if not r['id'].startswith(('s301', 's232')))
rows[at:at] = out
with open(src, 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, fieldnames=fields); w.writeheader(); w.writerows(rows)
print({s: len(lists[s]) for s in SUBS}, len(out), 'note 16 rows;', len(rows), 'rows')
print('tracker annexes vs note 16(c): (legal provisions, of them under a tracker prefix, tracker prefixes, of them matching a legal provision)', check)
