"""Gebiedsplanner for QGIS: a thin shell over the planner library.

This is the plugin's skeleton (issue 2): it loads, checks that geopandas and shapely 2 are
importable and says how to install them if not. The Processing provider, the programme panel
and the live checks come with the plugin issue.
"""


def classFactory(iface):  # noqa: N802 - the name QGIS looks for
    """Return the plugin object for QGIS."""
    from plugin.main import GebiedsplannerPlugin

    return GebiedsplannerPlugin(iface)
