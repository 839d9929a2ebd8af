"""Fail when detect-secrets finds anything in the given folders (the plugin repository's
upload scan). detect-secrets skips untracked files and paths outside its working directory,
so each folder is scanned from inside, with every file named.
"""

import json
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).parent / "detect-secrets")
found, scanned = 0, 0
for arg in sys.argv[1:]:
    root = Path(arg).resolve()
    files = [
        str(p.relative_to(root))
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    ]
    if not files:
        continue
    scan = subprocess.run(
        [EXE, "scan", "--all-files", *files], cwd=root, capture_output=True, text=True, check=True
    )
    results = json.loads(scan.stdout)["results"]
    scanned += len(files)
    for name, findings in results.items():
        for finding in findings:
            found += 1
            print(f"detect-secrets: {root / name}:{finding['line_number']}: {finding['type']}")
print(f"detect-secrets: {scanned} files scanned, {found} findings")
sys.exit(1 if found else 0)
