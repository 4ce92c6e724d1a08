#!/usr/bin/env python3
# check-potfiles.py: fails when po/POTFILES.in and the source tree disagree.
# A file with translatable strings that POTFILES.in does not name would ship
# untranslated without anyone noticing; a name in POTFILES.in that no longer
# exists breaks xgettext. Files that are deliberately left out can be named in
# po/POTFILES.skip.
#   build-aux/check-potfiles.py [SOURCE_ROOT]
# SPDX-License-Identifier: GPL-3.0-or-later
import pathlib
import re
import sys

# xgettext keywords of the glib preset that mark a string for translation.
# The string itself must be a literal, which also keeps the definitions of
# the macros (`#define _(String) ...`) from counting.
C_MARKERS = re.compile(
    r'(?<![A-Za-z0-9_])(?:'
    r'(?:_|N_|Q_)\s*\(\s*"'
    r'|(?:C_|NC_)\s*\(\s*"'
    r'|(?:g_)?d?ngettext\s*\('
    r'|g_dpgettext2?\s*\('
    r')')
# G_GINT64_FORMAT and friends are opaque to xgettext: the string it extracts
# stops at the macro, so the message is never translated (use PRId64 etc.).
GLIB_FORMAT_IN_MSG = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\(\s*(?:GETTEXT_PACKAGE\s*,\s*)?'
    r'(?:"(?:[^"\\]|\\.)*"\s*)+G_G(?:U?INT(?:16|32|64)|S?SIZE)_FORMAT')
UI_MARKER = re.compile(r'translatable\s*=\s*["\']yes["\']')
C_SUFFIXES = {'.c', '.cpp', '.cc', '.h', '.hpp'}
# Always translated through i18n.merge_file or GSettings' gettext-domain.
DATA_PATTERNS = ['*.desktop.in', '*.metainfo.xml.in', '*.appdata.xml.in', '*.gschema.xml']


def strip_c_comments(text):
    """Drops comments but keeps string and character literals intact."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '/' and text.startswith('/*', i):
            end = text.find('*/', i + 2)
            stop = n if end < 0 else end + 2
            out.append(' ' + '\n' * text.count('\n', i, stop))
            i = stop
        elif c == '/' and text.startswith('//', i):
            end = text.find('\n', i)
            i = n if end < 0 else end
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def read_list(path):
    if not path.exists():
        return []
    names = []
    for line in path.read_text(encoding='utf-8').splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            names.append(line)
    return names


def translatable_files(root, warnings):
    found = set()
    for path in sorted((root / 'src').rglob('*')):
        if path.suffix in C_SUFFIXES and path.is_file():
            text = strip_c_comments(path.read_text(encoding='utf-8', errors='replace'))
            if C_MARKERS.search(text):
                found.add(path.relative_to(root).as_posix())
                for m in GLIB_FORMAT_IN_MSG.finditer(text):
                    line = text.count('\n', 0, m.start()) + 1
                    warnings.append(f'{path.relative_to(root).as_posix()}:{line}')
    for base in ('ui', 'src'):
        for path in sorted((root / base).rglob('*.ui')):
            if UI_MARKER.search(path.read_text(encoding='utf-8', errors='replace')):
                found.add(path.relative_to(root).as_posix())
    for pattern in DATA_PATTERNS:
        for path in sorted((root / 'resources').rglob(pattern)):
            found.add(path.relative_to(root).as_posix())
    return found


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                        pathlib.Path(__file__).resolve().parent.parent).resolve()
    listed = read_list(root / 'po' / 'POTFILES.in')
    skipped = set(read_list(root / 'po' / 'POTFILES.skip'))
    if not listed:
        print(f'{root / "po" / "POTFILES.in"}: missing or empty')
        return 1

    status = 0
    nonexistent = [name for name in listed if not (root / name).is_file()]
    if nonexistent:
        status = 1
        print('po/POTFILES.in names files that do not exist:')
        for name in nonexistent:
            print(f'  {name}')

    duplicates = sorted({name for name in listed if listed.count(name) > 1})
    if duplicates:
        status = 1
        print('po/POTFILES.in names files more than once:')
        for name in duplicates:
            print(f'  {name}')

    warnings = []
    missing = sorted(translatable_files(root, warnings) - set(listed) - skipped)
    if missing:
        status = 1
        print('Files with translatable strings missing from po/POTFILES.in:')
        for name in missing:
            print(f'  {name}')

    if warnings:
        print('Warning: translatable strings with a GLib format macro, which xgettext cannot')
        print('read (the message is cut at the macro and never translated; use PRId64 etc.):')
        for where in warnings:
            print(f'  {where}')

    if status == 0:
        print(f'po/POTFILES.in: {len(listed)} files, none missing')
    return status


if __name__ == '__main__':
    sys.exit(main())
