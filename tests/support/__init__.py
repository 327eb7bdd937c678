"""Helpers shared by the test modules: fixture projects, child processes, decoding, browsers.

Fixtures stay in the conftest.py files; everything a test imports comes from here.
"""

from pathlib import Path

#: The checkout the tests run from: its product (generator/, theme/, mkdocs.yml), never its
#: content/.
REPO = Path(__file__).resolve().parents[2]
