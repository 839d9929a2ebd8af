"""Fail when detect-secrets finds anything in the given folders (the plugin repository's scan)."""

import json
import subprocess
import sys
from pathlib import Path

scan = subprocess.run(
    [str(Path(sys.executable).parent / "detect-secrets"), "scan", *sys.argv[1:]],
    capture_output=True,
    text=True,
    check=True,
)
results = json.loads(scan.stdout)["results"]
for path, findings in results.items():
    for finding in findings:
        print(f"detect-secrets: {path}:{finding['line_number']}: {finding['type']}")
sys.exit(1 if results else 0)
