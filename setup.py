"""Build hook for setuptools; everything else is in pyproject.toml.

pyproject maps the repository's ``layers/`` into the wheel as the package ``planner._layers``.
That folder also holds the scripts that made its data (``make_sample.py``, ``build_haarlem.py``):
the library never runs them, so the wheel takes only the data files that pyproject lists.
"""

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_ONLY = {"planner._layers"}


class BuildPy(build_py):
    """build_py that takes no modules from the data-only packages."""

    def find_package_modules(self, package, package_dir):
        """Return the package's modules; none for a data-only package."""
        return [] if package in DATA_ONLY else super().find_package_modules(package, package_dir)


setup(cmdclass={"build_py": BuildPy})
