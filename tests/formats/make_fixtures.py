#!/usr/bin/env python3
"""Builds the format fixtures of the end-to-end tests (tests/formats_e2e.rs) from the
repository's own text: the two shipped resolutions as DOCX, an XLIFF 1.2 and an XLIFF 2.0
file (English source, Chinese target, as CAT tools export them) and, when the UNPC dev set is
given, a TMX 1.4 of its first 500 pairs.

Deprecated glossary forms are planted at known places (unless --no-plant) and listed, with the
position a reader must report, in OUT/expected.json:

  rule, file, line, column, segment   as `shuyu check --format json` reports them: for XML the
                                      line and column of the matched text in the file and the
                                      segment's id (XLIFF 1.2 trans-unit id, XLIFF 2.0
                                      UNIT/SEGMENT, TMX tuid); for DOCX `line` = paragraph
                                      (body, then footnotes) and `column` = character in it
  flat: {file, line, column}          the same place in OUT/flat/, the text a reader must
                                      see (one segment or paragraph a line), so the plants
                                      can be checked with the plain-text reader too

Decoys a reader must not see (a deleted revision, a field code, a TM match in <alt-trans>,
an XLIFF 2.0 <originalData>) carry deprecated forms too, in both variants; they are listed
under "decoys" and must never be reported.

Usage: make_fixtures.py OUT [--no-plant] [--devset DIR]
  OUT/check/    the fixtures (what `shuyu check OUT/check` reads)
  OUT/flat/     the text of each fixture as plain files (the TMX's halves are the pair
                `align` compares the TMX with)
Python 3 standard library only.
"""

import argparse
import json
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TMX_PAIRS = 500

# ---------------------------------------------------------------------------------------------
# Plants and findings
# ---------------------------------------------------------------------------------------------


class Plant:
    """A deprecated form put where the preferred one was (only when planting)."""

    def __init__(self, rule, planted, original):
        self.rule, self.planted, self.original = rule, planted, original


def zh(planted, original):
    return Plant("deprecated-zh", planted, original)


def en(planted, original):
    return Plant("deprecated-en", planted, original)


class Manifest:
    def __init__(self, plant):
        self.plant = plant
        self.findings = []
        self.decoys = []

    def found(self, rule, file, line, column, segment, text, flat):
        self.findings.append(
            {
                "rule": rule,
                "file": file,
                "line": line,
                "column": column,
                "segment": segment,
                "found": text,
                "flat": {"file": flat[0], "line": flat[1], "column": flat[2]},
            }
        )

    def decoy(self, file, where, text):
        self.decoys.append({"file": file, "where": where, "text": text})


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LANG = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
RPR = '<w:rPr><w:rFonts w:hint="eastAsia"/>' + LANG + "</w:rPr>"
BOLD = '<w:rPr><w:rFonts w:hint="eastAsia"/><w:b/><w:bCs/>' + LANG + "</w:rPr>"


def t_run(text, rpr=RPR):
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, escape(text))


def runs(text, *cuts):
    """`text` as runs cut at the given character offsets, as Word leaves it after edits."""
    out, last = [], 0
    for c in list(cuts) + [len(text)]:
        if c > last:
            out.append(("t", text[last:c]))
        last = c
    return out


def item_xml(it):
    """(xml, text) of one item that is not a plant; `text` is what a reader must see."""
    kind = it[0]
    if kind in ("t", "b"):
        return t_run(it[1], BOLD if kind == "b" else RPR), it[1]
    if kind == "tab":
        return "<w:r>%s<w:tab/></w:r>" % RPR, "\t"
    if kind == "br":
        return "<w:r>%s<w:br/></w:r>" % RPR, " "
    if kind == "revision":
        # A tracked change: the deleted text stays in the file as w:delText.
        deleted, inserted, rev = it[1], it[2], it[3]
        return (
            '<w:del w:id="%d" w:author="Reviser" w:date="2022-12-01T10:00:00Z"><w:r>%s'
            '<w:delText xml:space="preserve">%s</w:delText></w:r></w:del>'
            '<w:ins w:id="%d" w:author="Reviser" w:date="2022-12-01T10:00:00Z">%s</w:ins>'
            % (rev, RPR, escape(deleted), rev + 1, t_run(inserted)),
            inserted,
        )
    if kind == "field":
        # A complex field: its code (instrText) is not text, its result is.
        char = '<w:r>%s<w:fldChar w:fldCharType="%%s"/></w:r>' % RPR
        return (
            char % "begin"
            + '<w:r>%s<w:instrText xml:space="preserve">%s</w:instrText></w:r>' % (RPR, escape(it[1]))
            + char % "separate"
            + t_run(it[2])
            + char % "end",
            it[2],
        )
    mark = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>%s</w:r>'
    if kind == "fnref":
        return mark % ('<w:footnoteReference w:id="%d"/>' % it[1]), ""
    if kind == "fnmark":
        return mark % "<w:footnoteRef/>", ""
    if kind == "bookmark":
        return '<w:bookmarkStart w:id="%d" w:name="%s"/><w:bookmarkEnd w:id="%d"/>' % (
            it[1], it[2], it[1]), ""
    raise ValueError(kind)


def render_items(items, plant, on_plant):
    """(xml, text) of a paragraph's items; `on_plant(plant, column)` for each plant placed."""
    xml, text = [], []
    for it in items:
        if it[0] == "extra":
            # Text that comes with a plant only, so the unplanted file is the .txt's text.
            if plant:
                xml.append(t_run(it[1]))
                text.append(it[1])
        elif it[0] == "plant":
            p, cut = it[1], it[2]
            form = p.planted if plant else p.original
            if plant:
                on_plant(p, sum(len(t) for t in text) + 1)
            # A plant cut in two runs with a proofing mark between: readers join runs.
            if cut:
                xml += [t_run(form[:cut]), '<w:proofErr w:type="spellStart"/>']
                xml += [t_run(form[cut:]), '<w:proofErr w:type="spellEnd"/>']
            else:
                xml.append(t_run(form))
            text.append(form)
        else:
            x, t = item_xml(it)
            xml.append(x)
            text.append(t)
    return "".join(xml), "".join(text)


def para_xml(body, style):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
    return '<w:p w:rsidR="00B21C5E" w:rsidRDefault="00B21C5E">%s%s</w:p>' % (ppr, body)


def around(line, needle, nth=1):
    """(before, after) of the nth occurrence of `needle` in `line`."""
    at = -1
    for _ in range(nth):
        at = line.index(needle, at + 1)
    return line[:at], line[at + len(needle) :]


def res_77_36(lines):
    """Paragraphs of A/RES/77/36: one a line of the .txt, footnotes apart."""
    edits = {}

    def plant_at(n, plant, nth=1, cut=0, lead=None):
        before, after = around(lines[n - 1], plant.original, nth)
        items = lead(before) if lead else runs(before)
        edits[n] = items + [("plant", plant, cut)] + runs(after)

    plant_at(36, zh("信息通信技术", "信息和通信技术"))
    # A tab before the plant: a tab is one character of the paragraph.
    plant_at(41, zh("信息通信技术", "信息和通信技术"), lead=lambda b: [("tab",)] + runs(b[1:]))
    plant_at(45, zh("能力构建", "能力建设"), cut=2)
    plant_at(93, zh("能力构建", "能力建设"))
    # A reviser replaced the deprecated form: the deletion stays in the file, unread.
    b, a = around(lines[38 - 1], "信息和通信技术")
    edits[38] = runs(b, 3) + [("revision", "信息通信技术", "信息和通信技术", 101)] + runs(a, 4)
    # Runs cut inside words, and a line break where the .txt has a trailing space.
    edits[30] = runs(lines[29], 9, 14, 22)
    edits[34] = runs(lines[33].rstrip(" ")) + [("br",)]
    edits[47] = runs(lines[46], 5, 6, 30)
    # A cross-reference field whose code holds a deprecated form as its tooltip.
    b, a = around(lines[69 - 1], "75/240")
    code = ' HYPERLINK "https://undocs.org/zh/A/RES/75/240" \\o "信息通信技术" '
    edits[69] = runs(b) + [("field", code, "75/240"), ("bookmark", 7, "_Ref75240")] + runs(a)
    b, a = around(lines[71 - 1], "1 并")
    edits[71] = runs(b) + [("fnref", 1), ("t", " 并")]
    b, a = around(lines[73 - 1], "；2")
    edits[73] = runs(b + "；") + [("fnref", 2)] + runs(a)
    # The footnotes leave the body with the separator line the PDF had.
    body = [edits.get(n, runs(line)) for n, line in enumerate(lines, 1) if n < 106]
    footnotes = [
        [("fnmark",), ("t", " "), ("field", ' HYPERLINK "https://undocs.org/zh/A/77/275" ', "A/77/275"),
         ("t", "。"), ("extra", "另见关于"), ("plant", zh("信息通信技术", ""), 0), ("extra", "的说明。")],
        [("fnmark",), ("t", " A/AC.292/2022/INF/4"), ("extra", "（"),
         ("plant", en("Open Ended Working Group", ""), 0), ("extra", "）"), ("t", "。")],
    ]
    decoys = [("w:delText", "信息通信技术"), ("w:instrText", "信息通信技术")]
    return body, footnotes, decoys


def md_items(line):
    """Items of a line of A/RES/75/32, whose .txt marks bold (**x**), links and footnotes."""
    items = []
    for part in re.split(r"(\*\*[^*]+\*\*|\[[^\]]+\]\(#\)|[¹²³])", line):
        if not part:
            continue
        if part.startswith("**"):
            items.append(("b", part[2:-2]))
        elif part.startswith("["):
            sym = part[1 : part.index("]")]
            items.append(("field", ' HYPERLINK "https://undocs.org/zh/%s" ' % sym, sym))
        elif part in "¹²³":
            items.append(("fnref", "¹²³".index(part) + 1))
        else:
            items.append(("t", part))
    return items


def res_75_32(lines):
    """Paragraphs of A/RES/75/32: one a line of the .txt, footnotes apart."""
    edits = {}
    b, a = around(lines[45 - 1], "建立信任措施")
    edits[45] = runs(b, 4) + [("plant", zh("信任建立措施", "建立信任措施"), 2)] + runs(a)
    edits[53] = [("t", "1. "), ("b", "促请"), ("plant", zh("会员国家", "会员国"), 0), ("t", "：")]
    line = lines[75 - 1]
    b, rest = around(line, "冠状病毒病(COVID-19)")
    mid, a = around(rest, "不限成员名额工作组")
    edits[75] = (
        md_items(b)
        + [("plant", zh("新冠肺炎", "冠状病毒病(COVID-19)"), 0)]
        + runs(mid)
        + [("plant", zh("开放式工作组", "不限成员名额工作组"), 0)]
        + runs(a)
    )
    b, a = around(lines[43 - 1], "信息和通信技术", 2)
    edits[43] = runs(b, 7) + [("plant", zh("信息通信技术", "信息和通信技术"), 3)] + runs(a)
    # A tracked deletion of a deprecated form in a paragraph left otherwise as it was.
    b, a = around(lines[63 - 1], "信息和通信技术")
    edits[63] = runs(b) + [("revision", "信息通信技术", "信息和通信技术", 201)] + runs(a)
    edits[49] = runs(lines[49 - 1], 12, 40)
    fn_lines = {57, 59, 61}
    body = [
        edits.get(n, md_items(line))
        for n, line in enumerate(lines, 1)
        if n not in fn_lines and not (56 <= n <= 62 and not line.strip())
    ]
    footnotes = []
    for n in sorted(fn_lines):
        # The .txt's superscript number is Word's footnote mark.
        footnotes.append([("fnmark",)] + md_items(lines[n - 1])[1:])
    # The third footnote names a deprecated English form after the document symbol.
    plant = ("plant", en("UN Charter", ""), 0)
    footnotes[2] = footnotes[2][:-1] + [("extra", "（"), plant, ("extra", "）"), ("t", "。")]
    decoys = [("w:delText", "信息通信技术")]
    return body, footnotes, decoys


# The parts of a DOCX that do not depend on its text; styles.xml says the text is Chinese.
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:styles xmlns:w="%s"><w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:ascii="Times New Roman" w:eastAsia="SimSun" w:hAnsi="Times New Roman"/>'
    '<w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:qFormat/></w:style>'
    '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
    '<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="17"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    "</w:style></w:styles>" % W
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/footnotes" Target="footnotes.xml"/></Relationships>'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.footnotes+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)
SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:settings xmlns:w="%s"><w:trackRevisions/><w:defaultTabStop w:val="420"/>'
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>' % W
)
CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:language>zh-CN</dc:language></cp:coreProperties>"
)


def docx_parts(body, footnotes):
    """The XML parts of a DOCX whose paragraphs are `body` and `footnotes` (XML strings)."""
    ns = (
        'xmlns:w="%s" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        % W
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<w:document %s><w:body>%s"
        '<w:sectPr><w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr>'
        '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440"'
        ' w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>'
        "</w:body></w:document>" % (ns, "".join(body))
    )
    notes = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>",
    ]
    for i, p in enumerate(footnotes, 1):
        notes.append('<w:footnote w:id="%d">%s</w:footnote>' % (i, p))
    footnotes_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<w:footnotes %s>%s</w:footnotes>" % (ns, "".join(notes))
    )
    return [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/settings.xml", SETTINGS),
        ("word/footnotes.xml", footnotes_xml),
        ("docProps/core.xml", CORE),
    ]


def write_docx(out, name, builder, manifest):
    src = os.path.join(ROOT, "corpus", name + ".zh.txt")
    with open(src, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body, footnotes, decoys = builder(lines)
    file = name + ".docx"
    flat_name = name + ".docx.zh.txt"
    texts, body_xml, notes_xml = [], [], []

    def place(items, style):
        para = len(texts) + 1

        def on_plant(p, column):
            manifest.found(p.rule, file, para, column, None, p.planted, (flat_name, para, column))

        xml, text = render_items(items, manifest.plant, on_plant)
        texts.append(text)
        return para_xml(xml, style)

    for items in body:
        body_xml.append(place(items, None))
    for items in footnotes:
        notes_xml.append(place(items, "FootnoteText"))
    for where, text in decoys:
        manifest.decoy(file, where, text)
    with zipfile.ZipFile(os.path.join(out, "check", file), "w", zipfile.ZIP_DEFLATED) as z:
        for part, xml in docx_parts(body_xml, notes_xml):
            # A fixed date: the same text gives the same bytes.
            info = zipfile.ZipInfo(part, date_time=(2022, 12, 7, 0, 0, 0))
            z.writestr(info, xml, compress_type=zipfile.ZIP_DEFLATED)
    with open(os.path.join(out, "flat", flat_name), "w", encoding="utf-8") as f:
        f.write("\n".join(texts) + "\n")


# ---------------------------------------------------------------------------------------------
# XLIFF and TMX: text with inline markup, one source or target a line
# ---------------------------------------------------------------------------------------------

ENTITIES = {'"': "&quot;"}


class Inline:
    """A segment's content as items: str (text), ("tag", xml) markup, Plant."""

    def __init__(self, *items):
        self.items = list(items)


def render_inline(items, plant, prefix, on_plant, quote=False):
    """(xml, text) of inline content starting at XML column len(prefix)+1."""
    xml, text = [], []
    for it in items:
        if isinstance(it, Plant):
            form = it.planted if plant else it.original
            if plant:
                xcol = len(prefix) + sum(len(s) for s in xml) + 1
                on_plant(it, xcol, sum(len(s) for s in text) + 1)
            xml.append(escape(form))
            text.append(form)
        elif isinstance(it, tuple):
            xml.append(it[1])
            text.append(it[2] if len(it) > 2 else "")
        else:
            xml.append(escape(it, ENTITIES) if quote else escape(it))
            text.append(it)
    return "".join(xml), "".join(text)


def as_items(x):
    if isinstance(x, Inline):
        return x.items
    return [x]


# Segments written for these fixtures from A/RES/77/36 and A/RES/75/32 (the Chinese is the
# resolutions' own text; the English follows the resolutions' English).
ICT_SEGMENTS = [
    (
        Inline(
            "Stressing that it is in the interest of all States to promote the use of ",
            en("information and communication technologies", "information and communications technologies"),
            " for peaceful purposes",
            ("tag", '<x id="1"/>'),
            " and to prevent conflicts arising from the use of such technologies,",
        ),
        "强调指出促进为和平目的使用信息和通信技术符合所有国家的利益，防止因使用这种技术而产生的冲突也符合各国的利益，",
    ),
    (
        "Recognizing that the dissemination and use of information and communications technologies affect the interests of the entire international community,",
        Inline("认识到", zh("信息通信技术", "信息和通信技术"), "的传播和使用影响到整个国际社会的利益，"),
    ),
    (
        "Reaffirming that, given the unique attributes of information and communications technologies, additional norms could be developed over time,",
        "重申鉴于信息和通信技术的独特性，可以随着时间推移制定更多的规范，",
    ),
    (
        Inline(
            ("tag", '<g id="2">', ""),
            "Noting",
            ("tag", "</g>", ""),
            " that capacity-building is essential for international security and that capacity-building measures should seek to promote the use of information and communications technologies for peaceful purposes,",
        ),
        Inline(
            ("tag", '<g id="2">', ""),
            "注意到",
            ("tag", "</g>", ""),
            "能力建设对于国际安全至关重要，",
            ("tag", '<g id="3">', ""),
            zh("能力构建", "能力建设"),
            ("tag", "</g>", ""),
            "措施应力求促进为和平目的使用信息和通信技术，",
        ),
    ),
    (
        Inline("Questions & Answers on ", en("capacity building", "capacity-building"), " in the field of ICT security"),
        "关于信息和通信技术安全领域能力建设的问答",
    ),
    (
        'Decides to include in the provisional agenda of its seventy-eighth session the item entitled "Developments in the field of information and telecommunications in the context of international security".',
        "决定将题为“从国际安全角度看信息和电信领域的发展”的项目列入大会第七十八届会议临时议程。",
    ),
    (
        "Reaffirming that the United Nations should continue to play a leading role in promoting dialogue among Member States on the use of information and communications technologies,",
        Inline("重申联合国应继续发挥主导作用，促进", zh("会员国家", "各国"), "关于信息和通信技术使用问题的对话，"),
    ),
]

ICT_SEGMENTS_20 = [
    (
        Inline(
            "Encourages Member States to continue to exchange views at the ",
            ("tag", '<pc id="1" dataRefStart="d1" dataRefEnd="d2">', ""),
            en("Open Ended Working Group", "open-ended working group"),
            ("tag", "</pc>", ""),
            " on regular institutional dialogue;",
        ),
        Inline("鼓励会员国在", zh("开放式工作组", "不限成员名额工作组"), "继续就定期机构对话交换意见；"),
    ),
    (
        "Affirming the conclusions of the Group of Governmental Experts that voluntary confidence-building measures can promote trust and assurance among States,",
        Inline("又确认政府专家组的结论，即自愿", zh("信任建立措施", "建立信任措施"), "可促进各国间的信任和保证，"),
    ),
    (
        Inline(
            "Notes that the ",
            ("tag", '<ph id="2" dataRef="d3"/>', ""),
            "coronavirus disease (COVID-19) pandemic disrupted the schedule of meetings of the Group of Governmental Experts,",
        ),
        Inline(
            ("tag", '<ph id="2" dataRef="d3"/>', ""),
            "注意到",
            zh("新冠肺炎", "冠状病毒病(COVID-19)"),
            "大流行中断了政府专家组的会议日程；",
        ),
    ),
    (
        Inline(
            "Calls upon Member States to be guided in their use of ",
            en("information and communication technologies", "information and communications technologies"),
            " by the reports of the Group of Governmental Experts;",
        ),
        "促请会员国将政府专家组的报告作为其使用信息和通信技术的指南；",
    ),
]


def read_pairs(zh_path, en_path):
    with open(zh_path, encoding="utf-8") as f:
        zhs = f.read().splitlines()
    with open(en_path, encoding="utf-8") as f:
        ens = f.read().splitlines()
    assert len(zhs) == len(ens), (zh_path, en_path)
    return list(zip(ens, zhs))


XLIFF_HEAD = {
    "1.2": [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
        '  <file original="A_RES_77_36_en.docx" source-language="en-US" target-language="zh-CN"'
        ' datatype="x-undefined">',
        '    <header><tool tool-id="shuyu-fixtures" tool-name="shuyu fixtures"/></header>',
        "    <body>",
    ],
    "2.0": [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US"'
        ' trgLang="zh-CN">',
        '  <file id="f1" original="A_RES_75_32_en.docx">',
    ],
}
XLIFF_TAIL = {"1.2": ["    </body>", "  </file>", "</xliff>"], "2.0": ["  </file>", "</xliff>"]}


def unit_extras(version, i, file, manifest):
    """What CAT tools put in a unit besides its source and target: (before, after) lines."""
    if version == "1.2" and i == 2:
        # A translation-memory match offered to the translator: not the translation.
        manifest.decoy(file, "alt-trans", "信息通信技术")
        manifest.decoy(file, "alt-trans", "information and communication technologies")
        return [], [
            '        <alt-trans match-quality="85" origin="TM">',
            "          <source>Recognizing that the use of information and communication"
            " technologies affects the international community,</source>",
            '          <target xml:lang="zh-CN">认识到信息通信技术的使用影响到国际社会，</target>',
            "        </alt-trans>",
        ]
    if version == "1.2" and i == 3:
        return [], ["        <note>Check the term base for the ICT entries.</note>"]
    if version == "2.0" and i == 1:
        data = ['        <data id="d1">&lt;b&gt;</data>', '        <data id="d2">&lt;/b&gt;</data>']
        return ["      <originalData>"] + data + ["      </originalData>"], []
    if version == "2.0" and i == 3:
        # The native code behind an inline placeholder: markup, not text.
        manifest.decoy(file, "originalData", "能力构建")
        data = '        <data id="d3">&lt;span class="footnote"&gt;能力构建&lt;/span&gt;</data>'
        return ["      <originalData>", data, "      </originalData>"], []
    return [], []


def write_xliff(out, file, version, segments, manifest):
    """An XLIFF 1.2 or 2.0 file of (English source, Chinese target) segments."""
    lines = list(XLIFF_HEAD[version])
    flat = {"en": [], "zh": []}
    for i, (src, tgt) in enumerate(segments, 1):
        # A 2.0 segment's id is unique only within its unit: it is named unit/segment.
        uid = str(i) if version == "1.2" else "u%d/s%d" % (i, i)

        def side(tag, content, lang, attrs=""):
            prefix = "        <%s%s>" % (tag, attrs)
            line_no, seg_line = len(lines) + 1, len(flat[lang]) + 1

            def on_plant(p, xcol, fcol):
                where = ("%s.flat.%s" % (file, lang), seg_line, fcol)
                manifest.found(p.rule, file, line_no, xcol, uid, p.planted, where)

            # Every other segment writes quotation marks as &quot;, as some tools do.
            xml, text = render_inline(
                as_items(content), manifest.plant, prefix, on_plant, quote=i % 2 == 0
            )
            lines.append(prefix + xml + "</%s>" % tag)
            flat[lang].append(text)

        before, after = unit_extras(version, i, file, manifest)
        if version == "1.2":
            lines.append('      <trans-unit id="%s" xml:space="preserve">' % uid)
        else:
            lines += ['    <unit id="u%d">' % i] + before
            lines.append('      <segment id="s%d" state="translated">' % i)
        side("source", src, "en")
        side("target", tgt, "zh", ' state="translated"' if version == "1.2" else "")
        if version == "1.2":
            lines += after + ["      </trans-unit>"]
        else:
            lines += ["      </segment>", "    </unit>"]
    lines += XLIFF_TAIL[version]
    with open(os.path.join(out, "check", file), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    for lang, texts in flat.items():
        with open(os.path.join(out, "flat", "%s.flat.%s" % (file, lang)), "w", encoding="utf-8") as f:
            f.write("\n".join(texts) + "\n")


# Deprecated forms of the shipped glossary: a dev-set pair holding one already is not planted.
def deprecated_forms():
    forms = []
    with open(os.path.join(ROOT, "glossary", "un-ict-security.yaml"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*deprecated:\s*\[(.*)\]\s*$", line)
            if m:
                forms += [x.strip().strip("\"'") for x in m.group(1).split(",")]
    return [x for x in forms if x]


TMX_PLANTS = [
    ("zh", "信息和通信技术", "信息通信技术", 2),
    ("zh", "能力建设", "能力构建", 2),
    ("zh", "民间社会", "公民社会", 1),
    ("en", "information and communications technologies", "information and communication technologies", 2),
    ("en", "capacity-building", "capacity building", 1),
    ("en", "Secretary-General", "Secretary General", 1),
]


def tmx_plants(pairs):
    """{(index, side): Plant}: where the TMX gets its deprecated forms, one a pair at most."""
    forms = deprecated_forms()
    clean = lambda s: not any(f.lower() in s.lower() for f in forms)  # noqa: E731
    chosen, used = {}, set()
    for side, original, planted, count in TMX_PLANTS:
        for i, (e, z) in enumerate(pairs):
            if count == 0:
                break
            text = z if side == "zh" else e
            if i in used or not clean(e) or not clean(z) or original not in text:
                continue
            make = zh if side == "zh" else en
            chosen[(i, side)] = make(planted, original)
            used.add(i)
            count -= 1
    return chosen


def write_tmx(out, devset, manifest):
    zhs = open(os.path.join(devset, "UNv1.0.devset.zh"), encoding="utf-8").read().splitlines()
    ens = open(os.path.join(devset, "UNv1.0.devset.en"), encoding="utf-8").read().splitlines()
    ids = open(os.path.join(devset, "UNv1.0.devset.ids"), encoding="utf-8").read().splitlines()
    pairs = list(zip(ens, zhs))[:TMX_PAIRS]
    plants = tmx_plants(pairs)
    file = "devset500.tmx"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<tmx version="1.4">',
        '  <header creationtool="shuyu-fixtures" creationtoolversion="1" datatype="plaintext"'
        ' segtype="sentence" adminlang="en-US" srclang="en-US" o-tmf="UNPC"/>',
        "  <body>",
    ]
    flat = {"en": [], "zh": []}
    for i, (e, z) in enumerate(pairs):
        tuid = str(i + 1)
        lines.append('    <tu tuid="%s">' % tuid)
        lines.append('      <prop type="x-document">%s</prop>' % escape(ids[i].split(" ")[0]))
        for side, lang, text in (("en", "en-US", e), ("zh", "zh-CN", z)):
            prefix = '      <tuv xml:lang="%s"><seg>' % lang
            line_no = len(lines) + 1
            items = [text]
            p = plants.get((i, side))
            if p:
                b, a = around(text, p.original)
                items = [b, p, a]

            def on_plant(p, xcol, fcol, line_no=line_no, side=side, i=i, tuid=tuid):
                manifest.found(p.rule, file, line_no, xcol, tuid, p.planted,
                               ("devset500." + side, i + 1, fcol))

            xml, flat_text = render_inline(items, manifest.plant, prefix, on_plant)
            lines.append(prefix + xml + "</seg></tuv>")
            flat[side].append(flat_text)
        lines.append("    </tu>")
    lines += ["  </body>", "</tmx>"]
    with open(os.path.join(out, "check", file), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    for side in ("en", "zh"):
        with open(os.path.join(out, "flat", "devset500." + side), "w", encoding="utf-8") as f:
            f.write("\n".join(flat[side]) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="directory to write (created)")
    ap.add_argument("--no-plant", action="store_true", help="leave the preferred forms")
    ap.add_argument("--devset", help="folder of UNv1.0.devset.{zh,en,ids}: also write the TMX")
    args = ap.parse_args()
    for d in ("check", "flat"):
        os.makedirs(os.path.join(args.out, d), exist_ok=True)
    manifest = Manifest(not args.no_plant)
    write_docx(args.out, "A_RES_77_36", res_77_36, manifest)
    write_docx(args.out, "A_RES_75_32", res_75_32, manifest)
    pairs = read_pairs(
        os.path.join(ROOT, "tests/fixtures/align/devset_excerpt.zh"),
        os.path.join(ROOT, "tests/fixtures/align/devset_excerpt.en"),
    )
    write_xliff(args.out, "ict-resolutions.xlf", "1.2", ICT_SEGMENTS + pairs, manifest)
    pairs = read_pairs(
        os.path.join(ROOT, "tests/fixtures/check/pair/devset.zh"),
        os.path.join(ROOT, "tests/fixtures/check/pair/devset.en"),
    )
    write_xliff(args.out, "ict-resolutions-2.0.xlf", "2.0", ICT_SEGMENTS_20 + pairs, manifest)
    if args.devset:
        write_tmx(args.out, args.devset, manifest)
    with open(os.path.join(args.out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(
            {"planted": manifest.plant, "tmx": bool(args.devset), "findings": manifest.findings,
             "decoys": manifest.decoys},
            f, ensure_ascii=False, indent=1,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
