#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fills a Qt Linguist .ts file from a table of translations (source text -> translation, or a
(singular, plural) pair for %n strings), and lists what is still unfinished.

    translate.py FILE.ts TABLE.py      (TABLE.py defines T = {...})
    translate.py FILE.ts --check       lists unfinished messages; exit 1 if there are any
"""
import runpy
import sys
import xml.etree.ElementTree as ET


def unfinished(root):
    for ctx in root.findall("context"):
        for m in ctx.findall("message"):
            t = m.find("translation")
            if t is None or t.get("type") in ("unfinished", "vanished", "obsolete"):
                yield ctx.find("name").text, m.find("source").text


def main():
    path = sys.argv[1]
    tree = ET.parse(path)
    root = tree.getroot()
    if sys.argv[2] != "--check":
        table = runpy.run_path(sys.argv[2])["T"]
        for ctx in root.findall("context"):
            for m in ctx.findall("message"):
                source = m.find("source").text
                if source not in table:
                    continue
                value = table[source]
                t = m.find("translation")
                t.attrib.pop("type", None)
                for child in list(t):
                    t.remove(child)
                t.text = None
                if m.get("numerus") == "yes":
                    forms = value if isinstance(value, tuple) else (value, value)
                    for form in forms:
                        ET.SubElement(t, "numerusform").text = form
                else:
                    t.text = value
        tree.write(path, encoding="utf-8", xml_declaration=True)
    left = list(unfinished(root))
    for ctx, source in left:
        print(f"unfinished: {ctx}: {source}")
    sys.exit(1 if left else 0)


if __name__ == "__main__":
    main()
