#!/usr/bin/env python3
"""scenarios/mamori-scenario.schema.json against the bundled scenarios and
`mamori validate`.

  schema_check.py MAMORI SOURCE_ROOT

Every bundled scenario (scenarios/*.json, scenarios/drills/*.json) must be
valid under the schema. For every bad fixture (tests/fixtures/scenarios/*):
a file `mamori validate` accepts, the schema accepts too; each structural
error validate reports (unknown key or language, wrong type, missing key,
malformed id, value out of range or not one of a list) the schema reports
too, at that path or at the object holding it. Errors validate finds by
looking across the file (duplicate ids, references, limits) are not the
schema's business.

Needs python3-jsonschema (Debian); exits 77 (meson: skipped) without it.
"""
import glob
import json
import os
import re
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema); "
          "the scenario schema is not checked")
    sys.exit(77)

STRUCTURAL = re.compile(r'unknown key|unknown language|^expected |missing required key|'
                        r'must be lower-case|is out of range|expected one of|'
                        r'missing the Japanese text')
LINE = re.compile(r'^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<path>[^:]+): (?P<msg>.*)$')


def path_list(p):
    """tracks[0].sessions[1].id -> ['tracks', 0, 'sessions', 1, 'id']"""
    out = []
    for part in p.split('.'):
        m = re.match(r'^([^\[]*)((?:\[\d+\])*)$', part)
        if m.group(1):
            out.append(m.group(1))
        out += [int(i) for i in re.findall(r'\[(\d+)\]', m.group(2))]
    return out


def schema_errors(validator, data):
    errs = []
    for e in validator.iter_errors(data):
        errs.append(list(e.absolute_path))
        # the errors inside an if/then or oneOf, where the path is deeper
        for c in e.context or []:
            errs.append(list(c.absolute_path))
    return errs


def main():
    mamori, root = sys.argv[1], sys.argv[2]
    with open(os.path.join(root, 'scenarios', 'mamori-scenario.schema.json')) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    failed = []

    bundled = sorted(glob.glob(os.path.join(root, 'scenarios', '*.json'))
                     + glob.glob(os.path.join(root, 'scenarios', 'drills', '*.json')))
    bundled = [b for b in bundled if not b.endswith('.schema.json')]
    if len(bundled) < 3:
        failed.append('found only %d bundled scenarios' % len(bundled))
    # a trainer's own scenario, written from scenarios/README.md (the trial)
    bundled += sorted(glob.glob(os.path.join(root, 'tests', 'fixtures', 'trial', '*.json')))
    for path in bundled:
        with open(path) as f:
            data = json.load(f)
        for e in v.iter_errors(data):
            failed.append('%s: the schema refuses a bundled scenario at %s: %s'
                          % (path, list(e.absolute_path), e.message))

    fixtures = sorted(glob.glob(os.path.join(root, 'tests', 'fixtures', 'scenarios', '*.json')))
    structural = 0
    for path in fixtures:
        r = subprocess.run([mamori, 'validate', '--lang', 'en', path], capture_output=True,
                           text=True, env=dict(os.environ, LC_ALL='C.UTF-8'))
        with open(path) as f:
            data = json.load(f)
        found = schema_errors(v, data)
        if r.returncode == 0:
            if found:
                failed.append('%s: validate accepts it, the schema refuses it at %s'
                              % (path, found[0]))
            continue
        for line in r.stderr.splitlines():
            m = LINE.match(line)
            if not m or not STRUCTURAL.search(m.group('msg')):
                continue
            structural += 1
            want = path_list(m.group('path'))
            # at the path itself, or (an unknown key) at the object holding it
            if not any(p == want[:len(p)] and len(p) >= len(want) - 1 for p in found):
                failed.append('%s: validate says "%s: %s", the schema does not (its errors '
                              'are at %s)' % (path, m.group('path'), m.group('msg'), found))
    if structural < 10:
        failed.append('only %d structural errors in the fixtures: the comparison proves '
                      'little' % structural)
    for f in failed:
        print('FAIL:', f)
    print('%d bundled scenarios, %d fixtures, %d structural errors compared'
          % (len(bundled), len(fixtures), structural))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
