#!/usr/bin/env python3
"""Import the official ICD-10-CM FY2026 tabular list into TSV lexicons.

Source: the CDC/CMS tabular XML (public domain) as redistributed in the PyPI
package simple-icd-10-cm 1.5.0 (data/icd10c-tabular-April-1-2026.xml), plus
its flat code list (data/code-list-April-2026.txt) used to cross-check the
billable codes.

Usage:
    Scripts/import-icd10cm.py                 # pip-downloads the package itself
    Scripts/import-icd10cm.py --xml PATH      # use a local tabular XML
        [--code-list PATH] [--out DIR]

Writes codes.tsv, terms.tsv, notes.tsv and README.md into DIR (default:
Lexicons/icd10cm next to this script's repository root). Python 3 stdlib only;
output is deterministic (sorted, LF, UTF-8).
"""

import argparse
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
import zipfile

PACKAGE = "simple-icd-10-cm==1.5.0"
XML_NAME = "icd10c-tabular-April-1-2026.xml"
CODE_LIST_NAME = "code-list-April-2026.txt"
REGEN_COMMAND = "python3 Scripts/import-icd10cm.py"
KNOWN_CODES = ["E11.22", "I13.10", "S52.501A", "T07.XXXA", "R51.9", "M54.50"]

# Restrictions the XML states only in prose, so they are data here. Category
# S06 note: "7th characters D and S do not apply to codes in category S06 with
# 6th character 7 ... or 8 ...". (category, 6th characters, allowed 7th chars)
SEVENTH_CHAR_RESTRICTIONS = [("S06", "78", "A")]

# Note kinds exported to notes.tsv: XML tag -> type column value.
NOTE_TAGS = [
    ("excludes1", "excludes1"),
    ("excludes2", "excludes2"),
    ("codeFirst", "code_first"),
    ("useAdditionalCode", "use_additional_code"),
    ("codeAlso", "code_also"),
]
NOTE_ORDER = {t: i for i, (_, t) in enumerate(NOTE_TAGS)}
TERM_ORDER = {"includes": 0, "inclusion": 1}

# One ICD-10-CM code as written in notes: letter, digit, digit/letter, optional
# dotted extension. Trailing ".-"/"-" mean "and descendants". A range is two
# codes joined by "-" or "to", tolerating the source's stray spaces and dashes
# ("S00 - S09", "F10.--F19.-", "M05.00 to M05.8A").
_CODE = r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?"
REF_RE = re.compile(
    r"(?<![A-Za-z0-9])(" + _CODE + r")"
    r"(?:\.?-?\s*(?:-|to)\s*(" + _CODE + r")\.?-?|\.?-?)"
    r"(?![A-Za-z0-9])"
)
WS_RE = re.compile(r"\s+")


def die(msg):
    print("import-icd10cm: error: " + msg, file=sys.stderr)
    sys.exit(1)


def clean(text):
    """Collapse all whitespace (tabs, newlines) so TSV fields stay one line."""
    return WS_RE.sub(" ", text or "").strip()


def refs_of(text, known, dropped):
    """Codes/ranges cited in a note, normalised and de-duplicated.

    Most citations sit in parentheses ("(E11.2-)"), but some notes cite codes
    in running text ("code from category E10 to ..."), so the whole text is
    scanned; candidates whose codes are not in the tabular list (e.g. "vitamin
    B12") are dropped and recorded in `dropped`.
    """
    out = []
    for first, last in REF_RE.findall(text):
        first, last = first.upper(), last.upper()
        # A range is an interval, so its ends need only lie in real categories
        # ("R10.1-R10.4-" is cited though R10.4 does not exist).
        if (last and (first[:3] not in known or last[:3] not in known)) or \
                (not last and first not in known):
            dropped.append((first + ("-" + last if last else ""), text))
            continue
        ref = first + ("-" + last if last else "")
        if ref not in out:
            out.append(ref)
    return ",".join(out)


def fetch_package(tmp):
    """pip-download the pinned package and extract the XML and code list."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
           "--disable-pip-version-check", "-d", tmp, PACKAGE]
    print("running: " + " ".join(cmd), file=sys.stderr)
    if subprocess.run(cmd, stdout=sys.stderr).returncode != 0:
        die("pip download of %s failed" % PACKAGE)
    files = sorted(os.listdir(tmp))
    wheels = [f for f in files if f.endswith(".whl")]
    sdists = [f for f in files if f.endswith(".tar.gz")]
    wanted = {XML_NAME: None, CODE_LIST_NAME: None}
    if wheels:
        with zipfile.ZipFile(os.path.join(tmp, wheels[0])) as zf:
            for name in zf.namelist():
                base = name.rsplit("/", 1)[-1]
                if base in wanted:
                    wanted[base] = zf.extract(name, tmp)
    elif sdists:
        with tarfile.open(os.path.join(tmp, sdists[0])) as tf:
            for member in tf.getmembers():
                base = member.name.rsplit("/", 1)[-1]
                if base in wanted and member.isfile():
                    path = os.path.join(tmp, base)
                    with open(path, "wb") as fh:
                        fh.write(tf.extractfile(member).read())
                    wanted[base] = path
    else:
        die("pip download produced no wheel or sdist: %s" % files)
    for base, path in wanted.items():
        if path is None:
            die("%s not found in the downloaded package" % base)
    return wanted[XML_NAME], wanted[CODE_LIST_NAME]


class Importer:
    def __init__(self):
        self.nodes = {}  # code -> (kind, billable, parent, title)
        self.order = []
        self.terms = []  # (code, type, text)
        self.notes = []  # (code, type, text, refs)

    def add_node(self, code, kind, parent, title, billable=0):
        if code in self.nodes:
            die("duplicate code %r in the XML" % code)
        if "\t" in title or "\n" in title:
            die("unclean title for %s" % code)
        self.nodes[code] = [kind, billable, parent, title]

    def collect_notes(self, elem, code):
        for tag, typ in NOTE_TAGS:
            for block in elem.findall(tag):
                for note in block.findall("note"):
                    text = clean(note.text)
                    if text:
                        self.notes.append([code, typ, text])
        for typ, tag in (("includes", "includes"), ("inclusion", "inclusionTerm")):
            for block in elem.findall(tag):
                for note in block.findall("note"):
                    text = clean(note.text)
                    if text:
                        self.terms.append((code, typ, text))

    def run(self, root):
        chapters = root.findall("chapter")
        if len(chapters) != 22:
            die("expected 22 chapters, found %d" % len(chapters))
        for chapter in chapters:
            number = int(clean(chapter.findtext("name")))
            ch = "ch%02d" % number
            self.add_node(ch, "chapter", "", clean(chapter.findtext("desc")))
            self.collect_notes(chapter, ch)
            for section in chapter.findall("section"):
                block = section.get("id")
                # Single-category blocks (id "T07") would clash with their
                # category's code; write them as a one-element range instead.
                if "-" not in block:
                    block = block + "-" + block
                self.add_node(block, "block", ch, clean(section.findtext("desc")))
                self.collect_notes(section, block)
                for diag in section.findall("diag"):
                    self.diag(diag, block, "category", None)
        # Refs are resolved after all codes are known so they can be validated.
        known = {c for c, n in self.nodes.items() if n[0] in ("category", "code", "extension")}
        self.dropped_refs = []
        for note in self.notes:
            note.append(refs_of(note[2], known, self.dropped_refs))

    def diag(self, elem, parent, kind, seventh):
        code = clean(elem.findtext("name"))
        title = clean(elem.findtext("desc"))
        self.add_node(code, kind, parent, title)
        self.collect_notes(elem, code)
        scd = elem.find("sevenChrDef")
        if scd is not None:
            seventh = [(e.get("char"), clean(e.text)) for e in scd.findall("extension")]
            if not seventh:
                die("empty sevenChrDef at %s" % code)
        children = elem.findall("diag")
        for child in children:
            self.diag(child, code, "code", seventh)
        if children:
            return
        if seventh is None:
            self.nodes[code][1] = 1
            return
        stem = code.replace(".", "").ljust(6, "X")
        if len(stem) != 6:
            die("cannot add a 7th character to %s" % code)
        allowed = None
        for category, sixths, chars in SEVENTH_CHAR_RESTRICTIONS:
            if stem.startswith(category) and stem[5] in sixths:
                allowed = chars
        for char, meaning in seventh:
            if allowed is not None and char not in allowed:
                continue
            full = stem[:3] + "." + stem[3:] + char
            self.add_node(full, "extension", code, title + ", " + meaning, billable=1)


def code_list_leaves(path):
    """Leaf codes (no longer code extends them) of the flat CDC code list."""
    with open(path, encoding="utf-8") as fh:
        lines = [l.strip() for l in fh]
    codes = sorted({l for l in lines if l and not l.isdigit() and "-" not in l})
    return {c for i, c in enumerate(codes)
            if not (i + 1 < len(codes) and codes[i + 1].startswith(c))}, set(codes)


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("#" + "\t".join(header) + "\n")
        for row in rows:
            fields = [str(f) for f in row]
            for f in fields:
                if "\t" in f or "\n" in f or "\r" in f:
                    die("field with tab/newline in %s: %r" % (path, f))
            fh.write("\t".join(fields) + "\n")


def human(n):
    return "{:,}".format(n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--xml", help="path to %s (default: pip download %s)" % (XML_NAME, PACKAGE))
    ap.add_argument("--code-list", help="path to %s (default: next to the XML)" % CODE_LIST_NAME)
    ap.add_argument("--out", help="output directory (default: <repo>/Lexicons/icd10cm)")
    args = ap.parse_args()

    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = args.out or os.path.join(repo, "Lexicons", "icd10cm")

    with tempfile.TemporaryDirectory(prefix="icd10cm-") as tmp:
        if args.xml:
            xml_path = args.xml
            code_list = args.code_list or os.path.join(os.path.dirname(os.path.abspath(xml_path)), CODE_LIST_NAME)
        else:
            xml_path, code_list = fetch_package(tmp)
            code_list = args.code_list or code_list
        if not os.path.isfile(xml_path):
            die("XML not found: %s" % xml_path)
        if not os.path.isfile(code_list):
            die("code list not found: %s (pass --code-list)" % code_list)
        try:
            root = ET.parse(xml_path).getroot()
        except ET.ParseError as exc:
            die("cannot parse %s: %s" % (xml_path, exc))
        if root.tag != "ICD10CM.tabular":
            die("%s is not an ICD-10-CM tabular XML (root <%s>)" % (xml_path, root.tag))
        version = clean(root.findtext("version"))
        imp = Importer()
        imp.run(root)
        leaves, listed = code_list_leaves(code_list)

    billable = {c for c, n in imp.nodes.items() if n[1] == 1}
    print("billable codes: importer %d, code list %d" % (len(billable), len(leaves)))
    if len(billable) != len(leaves):
        die("billable count mismatch: importer %d vs code list %d" % (len(billable), len(leaves)))
    flat = {c.replace(".", "") for c in billable}
    if flat != leaves:
        die("billable sets differ: %d only in XML, %d only in code list"
            % (len(flat - leaves), len(leaves - flat)))
    diag_codes = {c.replace(".", "") for c, n in imp.nodes.items() if n[0] in ("category", "code", "extension")}
    if diag_codes != listed:
        die("code sets differ: %d only in XML, %d only in code list"
            % (len(diag_codes - listed), len(listed - diag_codes)))
    for code in KNOWN_CODES:
        if code not in billable:
            die("known billable code %s missing" % code)
    for code, node in imp.nodes.items():
        if node[2] and node[2] not in imp.nodes:
            die("parent %s of %s missing" % (node[2], code))

    os.makedirs(out, exist_ok=True)
    code_rows = sorted((c, n[0], n[1], n[2], n[3]) for c, n in imp.nodes.items())
    # Python's sort is stable: notes keep source order within (code, type).
    term_rows = sorted(imp.terms, key=lambda r: (r[0], TERM_ORDER[r[1]]))
    note_rows = sorted(imp.notes, key=lambda r: (r[0], NOTE_ORDER[r[1]]))
    write_tsv(os.path.join(out, "codes.tsv"), ["code", "kind", "billable", "parent", "title"], code_rows)
    write_tsv(os.path.join(out, "terms.tsv"), ["code", "type", "text"], term_rows)
    write_tsv(os.path.join(out, "notes.tsv"), ["code", "type", "text", "refs"], note_rows)

    kinds = {}
    for row in code_rows:
        kinds[row[1]] = kinds.get(row[1], 0) + 1
    term_counts = {t: sum(1 for r in term_rows if r[1] == t) for t in TERM_ORDER}
    note_counts = {t: sum(1 for r in note_rows if r[1] == t) for t in NOTE_ORDER}
    with_refs = sum(1 for r in note_rows if r[3])
    write_readme(os.path.join(out, "README.md"), version, len(code_rows), kinds, len(billable),
                 term_counts, note_counts, with_refs)

    print("ref candidates dropped (not ICD-10-CM codes): %d %s"
          % (len(imp.dropped_refs), sorted({r for r, _ in imp.dropped_refs})))
    print("nodes: %d (%s)" % (len(code_rows), ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))
    print("terms: %s" % ", ".join("%s %d" % kv for kv in term_counts.items()))
    print("notes: %s (with refs %d)" % (", ".join("%s %d" % kv for kv in note_counts.items()), with_refs))
    for name in ("codes.tsv", "terms.tsv", "notes.tsv", "README.md"):
        size = os.path.getsize(os.path.join(out, name))
        print("%s: %d bytes" % (name, size))
        if size >= 20 * 1024 * 1024:
            die("%s is over 20 MB" % name)


def write_readme(path, version, nodes, kinds, billable, term_counts, note_counts, with_refs):
    k = lambda name: human(kinds.get(name, 0))
    lines = [
        "# ICD-10-CM FY%s tabular list (generated)" % version,
        "",
        "Generated by `Scripts/import-icd10cm.py`; do not edit by hand.",
        "",
        "## Source and licence",
        "",
        "- ICD-10-CM FY2026 tabular list, April 1, 2026 release (`%s`), published by" % XML_NAME,
        "  the CDC National Center for Health Statistics and CMS. ICD-10-CM is a US-government",
        "  work in the **public domain**; no licence restrictions apply.",
        "- Obtained from the PyPI package `%s` (file `data/%s`)," % (PACKAGE, XML_NAME),
        "  which redistributes the official CDC XML unchanged. Billable codes are",
        "  cross-checked against the package's `data/%s`." % CODE_LIST_NAME,
        "",
        "## Regenerate",
        "",
        "From the repository root (needs Python 3 and pip; stdlib only otherwise):",
        "",
        "```sh",
        REGEN_COMMAND,
        "# or, offline, with a local copy of the XML (code list read from the same folder):",
        REGEN_COMMAND + " --xml /path/to/%s" % XML_NAME,
        "```",
        "",
        "The script fails (non-zero exit) if its billable codes differ from the code list",
        "or if any of %s is missing." % ", ".join(KNOWN_CODES),
        "Output is deterministic: rows sorted by code (byte order), UTF-8, LF line endings.",
        "All text fields have whitespace collapsed to single spaces (no tabs/newlines).",
        "Each file's first line is a `#`-prefixed header naming the columns.",
        "",
        "## codes.tsv — %s rows" % human(nodes),
        "",
        "Columns: `code  kind  billable  parent  title`",
        "",
        "- `code`: chapters `ch01`..`ch22`; blocks by range id as in the XML (`A00-A09`;",
        "  single-category blocks such as `T07` are written `T07-T07` so codes stay unique);",
        "  categories and codes with the dot (`E11`, `E11.22`, `S52.501A`, `T07.XXXA`).",
        "- `kind`: `chapter` (%s), `block` (%s), `category` (%s), `code` (%s), `extension` (%s):"
        % (k("chapter"), k("block"), k("category"), k("code"), k("extension")),
        "  an extension is a code made by a 7th character (`S52.502A`, `O36.5110`); a code may",
        "  have seven characters of its own (`E11.3211`, `Z86.0100`) and is then a `code`.",
        "- `billable`: `1` for leaf categories/codes after 7th-character expansion (%s rows)," % human(billable),
        "  else `0`. Chapters and blocks are always `0`; codes that require a 7th character",
        "  are `0`, their expansions are `1`.",
        "- `parent`: chapter for blocks, block for categories, enclosing category/subcategory",
        "  for codes, the leaf code for 7th-character expansions; empty for chapters.",
        "- `title`: the XML description. 7th-character expansions (X placeholders pad to six",
        "  characters, e.g. `T07` + `A` -> `T07.XXXA`) are titled `<leaf title>, <7th character",
        "  meaning>`, the meaning inherited from the nearest ancestor's `sevenChrDef`.",
        "  The S06 prose rule is applied: 6th character 7 or 8 takes only 7th character `A`.",
        "",
        "## terms.tsv — %s rows" % human(sum(term_counts.values())),
        "",
        "Columns: `code  type  text` (titles are not repeated here; they are in codes.tsv)",
        "",
        "- `includes` (%s): \"Includes:\" notes of chapters, blocks and codes." % human(term_counts["includes"]),
        "- `inclusion` (%s): inclusion terms (synonyms / examples) listed under a code or block." % human(term_counts["inclusion"]),
        "",
        "## notes.tsv — %s rows" % human(sum(note_counts.values())),
        "",
        "Columns: `code  type  text  refs`",
        "",
    ]
    for typ, count in note_counts.items():
        lines.append("- `%s`: %s" % (typ, human(count)))
    lines += [
        "",
        "`refs` lists, comma-separated in order of appearance, the ICD-10-CM codes and ranges",
        "cited in `text` — mostly in parentheses (`(E11.2-)`, `(N18.1-N18.9)`, `(I10-I16)`),",
        "sometimes in running text (`code from category E10 ...`). They are normalised to",
        "uppercase with the dot, trailing `-`/`.-` removed, ranges written `A-B` (also for",
        "`X to Y`). A single-code ref always exists in codes.tsv; a range's two ends lie in",
        "existing categories (an end itself may not exist: `R10.1-R10.4` is cited as written).",
        "Look-alikes (\"vitamin B12\") and non-existent single codes are dropped.",
        "Empty if none (%s notes have refs). Qualifiers such as" % human(with_refs),
        "\"with fifth or sixth character 1-4\" are not represented.",
        "",
        "Not exported: general `notes`, `sevenChrNote` texts, the H54 visual-impairment",
        "table and the introduction.",
        "",
    ]
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines))


if __name__ == "__main__":
    main()
