"""The version of Gebiedsplanner; metadata.txt must carry the same (a test checks it)."""

__version__ = "0.1.0"
