use super::*;
use std::io::Write as _;

fn xliff12(units: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">\n<file source-language=\"zh-CN\" \
         target-language=\"en-US\" datatype=\"plaintext\" original=\"a\">\n<body>\n{units}\
         </body>\n</file>\n</xliff>\n"
    )
}

fn read_str(name: &str, text: &str) -> Result<Read> {
    read(Path::new(name), text.as_bytes().to_vec())
}

#[test]
fn xliff_12_sides_tags_and_places() {
    let text = xliff12(
        "<trans-unit id=\"u1\"><source>能力<g id=\"1\">建设</g>&amp;信息</source>\n\
         <target>capacity <x id=\"2\"/>building</target></trans-unit>\n\
         <trans-unit id=\"u2\"><source>第二<ph id=\"3\">{0}</ph>句</source></trans-unit>\n",
    );
    let r = read_str("a.xlf", &text).unwrap();
    assert_eq!(r.sides.len(), 2);
    let zh = r.side(Lang::Zh).unwrap();
    assert_eq!(zh.text, "能力建设&信息\n第二句");
    let en = r.side(Lang::En).unwrap();
    // The unit without a target is an empty line, kept as a space at the end of the text.
    assert_eq!(en.text, "capacity building\n ");
    // 建设 is at flat column 3; in the file, line 5 after `<trans-unit id="u1"><source>能力<g id="1">`.
    let line5 = text.lines().nth(4).unwrap();
    let col = line5[..line5.find("建设").unwrap()].chars().count() + 1;
    assert_eq!(
        zh.origin.place(1, 3),
        Place {
            line: 5,
            column: col,
            segment: Some("u1")
        }
    );
    // 信息 follows the entity &amp; (one character, five in the file).
    let col = line5[..line5.find("信息").unwrap()].chars().count() + 1;
    assert_eq!(zh.origin.place(1, 6).column, col);
    assert_eq!(zh.origin.place(2, 1).segment, Some("u2"));
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
}

#[test]
fn xliff_20_languages_and_segment_ids() {
    let text = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" \
                srcLang=\"en\" trgLang=\"zh-Hans\"><file id=\"f\"><unit id=\"1\">\
                <segment id=\"s1\"><source>Capacity <pc id=\"1\">building</pc></source>\
                <target>能力<ph id=\"2\"/>建设</target></segment>\
                <ignorable><source> </source></ignorable></unit></file></xliff>";
    let r = read_str("b.xliff", text).unwrap();
    assert_eq!(r.side(Lang::En).unwrap().text, "Capacity building");
    let zh = r.side(Lang::Zh).unwrap();
    assert_eq!(zh.text, "能力建设");
    assert_eq!(zh.origin.place(1, 1).segment, Some("1/s1"));
    assert!(r.notes.is_empty());
}

#[test]
fn xliff_without_targets_keeps_the_source_with_a_note() {
    let r = read_str(
        "c.xlf",
        &xliff12("<trans-unit id=\"1\"><source>能力构建</source></trans-unit>"),
    )
    .unwrap();
    assert_eq!(r.sides.len(), 1);
    assert!(
        r.notes[0].contains("no unit has a <target>"),
        "{:?}",
        r.notes
    );
}

#[test]
fn malformed_xml_is_an_error_at_line_and_column() {
    let e = read_str("d.xlf", "<xliff version=\"1.2\">\n<file>\n<body></file>")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("d.xlf:3:"), "{e}");
    assert!(e.contains("malformed XML"), "{e}");
    let e = read_str("e.xlf", "<html/>").unwrap_err().to_string();
    assert!(e.contains("not an XLIFF file"), "{e}");
}

#[test]
fn tmx_pairs_units_with_both_languages() {
    let text = "<tmx version=\"1.4\"><header srclang=\"zh-CN\"/><body>\
                <tu tuid=\"7\"><tuv xml:lang=\"ZH-CN\"><seg>能力<bpt i=\"1\">&lt;b&gt;</bpt>构建\
                </seg></tuv><tuv xml:lang=\"en-GB\"><seg>capacity-building</seg></tuv></tu>\
                <tu><tuv xml:lang=\"fr\"><seg>renforcement</seg></tuv>\
                <tuv lang=\"zh\"><seg>只有中文</seg></tuv></tu></body></tmx>";
    let r = read_str("m.tmx", text).unwrap();
    assert_eq!(r.side(Lang::Zh).unwrap().text, "能力构建");
    assert_eq!(r.side(Lang::En).unwrap().text, "capacity-building");
    assert_eq!(
        r.side(Lang::Zh).unwrap().origin.place(1, 1).segment,
        Some("7")
    );
    assert!(
        r.notes[0].starts_with("1 of 2 translation units"),
        "{:?}",
        r.notes
    );
    let none = "<tmx><body><tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv></tu></body></tmx>";
    let e = read_str("n.tmx", none).unwrap_err().to_string();
    assert!(e.contains("languages seen: fr"), "{e}");
}

/// A DOCX of `parts` (name, XML).
pub(crate) fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn docx_paragraphs_runs_fields_revisions_footnotes() {
    let body = "<w:document xmlns:w=\"w\"><w:body>\
        <w:p><w:pPr><w:tabs><w:tab w:val=\"left\"/></w:tabs></w:pPr>\
        <w:r><w:t>能力</w:t></w:r><w:r><w:t xml:space=\"preserve\">构建</w:t><w:tab/>\
        <w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p>\
        <w:p><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>\
        <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>\
        <w:r><w:t>hidden</w:t></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
        <w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>\
        <w:p/></w:body></w:document>";
    let notes = "<w:footnotes xmlns:w=\"w\"><w:footnote w:type=\"separator\" w:id=\"-1\">\
        <w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id=\"1\"><w:p><w:r>\
        <w:t>脚注</w:t></w:r></w:p></w:footnote></w:footnotes>";
    let bytes = docx(&[("word/document.xml", body), ("word/footnotes.xml", notes)]);
    let r = read(Path::new("w.docx"), bytes).unwrap();
    assert_eq!(r.sides[0].text, "能力构建\tx y\n3\n\n脚注");
    assert!(r.sides[0].origin.paragraphs());
    assert_eq!(r.sides[0].origin.place(4, 2).line, 4);
}

#[test]
fn docx_text_box_paragraphs_keep_the_text_around_them() {
    let body = "<w:document><w:body><w:p><w:r><w:t>前</w:t></w:r><w:r><w:drawing><w:txbxContent>\
        <w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r>\
        <w:r><w:t>后</w:t></w:r></w:p></w:body></w:document>";
    let r = read(Path::new("t.docx"), docx(&[("word/document.xml", body)])).unwrap();
    assert_eq!(r.sides[0].text, "框内\n前后");
}

#[test]
fn docx_that_is_not_a_docx() {
    let e = read(Path::new("a.docx"), b"plain text".to_vec())
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a Word document"), "{e}");
    let zip = docx(&[("content.xml", "<a/>")]);
    let e = read(Path::new("b.docx"), zip).unwrap_err().to_string();
    assert!(e.contains("without word/document.xml"), "{e}");
}

#[test]
fn docx_bomb_is_refused() {
    // 40 MiB of one character compress to a few tens of KiB: far past 64 times that.
    let big = format!(
        "<w:document><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
        "a".repeat(40 << 20)
    );
    let bytes = docx(&[("word/document.xml", &big)]);
    assert!((bytes.len() as u64) * docx::RATIO < docx::FLOOR);
    let e = read(Path::new("bomb.docx"), bytes).unwrap_err().to_string();
    assert!(e.contains("zip bomb"), "{e}");
}

#[test]
fn languages_and_halves() {
    assert_eq!(Lang::of_tag("ZH-HANS"), Some(Lang::Zh));
    assert_eq!(Lang::of_tag("en_US"), Some(Lang::En));
    assert_eq!(Lang::of_tag("eng"), None);
    let h = half_path(Path::new("d/a.tmx"), Lang::En);
    assert_eq!(half_of(&h), Some((Path::new("d/a.tmx"), Lang::En)));
    assert_eq!(real_path(&h), Path::new("d/a.tmx"));
    assert_eq!(half_of(Path::new("d/zh")), None);
}

#[test]
fn utf16_tmx_is_read() {
    let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<tmx version=\"1.4\"><body><tu>\
                <tuv xml:lang=\"zh\"><seg>能力构建</seg></tuv><tuv xml:lang=\"en\"><seg>c</seg>\
                </tuv></tu></body></tmx>";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let r = read(Path::new("u.tmx"), bytes).unwrap();
    assert_eq!(r.side(Lang::Zh).unwrap().text, "能力构建");
}
