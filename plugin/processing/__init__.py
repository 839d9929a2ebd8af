"""Gebiedsplanner's Processing provider and its algorithms."""
