import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "docs" / "_ext"))

extensions = ["myst_parser", "source_checks"]
exclude_patterns = ["_build"]
